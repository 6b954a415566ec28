"""Encryption at rest for connection strings, environment credentials and token-vault values.

One operator secret, `TDM_ENCRYPTION_KEY` (any string), is stretched with HKDF-SHA256 into two
independent keys: a Fernet key (AES-128-CBC + HMAC-SHA256, authenticated) for reversible encryption and
an HMAC key for deterministic lookups (the token vault finds "the token of this value" without storing
the value in clear). Separate `info` labels mean a leak of one derived key does not expose the other.

The secret should be high-entropy (`tdm up` generates 32 random bytes): HKDF is not a password hash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import SecretStr
from tdm_core.errors import ConfigurationError

from tdm_metadata_store.settings import MetadataStoreSettings

KEY_VARIABLE = "TDM_ENCRYPTION_KEY"
# Fixed, public salt: it only separates our derivations from any other use of the same secret.
_HKDF_SALT = b"tdm-platform/metadata-store"
_FERNET_INFO = b"tdm/fernet/v1"
_HMAC_INFO = b"tdm/keyed-hash/v1"


class SecretDecryptionError(ConfigurationError):
    """A stored secret cannot be decrypted: the key changed or the value was altered."""


def _derive(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=info).derive(secret)


class SecretBox:
    """Encrypts and decrypts strings; also computes keyed hashes for deterministic lookups."""

    def __init__(self, key: str | SecretStr) -> None:
        raw = key.get_secret_value() if isinstance(key, SecretStr) else key
        if not raw or not raw.strip():
            raise ConfigurationError(
                f"{KEY_VARIABLE} is empty: set it to a long random string "
                "(it encrypts connection strings and vault tokens at rest)"
            )
        secret = raw.encode("utf-8")
        self._fernet = Fernet(base64.urlsafe_b64encode(_derive(secret, _FERNET_INFO)))
        self._hmac_key = _derive(secret, _HMAC_INFO)

    def __repr__(self) -> str:  # never show key material, even in a debugger or a traceback
        return "SecretBox(<key hidden>)"

    @classmethod
    def from_settings(cls, settings: MetadataStoreSettings | None = None) -> SecretBox:
        settings = settings or MetadataStoreSettings.load()
        if settings.tdm_encryption_key is None:
            raise ConfigurationError(
                f"{KEY_VARIABLE} is not set: the metadata store needs it to encrypt connection strings "
                f"and vault tokens. Set {KEY_VARIABLE} in the environment or in $TDM_HOME/stack.env "
                "(`tdm up` generates one)."
            )
        return _box_for(settings.tdm_encryption_key.get_secret_value())

    def encrypt(self, plaintext: str) -> str:
        """Ciphertext as URL-safe ASCII; a fresh IV each call, so equal inputs encrypt differently."""
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, ciphertext: str) -> str:
        try:
            return self._fernet.decrypt(ciphertext.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError, ValueError):
            # `from None`: the original exception may carry the token bytes.
            raise SecretDecryptionError(
                f"a stored secret could not be decrypted: {KEY_VARIABLE} is not the key it was "
                "encrypted with, or the stored value was altered"
            ) from None

    def keyed_hash(self, value: str) -> str:
        """HMAC-SHA256 hex digest: equal values give equal hashes, unguessable without the key."""
        return hmac.new(self._hmac_key, value.encode("utf-8"), hashlib.sha256).hexdigest()


@lru_cache(maxsize=4)
def _box_for(key: str) -> SecretBox:
    # HKDF is cheap, but repositories ask for a box on every call; one per key value is enough.
    return SecretBox(key)


def default_box() -> SecretBox:
    """The box for the configured `TDM_ENCRYPTION_KEY` (read from the environment each call)."""
    return SecretBox.from_settings()


def encrypt(plaintext: str) -> str:
    return default_box().encrypt(plaintext)


def decrypt(ciphertext: str) -> str:
    return default_box().decrypt(ciphertext)


def keyed_hash(value: str) -> str:
    return default_box().keyed_hash(value)
