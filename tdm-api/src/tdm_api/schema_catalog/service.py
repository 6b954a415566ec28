"""Read side of discovered schemas (versions, detail with PII labels, drift) and user-declared
relationships. All SQL stays in the metadata-store repositories; drift is the schema model's."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session
from tdm_core.errors import ConflictError, InvalidInputError, NotFoundError
from tdm_core.schema_model import diff_snapshots, qualified_name, resolve_table_name
from tdm_metadata_store.models import Schema, SchemaVersion
from tdm_metadata_store.repositories.pii import PIIRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository

from tdm_api.kit.pagination import Page, PageParams
from tdm_api.schema_catalog.schemas import (
    ColumnOut,
    RelationshipIn,
    RelationshipList,
    RelationshipOut,
    SchemaDetail,
    SchemaDiff,
    SchemaOut,
    SchemaVersionOut,
    TableOut,
    UserRelationshipOut,
)


class SchemaCatalogService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = SchemaRepository(session)

    # --- schemas and versions --------------------------------------------------------------------

    def _schema_out(self, schema: Schema, latest: SchemaVersion | None) -> SchemaOut:
        out = SchemaOut.model_validate(schema)
        if latest is not None:
            out.latest_version_id = latest.id
            out.latest_version_number = latest.version_number
        return out

    def list_schemas(self, page: PageParams, *, source_connection_id: uuid.UUID | None) -> Page[SchemaOut]:
        rows, total = self.repo.list(
            source_connection_id=source_connection_id, limit=page.limit, offset=page.offset
        )
        latest = self.repo.latest_versions(row.id for row in rows)
        return page.page([self._schema_out(row, latest.get(row.id)) for row in rows], total)

    def list_versions(self, schema_id: uuid.UUID, page: PageParams) -> Page[SchemaVersionOut]:
        self.repo.require(schema_id)
        rows, total = self.repo.list_versions(schema_id, limit=page.limit, offset=page.offset)
        return page.page([SchemaVersionOut.model_validate(row) for row in rows], total)

    def _pick_version(
        self, schema: Schema, version_number: int | None, version_id: uuid.UUID | None
    ) -> SchemaVersion | None:
        if version_id is not None:
            version = self.repo.get_version(version_id)
            if version is None or version.schema_id != schema.id:
                raise NotFoundError(f"schema {schema.id} has no version {version_id}")
            return version
        if version_number is not None:
            found = self.repo.version_by_number(schema.id, version_number)
            if found is None:
                latest = self.repo.latest_version(schema.id)
                newest = latest.version_number if latest is not None else 0
                raise NotFoundError(f"schema {schema.id} has no version {version_number} (newest: {newest})")
            return found
        return self.repo.latest_version(schema.id)

    def detail(
        self, schema_id: uuid.UUID, *, version_number: int | None, version_id: uuid.UUID | None
    ) -> SchemaDetail:
        schema = self.repo.require(schema_id)
        base = self._schema_out(schema, self.repo.latest_version(schema.id))
        version = self._pick_version(schema, version_number, version_id)
        if version is None:
            return SchemaDetail(**base.model_dump(), version=None, counts={}, tables=[], relationships=[])
        snapshot = self.repo.load_version(version.id)
        labels = {
            (entry["table"], entry["column"]): entry["pii_type"]
            for entry in PIIRepository(self.session).get_map(version.id)
        }
        tables = []
        for table in snapshot.tables:
            columns = [
                ColumnOut(**column.to_dict(), pii_type=labels.get((table.qualified_name, column.name)))
                for column in table.columns
            ]
            tables.append(TableOut.model_validate({**table.to_dict(), "columns": columns}))
        return SchemaDetail(
            **base.model_dump(),
            version=SchemaVersionOut.model_validate(version),
            counts=self.repo.counts(version.id),
            tables=tables,
            relationships=[RelationshipOut.model_validate(rel.to_dict()) for rel in snapshot.relationships],
        )

    # --- drift -----------------------------------------------------------------------------------

    def diff(self, schema_id: uuid.UUID, *, from_version: int | None, to_version: int | None) -> SchemaDiff:
        schema = self.repo.require(schema_id)
        latest = self.repo.latest_version(schema_id)
        if latest is None:
            raise NotFoundError(f"schema {schema_id} has no versions yet")
        target = to_version if to_version is not None else latest.version_number
        source = from_version if from_version is not None else target - 1
        if source < 1:
            raise InvalidInputError(
                f"schema {schema.name!r} has only version {target} up to there: a diff needs two versions "
                "(discover the schema again, or give from_version)",
                errors=[{"loc": ["query", "from_version"], "msg": "no earlier version to compare with"}],
            )
        versions = {}
        for label, number in (("from_version", source), ("to_version", target)):
            version = self.repo.version_by_number(schema_id, number)
            if version is None:
                raise NotFoundError(
                    f"schema {schema_id} has no version {number} ({label}; newest: {latest.version_number})"
                )
            versions[label] = version
        old, new = versions["from_version"], versions["to_version"]
        drift = diff_snapshots(self.repo.load_version(old.id), self.repo.load_version(new.id))
        return SchemaDiff.model_validate(
            {
                "schema_id": schema_id,
                "from_version": old.version_number,
                "to_version": new.version_number,
                "from_version_id": old.id,
                "to_version_id": new.id,
                **drift,
            }
        )

    # --- relationships, discovered and user-declared ---------------------------------------------

    def _latest(self, schema_id: uuid.UUID) -> SchemaVersion:
        schema = self.repo.require(schema_id)
        latest = self.repo.latest_version(schema_id)
        if latest is None:
            raise ConflictError(f"schema {schema.name!r} has no discovered version yet")
        return latest

    def relationships(self, schema_id: uuid.UUID, *, version: int | None) -> RelationshipList:
        chosen = self._latest(schema_id)
        if version is not None:
            found = self.repo.version_by_number(schema_id, version)
            if found is None:
                raise NotFoundError(f"schema {schema_id} has no version {version}")
            chosen = found
        declared_by = {
            (rel["child_schema"], rel["child_table"], rel["name"]): rel.get("created_by")
            for rel in self.repo.user_relationships(chosen.id)
        }
        relationships = [
            UserRelationshipOut(
                **rel.to_dict(),
                schema_version_id=chosen.id,
                version_number=chosen.version_number,
                created_by=declared_by.get((*rel.child_key, rel.name)) if rel.is_user_defined else None,
            )
            for rel in self.repo.load_version(chosen.id).relationships
        ]
        return RelationshipList(
            schema_id=schema_id,
            schema_version_id=chosen.id,
            version_number=chosen.version_number,
            relationships=relationships,
        )

    def add_relationship(
        self, schema_id: uuid.UUID, body: RelationshipIn, created_by: str
    ) -> UserRelationshipOut:
        latest = self._latest(schema_id)
        index = self.repo.column_index(latest.id)
        problems: list[dict[str, Any]] = []
        sides: dict[str, tuple[str, str]] = {}
        for side in ("parent", "child"):
            name = getattr(body, f"{side}_table")
            key = resolve_table_name(name, index)
            if key is None:
                problems.append(
                    {
                        "loc": ["body", f"{side}_table"],
                        "msg": f"{side}_table: table {name!r} does not exist in version "
                        f"{latest.version_number} of this schema",
                    }
                )
                continue
            sides[side] = key
            for position, column in enumerate(getattr(body, f"{side}_columns")):
                if column not in index[key]:
                    problems.append(
                        {
                            "loc": ["body", f"{side}_columns", position],
                            "msg": f"{side}_columns[{position}]: table {qualified_name(*key)!r} "
                            f"has no column {column!r}",
                        }
                    )
        if problems:
            raise InvalidInputError(
                "; ".join(p["msg"] for p in problems), errors=[{**p, "type": "value_error"} for p in problems]
            )
        (parent_schema, parent_table), (child_schema, child_table) = sides["parent"], sides["child"]
        added = self.repo.add_relationship(
            latest.id,
            parent_schema=parent_schema,
            parent_table=parent_table,
            parent_columns=body.parent_columns,
            child_schema=child_schema,
            child_table=child_table,
            child_columns=body.child_columns,
            name=body.name,
            created_by=created_by,
        )
        return UserRelationshipOut(
            **added, schema_version_id=latest.id, version_number=latest.version_number, created_by=created_by
        )

    def delete_relationship(self, schema_id: uuid.UUID, name: str) -> None:
        self.repo.remove_user_relationship(self._latest(schema_id).id, name)
