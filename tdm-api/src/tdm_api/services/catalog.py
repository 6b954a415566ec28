"""Read side of the metadata catalog: schemas, PII maps, datasets, lineage, rule sets.

All SQL stays in the metadata-store repositories; this module shapes their rows into response models.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session
from tdm_core.errors import NotFoundError
from tdm_metadata_store.models import DatasetFile, DatasetVersion, Schema, SchemaVersion
from tdm_metadata_store.repositories.datasets import DatasetRepository
from tdm_metadata_store.repositories.lineage import LineageRepository
from tdm_metadata_store.repositories.pii import PIIRepository
from tdm_metadata_store.repositories.schemas import DEFAULT_NAMESPACE, SchemaRepository

from tdm_api.models.response import (
    ColumnOut,
    DatasetDetail,
    DatasetFileOut,
    DatasetOut,
    LineageGraph,
    PIIEntry,
    PIIMap,
    RelationshipOut,
    SchemaDetail,
    SchemaOut,
    SchemaVersionOut,
    TableOut,
)

# How far GET /dataset/{id} walks the lineage graph each way (GET /lineage/dataset/{id} takes ?depth=).
LINEAGE_DEPTH = 5


def _qualified(schema_name: str, table: str) -> str:
    # The PII map names tables as "schema.table" unless the schema is the default one.
    return table if schema_name == DEFAULT_NAMESPACE else f"{schema_name}.{table}"


class Catalog:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.schemas = SchemaRepository(session)

    # --- schemas ---------------------------------------------------------------------------------

    def _schema_out(self, schema: Schema) -> SchemaOut:
        out = SchemaOut.model_validate(schema)
        latest = self.schemas.latest_version(schema.id)
        if latest is not None:
            out.latest_version_id = latest.id
            out.latest_version_number = latest.version_number
        return out

    def list_schemas(
        self, *, source_connection_id: uuid.UUID | None, limit: int, offset: int
    ) -> tuple[list[SchemaOut], int]:
        rows, total = self.schemas.list(source_connection_id=source_connection_id, limit=limit, offset=offset)
        return [self._schema_out(row) for row in rows], total

    def list_versions(
        self, schema_id: uuid.UUID, *, limit: int, offset: int
    ) -> tuple[list[SchemaVersionOut], int]:
        self.schemas.require(schema_id)
        rows, total = self.schemas.list_versions(schema_id, limit=limit, offset=offset)
        return [SchemaVersionOut.model_validate(row) for row in rows], total

    def _pick_version(
        self, schema: Schema, version_number: int | None, version_id: uuid.UUID | None
    ) -> SchemaVersion | None:
        if version_id is not None:
            version = self.schemas.get_version(version_id)
            if version is None or version.schema_id != schema.id:
                raise NotFoundError(f"schema {schema.id} has no version {version_id}")
            return version
        if version_number is not None:
            versions: Sequence[SchemaVersion]
            versions, _ = self.schemas.list_versions(schema.id, limit=1, offset=0)
            newest = versions[0].version_number if versions else 0
            if version_number > newest:
                raise NotFoundError(f"schema {schema.id} has no version {version_number} (newest: {newest})")
            found, _ = self.schemas.list_versions(schema.id, limit=1, offset=newest - version_number)
            if not found or found[0].version_number != version_number:
                raise NotFoundError(f"schema {schema.id} has no version {version_number}")
            return found[0]
        return self.schemas.latest_version(schema.id)

    def schema_detail(
        self, schema_id: uuid.UUID, *, version_number: int | None, version_id: uuid.UUID | None
    ) -> SchemaDetail:
        schema = self.schemas.require(schema_id)
        base = self._schema_out(schema)
        version = self._pick_version(schema, version_number, version_id)
        if version is None:
            return SchemaDetail(**base.model_dump(), version=None, counts={}, tables=[], relationships=[])
        snapshot = self.schemas.load_version(version.id)
        labels = {
            (entry["table"], entry["column"]): entry["pii_type"]
            for entry in PIIRepository(self.session).get_map(version.id)
        }
        tables = []
        for table in snapshot["tables"]:
            qualified = _qualified(table["schema"], table["name"])
            columns = [
                ColumnOut(**column, pii_type=labels.get((qualified, column["name"])))
                for column in table["columns"]
            ]
            tables.append(TableOut.model_validate({**table, "columns": columns}))
        return SchemaDetail(
            **base.model_dump(),
            version=SchemaVersionOut.model_validate(version),
            counts=self.schemas.counts(version.id),
            tables=tables,
            relationships=[RelationshipOut.model_validate(rel) for rel in snapshot["relationships"]],
        )

    # --- PII -------------------------------------------------------------------------------------

    def pii_map(self, schema_version_id: uuid.UUID) -> PIIMap:
        if self.schemas.get_version(schema_version_id) is None:
            raise NotFoundError(f"schema version {schema_version_id} does not exist")
        entries = PIIRepository(self.session).get_map(schema_version_id)
        return PIIMap(
            schema_version_id=schema_version_id, pii_map=[PIIEntry.model_validate(e) for e in entries]
        )

    # --- datasets and lineage --------------------------------------------------------------------

    def list_datasets(
        self,
        *,
        source_type: str | None,
        schema_version_id: uuid.UUID | None,
        status: str | None,
        limit: int,
        offset: int,
    ) -> tuple[list[DatasetOut], int]:
        rows, total = DatasetRepository(self.session).list_versions(
            source_type=source_type,
            schema_version_id=schema_version_id,
            status=status,
            limit=limit,
            offset=offset,
        )
        return [DatasetOut.model_validate(row) for row in rows], total

    def dataset_detail(self, version_id: uuid.UUID) -> DatasetDetail:
        repo = DatasetRepository(self.session)
        row = repo.require(version_id)
        return DatasetDetail(
            **DatasetOut.model_validate(row).model_dump(),
            files=[DatasetFileOut.model_validate(f) for f in repo.files(version_id)],
            metadata=repo.get_metadata(version_id),
            lineage=self.lineage("dataset_version", version_id, depth=LINEAGE_DEPTH),
        )

    def lineage(self, node_type: str, node_id: uuid.UUID, *, depth: int) -> LineageGraph:
        return LineageGraph.model_validate(
            LineageRepository(self.session).graph(node_type, node_id, depth=depth)
        )

    def require_dataset(self, version_id: uuid.UUID) -> DatasetVersion:
        return DatasetRepository(self.session).require(version_id)

    def dataset_files(self, version_id: uuid.UUID) -> Sequence[DatasetFile]:
        return DatasetRepository(self.session).files(version_id)
