"""Secrets of the embedded stack, generated once and kept in $TDM_HOME/secrets.env (mode 0600).

They must outlive `tdm down`: the PostgreSQL password is baked into the data folder at initdb, and the
encryption key protects connection strings already stored in the metadata database.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tdm_core.settings import read_env_file

_KEYS = {
    "TDM_ENCRYPTION_KEY": lambda: secrets.token_urlsafe(48),
    "TDM_PG_PASSWORD": lambda: secrets.token_hex(24),
    "TDM_REDIS_PASSWORD": lambda: secrets.token_hex(24),
    "TDM_S3_ACCESS_KEY": lambda: "tdm" + secrets.token_hex(8),
    "TDM_S3_SECRET_KEY": lambda: secrets.token_hex(24),
}


@dataclass(frozen=True)
class StackSecrets:
    encryption_key: str
    pg_password: str
    redis_password: str
    s3_access_key: str
    s3_secret_key: str


def load_or_create(path: Path) -> StackSecrets:
    """Read the secrets file, adding (and saving) any value that is missing."""
    values = read_env_file(path)
    missing = [key for key in _KEYS if not values.get(key)]
    for key in missing:
        values[key] = _KEYS[key]()
    if missing or not path.exists():
        write_private(path, values, header="Generated once by `tdm up`. Keep private; do not edit.")
    return StackSecrets(
        encryption_key=values["TDM_ENCRYPTION_KEY"],
        pg_password=values["TDM_PG_PASSWORD"],
        redis_password=values["TDM_REDIS_PASSWORD"],
        s3_access_key=values["TDM_S3_ACCESS_KEY"],
        s3_secret_key=values["TDM_S3_SECRET_KEY"],
    )


def load(path: Path) -> StackSecrets | None:
    """The secrets if `tdm up` ever created them (status and down never create any)."""
    values = read_env_file(path)
    if any(not values.get(key) for key in _KEYS):
        return None
    return load_or_create(path)


def write_private(path: Path, values: Mapping[str, str], *, header: str) -> None:
    """Write KEY=VALUE lines readable by the owner only, replacing the file atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(f"# {header}\n")
            for key, value in values.items():
                handle.write(f"{key}={value}\n")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
