"""Turn discovery results into the metadata store's snapshot format and save it as a schema version."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session
from tdm_core.schema_model import COLUMN_KEYS, RELATIONSHIP_KEYS, normalize_snapshot
from tdm_metadata_store.repositories.connections import INLINE_CONNECTION_PREFIX, ConnectionRepository
from tdm_metadata_store.repositories.jobs import JobRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository

from tdm_agents.schema_discovery.connector import table_key

# The snapshot contract is the repository's; the writer fills in the keys it computes itself.
_COLUMN_FIELDS = tuple(k for k in COLUMN_KEYS if k not in {"is_primary_key", "stats"})

# Kept in snapshot_json only (the repository's tables/relationships rows have no column for them).
_TABLE_EXTRA_FIELDS = ("partition_key", "populated")
_TABLE_STAT_FIELDS = (
    "sampled_rows",
    "sample_method",
    "sample_percent",
    "row_count_lower_bound",
    "profile_error",
)
_RELATIONSHIP_FIELDS = tuple(k for k in RELATIONSHIP_KEYS if k != "is_user_defined")
_RELATIONSHIP_EXTRA_FIELDS = (
    "on_update",
    "deferrable",
    "initially_deferred",
    "match",
    "parent_key",
    "parent_key_name",
    "validated",
    "declared_on_partitions",
)


def build_snapshot(
    tables: Sequence[dict[str, Any]],
    columns: Sequence[dict[str, Any]],
    *,
    stats: Mapping[str, dict[str, Any]] | None = None,
    pk_map: Mapping[str, dict[str, Any]] | None = None,
    constraints: Mapping[str, dict[str, Any]] | None = None,
    relationships: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The `SchemaRepository.add_version` snapshot: tables with their columns, then relationships."""
    stats = stats or {}
    pk_map = pk_map or {}
    constraints = constraints or {}
    columns_of: dict[str, list[dict[str, Any]]] = {}
    for column in columns:
        columns_of.setdefault(table_key(column["schema"], column["table"]), []).append(column)
    snapshot_tables = []
    for table in tables:
        key = table_key(table["schema"], table["name"])
        table_stats = stats.get(key, {})
        pk_columns = set((pk_map.get(key) or {}).get("columns") or [])
        column_stats = table_stats.get("columns") or {}
        extra = constraints.get(key) or {}
        table_constraints = list(extra.get("constraints") or [])
        pk = pk_map.get(key)
        if pk:
            table_constraints.insert(
                0,
                {
                    "type": "primary_key",
                    "name": pk.get("name"),
                    "columns": pk["columns"],
                    "inferred": pk["inferred"],
                },
            )
        snapshot_tables.append(
            {
                "schema": table["schema"],
                "name": table["name"],
                "kind": table["kind"],
                "comment": table.get("comment"),
                "row_count": table_stats.get("row_count"),
                "row_count_estimated": bool(table_stats.get("row_count_estimated", False)),
                "partitions": table.get("partitions"),
                "constraints": table_constraints or None,
                "indexes": extra.get("indexes") or None,
                "stats": {k: v for k, v in table_stats.items() if k in _TABLE_STAT_FIELDS} or None,
                **{k: table[k] for k in _TABLE_EXTRA_FIELDS if table.get(k) is not None},
                "columns": [
                    {
                        **{name: column.get(name) for name in _COLUMN_FIELDS},
                        "is_primary_key": column["name"] in pk_columns,
                        "stats": column_stats.get(column["name"]),
                    }
                    for column in columns_of.get(key, [])
                ],
            }
        )
    return {
        "tables": snapshot_tables,
        "relationships": [
            {
                **{k: rel.get(k) for k in _RELATIONSHIP_FIELDS},
                **{k: rel[k] for k in _RELATIONSHIP_EXTRA_FIELDS if rel.get(k) is not None},
            }
            for rel in relationships
        ],
    }


def default_schema_name(session: Session, reference: Mapping[str, Any], discovery: Mapping[str, Any]) -> str:
    """A stable logical name: the connection's name (or host/database), plus non-default schemas."""
    if reference.get("connection_id"):
        row = ConnectionRepository(session).get(uuid.UUID(str(reference["connection_id"])))
        if row is not None and not row.name.startswith(INLINE_CONNECTION_PREFIX):
            base = row.name
        else:
            # An inline connection's generated name means nothing to a person: show host/database.
            shown = row.display_url if row is not None else reference.get("display_url")
            base = f"{urlsplit(str(shown or '')).hostname or 'source'}/{discovery.get('database')}"
    else:
        host = urlsplit(str(reference.get("display_url") or "")).hostname or "source"
        base = f"{host}/{discovery.get('database')}"
    # Every schema (nothing requested) is the database itself; a chosen subset is named.
    requested = discovery.get("schemas_requested", True)
    schemas = list(discovery.get("schemas") or ["public"])
    if requested and schemas != ["public"] and not _is_database_itself(discovery, schemas):
        base = f"{base} ({', '.join(schemas)})"
    return base[:255]


def _is_database_itself(discovery: Mapping[str, Any], schemas: Sequence[str]) -> bool:
    # MySQL's schema is the database; SQLite's is "main".
    dialect = discovery.get("dialect")
    return (dialect == "mysql" and list(schemas) == [discovery.get("database")]) or (
        dialect == "sqlite" and list(schemas) == ["main"]
    )


def save_schema_version(
    session: Session,
    *,
    snapshot: Mapping[str, Any],
    schema_name: str,
    connection_id: uuid.UUID | None,
    job_id: uuid.UUID | None,
    description: str | None = None,
) -> dict[str, Any]:
    """Store the snapshot as the schema's next version -- or, when its structure equals the latest
    version's (same fingerprint), refresh that version's statistics and return it: a rediscovery of an
    unchanged database is the same schema version, so its PII review and rule sets still apply.

    Idempotent per job: a worker that crashed after this commit but before its checkpoint runs the
    node again, and the version this job already wrote is returned instead of a duplicate.
    """
    repo = SchemaRepository(session)
    if job_id is not None:
        for version_id in JobRepository(session).produced_schema_versions(job_id):
            version = repo.require_version(version_id)
            return _summary(repo, version.schema_id, version.id, version.version_number, version.fingerprint)
    normalized = normalize_snapshot(snapshot)
    schema = repo.get_or_create(name=schema_name, source_connection_id=connection_id, description=description)
    previous = repo.latest_version(schema.id)
    if previous is not None and previous.fingerprint == normalized.fingerprint():
        repo.refresh_statistics(previous.id, normalized)
        summary = _summary(repo, schema.id, previous.id, previous.version_number, previous.fingerprint)
        summary.update(changed_since_previous=False, new_version=False)
        return summary
    version = repo.add_version(schema.id, normalized, job_id)
    summary = _summary(repo, schema.id, version.id, version.version_number, version.fingerprint)
    summary.update(changed_since_previous=None if previous is None else True, new_version=True)
    return summary


def _summary(
    repo: SchemaRepository, schema_id: uuid.UUID, version_id: uuid.UUID, number: int, fingerprint: str | None
) -> dict[str, Any]:
    return {
        "schema_id": str(schema_id),
        "schema_version_id": str(version_id),
        "version_number": number,
        "fingerprint": fingerprint,
        "counts": repo.counts(version_id),
    }
