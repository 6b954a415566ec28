"""The dataset store: dataset versions as Parquet files in an S3 bucket (spec 12.1).

Write with `open_version()` (see writer.py), read with `read_table()`; both stream record batches so
memory does not depend on table size. Every S3 failure surfaces as a `tdm_core.errors.TDMError`:
a missing version or table is NotFoundError (404), an unreachable endpoint DependencyUnavailableError
(503, retryable), bad credentials or a missing bucket ConfigurationError; messages never carry the
secret key.
"""

from __future__ import annotations

import hashlib
import logging
import math
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.parquet as pq
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError
from pydantic import BaseModel, ValidationError
from tdm_core.errors import BadRequestError, ConflictError, InvalidInputError, NotFoundError, TDMError

from tdm_dataset_store.client import make_s3_client
from tdm_dataset_store.errors import S3_ERRORS, Scrubber, is_not_found, s3_error_code, translate
from tdm_dataset_store.manifest import FileInfo, Manifest, TableManifest
from tdm_dataset_store.paths import (
    DATASETS_ROOT,
    manifest_key,
    validate_table_name,
    validate_version_id,
    version_prefix,
)
from tdm_dataset_store.settings import DatasetStoreSettings
from tdm_dataset_store.source import S3RangeReader
from tdm_dataset_store.writer import VersionWriter

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

log = logging.getLogger(__name__)

# CopyObject handles objects up to 5 GiB; larger ones need a multipart copy (UploadPartCopy).
COPY_OBJECT_LIMIT = 5 * 1024**3
# DeleteObjects accepts at most 1000 keys per request.
DELETE_BATCH = 1000
# SigV4 presigned URLs live at most 7 days.
MAX_PRESIGN_SECONDS = 7 * 24 * 3600


class ObjectInfo(BaseModel):
    key: str
    size_bytes: int
    etag: str
    last_modified: datetime | None = None


class FileCheck(BaseModel):
    key: str
    ok: bool
    problems: list[str]
    expected_sha256: str
    actual_sha256: str | None = None
    expected_rows: int
    actual_rows: int | None = None
    expected_size: int
    actual_size: int | None = None


class VerificationReport(BaseModel):
    dataset_version_id: str
    ok: bool
    files: list[FileCheck]
    # Objects under the version's prefix that the manifest does not list (e.g. left by a crash).
    unexpected_keys: list[str]


class DatasetStore:
    def __init__(
        self, settings: DatasetStoreSettings | None = None, *, client: S3Client | None = None
    ) -> None:
        self.settings = settings if settings is not None else DatasetStoreSettings.load()
        self.bucket = self.settings.bucket
        self.client: S3Client = client if client is not None else make_s3_client(self.settings)
        secret = self.settings.secret_access_key
        self._scrub = Scrubber(secret.get_secret_value() if secret else None)

    @classmethod
    def load(cls) -> DatasetStore:
        """A store configured from the environment / env files, as every service does it."""
        return cls(DatasetStoreSettings.load())

    @property
    def endpoint(self) -> str:
        """Where the data lives, for messages (never includes credentials)."""
        return self.settings.endpoint_url or f"AWS S3 ({self.settings.aws_region})"

    def close(self) -> None:
        self.client.close()

    # --- errors ------------------------------------------------------------------------------------
    @contextmanager
    def s3_call(self, action: str) -> Iterator[None]:
        """Translate S3 failures raised inside the block into TDMErrors that say what we were doing."""
        try:
            yield
        except TDMError:
            raise
        except S3_ERRORS as exc:
            raise translate(
                exc, action=action, endpoint=self.endpoint, bucket=self.bucket, scrub=self._scrub
            ) from exc

    # --- bucket ------------------------------------------------------------------------------------
    def ensure_bucket(self) -> bool:
        """Create the bucket if it does not exist; returns True when it was created."""
        with self.s3_call(f"checking bucket {self.bucket!r}"):
            try:
                self.client.head_bucket(Bucket=self.bucket)
                return False
            except ClientError as exc:
                if s3_error_code(exc) not in ("404", "NoSuchBucket", "NotFound"):
                    raise
        with self.s3_call(f"creating bucket {self.bucket!r}"):
            try:
                if self.settings.endpoint_url is None and self.settings.aws_region != "us-east-1":
                    self.client.create_bucket(
                        Bucket=self.bucket,
                        CreateBucketConfiguration={"LocationConstraint": self.settings.aws_region},  # type: ignore[typeddict-item]
                    )
                else:
                    self.client.create_bucket(Bucket=self.bucket)
            except ClientError as exc:
                if s3_error_code(exc) in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                    return False  # created concurrently by another process
                raise
        log.info("created S3 bucket %s on %s", self.bucket, self.endpoint)
        return True

    # --- writing -----------------------------------------------------------------------------------
    def open_version(self, version_id: str | uuid.UUID) -> VersionWriter:
        """Start writing a version. A committed version is immutable (ConflictError); leftovers of an
        earlier attempt that never committed (a killed worker) are cleared, so a retried job starts clean.
        """
        vid = validate_version_id(version_id)
        if self.exists(vid):
            raise ConflictError(
                f"dataset version {vid} already exists in bucket {self.bucket!r}; purge it before rewriting"
            )
        prefix = version_prefix(vid)
        stale_uploads = self.abort_uploads(prefix)
        stale_objects = self.delete_prefix(prefix)
        if stale_uploads or stale_objects:
            log.warning(
                "dataset %s: cleared %d object(s) and %d upload(s) left by an uncommitted attempt",
                vid,
                stale_objects,
                stale_uploads,
            )
        return VersionWriter(self, vid)

    # --- reading -----------------------------------------------------------------------------------
    def exists(self, version_id: str | uuid.UUID) -> bool:
        """True once the version is committed (its manifest exists)."""
        key = manifest_key(version_id)
        with self.s3_call(f"looking up dataset version {version_id}"):
            try:
                self.client.head_object(Bucket=self.bucket, Key=key)
            except ClientError as exc:
                if is_not_found(exc):
                    return False
                raise
        return True

    def manifest(self, version_id: str | uuid.UUID) -> Manifest:
        vid = validate_version_id(version_id)
        with self.s3_call(f"reading the manifest of dataset version {vid}"):
            try:
                body = self.client.get_object(Bucket=self.bucket, Key=manifest_key(vid))["Body"].read()
            except ClientError as exc:
                if is_not_found(exc):
                    raise NotFoundError(
                        f"dataset version {vid} not found in bucket {self.bucket!r} (no committed manifest)"
                    ) from None
                raise
        try:
            return Manifest.model_validate_json(body)
        except ValidationError as exc:
            raise TDMError(
                f"manifest of dataset version {vid} is unreadable ({exc.error_count()} errors)"
            ) from exc

    def list_tables(self, version_id: str | uuid.UUID) -> list[str]:
        return [t.name for t in self.manifest(version_id).tables]

    def table(self, version_id: str | uuid.UUID, table: str) -> TableManifest:
        """The manifest entry of one table (files, row count, schema)."""
        return self.manifest(version_id).table(validate_table_name(table))

    def table_schema(self, version_id: str | uuid.UUID, table: str) -> pa.Schema:
        return self.table(version_id, table).pa_schema()

    def list_objects(self, version_id: str | uuid.UUID) -> list[ObjectInfo]:
        """Every object under the version's prefix, committed or not, in key order."""
        prefix = version_prefix(version_id)
        found: list[ObjectInfo] = []
        with self.s3_call(f"listing dataset version {version_id}"):
            paginator = self.client.get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
                for obj in page.get("Contents", []):
                    found.append(
                        ObjectInfo(
                            key=obj["Key"],
                            size_bytes=obj.get("Size", 0),
                            etag=obj.get("ETag", "").strip('"'),
                            last_modified=obj.get("LastModified"),
                        )
                    )
        return found

    def read_table(
        self,
        version_id: str | uuid.UUID,
        table: str,
        *,
        columns: Sequence[str] | None = None,
        batch_size: int = 65_536,
    ) -> Iterator[pa.RecordBatch]:
        """Stream a table's rows back, file by file and row group by row group.

        The version and table are checked now (NotFoundError raises here, not at the first `next`).
        """
        entry = self.table(version_id, table)
        if columns is not None:
            unknown = [c for c in columns if c not in entry.pa_schema().names]
            if unknown:
                raise InvalidInputError(f"table {table!r} has no column(s) {unknown}")
        if batch_size <= 0:
            raise InvalidInputError("batch_size must be positive")
        return self._iter_files(entry, list(columns) if columns is not None else None, batch_size)

    def _iter_files(
        self, entry: TableManifest, columns: list[str] | None, batch_size: int
    ) -> Iterator[pa.RecordBatch]:
        for info in entry.files:
            action = f"reading {info.key}"
            with self.open_object(info.key, size=info.size_bytes) as reader:
                with self.s3_call(action):
                    parquet = pq.ParquetFile(reader, pre_buffer=True)
                for group in range(parquet.num_row_groups):
                    # One row group at a time: memory holds one group's column chunks, not the file.
                    batches = parquet.iter_batches(batch_size=batch_size, row_groups=[group], columns=columns)
                    while True:
                        with self.s3_call(action):
                            batch = next(batches, None)
                        if batch is None:
                            break
                        yield batch

    def open_object(self, key: str, *, size: int | None = None) -> S3RangeReader:
        """A seekable read-only file over one object (ranged GETs), e.g. for pyarrow or a download."""
        self._require_dataset_key(key)
        if size is None:
            with self.s3_call(f"opening {key}"):
                try:
                    size = self.client.head_object(Bucket=self.bucket, Key=key)["ContentLength"]
                except ClientError as exc:
                    if is_not_found(exc):
                        raise NotFoundError(f"object {key!r} not found in bucket {self.bucket!r}") from None
                    raise
        return S3RangeReader(
            self.client, self.bucket, key, size, block_size=self.settings.tdm_dataset_read_block_bytes
        )

    # --- sharing -----------------------------------------------------------------------------------
    def presigned_url(self, target: str | tuple[str | uuid.UUID, str], expires_in: int = 3600) -> str:
        """A time-limited GET URL for one object: an object key, or (version_id, table) of a single-file
        table. A table rolled into part files has several objects: use `presigned_urls` for it.
        """
        if isinstance(target, tuple):
            version_id, table = target
            entry = self.table(version_id, table)
            if len(entry.files) != 1:
                raise BadRequestError(
                    f"table {table!r} of dataset version {version_id} has {len(entry.files)} part files; "
                    "use presigned_urls() to get one URL per part"
                )
            key = entry.files[0].key
        else:
            key = target
            self._require_dataset_key(key)
            with self.s3_call(f"presigning {key}"):
                try:
                    self.client.head_object(Bucket=self.bucket, Key=key)
                except ClientError as exc:
                    if is_not_found(exc):
                        raise NotFoundError(f"object {key!r} not found in bucket {self.bucket!r}") from None
                    raise
        return self._presign(key, expires_in)

    def presigned_urls(
        self, version_id: str | uuid.UUID, table: str, expires_in: int = 3600
    ) -> list[tuple[FileInfo, str]]:
        """One GET URL per file of a table, in part order, with each file's checksum and row count."""
        return [(info, self._presign(info.key, expires_in)) for info in self.table(version_id, table).files]

    def _presign(self, key: str, expires_in: int) -> str:
        if not 1 <= expires_in <= MAX_PRESIGN_SECONDS:
            raise InvalidInputError(f"expires_in must be between 1 and {MAX_PRESIGN_SECONDS} seconds")
        with self.s3_call(f"presigning {key}"):
            url: str = self.client.generate_presigned_url(
                "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=expires_in
            )
        return url

    # --- deleting and checking ---------------------------------------------------------------------
    def purge_version(self, version_id: str | uuid.UUID) -> int:
        """Delete every object of the version; returns how many. Purging an absent version returns 0.

        The manifest goes first, so readers stop seeing the version before its data files disappear.
        """
        vid = validate_version_id(version_id)
        deleted = self.delete_keys([manifest_key(vid)]) if self.exists(vid) else 0
        self.abort_uploads(version_prefix(vid))
        deleted += self.delete_prefix(version_prefix(vid))
        log.info("dataset %s purged: %d object(s) deleted", vid, deleted)
        return deleted

    def verify_version(self, version_id: str | uuid.UUID) -> VerificationReport:
        """Re-read every file: sha256 and size of the bytes, row count of the Parquet footer."""
        manifest = self.manifest(version_id)
        checks = [self._verify_file(info) for info in manifest.files]
        listed = {info.key for info in manifest.files} | {manifest_key(manifest.dataset_version_id)}
        unexpected = [o.key for o in self.list_objects(manifest.dataset_version_id) if o.key not in listed]
        return VerificationReport(
            dataset_version_id=manifest.dataset_version_id,
            ok=all(c.ok for c in checks) and not unexpected,
            files=checks,
            unexpected_keys=unexpected,
        )

    def _verify_file(self, info: FileInfo) -> FileCheck:
        check = FileCheck(
            key=info.key,
            ok=False,
            problems=[],
            expected_sha256=info.sha256,
            expected_rows=info.row_count,
            expected_size=info.size_bytes,
        )
        action = f"verifying {info.key}"
        with self.s3_call(action):
            try:
                body = self.client.get_object(Bucket=self.bucket, Key=info.key)["Body"]
            except ClientError as exc:
                if is_not_found(exc):
                    check.problems.append("object is missing")
                    return check
                raise
            digest = hashlib.sha256()
            size = 0
            for chunk in body.iter_chunks(1024 * 1024):
                digest.update(chunk)
                size += len(chunk)
        check.actual_sha256 = digest.hexdigest()
        check.actual_size = size
        if size != info.size_bytes:
            check.problems.append(f"size {size} != manifest {info.size_bytes}")
        if check.actual_sha256 != info.sha256:
            check.problems.append("sha256 differs from the manifest")
        try:
            with self.s3_call(action), self.open_object(info.key, size=size) as reader:
                check.actual_rows = pq.ParquetFile(reader).metadata.num_rows
        except (pa.ArrowInvalid, OSError) as exc:
            check.problems.append(f"not a readable Parquet file ({type(exc).__name__})")
        if check.actual_rows is not None and check.actual_rows != info.row_count:
            check.problems.append(f"row count {check.actual_rows} != manifest {info.row_count}")
        check.ok = not check.problems
        return check

    # --- low-level helpers (also used by the writer) -------------------------------------------------
    def delete_keys(self, keys: Sequence[str]) -> int:
        """Batch-delete keys (1000 per request); returns how many were deleted."""
        deleted = 0
        for start in range(0, len(keys), DELETE_BATCH):
            chunk = keys[start : start + DELETE_BATCH]
            with self.s3_call(f"deleting {len(chunk)} object(s)"):
                response = self.client.delete_objects(
                    Bucket=self.bucket,
                    Delete={"Objects": [{"Key": k} for k in chunk], "Quiet": False},
                )
            errors = response.get("Errors", [])
            if errors:
                codes = sorted({str(e.get("Code")) for e in errors})
                example = errors[0].get("Key")
                raise ConflictError(
                    f"could not delete {len(errors)} of {len(chunk)} object(s) "
                    f"(e.g. {example!r}: {', '.join(codes)})"
                )
            deleted += len(response.get("Deleted", []))
        return deleted

    def delete_prefix(self, prefix: str) -> int:
        """Delete every object under a prefix, page by page (never the whole listing in memory)."""
        self._require_dataset_key(prefix)
        deleted = 0
        with self.s3_call(f"listing {prefix}"):
            paginator = self.client.get_paginator("list_objects_v2")
            pages = paginator.paginate(Bucket=self.bucket, Prefix=prefix, PaginationConfig={"PageSize": 1000})
            for page in pages:
                keys = [obj["Key"] for obj in page.get("Contents", [])]
                if keys:
                    deleted += self.delete_keys(keys)
        return deleted

    def abort_uploads(self, prefix: str) -> int:
        """Abort every in-progress multipart upload under a prefix; returns how many."""
        self._require_dataset_key(prefix)
        aborted = 0
        with self.s3_call(f"aborting uploads under {prefix}"):
            paginator = self.client.get_paginator("list_multipart_uploads")
            for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
                for upload in page.get("Uploads", []):
                    try:
                        self.client.abort_multipart_upload(
                            Bucket=self.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                        )
                        aborted += 1
                    except ClientError as exc:
                        if not is_not_found(exc):
                            raise
        return aborted

    def list_uploads(self, prefix: str) -> list[str]:
        """Keys with an in-progress multipart upload under a prefix (what a crash could leave)."""
        self._require_dataset_key(prefix)
        keys: list[str] = []
        with self.s3_call(f"listing uploads under {prefix}"):
            paginator = self.client.get_paginator("list_multipart_uploads")
            for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
                keys.extend(u["Key"] for u in page.get("Uploads", []))
        return keys

    def copy_object(self, source_key: str, target_key: str, size: int) -> None:
        """Server-side copy inside the bucket; multipart copy above the CopyObject limit."""
        source = {"Bucket": self.bucket, "Key": source_key}
        with self.s3_call(f"copying {source_key} to {target_key}"):
            if size <= COPY_OBJECT_LIMIT:
                self.client.copy_object(Bucket=self.bucket, Key=target_key, CopySource=source)  # type: ignore[arg-type]
            else:
                # Keep the part count under S3's 10,000 whatever the file size.
                chunk = max(self.settings.tdm_dataset_part_size_bytes, math.ceil(size / 9_000))
                config = TransferConfig(
                    multipart_threshold=COPY_OBJECT_LIMIT,
                    multipart_chunksize=chunk,
                    max_concurrency=self.settings.tdm_dataset_upload_concurrency,
                    use_threads=True,
                )
                self.client.copy(source, self.bucket, target_key, Config=config)  # type: ignore[arg-type]

    def _require_dataset_key(self, key: str) -> None:
        # The store only touches its own keys: a caller cannot presign or delete other bucket content.
        if not key.startswith(DATASETS_ROOT) or ".." in key:
            raise InvalidInputError(
                f"key {key[:200]!r} is not a dataset-store key (must start with {DATASETS_ROOT!r})"
            )
