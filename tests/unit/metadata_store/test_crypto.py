"""SecretBox: encryption at rest and keyed hashes, with clear errors and no leaked material."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr
from tdm_core.errors import ConfigurationError
from tdm_metadata_store import crypto
from tdm_metadata_store.crypto import SecretBox, SecretDecryptionError

SECRET = "postgresql://app:Very-S3cret@db.internal:5432/shop"


def test_round_trip_and_ciphertext_hides_the_plaintext() -> None:
    box = SecretBox("operator-secret-1")
    token = box.encrypt(SECRET)
    assert box.decrypt(token) == SECRET
    assert "Very-S3cret" not in token and "db.internal" not in token
    # A fresh IV per call: the same input never gives the same ciphertext (no equality leak).
    assert box.encrypt(SECRET) != token
    # Any string works as key, including a SecretStr from the settings.
    assert SecretBox(SecretStr("operator-secret-1")).decrypt(token) == SECRET


def test_non_ascii_values_round_trip() -> None:
    box = SecretBox("k")
    assert box.decrypt(box.encrypt("Zoë Ünïcødé ✓")) == "Zoë Ünïcødé ✓"


def test_wrong_key_gives_a_clear_error_without_ciphertext_or_plaintext() -> None:
    token = SecretBox("key-one").encrypt(SECRET)
    with pytest.raises(SecretDecryptionError) as caught:
        SecretBox("key-two").decrypt(token)
    message = str(caught.value)
    assert "TDM_ENCRYPTION_KEY" in message
    assert token not in message and token[:20] not in message
    assert "Very-S3cret" not in message
    # Nothing chained that could carry the token bytes into a traceback.
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert isinstance(caught.value, ConfigurationError)


def test_tampered_or_garbage_ciphertext_is_rejected_cleanly() -> None:
    box = SecretBox("k")
    token = box.encrypt("value")
    tampered = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    for bad in (tampered, "not-a-token", "", "ünïcode"):
        with pytest.raises(SecretDecryptionError):
            box.decrypt(bad)


def test_keyed_hash_is_deterministic_keyed_and_separate_from_encryption() -> None:
    one, two = SecretBox("key-one"), SecretBox("key-two")
    assert one.keyed_hash("4111111111111111") == one.keyed_hash("4111111111111111")
    assert one.keyed_hash("4111111111111111") != one.keyed_hash("4111111111111112")
    assert one.keyed_hash("4111111111111111") != two.keyed_hash("4111111111111111")
    digest = one.keyed_hash("x")
    assert len(digest) == 64 and int(digest, 16) >= 0


def test_empty_key_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="TDM_ENCRYPTION_KEY"):
        SecretBox("   ")


def test_missing_key_names_the_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TDM_ENCRYPTION_KEY", raising=False)
    monkeypatch.setenv("TDM_HOME", str(tmp_path))  # no stack.env there
    monkeypatch.chdir(tmp_path)  # and no .env
    with pytest.raises(ConfigurationError, match="TDM_ENCRYPTION_KEY is not set"):
        SecretBox.from_settings()
    with pytest.raises(ConfigurationError, match="TDM_ENCRYPTION_KEY"):
        crypto.encrypt("x")


def test_module_helpers_use_the_configured_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDM_ENCRYPTION_KEY", "configured-key")
    token = crypto.encrypt(SECRET)
    assert SecretBox("configured-key").decrypt(token) == SECRET
    assert crypto.decrypt(token) == SECRET
    assert crypto.keyed_hash("v") == SecretBox("configured-key").keyed_hash("v")
    monkeypatch.setenv("TDM_ENCRYPTION_KEY", "rotated-key")
    with pytest.raises(SecretDecryptionError):
        crypto.decrypt(token)


def test_repr_hides_key_material() -> None:
    assert "super-secret" not in repr(SecretBox("super-secret"))
