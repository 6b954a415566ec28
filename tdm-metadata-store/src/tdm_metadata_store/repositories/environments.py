"""Provisioning targets (QA, SIT, UAT, Perf, Dev...). Credentials are stored only as ciphertext."""

from __future__ import annotations

import uuid
from typing import Any

from tdm_core.errors import InvalidInputError

from tdm_metadata_store.models import Environment
from tdm_metadata_store.repositories._named_secrets import NamedSecretRepository
from tdm_metadata_store.repositories.connections import display_url, infer_connection_type, validate_name

_ENV_NAME_MAX = 50  # spec: environments.name VARCHAR(50)


class EnvironmentRepository(NamedSecretRepository[Environment]):
    model = Environment
    noun = "environment"
    article = "an"

    def create(
        self,
        *,
        name: str,
        connection_string: str | None = None,
        config_json: dict[str, Any] | None = None,
        requires_approval: bool = False,
    ) -> Environment:
        name = validate_name(name, what="environment", max_length=_ENV_NAME_MAX)
        self._ensure_name_free(name)
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
            self._ensure_name_free(new_name, for_id=row.id)
            row.name = new_name
        if connection_string is not None:
            self._set_connection_string(row, connection_string)
        if config_json is not None:
            row.config_json = _checked_config(config_json)
        if requires_approval is not None:
            row.requires_approval = requires_approval
        self._flush_unique(row, row.name)
        return row


def _checked_config(config: dict[str, Any] | None) -> dict[str, Any] | None:
    if config is not None and not isinstance(config, dict):
        raise InvalidInputError("environment config_json must be a JSON object")
    return config
