"""Discovered schemas and their immutable versions (tables, columns, relationships).

This repository only persists the typed schema model of `tdm_core.schema_model` (validation, fingerprint
and drift live there). `add_version` numbers a snapshot under a row lock on the schema and writes its
tables, columns and relationships with bulk INSERTs: real schemas have thousands of tables and tens of
thousands of columns, so one ORM object per row would dominate the run. `load_version` reads them back
as a `SchemaSnapshot`; keys discovery adds beyond the tables' columns (a table's `partition_key`, a
foreign key's `deferrable` ...) are kept in `schema_versions.snapshot_json` and merged back in.

A composite foreign key is one relationship with several column pairs; it is stored as one
`relationships` row per pair, sharing the name, ordered by `column_position`.
"""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import bindparam, delete, func, insert, select, text, tuple_, update
from sqlalchemy.orm import Session, aliased, defer
from tdm_core.errors import ConflictError, InvalidInputError, NotFoundError
from tdm_core.schema_model import (
    COLUMN_KEYS,
    DEFAULT_NAMESPACE,
    RELATIONSHIP_KEYS,
    TABLE_KEYS,
    SchemaSnapshot,
    TableKey,
    normalize_relationship,
    normalize_snapshot,
)

from tdm_metadata_store.models import Column, Relationship, Schema, SchemaVersion, Table

# --- repository ----------------------------------------------------------------------------------


class SchemaRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # schemas

    def get_or_create(
        self, *, name: str, source_connection_id: uuid.UUID | None = None, description: str | None = None
    ) -> Schema:
        """The schema of this name for this connection, created on first discovery."""
        name = name.strip()
        if not name or len(name) > 255:
            raise InvalidInputError("schema name must be 1 to 255 characters")
        # No unique constraint (the connection may be NULL), so serialize concurrent discoveries of
        # the same schema with a transaction-scoped advisory lock instead.
        self.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"),
            {"key": f"tdm.schemas:{source_connection_id}:{name}"},
        )
        existing = self.get_by_name(name, source_connection_id=source_connection_id)
        if existing is not None:
            return existing
        schema = Schema(
            id=uuid.uuid4(), name=name, source_connection_id=source_connection_id, description=description
        )
        self.session.add(schema)
        self.session.flush()
        return schema

    def get_by_name(self, name: str, *, source_connection_id: uuid.UUID | None = None) -> Schema | None:
        query = select(Schema).where(Schema.name == name)
        if source_connection_id is None:
            query = query.where(Schema.source_connection_id.is_(None))
        else:
            query = query.where(Schema.source_connection_id == source_connection_id)
        return self.session.execute(query).scalar_one_or_none()

    def get(self, schema_id: uuid.UUID) -> Schema | None:
        return self.session.get(Schema, schema_id)

    def require(self, schema_id: uuid.UUID) -> Schema:
        schema = self.get(schema_id)
        if schema is None:
            raise NotFoundError(f"schema {schema_id} does not exist")
        return schema

    def list(
        self, *, source_connection_id: uuid.UUID | None = None, limit: int = 50, offset: int = 0
    ) -> tuple[Sequence[Schema], int]:
        query = select(Schema)
        if source_connection_id is not None:
            query = query.where(Schema.source_connection_id == source_connection_id)
        total = self.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = self.session.execute(query.order_by(Schema.name, Schema.id).limit(limit).offset(offset))
        return rows.scalars().all(), total

    # versions

    def add_version(
        self,
        schema_id: uuid.UUID,
        snapshot: Mapping[str, Any] | SchemaSnapshot,
        job_id: uuid.UUID | None = None,
        *,
        status: str = "active",
    ) -> SchemaVersion:
        """Store a discovery snapshot as version max+1 of the schema."""
        normalized = normalize_snapshot(snapshot)
        # Row lock on the schema: two discoveries of one schema get consecutive numbers, never the same.
        locked = self.session.execute(
            select(Schema.id).where(Schema.id == schema_id).with_for_update()
        ).scalar_one_or_none()
        if locked is None:
            raise NotFoundError(f"schema {schema_id} does not exist")
        current = self.session.execute(
            select(func.coalesce(func.max(SchemaVersion.version_number), 0)).where(
                SchemaVersion.schema_id == schema_id
            )
        ).scalar_one()
        version = SchemaVersion(
            id=uuid.uuid4(),
            schema_id=schema_id,
            version_number=current + 1,
            status=status,
            snapshot_json=normalized.to_dict(),
            fingerprint=normalized.fingerprint(),
            job_id=job_id,
        )
        self.session.add(version)
        self.session.flush()
        table_ids, column_ids = self._insert_structure(version.id, normalized)
        if current:
            previous = self.version_by_number(schema_id, current)
            if previous is not None:
                self._carry_user_relationships(previous.id, normalized, table_ids, column_ids)
        return version

    def refresh_statistics(self, version_id: uuid.UUID, snapshot: SchemaSnapshot) -> None:
        """Row counts and statistics of a newer discovery of the same structure, onto its version.

        Statistics are observations, not structure: a version's are the latest seen."""
        table_ids = {
            (schema_name, name): table_id
            for schema_name, name, table_id in self.session.execute(
                select(Table.schema_name, Table.name, Table.id).where(Table.schema_version_id == version_id)
            )
        }
        known = [table for table in snapshot.tables if table.key in table_ids]
        tables = cast(sa.Table, Table.__table__)
        columns = cast(sa.Table, Column.__table__)
        # Core executemany: one statement, many parameter sets (ORM bulk update needs primary keys).
        connection = self.session.connection()
        if known:
            connection.execute(
                update(tables)
                .where(tables.c.id == bindparam("b_id"))
                .values(
                    row_count=bindparam("b_row_count"),
                    row_count_estimated=bindparam("b_estimated"),
                    stats=bindparam("b_stats"),
                ),
                [
                    {
                        "b_id": table_ids[table.key],
                        "b_row_count": table.row_count,
                        "b_estimated": table.row_count_estimated,
                        "b_stats": table.stats,
                    }
                    for table in known
                ],
            )
            column_rows = [
                {"b_table_id": table_ids[table.key], "b_name": column.name, "b_stats": column.stats}
                for table in known
                for column in table.columns
            ]
            if column_rows:
                connection.execute(
                    update(columns)
                    .where(
                        columns.c.table_id == bindparam("b_table_id"), columns.c.name == bindparam("b_name")
                    )
                    .values(stats=bindparam("b_stats")),
                    column_rows,
                )

    def _carry_user_relationships(
        self,
        previous_version_id: uuid.UUID,
        snapshot: SchemaSnapshot,
        table_ids: Mapping[TableKey, uuid.UUID],
        column_ids: Mapping[TableKey, Mapping[str, uuid.UUID]],
    ) -> int:
        """Copy the previous version's user-declared relationships whose tables and columns still exist.

        A rediscovery must not lose what people declared (the database does not know these keys); one
        whose columns were dropped is left behind, as it no longer means anything."""
        taken = {(*r.child_key, r.name) for r in snapshot.relationships}
        carried = []
        for rel in self.user_relationships(previous_version_id):
            sides = [
                (rel["parent_schema"], rel["parent_table"], rel["parent_columns"]),
                (rel["child_schema"], rel["child_table"], rel["child_columns"]),
            ]
            if (
                all(
                    (schema, table) in column_ids and all(c in column_ids[(schema, table)] for c in columns)
                    for schema, table, columns in sides
                )
                and (rel["child_schema"], rel["child_table"], rel["name"]) not in taken
            ):
                carried.append(rel)
        rows: list[dict[str, Any]] = []
        for rel in carried:
            rows.extend(_relationship_rows([rel], table_ids, column_ids, created_by=rel.get("created_by")))
        if rows:
            self.session.execute(insert(Relationship), rows)
        return len(carried)

    def user_relationships(self, version_id: uuid.UUID) -> builtins.list[dict[str, Any]]:
        """The user-declared relationships of a version (snapshot format plus `created_by`)."""
        parent, child = aliased(Table), aliased(Table)
        parent_col, child_col = aliased(Column), aliased(Column)
        rows = self.session.execute(
            select(
                Relationship.name,
                Relationship.on_delete,
                Relationship.created_by,
                parent.schema_name,
                parent.name,
                parent_col.name,
                child.schema_name,
                child.name,
                child_col.name,
            )
            .join(parent, Relationship.parent_table_id == parent.id)
            .join(child, Relationship.child_table_id == child.id)
            .join(parent_col, Relationship.parent_column_id == parent_col.id)
            .join(child_col, Relationship.child_column_id == child_col.id)
            .where(child.schema_version_id == version_id, Relationship.is_user_defined.is_(True))
            .order_by(child.schema_name, child.name, Relationship.name, Relationship.column_position)
        ).all()
        grouped: dict[tuple[str, str, str | None], dict[str, Any]] = {}
        for name, on_delete, created_by, p_schema, p_table, p_col, c_schema, c_table, c_col in rows:
            entry = grouped.setdefault(
                (c_schema, c_table, name),
                {
                    "name": name,
                    "parent_schema": p_schema,
                    "parent_table": p_table,
                    "parent_columns": [],
                    "child_schema": c_schema,
                    "child_table": c_table,
                    "child_columns": [],
                    "on_delete": on_delete,
                    "is_user_defined": True,
                    "created_by": created_by,
                },
            )
            entry["parent_columns"].append(p_col)
            entry["child_columns"].append(c_col)
        return list(grouped.values())

    def _insert_structure(
        self, version_id: uuid.UUID, snapshot: SchemaSnapshot
    ) -> tuple[dict[TableKey, uuid.UUID], dict[TableKey, dict[str, uuid.UUID]]]:
        table_rows: list[dict[str, Any]] = []
        column_rows: list[dict[str, Any]] = []
        # Ids are made here so columns and relationships can point at them without RETURNING.
        column_ids: dict[TableKey, dict[str, uuid.UUID]] = {}
        table_ids: dict[TableKey, uuid.UUID] = {}
        for table in snapshot.tables:
            table_id = uuid.uuid4()
            table_ids[table.key] = table_id
            table_rows.append(
                {
                    "id": table_id,
                    "schema_version_id": version_id,
                    "name": table.name,
                    "schema_name": table.schema_name,
                    "row_count": table.row_count,
                    "row_count_estimated": table.row_count_estimated,
                    "kind": table.kind,
                    "comment": table.comment,
                    "partitions": table.partitions,
                    "constraints": table.constraints,
                    "indexes": table.indexes,
                    "stats": table.stats,
                }
            )
            ids = column_ids.setdefault(table.key, {})
            for column in table.columns:
                ids[column.name] = column_id = uuid.uuid4()
                column_rows.append(
                    {"id": column_id, "table_id": table_id, **{k: getattr(column, k) for k in COLUMN_KEYS}}
                )
        relationship_rows = list(
            _relationship_rows(
                [rel.to_dict() for rel in snapshot.relationships], table_ids, column_ids, created_by=None
            )
        )
        # executemany with insertmanyvalues: ~1000 rows per statement round trip.
        for model, rows in ((Table, table_rows), (Column, column_rows), (Relationship, relationship_rows)):
            if rows:
                self.session.execute(insert(model), rows)
        return table_ids, column_ids

    def get_version(self, version_id: uuid.UUID) -> SchemaVersion | None:
        return self.session.get(SchemaVersion, version_id)

    def require_version(self, version_id: uuid.UUID) -> SchemaVersion:
        version = self.get_version(version_id)
        if version is None:
            raise NotFoundError(f"schema version {version_id} does not exist")
        return version

    def list_versions(
        self, schema_id: uuid.UUID, *, limit: int = 50, offset: int = 0
    ) -> tuple[Sequence[SchemaVersion], int]:
        """Newest first; the (possibly large) snapshot JSON is not loaded unless accessed."""
        total = self.session.execute(
            select(func.count()).select_from(SchemaVersion).where(SchemaVersion.schema_id == schema_id)
        ).scalar_one()
        rows = self.session.execute(
            select(SchemaVersion)
            .options(defer(SchemaVersion.snapshot_json))
            .where(SchemaVersion.schema_id == schema_id)
            .order_by(SchemaVersion.version_number.desc())
            .limit(limit)
            .offset(offset)
        )
        return rows.scalars().all(), total

    def latest_version(self, schema_id: uuid.UUID) -> SchemaVersion | None:
        """The newest version (its snapshot JSON, possibly megabytes, is loaded only if accessed)."""
        return self.session.execute(
            select(SchemaVersion)
            .options(defer(SchemaVersion.snapshot_json))
            .where(SchemaVersion.schema_id == schema_id)
            .order_by(SchemaVersion.version_number.desc())
            .limit(1)
        ).scalar_one_or_none()

    def latest_versions(self, schema_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, SchemaVersion]:
        """The newest version of each schema, in one query (a page of schemas, not one query each)."""
        ids = list(schema_ids)
        if not ids:
            return {}
        newest = (
            select(SchemaVersion.schema_id, func.max(SchemaVersion.version_number))
            .where(SchemaVersion.schema_id.in_(ids))
            .group_by(SchemaVersion.schema_id)
        )
        rows = self.session.execute(
            select(SchemaVersion)
            .options(defer(SchemaVersion.snapshot_json))
            .where(tuple_(SchemaVersion.schema_id, SchemaVersion.version_number).in_(newest))
        ).scalars()
        return {row.schema_id: row for row in rows}

    def version_by_number(self, schema_id: uuid.UUID, version_number: int) -> SchemaVersion | None:
        return self.session.execute(
            select(SchemaVersion).where(
                SchemaVersion.schema_id == schema_id, SchemaVersion.version_number == version_number
            )
        ).scalar_one_or_none()

    def column_index(self, version_id: uuid.UUID) -> dict[TableKey, builtins.list[str]]:
        """(schema, table) -> its column names in ordinal order: what validations of user input need."""
        index: dict[TableKey, builtins.list[str]] = {
            (schema_name, name): []
            for schema_name, name in self.session.execute(
                select(Table.schema_name, Table.name).where(Table.schema_version_id == version_id)
            )
        }
        for schema_name, table_name, column_name in self.session.execute(
            select(Table.schema_name, Table.name, Column.name)
            .join(Column, Column.table_id == Table.id)
            .where(Table.schema_version_id == version_id)
            .order_by(Table.schema_name, Table.name, Column.ordinal_position, Column.name)
        ):
            index[(schema_name, table_name)].append(column_name)
        return index

    def counts(self, version_id: uuid.UUID) -> dict[str, int]:
        """Number of tables, columns and relationship column pairs of a version."""
        tables = select(Table.id).where(Table.schema_version_id == version_id).scalar_subquery()
        return {
            "tables": self.session.execute(
                select(func.count()).select_from(Table).where(Table.schema_version_id == version_id)
            ).scalar_one(),
            "columns": self.session.execute(
                select(func.count()).select_from(Column).where(Column.table_id.in_(tables))
            ).scalar_one(),
            "relationships": self.session.execute(
                select(func.count(func.distinct(Relationship.name))).where(
                    Relationship.child_table_id.in_(tables)
                )
            ).scalar_one(),
        }

    def load_version(self, version_id: uuid.UUID) -> SchemaSnapshot:
        """Tables, columns and relationships of a version (user-declared ones included) as the typed
        snapshot. The rows are the source; keys discovery added beyond them come from snapshot_json."""
        version = self.require_version(version_id)
        extras = _snapshot_extras(version.snapshot_json)
        tables: dict[uuid.UUID, dict[str, Any]] = {}
        for row in self.session.execute(
            select(Table).where(Table.schema_version_id == version_id).order_by(Table.schema_name, Table.name)
        ).scalars():
            tables[row.id] = {
                **extras.get(("table", row.schema_name, row.name), {}),
                "schema": row.schema_name,
                "name": row.name,
                "kind": row.kind,
                "row_count": row.row_count,
                "row_count_estimated": row.row_count_estimated,
                "partitions": row.partitions,
                "constraints": row.constraints,
                "indexes": row.indexes,
                "stats": row.stats,
                "comment": row.comment,
                "columns": [],
            }
        columns: dict[uuid.UUID, tuple[dict[str, Any], str]] = {}
        for col in self.session.execute(
            select(Column)
            .join(Table, Column.table_id == Table.id)
            .where(Table.schema_version_id == version_id)
            .order_by(Column.table_id, Column.ordinal_position, Column.name)
        ).scalars():
            tables[col.table_id]["columns"].append({key: getattr(col, key) for key in COLUMN_KEYS})
            columns[col.id] = (tables[col.table_id], col.name)
        relationships = [
            {**extras.get(("relationship", rel["child_schema"], rel["child_table"], rel["name"]), {}), **rel}
            for rel in self._load_relationships(tables, columns)
        ]
        return SchemaSnapshot.model_validate(
            {"tables": list(tables.values()), "relationships": relationships}
        )

    def _load_relationships(
        self,
        tables: Mapping[uuid.UUID, dict[str, Any]],
        columns: Mapping[uuid.UUID, tuple[dict[str, Any], str]],
    ) -> builtins.list[dict[str, Any]]:
        if not tables:
            return []
        rows = self.session.execute(
            select(Relationship)
            .where(Relationship.child_table_id.in_(list(tables)))
            .order_by(Relationship.child_table_id, Relationship.name, Relationship.column_position)
        ).scalars()
        grouped: dict[tuple[Any, ...], dict[str, Any]] = {}
        for rel in rows:
            key = (rel.child_table_id, rel.parent_table_id, rel.name, rel.is_user_defined)
            parent_table, child_table = tables[rel.parent_table_id], tables[rel.child_table_id]
            entry = grouped.setdefault(
                key,
                {
                    "name": rel.name,
                    "parent_schema": parent_table["schema"],
                    "parent_table": parent_table["name"],
                    "parent_columns": [],
                    "child_schema": child_table["schema"],
                    "child_table": child_table["name"],
                    "child_columns": [],
                    "on_delete": rel.on_delete,
                    "is_user_defined": rel.is_user_defined,
                },
            )
            entry["parent_columns"].append(columns[rel.parent_column_id][1])
            entry["child_columns"].append(columns[rel.child_column_id][1])
        return list(grouped.values())

    # user-defined relationships

    def add_relationship(
        self,
        schema_version_id: uuid.UUID,
        *,
        parent_table: str,
        parent_columns: Sequence[str],
        child_table: str,
        child_columns: Sequence[str],
        parent_schema: str = DEFAULT_NAMESPACE,
        child_schema: str = DEFAULT_NAMESPACE,
        name: str | None = None,
        created_by: str | None = None,
    ) -> dict[str, Any]:
        """Declare a relationship the database does not have (e.g. an FK enforced by the app only)."""
        self.require_version(schema_version_id)
        keys = [(parent_schema, parent_table), (child_schema, child_table)]
        table_ids: dict[TableKey, uuid.UUID] = {}
        column_ids: dict[TableKey, dict[str, uuid.UUID]] = {}
        for table_id, schema_name, table_name in self.session.execute(
            select(Table.id, Table.schema_name, Table.name).where(
                Table.schema_version_id == schema_version_id, tuple_(Table.schema_name, Table.name).in_(keys)
            )
        ):
            table_ids[(schema_name, table_name)] = table_id
            column_ids[(schema_name, table_name)] = {}
        by_table_id = {table_id: key for key, table_id in table_ids.items()}
        for column_id, table_id, column_name in self.session.execute(
            select(Column.id, Column.table_id, Column.name).where(Column.table_id.in_(list(by_table_id)))
        ):
            column_ids[by_table_id[table_id]][column_name] = column_id
        problems: list[str] = []
        rel = normalize_relationship(
            {
                "name": name or f"user_{child_table}_{'_'.join(child_columns)}_fkey",
                "parent_schema": parent_schema,
                "parent_table": parent_table,
                "parent_columns": list(parent_columns),
                "child_schema": child_schema,
                "child_table": child_table,
                "child_columns": list(child_columns),
                "is_user_defined": True,
            },
            0,
            {key: set(cols) for key, cols in column_ids.items()},
            problems,
        )
        if rel is None:
            raise InvalidInputError("invalid relationship: " + "; ".join(problems))
        duplicate = self.session.execute(
            select(Relationship.id).where(
                Relationship.child_table_id == table_ids[(child_schema, child_table)],
                Relationship.name == rel["name"],
            )
        ).first()
        if duplicate is not None:
            raise ConflictError(
                f"table {child_schema}.{child_table} already has a relationship named {rel['name']!r}"
            )
        rows = list(_relationship_rows([rel], table_ids, column_ids, created_by=created_by))
        self.session.execute(insert(Relationship), rows)
        return rel

    def remove_user_relationship(self, schema_version_id: uuid.UUID, name: str) -> int:
        """Delete a user-declared relationship by name; discovered ones cannot be removed."""
        tables = select(Table.id).where(Table.schema_version_id == schema_version_id).scalar_subquery()
        result = self.session.execute(
            delete(Relationship).where(
                Relationship.child_table_id.in_(tables),
                Relationship.name == name,
                Relationship.is_user_defined.is_(True),
            )
        )
        count = int(result.rowcount)  # type: ignore[attr-defined]
        if count == 0:
            raise NotFoundError(
                f"no user-defined relationship named {name!r} in schema version {schema_version_id}"
            )
        return count


def _relationship_rows(
    relationships: Iterable[Mapping[str, Any]],
    table_ids: Mapping[TableKey, uuid.UUID],
    column_ids: Mapping[TableKey, Mapping[str, uuid.UUID]],
    *,
    created_by: str | None,
) -> Iterable[dict[str, Any]]:
    for rel in relationships:
        parent_key = (rel["parent_schema"], rel["parent_table"])
        child_key = (rel["child_schema"], rel["child_table"])
        for position, (parent_col, child_col) in enumerate(
            zip(rel["parent_columns"], rel["child_columns"], strict=True)
        ):
            yield {
                "id": uuid.uuid4(),
                "parent_table_id": table_ids[parent_key],
                "child_table_id": table_ids[child_key],
                "parent_column_id": column_ids[parent_key][parent_col],
                "child_column_id": column_ids[child_key][child_col],
                "name": rel["name"],
                "column_position": position,
                "is_user_defined": rel["is_user_defined"],
                "on_delete": rel.get("on_delete"),
                "created_by": created_by,
            }


def _snapshot_extras(snapshot_json: Any) -> dict[tuple[str, ...], dict[str, Any]]:
    """Keys of the stored snapshot that have no column in the tables/relationships rows."""
    extras: dict[tuple[str, ...], dict[str, Any]] = {}
    if not isinstance(snapshot_json, Mapping):
        return extras
    for table in snapshot_json.get("tables") or []:
        extra = {k: v for k, v in table.items() if k not in TABLE_KEYS and k != "columns"}
        if extra:
            extras[("table", table.get("schema") or DEFAULT_NAMESPACE, table["name"])] = extra
    for rel in snapshot_json.get("relationships") or []:
        extra = {k: v for k, v in rel.items() if k not in RELATIONSHIP_KEYS}
        if extra:
            key = (
                "relationship",
                rel.get("child_schema") or DEFAULT_NAMESPACE,
                rel["child_table"],
                rel["name"],
            )
            extras[key] = extra
    return extras
