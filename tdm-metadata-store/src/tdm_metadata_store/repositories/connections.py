"""Source-database connections. The connection string is stored only as ciphertext.

Rows carry a `display_url` (the URL with its password and secret query parameters replaced) for lists
and logs; `reveal_connection_string` is the one way back to clear text, for the code that connects.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, func, or_, select, true
from tdm_core.errors import ConflictError, InvalidInputError
from tdm_core.redaction import redact_text, redact_url

from tdm_metadata_store.crypto import SecretBox
from tdm_metadata_store.models import Connection
from tdm_metadata_store.repositories._named_secrets import NamedSecretRepository

# URL scheme (before any "+driver") -> connection type.
SCHEME_TYPES = {
    "postgresql": "postgres",
    "postgres": "postgres",
    "mysql": "mysql",
    "mariadb": "mariadb",
    "sqlite": "sqlite",
}
CONNECTION_TYPES = frozenset(SCHEME_TYPES.values())
# Connections registered on the fly for connection strings sent inline (not saved by a user).
INLINE_CONNECTION_PREFIX = "inline-"
_LIBPQ_KEYWORDS = re.compile(r"(?:^|\s)(?:host|hostaddr|dbname|service)\s*=")
_NAME_MAX = 255
_DISPLAY_MAX = 500


def is_inline(row: Connection) -> bool:
    """A connection made for a connection string sent inline with a job (not one a person saved)."""
    return row.name.startswith(INLINE_CONNECTION_PREFIX)


def infer_connection_type(connection_string: str) -> str:
    """Type from the URL scheme (`postgresql+psycopg://` -> postgres); a clear error otherwise."""
    scheme = connection_string.split("://", 1)[0].lower() if "://" in connection_string else ""
    base = scheme.split("+", 1)[0]
    if base in SCHEME_TYPES:
        return SCHEME_TYPES[base]
    if not scheme and _LIBPQ_KEYWORDS.search(connection_string):
        return "postgres"  # libpq keyword/value form: "host=db1 dbname=shop user=app"
    # Never echo the string itself: it may hold a password.
    shown = f"scheme {base!r}" if base else "no URL scheme"
    raise InvalidInputError(
        f"cannot tell the database type of the connection string ({shown}); use a URL such as "
        "postgresql://user:password@host:5432/db, mysql://..., mariadb://... or sqlite:///path"
    )


def display_url(connection_string: str) -> str:
    """Credential-free rendering, safe for lists, logs and API responses."""
    shown = redact_text(redact_url(connection_string))
    try:
        parts = urlsplit(shown)
        if parts.query:
            # Query strings carry sslkey paths, tokens, passwords under odd names: keep only the keys.
            keys = "&".join(f"{pair.split('=', 1)[0]}=***" for pair in parts.query.split("&") if pair)
            shown = parts._replace(query=keys).geturl()
    except ValueError:
        pass
    return shown[:_DISPLAY_MAX]


def validate_name(name: str, *, what: str, max_length: int = _NAME_MAX) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise InvalidInputError(f"{what} name must not be empty")
    if len(cleaned) > max_length:
        raise InvalidInputError(f"{what} name is longer than {max_length} characters")
    return cleaned


class ConnectionRepository(NamedSecretRepository[Connection]):
    model = Connection
    noun = "connection"

    def create(
        self,
        *,
        name: str,
        connection_string: str,
        type: str | None = None,
        created_by: str | None = None,
    ) -> Connection:
        name = validate_name(name, what="connection")
        conn_type = self._checked_type(connection_string, type)
        self._ensure_name_free(name)
        row = Connection(
            id=uuid.uuid4(),
            name=name,
            connection_string_encrypted=self.box.encrypt(connection_string),
            type=conn_type,
            display_url=display_url(connection_string),
            created_by=created_by,
        )
        self._flush_unique(row, name)
        return row

    def _checked_type(self, connection_string: str, given: str | None) -> str:
        if not connection_string or not connection_string.strip():
            raise InvalidInputError("connection string must not be empty")
        inferred = infer_connection_type(connection_string)
        if given is not None and given != inferred:
            raise InvalidInputError(
                f"connection type {given!r} does not match the connection string's scheme ({inferred})"
            )
        return inferred

    def update(
        self,
        connection_id: uuid.UUID,
        *,
        name: str | None = None,
        connection_string: str | None = None,
        type: str | None = None,
    ) -> Connection:
        row = self.require(connection_id)
        values: dict[str, Any] = {}
        if name is not None and name.strip() != row.name:
            values["name"] = validate_name(name, what="connection")
            self._ensure_name_free(values["name"], for_id=row.id)
        if connection_string is not None:
            values["type"] = self._checked_type(connection_string, type)
            values["connection_string_encrypted"] = self.box.encrypt(connection_string)
            values["display_url"] = display_url(connection_string)
        elif type is not None and type != row.type:
            raise InvalidInputError(
                f"connection type {type!r} does not match the stored connection string ({row.type})"
            )
        for key, value in values.items():
            setattr(row, key, value)
        if values:
            self._flush_unique(row, row.name)
        return row

    def ensure_inline(self, connection_string: str, *, created_by: str | None = None) -> Connection:
        """The connection row of a connection string sent inline with a job, created on first use.

        Its name is a keyed hash of the string: the same string maps to the same row (a retried request
        is the same request) and the name reveals nothing without TDM_ENCRYPTION_KEY. Inline rows are
        not listed with the connections people saved (`list(saved_only=True)`)."""
        name = INLINE_CONNECTION_PREFIX + SecretBox.from_settings().keyed_hash(connection_string)[:32]
        existing = self.get_by_name(name)
        if existing is not None:
            return existing
        try:
            return self.create(name=name, connection_string=connection_string, created_by=created_by)
        except ConflictError:  # created by a concurrent request a moment ago
            again = self.get_by_name(name)
            if again is None:
                raise
            return again

    def list_visible(
        self, *, inline_of: str | None, all_inline: bool, limit: int = 100, offset: int = 0
    ) -> tuple[Sequence[Connection], int]:
        """Connections people saved, by name, plus the inline ones created by `inline_of` (or every
        inline one with `all_inline`)."""
        inline = Connection.name.like(f"{INLINE_CONNECTION_PREFIX}%")
        visible: ColumnElement[bool]
        if all_inline:
            visible = true()
        elif inline_of is not None:
            visible = or_(~inline, Connection.created_by == inline_of)
        else:
            visible = ~inline
        total = self.session.execute(select(func.count()).select_from(Connection).where(visible)).scalar_one()
        rows = self.session.execute(
            select(Connection).where(visible).order_by(Connection.name).limit(limit).offset(offset)
        )
        return rows.scalars().all(), total

    # delete(): schemas discovered from a deleted connection keep their versions (link becomes NULL).
