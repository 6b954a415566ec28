"""Masking keys: where they come from, their public id, and the subkeys each transformer uses.

A key never lives with the data: it comes from the environment (or the env files `tdm up` writes) --
`TDM_MASKING_KEY` by default, or one of `TDM_MASKING_KEYS` (a JSON object name -> secret, e.g. one key
per environment) chosen by the request's `key_name`. Without either, the installation's
`TDM_ENCRYPTION_KEY` is used through a separate derivation (so a laptop stack masks out of the box, and
its masking key is still not the key that encrypts its secrets).

Same key + same input = same output in every table, run and environment; another key gives other
output. The dataset records the key's id (a hash of it, not the key) so anyone can tell which key masked
it. Each transformer gets its own subkey (HMAC of the master key and its purpose): knowing a hash
transformer's output tells nothing about the FF1 key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass

from pydantic import Field, SecretStr, field_validator
from tdm_core.errors import ConfigurationError, InvalidInputError
from tdm_core.settings import TDMSettings

DEFAULT_KEY_NAME = "default"


class MaskingSettings(TDMSettings):
    tdm_masking_key: SecretStr | None = None
    tdm_masking_keys: dict[str, SecretStr] = Field(default_factory=dict)
    tdm_encryption_key: SecretStr | None = None

    @field_validator("tdm_masking_keys", mode="before")
    @classmethod
    def _json(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return json.loads(value) if value.strip() else {}
            except json.JSONDecodeError:
                raise ValueError('TDM_MASKING_KEYS must be a JSON object: {"name": "secret"}') from None
        return value


@dataclass(frozen=True)
class MaskingKey:
    name: str
    master: bytes

    def __repr__(self) -> str:  # never show key material
        return f"MaskingKey(name={self.name!r}, id={self.key_id})"

    @property
    def key_id(self) -> str:
        return hmac.new(self.master, b"tdm key id", hashlib.sha256).hexdigest()[:16]

    def subkey(self, purpose: str, size: int = 32) -> bytes:
        return hmac.new(self.master, b"tdm subkey\x00" + purpose.encode(), hashlib.sha256).digest()[:size]


def _master(secret: str, label: bytes) -> bytes:
    if len(secret.strip()) < 16:
        raise ConfigurationError("a masking key must be at least 16 characters (use a long random string)")
    return hmac.new(label, secret.encode("utf-8"), hashlib.sha256).digest()


def load_key(name: str | None = None, settings: MaskingSettings | None = None) -> MaskingKey:
    """The key named `name` (None: the default one); InvalidInputError for an unknown name."""
    settings = settings or MaskingSettings.load()
    if name and name != DEFAULT_KEY_NAME:
        secret = settings.tdm_masking_keys.get(name)
        if secret is None:
            known = ", ".join(sorted(settings.tdm_masking_keys)) or "none configured"
            raise InvalidInputError(
                f"key_name: no masking key named {name!r} (TDM_MASKING_KEYS has: {known})"
            )
        return MaskingKey(name, _master(secret.get_secret_value(), b"tdm masking key"))
    if settings.tdm_masking_key is not None:
        return MaskingKey(
            DEFAULT_KEY_NAME, _master(settings.tdm_masking_key.get_secret_value(), b"tdm masking key")
        )
    if settings.tdm_encryption_key is not None:
        # A different label: this derived key is not the key that encrypts the installation's secrets.
        return MaskingKey(
            DEFAULT_KEY_NAME,
            _master(settings.tdm_encryption_key.get_secret_value(), b"tdm masking from encryption key"),
        )
    raise ConfigurationError(
        "no masking key: set TDM_MASKING_KEY (or TDM_ENCRYPTION_KEY, which `tdm up` generates)"
    )
