"""API keys: only a SHA-256 of each key is stored; the clear key is shown once, at creation."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session
from tdm_core.errors import InvalidInputError

from tdm_metadata_store.models import ApiKey

ROLES = ("admin", "operator", "viewer")
KEY_PREFIX = "tdm_"


def hash_key(key: str) -> str:
    # Keys are 256-bit random tokens, so a plain SHA-256 is enough (no slow KDF needed).
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKeyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def create(self, *, name: str, role: str, created_by: str | None = None) -> tuple[ApiKey, str]:
        """Return the stored row and the clear key (never retrievable again)."""
        if role not in ROLES:
            raise InvalidInputError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        clear = KEY_PREFIX + secrets.token_urlsafe(32)
        row = ApiKey(
            id=uuid.uuid4(),
            name=name,
            role=role,
            key_prefix=clear[:10],
            key_hash=hash_key(clear),
            created_by=created_by,
        )
        self.session.add(row)
        self.session.flush()
        return row, clear

    def authenticate(self, clear_key: str, *, touch: bool = True) -> ApiKey | None:
        """The active key matching `clear_key`; `touch` sets its last-used time (a row update)."""
        row = self.session.execute(
            select(ApiKey).where(ApiKey.key_hash == hash_key(clear_key), ApiKey.revoked_at.is_(None))
        ).scalar_one_or_none()
        if row is not None and touch:
            row.last_used_at = datetime.now(UTC)
        return row

    def touch(self, key_id: uuid.UUID, *, unless_since: datetime) -> None:
        """Record a use of the key, unless one was recorded since `unless_since` (spares a row lock
        per request when one key serves many concurrent callers)."""
        self.session.execute(
            update(ApiKey)
            .where(
                ApiKey.id == key_id,
                or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at < unless_since),
            )
            .values(last_used_at=datetime.now(UTC))
        )

    def list(self) -> Sequence[ApiKey]:
        return self.session.execute(select(ApiKey).order_by(ApiKey.created_at)).scalars().all()

    def revoke(self, key_id: uuid.UUID) -> bool:
        result = self.session.execute(
            update(ApiKey)
            .where(ApiKey.id == key_id, ApiKey.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
