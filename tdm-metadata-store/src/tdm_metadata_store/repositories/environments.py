"""Provisioning targets (QA, SIT, UAT, Perf, Dev...). Credentials are stored only as ciphertext."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from tdm_core.errors import ConflictError, InvalidInputError, NotFoundError

from tdm_metadata_store.crypto import SecretBox
from tdm_metadata_store.models import Environment
from tdm_metadata_store.repositories.connections import display_url, infer_connection_type, validate_name

_ENV_NAME_MAX = 50  # spec: environments.name VARCHAR(50)


class EnvironmentRepository:
    def __init__(self, session: Session, box: SecretBox | None = None) -> None:
        self.session = session
        self._box = box

    @property
    def box(self) -> SecretBox:
        if self._box is None:
            self._box = SecretBox.from_settings()
        return self._box

    def create(
        self,
        *,
        name: str,
        connection_string: str | None = None,
        config_json: dict[str, Any] | None = None,
        requires_approval: bool = False,
    ) -> Environment:
        name = validate_name(name, what="environment", max_length=_ENV_NAME_MAX)
        if self.get_by_name(name) is not None:
            raise ConflictError(f"an environment named {name!r} already exists")
        row = Environment(
            id=uuid.uuid4(),
            name=name,
            config_json=_checked_config(config_json),
            requires_approval=requires_approval,
        )
        if connection_string is not None:
            self._set_connection_string(row, connection_string)
        self._flush_unique(row, name)
        return row

    def _set_connection_string(self, row: Environment, connection_string: str) -> None:
        if not connection_string.strip():
            raise InvalidInputError("environment connection string must not be empty")
        infer_connection_type(connection_string)  # rejects strings we could never connect with
        row.connection_string_encrypted = self.box.encrypt(connection_string)
        row.display_url = display_url(connection_string)

    def _flush_unique(self, row: Environment, name: str) -> None:
        try:
            with self.session.begin_nested():
                self.session.add(row)
                self.session.flush()
        except IntegrityError:
            raise ConflictError(f"an environment named {name!r} already exists") from None

    def get(self, environment_id: uuid.UUID) -> Environment | None:
        return self.session.get(Environment, environment_id)

    def require(self, environment_id: uuid.UUID) -> Environment:
        row = self.get(environment_id)
        if row is None:
            raise NotFoundError(f"environment {environment_id} does not exist")
        return row

    def get_by_name(self, name: str) -> Environment | None:
        return self.session.execute(select(Environment).where(Environment.name == name)).scalar_one_or_none()

    def require_by_name(self, name: str) -> Environment:
        row = self.get_by_name(name)
        if row is None:
            raise NotFoundError(f"environment {name!r} does not exist")
        return row

    def list(self, *, limit: int = 100, offset: int = 0) -> tuple[Sequence[Environment], int]:
        total = self.session.execute(select(func.count()).select_from(Environment)).scalar_one()
        rows = self.session.execute(
            select(Environment).order_by(Environment.name).limit(limit).offset(offset)
        ).scalars()
        return rows.all(), total

    def reveal_connection_string(self, environment_id: uuid.UUID) -> str:
        """Clear connection string for the provisioning code; never for output."""
        row = self.require(environment_id)
        if row.connection_string_encrypted is None:
            raise InvalidInputError(f"environment {row.name!r} has no connection string configured")
        return self.box.decrypt(row.connection_string_encrypted)

    def update(
        self,
        environment_id: uuid.UUID,
        *,
        name: str | None = None,
        connection_string: str | None = None,
        config_json: dict[str, Any] | None = None,
        requires_approval: bool | None = None,
    ) -> Environment:
        row = self.require(environment_id)
        if name is not None:
            new_name = validate_name(name, what="environment", max_length=_ENV_NAME_MAX)
            other = self.get_by_name(new_name)
            if other is not None and other.id != row.id:
                raise ConflictError(f"an environment named {new_name!r} already exists")
            row.name = new_name
        if connection_string is not None:
            self._set_connection_string(row, connection_string)
        if config_json is not None:
            row.config_json = _checked_config(config_json)
        if requires_approval is not None:
            row.requires_approval = requires_approval
        self._flush_unique(row, row.name)
        return row

    def delete(self, environment_id: uuid.UUID) -> None:
        self.session.delete(self.require(environment_id))
        self.session.flush()


def _checked_config(config: dict[str, Any] | None) -> dict[str, Any] | None:
    if config is not None and not isinstance(config, dict):
        raise InvalidInputError("environment config_json must be a JSON object")
    return config
