"""Existence checks for ids a request body refers to, as 422 errors naming the field.

The referenced row is not the resource of the URL, so a missing one is invalid input (422) rather than
"this URL does not exist" (404); `loc` points at the field, e.g. ["body", "mask", "dataset_version_id"].
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session
from tdm_core.errors import InvalidInputError
from tdm_metadata_store.models import Connection, DatasetVersion, Environment, MaskingRuleSet, SchemaVersion
from tdm_metadata_store.repositories.connections import ConnectionRepository
from tdm_metadata_store.repositories.datasets import DatasetRepository
from tdm_metadata_store.repositories.environments import EnvironmentRepository
from tdm_metadata_store.repositories.masking_rules import MaskingRuleRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository

Loc = Sequence[str | int]
# Dataset versions a job may read: "writing" ones are incomplete, failed/purged ones are gone.
READABLE_DATASET_STATUSES = frozenset({"active"})


def invalid(loc: Loc, message: str, kind: str = "not_found") -> InvalidInputError:
    field = ".".join(str(p) for p in loc[1:]) or str(loc[0])
    return InvalidInputError(f"{field}: {message}", errors=[{"loc": list(loc), "msg": message, "type": kind}])


class References:
    """Looks up what a request names; every miss raises InvalidInputError with the field's location."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def schema_version(self, version_id: uuid.UUID, loc: Loc) -> SchemaVersion:
        row = SchemaRepository(self.session).get_version(version_id)
        if row is None:
            raise invalid(loc, f"schema version {version_id} does not exist")
        return row

    def dataset_version(self, version_id: uuid.UUID, loc: Loc) -> DatasetVersion:
        row = DatasetRepository(self.session).get(version_id)
        if row is None:
            raise invalid(loc, f"dataset version {version_id} does not exist")
        if row.status not in READABLE_DATASET_STATUSES:
            raise invalid(
                loc,
                f"dataset version {version_id} is {row.status}, not active: it cannot be used",
                "not_active",
            )
        return row

    def rule_set(self, rule_set_id: uuid.UUID, loc: Loc) -> MaskingRuleSet:
        row = MaskingRuleRepository(self.session).get(rule_set_id)
        if row is None:
            raise invalid(loc, f"masking rule set {rule_set_id} does not exist")
        return row

    def connection(self, connection_id: uuid.UUID, loc: Loc) -> Connection:
        row = ConnectionRepository(self.session).get(connection_id)
        if row is None:
            raise invalid(loc, f"connection {connection_id} does not exist")
        return row

    def environment(self, name: str, loc: Loc) -> Environment:
        row = EnvironmentRepository(self.session).get_by_name(name)
        if row is None:
            raise invalid(loc, f"environment {name!r} does not exist (see GET /api/v1/environments)")
        return row
