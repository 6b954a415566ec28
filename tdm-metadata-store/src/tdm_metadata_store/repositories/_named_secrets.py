"""Shared base of the repositories whose rows are named and hold an encrypted connection string.

Connections (sources) and environments (targets) differ in what they validate and store beside the
secret, not in how they are looked up, listed, kept unique by name or revealed; that part lives here.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from tdm_core.errors import ConflictError, InvalidInputError, NotFoundError

from tdm_metadata_store.crypto import SecretBox
from tdm_metadata_store.models import Connection, Environment

RowT = TypeVar("RowT", Connection, Environment)


class NamedSecretRepository(Generic[RowT]):
    model: ClassVar[type[Connection] | type[Environment]]
    # "a connection", "an environment": used in error messages.
    noun: ClassVar[str]
    article: ClassVar[str] = "a"

    def __init__(self, session: Session, box: SecretBox | None = None) -> None:
        self.session = session
        self._box = box

    @property
    def box(self) -> SecretBox:
        # Resolved lazily: listing rows must not need the key, only storing/revealing does.
        if self._box is None:
            self._box = SecretBox.from_settings()
        return self._box

    def _duplicate(self, name: str) -> ConflictError:
        return ConflictError(f"{self.article} {self.noun} named {name!r} already exists")

    def _flush_unique(self, row: RowT, name: str) -> None:
        # Savepoint: a concurrent insert of the same name fails only this statement, not the session.
        try:
            with self.session.begin_nested():
                self.session.add(row)
                self.session.flush()
        except IntegrityError:
            raise self._duplicate(name) from None

    def _ensure_name_free(self, name: str, *, for_id: uuid.UUID | None = None) -> None:
        other = self.get_by_name(name)
        if other is not None and other.id != for_id:
            raise self._duplicate(name)

    def get(self, row_id: uuid.UUID) -> RowT | None:
        return self.session.get(self.model, row_id)  # type: ignore[return-value]

    def require(self, row_id: uuid.UUID) -> RowT:
        row = self.get(row_id)
        if row is None:
            raise NotFoundError(f"{self.noun} {row_id} does not exist")
        return row

    def get_by_name(self, name: str) -> RowT | None:
        return self.session.execute(  # type: ignore[return-value]
            select(self.model).where(self.model.name == name)
        ).scalar_one_or_none()

    def require_by_name(self, name: str) -> RowT:
        row = self.get_by_name(name)
        if row is None:
            raise NotFoundError(f"{self.noun} {name!r} does not exist")
        return row

    def list(self, *, limit: int = 100, offset: int = 0) -> tuple[Sequence[RowT], int]:
        total = self.session.execute(select(func.count()).select_from(self.model)).scalar_one()
        rows = self.session.execute(
            select(self.model).order_by(self.model.name).limit(limit).offset(offset)
        ).scalars()
        return rows.all(), total  # type: ignore[return-value]

    def reveal_connection_string(self, row_id: uuid.UUID) -> str:
        """The clear connection string: only for code that opens the connection, never for output."""
        row = self.require(row_id)
        if row.connection_string_encrypted is None:
            raise InvalidInputError(f"{self.noun} {row.name!r} has no connection string configured")
        return self.box.decrypt(row.connection_string_encrypted)

    def delete(self, row_id: uuid.UUID) -> None:
        self.session.delete(self.require(row_id))
        self.session.flush()
