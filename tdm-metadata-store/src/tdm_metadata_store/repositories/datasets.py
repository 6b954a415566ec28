"""Dataset versions (Parquet sets in S3), their files and key-value metadata.

Lifecycle: `writing` (created before the first byte is uploaded) -> `active` (all files recorded) or
`failed`; `active`/`failed` -> `purged` once the objects are deleted. Only `active` versions are served,
so a job that dies half-way never leaves a readable half-written dataset.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from tdm_core.errors import ConflictError, InvalidInputError, NotFoundError

from tdm_metadata_store.models import DatasetFile, DatasetMetadata, DatasetVersion

SOURCE_TYPES = ("subset", "masked", "synthetic")
STATUSES = ("writing", "active", "failed", "purged")
# status -> statuses it may move to
_TRANSITIONS = {
    "active": ("writing",),
    "failed": ("writing",),
    "purged": ("active", "failed"),
}
_FILE_KEYS = ("table_name", "object_key", "row_count", "size_bytes", "sha256")


def path_prefix_for(version_id: uuid.UUID) -> str:
    """Spec 12.1: objects live under datasets/<dataset_version_id>/ in the bucket."""
    return f"datasets/{version_id}/"


class DatasetRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def create_version(
        self,
        *,
        source_type: str,
        name: str | None = None,
        schema_version_id: uuid.UUID | None = None,
        job_id: uuid.UUID | None = None,
    ) -> DatasetVersion:
        if source_type not in SOURCE_TYPES:
            raise InvalidInputError(
                f"source_type must be one of {', '.join(SOURCE_TYPES)}, not {source_type!r}"
            )
        version_id = uuid.uuid4()
        row = DatasetVersion(
            id=version_id,
            name=name,
            schema_version_id=schema_version_id,
            source_type=source_type,
            status="writing",
            path_prefix=path_prefix_for(version_id),
            job_id=job_id,
        )
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, version_id: uuid.UUID) -> DatasetVersion | None:
        return self.session.get(DatasetVersion, version_id)

    def require(self, version_id: uuid.UUID) -> DatasetVersion:
        row = self.get(version_id)
        if row is None:
            raise NotFoundError(f"dataset version {version_id} does not exist")
        return row

    def list_versions(
        self,
        *,
        source_type: str | None = None,
        schema_version_id: uuid.UUID | None = None,
        status: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[Sequence[DatasetVersion], int]:
        query = select(DatasetVersion)
        if source_type is not None:
            query = query.where(DatasetVersion.source_type == source_type)
        if schema_version_id is not None:
            query = query.where(DatasetVersion.schema_version_id == schema_version_id)
        if status is not None:
            query = query.where(DatasetVersion.status == status)
        total = self.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = self.session.execute(
            query.order_by(DatasetVersion.created_at.desc(), DatasetVersion.id).limit(limit).offset(offset)
        )
        return rows.scalars().all(), total

    # lifecycle

    def _transition(self, version_id: uuid.UUID, status: str, **values: Any) -> DatasetVersion:
        allowed_from = _TRANSITIONS[status]
        # Conditional UPDATE: two workers finishing the same version cannot both succeed.
        result = self.session.execute(
            update(DatasetVersion)
            .where(DatasetVersion.id == version_id, DatasetVersion.status.in_(allowed_from))
            .values(status=status, updated_at=func.now(), **values)
            .returning(DatasetVersion.id)
            .execution_options(synchronize_session=False)
        ).first()
        row = self.require(version_id)
        self.session.refresh(row)  # the identity map may hold the status from before the UPDATE
        if result is None:
            raise ConflictError(
                f"dataset version {version_id} is {row.status}; only a version that is "
                f"{' or '.join(allowed_from)} can become {status}"
            )
        return row

    def mark_active(
        self, version_id: uuid.UUID, *, row_count: int | None = None, size_bytes: int | None = None
    ) -> DatasetVersion:
        """Publish a fully written version; totals default to the sums over its recorded files."""
        if row_count is None or size_bytes is None:
            files_rows, files_bytes = self.session.execute(
                select(
                    func.coalesce(func.sum(DatasetFile.row_count), 0),
                    func.coalesce(func.sum(DatasetFile.size_bytes), 0),
                ).where(DatasetFile.dataset_version_id == version_id)
            ).one()
            row_count = int(files_rows) if row_count is None else row_count
            size_bytes = int(files_bytes) if size_bytes is None else size_bytes
        return self._transition(version_id, "active", row_count=row_count, size_bytes=size_bytes)

    def mark_failed(self, version_id: uuid.UUID) -> DatasetVersion:
        return self._transition(version_id, "failed")

    def mark_purged(self, version_id: uuid.UUID) -> DatasetVersion:
        return self._transition(version_id, "purged")

    # files

    def add_files(self, version_id: uuid.UUID, files: Iterable[Mapping[str, Any]]) -> int:
        """Record uploaded Parquet objects in bulk (only while the version is being written)."""
        version = self.require(version_id)
        if version.status != "writing":
            raise ConflictError(
                f"dataset version {version_id} is {version.status}; files can only be added while writing"
            )
        rows: list[dict[str, Any]] = []
        for index, file in enumerate(files):
            missing = [key for key in _FILE_KEYS if file.get(key) is None]
            if missing:
                raise InvalidInputError(f"dataset file #{index}: missing {', '.join(missing)}")
            if not str(file["object_key"]).startswith(version.path_prefix):
                raise InvalidInputError(
                    f"dataset file #{index}: object key must start with {version.path_prefix!r}"
                )
            rows.append(
                {
                    "id": uuid.uuid4(),
                    "dataset_version_id": version_id,
                    "table_name": file["table_name"],
                    "object_key": file["object_key"],
                    "part_number": file.get("part_number"),
                    "row_count": int(file["row_count"]),
                    "size_bytes": int(file["size_bytes"]),
                    "sha256": file["sha256"],
                }
            )
        if not rows:
            return 0
        try:
            with self.session.begin_nested():
                self.session.execute(insert(DatasetFile), rows)
        except IntegrityError:
            raise ConflictError(f"dataset version {version_id}: an object key was recorded twice") from None
        return len(rows)

    def files(self, version_id: uuid.UUID) -> Sequence[DatasetFile]:
        return (
            self.session.execute(
                select(DatasetFile)
                .where(DatasetFile.dataset_version_id == version_id)
                .order_by(DatasetFile.table_name, DatasetFile.part_number, DatasetFile.object_key)
            )
            .scalars()
            .all()
        )

    # metadata

    def set_metadata(self, version_id: uuid.UUID, values: Mapping[str, Any]) -> None:
        """Upsert key-value metadata (stats, row counts, request parameters)."""
        if not values:
            return
        self.require(version_id)
        stmt = pg_insert(DatasetMetadata)
        stmt = stmt.on_conflict_do_update(
            index_elements=["dataset_version_id", "meta_key"], set_={"meta_value": stmt.excluded.meta_value}
        )
        self.session.execute(
            stmt,
            [
                {"id": uuid.uuid4(), "dataset_version_id": version_id, "meta_key": key, "meta_value": value}
                for key, value in values.items()
            ],
        )

    def get_metadata(self, version_id: uuid.UUID, keys: Iterable[str] | None = None) -> dict[str, Any]:
        query = select(DatasetMetadata.meta_key, DatasetMetadata.meta_value).where(
            DatasetMetadata.dataset_version_id == version_id
        )
        if keys is not None:
            query = query.where(DatasetMetadata.meta_key.in_(list(keys)))
        return {key: value for key, value in self.session.execute(query.order_by(DatasetMetadata.meta_key))}
