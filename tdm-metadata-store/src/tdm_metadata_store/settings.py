"""Metadata-store settings (spec section 20 names)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from tdm_core.settings import TDMSettings


class MetadataStoreSettings(TDMSettings):
    database_url: str = Field(
        default="postgresql://postgres@127.0.0.1:5432/tdm_metadata",
        description="PostgreSQL URL of the metadata store (postgresql://user:pass@host:port/db).",
    )
    # Key that encrypts connection strings and vault tokens at rest. Any string: a Fernet key is
    # derived from it with HKDF. `tdm up` generates one into $TDM_HOME/stack.env.
    tdm_encryption_key: SecretStr | None = None
    db_pool_size: int = 5


def sqlalchemy_url(url: str) -> str:
    """Accept the spec's plain `postgresql://` URLs and pick the psycopg 3 driver for SQLAlchemy."""
    for prefix in ("postgresql+psycopg2://", "postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def libpq_url(url: str) -> str:
    """The inverse: a URL psycopg / libpq accept directly (no SQLAlchemy driver suffix)."""
    if url.startswith("postgresql+"):
        return "postgresql://" + url.split("://", 1)[1]
    return url
