"""Typed SQLAlchemy models of the metadata store.

The fourteen tables of spec section 11 keep the spec's names and columns; what later features need
(API keys with roles, a token vault, per-file checksums of dataset versions, constraints/indexes of
discovered tables, idempotency and progress of jobs) is added as extra columns or tables.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Constraint names are stable across autogenerate runs and databases (Alembic needs this before the
# first migration, otherwise downgrades cannot name what they drop).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # none_as_null: Python None is stored as SQL NULL, not as the JSON value `null` (SQLAlchemy's
    # default), so `IS NULL` filters and "not set" mean the same thing.
    type_annotation_map = {dict[str, Any]: JSONB(none_as_null=True), list[Any]: JSONB(none_as_null=True)}


def _uuid_pk() -> Mapped[uuid.UUID]:
    return mapped_column(
        UUID(as_uuid=True), primary_key=True, default=uuid.uuid4, server_default=text("gen_random_uuid()")
    )


class CreatedMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class TimestampMixin(CreatedMixin):
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


# --- sources and targets -------------------------------------------------------------------------


class Connection(TimestampMixin, Base):
    """A source database. The connection string is stored encrypted (see `crypto.py`)."""

    __tablename__ = "connections"

    id: Mapped[uuid.UUID] = _uuid_pk()
    name: Mapped[str] = mapped_column(String(255), unique=True)
    connection_string_encrypted: Mapped[str | None] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(50), server_default="postgres", default="postgres")
    # Host/database without credentials, safe to show in lists.
    display_url: Mapped[str | None] = mapped_column(String(500))
    created_by: Mapped[str | None] = mapped_column(String(255))


class Environment(TimestampMixin, Base):
    """A provisioning target (QA, SIT, UAT, Perf, Dev, ...)."""

    __tablename__ = "environments"

    id: Mapped[uuid.UUID] = _uuid_pk()
    name: Mapped[str] = mapped_column(String(50), unique=True)
    connection_string_encrypted: Mapped[str | None] = mapped_column(Text)
    config_json: Mapped[dict[str, Any] | None]
    display_url: Mapped[str | None] = mapped_column(String(500))
    # Provisioning into this environment waits for a human approval first (e.g. UAT).
    requires_approval: Mapped[bool] = mapped_column(Boolean, server_default=text("false"), default=False)


# --- discovered schemas --------------------------------------------------------------------------


class Schema(TimestampMixin, Base):
    __tablename__ = "schemas"

    id: Mapped[uuid.UUID] = _uuid_pk()
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    source_connection_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("connections.id", ondelete="SET NULL")
    )

    versions: Mapped[list[SchemaVersion]] = relationship(
        back_populates="schema", order_by="SchemaVersion.version_number", passive_deletes=True
    )


class SchemaVersion(Base):
    """Immutable snapshot of one discovery run."""

    __tablename__ = "schema_versions"
    __table_args__ = (UniqueConstraint("schema_id", "version_number"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    schema_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("schemas.id", ondelete="CASCADE"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)
    discovered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    status: Mapped[str] = mapped_column(String(50), server_default="active", default="active")
    # Whole snapshot (tables, columns, relationships, stats) as discovered, for diffs and exports.
    snapshot_json: Mapped[dict[str, Any] | None]
    # Hash of the structural part of the snapshot: two runs with the same fingerprint have no drift.
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))

    schema: Mapped[Schema] = relationship(back_populates="versions")
    tables: Mapped[list[Table]] = relationship(
        back_populates="schema_version", cascade="all, delete-orphan", passive_deletes=True
    )


class Table(Base):
    __tablename__ = "tables"
    __table_args__ = (UniqueConstraint("schema_version_id", "schema_name", "name"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    schema_version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("schema_versions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    schema_name: Mapped[str] = mapped_column(String(255), server_default="public", default="public")
    row_count: Mapped[int | None] = mapped_column(BigInteger)
    # True when row_count is a catalog estimate rather than an exact count.
    row_count_estimated: Mapped[bool] = mapped_column(Boolean, server_default=text("false"), default=False)
    # table | view | materialized_view | partitioned_table | foreign_table
    kind: Mapped[str] = mapped_column(String(50), server_default="table", default="table")
    comment: Mapped[str | None] = mapped_column(Text)
    # Partition names, unique/check constraints, indexes: lists of small dicts.
    partitions: Mapped[list[Any] | None]
    constraints: Mapped[list[Any] | None]
    indexes: Mapped[list[Any] | None]
    stats: Mapped[dict[str, Any] | None]

    schema_version: Mapped[SchemaVersion] = relationship(back_populates="tables")
    columns: Mapped[list[Column]] = relationship(
        back_populates="table",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Column.ordinal_position",
    )


class Column(Base):
    __tablename__ = "columns"
    __table_args__ = (UniqueConstraint("table_id", "name"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    table_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tables.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    data_type: Mapped[str | None] = mapped_column(String(100))
    inferred_type: Mapped[str | None] = mapped_column(String(100))
    nullable: Mapped[bool] = mapped_column(Boolean, server_default=text("true"), default=True)
    ordinal_position: Mapped[int | None] = mapped_column(Integer)
    default: Mapped[str | None] = mapped_column(Text)
    is_primary_key: Mapped[bool] = mapped_column(Boolean, server_default=text("false"), default=False)
    # identity / serial sequence, enum labels, array element type, domain base type...
    type_details: Mapped[dict[str, Any] | None]
    stats: Mapped[dict[str, Any] | None]
    comment: Mapped[str | None] = mapped_column(Text)

    table: Mapped[Table] = relationship(back_populates="columns")


class Relationship(Base):
    """One column pair of a foreign key; a composite key is several rows sharing `name`."""

    __tablename__ = "relationships"

    id: Mapped[uuid.UUID] = _uuid_pk()
    parent_table_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("tables.id", ondelete="CASCADE"), index=True
    )
    child_table_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tables.id", ondelete="CASCADE"), index=True)
    # Indexed so deleting a schema version (cascading to thousands of columns) does not scan this
    # table once per deleted column.
    parent_column_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("columns.id", ondelete="CASCADE"), index=True
    )
    child_column_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("columns.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str | None] = mapped_column(String(255))
    # Position of this pair inside a composite key (0-based).
    column_position: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    # Declared by a user, not by the database: subsetting follows it like a real one.
    is_user_defined: Mapped[bool] = mapped_column(Boolean, server_default=text("false"), default=False)
    on_delete: Mapped[str | None] = mapped_column(String(30))
    created_by: Mapped[str | None] = mapped_column(String(255))


class PIIClassification(TimestampMixin, Base):
    __tablename__ = "pii_classification"
    __table_args__ = (UniqueConstraint("schema_version_id", "table_name", "column_name"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    schema_version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("schema_versions.id", ondelete="CASCADE"), index=True
    )
    # Qualified as "schema.table" when the schema is not the default one.
    table_name: Mapped[str] = mapped_column(String(255))
    column_name: Mapped[str] = mapped_column(String(255))
    pii_type: Mapped[str] = mapped_column(String(100))
    technique: Mapped[str | None] = mapped_column(String(50))
    confidence: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    # Evidence (matched patterns, validator pass rates, LLM reason) without raw values.
    evidence: Mapped[dict[str, Any] | None]
    # Review by a person: who confirmed or overrode the label, and when.
    reviewed_by: Mapped[str | None] = mapped_column(String(255))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# --- datasets ------------------------------------------------------------------------------------


class DatasetVersion(TimestampMixin, Base):
    __tablename__ = "dataset_versions"

    id: Mapped[uuid.UUID] = _uuid_pk()
    name: Mapped[str | None] = mapped_column(String(255))
    schema_version_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("schema_versions.id", ondelete="SET NULL"), index=True
    )
    source_type: Mapped[str] = mapped_column(String(50))  # subset | masked | synthetic
    # writing -> active; failed/purged versions are never served.
    status: Mapped[str] = mapped_column(String(50), server_default="active", default="active")
    path_prefix: Mapped[str] = mapped_column(String(500))
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    row_count: Mapped[int | None] = mapped_column(BigInteger)
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)

    files: Mapped[list[DatasetFile]] = relationship(
        back_populates="dataset_version", cascade="all, delete-orphan", passive_deletes=True
    )


class DatasetMetadata(CreatedMixin, Base):
    __tablename__ = "dataset_metadata"
    __table_args__ = (UniqueConstraint("dataset_version_id", "meta_key"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    dataset_version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dataset_versions.id", ondelete="CASCADE"), index=True
    )
    meta_key: Mapped[str] = mapped_column(String(255))
    meta_value: Mapped[Any | None] = mapped_column(JSONB)


class DatasetFile(CreatedMixin, Base):
    """One Parquet object of a dataset version, with what is needed to verify it later."""

    __tablename__ = "dataset_files"
    __table_args__ = (UniqueConstraint("dataset_version_id", "object_key"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    dataset_version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dataset_versions.id", ondelete="CASCADE"), index=True
    )
    table_name: Mapped[str] = mapped_column(String(255))
    object_key: Mapped[str] = mapped_column(String(1000))
    part_number: Mapped[int | None] = mapped_column(Integer)
    row_count: Mapped[int] = mapped_column(BigInteger)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))

    dataset_version: Mapped[DatasetVersion] = relationship(back_populates="files")


class Lineage(Base):
    __tablename__ = "lineage"
    __table_args__ = (
        Index("ix_lineage_source", "source_type", "source_id"),
        Index("ix_lineage_target", "target_type", "target_id"),
    )

    id: Mapped[uuid.UUID] = _uuid_pk()
    source_type: Mapped[str] = mapped_column(String(50))
    source_id: Mapped[str] = mapped_column(String(255))
    target_type: Mapped[str] = mapped_column(String(50))
    target_id: Mapped[str] = mapped_column(String(255))
    operation: Mapped[str | None] = mapped_column(String(100))
    job_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class MaskingRuleSet(TimestampMixin, Base):
    __tablename__ = "masking_rules"
    # Two writers of the same rule set cannot both create version N.
    __table_args__ = (UniqueConstraint("name", "version"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    name: Mapped[str | None] = mapped_column(String(255))
    schema_version_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("schema_versions.id", ondelete="SET NULL")
    )
    dataset_version_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("dataset_versions.id", ondelete="SET NULL")
    )
    rules_json: Mapped[dict[str, Any]]
    # Rule sets are versioned: an update writes version + 1 under the same name.
    version: Mapped[int] = mapped_column(Integer, server_default="1", default=1)
    created_by: Mapped[str | None] = mapped_column(String(255))


# --- jobs ----------------------------------------------------------------------------------------


class Job(TimestampMixin, Base):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_operation_status", "operation", "status"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    operation: Mapped[str] = mapped_column(String(100))
    # queued | running | awaiting_approval | completed | failed | cancelled
    status: Mapped[str] = mapped_column(String(50), index=True)
    request_json: Mapped[dict[str, Any] | None]
    result_json: Mapped[dict[str, Any] | None]
    # Spec: started_at DEFAULT NOW(). We keep the default and reset it when a worker starts the job.
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user_id: Mapped[str | None] = mapped_column(String(255))
    error: Mapped[str | None] = mapped_column(Text)
    current_node: Mapped[str | None] = mapped_column(String(100))
    attempts: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, server_default=text("false"), default=False)
    idempotency_key: Mapped[str | None] = mapped_column(String(255), unique=True)


class JobLog(Base):
    __tablename__ = "job_logs"

    id: Mapped[uuid.UUID] = _uuid_pk()
    # Insertion order. created_at is the transaction time (equal for every row of one transaction)
    # and ids are random, so neither can order the logs of a job.
    seq: Mapped[int] = mapped_column(BigInteger, Identity(always=True), unique=True)
    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    level: Mapped[str | None] = mapped_column(String(20))
    message: Mapped[str | None] = mapped_column(Text)
    node: Mapped[str | None] = mapped_column(String(100))
    details: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# --- security ------------------------------------------------------------------------------------


class ApiKey(CreatedMixin, Base):
    """An API key; only its SHA-256 is stored. Roles: admin, operator, viewer (spec 13.2)."""

    __tablename__ = "api_keys"

    id: Mapped[uuid.UUID] = _uuid_pk()
    name: Mapped[str] = mapped_column(String(255))
    # First characters of the key, shown in lists so a user can tell keys apart.
    key_prefix: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[str | None] = mapped_column(String(255))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class VaultToken(CreatedMixin, Base):
    """Reversible tokenization (mask.tokenize): token -> encrypted original value.

    `value_hmac` is a keyed hash of the original so the same value always gets the same token
    without storing the value in clear.
    """

    __tablename__ = "token_vault"
    __table_args__ = (
        UniqueConstraint("namespace", "token"),
        UniqueConstraint("namespace", "value_hmac"),
    )

    id: Mapped[uuid.UUID] = _uuid_pk()
    namespace: Mapped[str] = mapped_column(String(255))
    token: Mapped[str] = mapped_column(String(255))
    value_hmac: Mapped[str] = mapped_column(String(64))
    value_encrypted: Mapped[str] = mapped_column(Text)


class AuditEvent(CreatedMixin, Base):
    """Who did what sensitive thing, when (spec 10.2 governance): e.g. a detokenization by an admin.

    Never the sensitive value itself: `details` holds ids, names and counts.
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_created_at", "created_at"),)

    id: Mapped[uuid.UUID] = _uuid_pk()
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(100))
    target: Mapped[str | None] = mapped_column(String(500))
    details: Mapped[dict[str, Any] | None]
