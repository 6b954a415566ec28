"""Streaming writer of one dataset version: tables go in as record batches, Parquet comes out in S3.

Use it as a context manager. Leaving the block normally commits (writes `_manifest.json`, the marker
that makes the version visible to readers); an exception aborts, which aborts open multipart uploads
and deletes every object already written under the version's prefix, so a failed job leaves nothing
half-written. A writer is not thread-safe: write tables one after the other.

Part-file layout. A table is written to `<table>.parquet` until that file holds
TDM_DATASET_MAX_ROWS_PER_FILE rows *and another row arrives*. At that moment (only then) the finished
first file is copied server-side to `<table>/part-00000.parquet`, the original is deleted, and writing
continues in `part-00001.parquet`. So a table ends in exactly one of the two layouts, decided by its
real row count, without buffering the table and without guessing its size up front (a guess made from
a row estimate would be wrong for skewed rows and a source may not know its count). The price is one
server-side copy of one file per large table: no bytes travel through this process again, the bytes
are identical (so the recorded sha256 stays valid) and it happens before the manifest exists, so no
reader can see the intermediate state.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from types import TracebackType
from typing import TYPE_CHECKING, Literal

import pyarrow as pa
import pyarrow.parquet as pq
from tdm_core.errors import ConflictError, InvalidInputError, TDMError

from tdm_dataset_store.manifest import FileInfo, Manifest, TableManifest, table_manifest
from tdm_dataset_store.paths import (
    manifest_key,
    part_key,
    single_file_key,
    validate_table_name,
    version_prefix,
)
from tdm_dataset_store.sink import MultipartUploadSink

if TYPE_CHECKING:
    from tdm_dataset_store.store import DatasetStore

log = logging.getLogger(__name__)

WriterState = Literal["open", "committed", "aborted"]


class VersionWriter:
    def __init__(self, store: DatasetStore, version_id: str) -> None:
        self.store = store
        self.version_id = version_id
        self.prefix = version_prefix(version_id)
        self._tables: dict[str, TableManifest] = {}
        self._state: WriterState = "open"
        self._open_sinks: set[MultipartUploadSink] = set()
        self._executor: ThreadPoolExecutor | None = None

    # --- context manager --------------------------------------------------------------------------
    def __enter__(self) -> VersionWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            if self._state == "open":
                self.commit()
            return
        if self._state == "open":
            try:
                self.abort()
            except Exception:
                # Never hide the error that made the job fail behind a clean-up error.
                log.exception("abort of dataset version %s failed; objects may remain", self.version_id)

    # --- public API ---------------------------------------------------------------------------------
    @property
    def state(self) -> WriterState:
        return self._state

    @property
    def tables(self) -> list[TableManifest]:
        return list(self._tables.values())

    def write_table(
        self, name: str, batches: Iterable[pa.RecordBatch | pa.Table], schema: pa.Schema
    ) -> list[FileInfo]:
        """Stream one table into Parquet file(s); returns the files written, in part order.

        The iterable is consumed once, lazily. Batches must carry the declared schema's column names;
        types are cast when the cast is lossless, otherwise the write fails with InvalidInputError. If
        anything fails, this table's objects are removed before the error propagates.
        """
        self._require_open()
        name = validate_table_name(name)
        if name in self._tables:
            raise ConflictError(f"table {name!r} was already written to dataset version {self.version_id}")
        if not isinstance(schema, pa.Schema):
            raise InvalidInputError(
                f"table {name!r}: schema must be a pyarrow.Schema, got {type(schema).__name__}"
            )
        if len(set(schema.names)) != len(schema.names):
            dupes = sorted({n for n in schema.names if schema.names.count(n) > 1})
            raise InvalidInputError(f"table {name!r}: duplicate column names {dupes}")
        table_writer = _TableWriter(self, name, schema)
        try:
            files = table_writer.run(batches)
        except BaseException:
            table_writer.discard()
            raise
        self._tables[name] = table_manifest(name, schema, files)
        log.info(
            "dataset %s: wrote table %s (%d rows, %d file(s), %d bytes)",
            self.version_id,
            name,
            sum(f.row_count for f in files),
            len(files),
            sum(f.size_bytes for f in files),
        )
        return files

    def copy_table(self, entry: TableManifest) -> list[FileInfo]:
        """A table of another (committed) version, unchanged: its files copied server-side, no byte
        through this process (a masked version keeps its unmasked tables this way)."""
        self._require_open()
        name = validate_table_name(entry.name)
        if name in self._tables:
            raise ConflictError(f"table {name!r} was already written to dataset version {self.version_id}")
        files: list[FileInfo] = []
        for info in entry.files:
            key = (
                single_file_key(self.version_id, name)
                if entry.layout == "single"
                else part_key(self.version_id, name, info.part_number)
            )
            self.store.copy_object(info.key, key, info.size_bytes)
            files.append(info.model_copy(update={"key": key}))
        self._tables[name] = entry.model_copy(update={"files": files})
        return files

    def commit(self) -> Manifest:
        """Write the manifest: from now on the version is visible and immutable."""
        self._require_open()
        tables = list(self._tables.values())
        manifest = Manifest(
            dataset_version_id=self.version_id,
            row_count=sum(t.row_count for t in tables),
            size_bytes=sum(t.size_bytes for t in tables),
            tables=tables,
        )
        body = manifest.model_dump_json(indent=2).encode("utf-8")
        with self.store.s3_call(f"committing dataset version {self.version_id}"):
            self.store.client.put_object(
                Bucket=self.store.bucket,
                Key=manifest_key(self.version_id),
                Body=body,
                ContentType="application/json",
            )
        self._state = "committed"
        self._shutdown_executor()
        log.info(
            "dataset %s committed: %d table(s), %d rows", self.version_id, len(tables), manifest.row_count
        )
        return manifest

    def abort(self) -> int:
        """Discard everything written for this version; returns the number of objects deleted."""
        if self._state == "committed":
            raise ConflictError(
                f"dataset version {self.version_id} is already committed; use purge_version to delete it"
            )
        if self._state == "aborted":
            return 0
        self._state = "aborted"
        for sink in list(self._open_sinks):
            sink.abort()
        self._open_sinks.clear()
        self._shutdown_executor()
        # By prefix, not by remembered keys: also catches a copy or upload cut off half-way.
        self.store.abort_uploads(self.prefix)
        deleted = self.store.delete_prefix(self.prefix)
        log.info("dataset %s aborted: %d object(s) deleted", self.version_id, deleted)
        return deleted

    # --- internals used by _TableWriter -------------------------------------------------------------
    def _require_open(self) -> None:
        if self._state != "open":
            raise ConflictError(f"dataset version writer {self.version_id} is {self._state}")

    def _new_sink(self, key: str) -> MultipartUploadSink:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(
                max_workers=self.store.settings.tdm_dataset_upload_concurrency,
                thread_name_prefix="tdm-s3-part",
            )
        sink = MultipartUploadSink(
            self.store.client,
            self.store.bucket,
            key,
            part_size=self.store.settings.tdm_dataset_part_size_bytes,
            executor=self._executor,
            max_inflight=self.store.settings.tdm_dataset_upload_concurrency,
        )
        self._open_sinks.add(sink)
        return sink

    def _release_sink(self, sink: MultipartUploadSink) -> None:
        self._open_sinks.discard(sink)

    def _shutdown_executor(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


class _TableWriter:
    """Writes one table: batches -> row groups -> Parquet files (rolled by row count) -> S3 objects."""

    def __init__(self, owner: VersionWriter, name: str, schema: pa.Schema) -> None:
        settings = owner.store.settings
        self.owner = owner
        self.store = owner.store
        self.name = name
        self.schema = schema
        self.max_rows = settings.tdm_dataset_max_rows_per_file
        self.row_group_rows = settings.tdm_dataset_row_group_rows
        self.row_group_bytes = settings.tdm_dataset_row_group_max_bytes
        self.compression = settings.tdm_dataset_compression
        self.files: list[FileInfo] = []
        self._sink: MultipartUploadSink | None = None
        self._parquet: pq.ParquetWriter | None = None
        self._file_rows = 0
        self._pending: list[pa.RecordBatch] = []
        self._pending_rows = 0
        self._pending_bytes = 0
        self._action = f"writing table {name!r} of dataset version {owner.version_id}"

    def run(self, batches: Iterable[pa.RecordBatch | pa.Table]) -> list[FileInfo]:
        # Exceptions raised by the caller's iterator pass through untouched (they are not S3 errors).
        received = 0
        for batch in _as_batches(batches):
            conformed = self._conform(batch)
            received += conformed.num_rows
            with self.store.s3_call(self._action), _arrow_errors(self.name):
                self._add(conformed)
        with self.store.s3_call(self._action), _arrow_errors(self.name):
            # Rows may still wait in the row-group buffer with no file open yet (right after a roll).
            if self._sink is not None or self._pending_rows or not self.files:
                self._finish_file()  # also writes an empty table as one schema-only file
        written = sum(f.row_count for f in self.files)
        if written != received:
            # Cheap guard against silent data loss: never commit a table that lost or gained rows.
            raise TDMError(f"table {self.name!r}: {received} rows received but {written} written")
        return self.files

    def discard(self) -> None:
        """Best-effort removal of this table's objects after a failure (the version abort re-checks)."""
        if self._sink is not None:
            self._sink.abort()
            self.owner._release_sink(self._sink)
        if self._parquet is not None:
            # Closing writes a footer into the aborted sink, which drops it; any error is moot.
            with suppress(Exception):
                self._parquet.close()
        self._sink = None
        self._parquet = None
        keys = [f.key for f in self.files]
        if len(self.files) == 1:
            # A failure during the rename may leave either name behind.
            keys.append(single_file_key(self.owner.version_id, self.name))
        try:
            self.store.delete_keys(keys)
        except Exception:
            log.warning("could not delete objects of failed table %s; version abort will retry", self.name)

    # --- batches -> row groups -----------------------------------------------------------------------
    def _add(self, batch: pa.RecordBatch) -> None:
        offset = 0
        total = batch.num_rows
        while offset < total:
            if self._file_rows + self._pending_rows >= self.max_rows:
                self._finish_file()  # more rows arrived for a full file: roll to the next part
            take = min(
                total - offset,
                self.max_rows - self._file_rows - self._pending_rows,
                self.row_group_rows - self._pending_rows,
            )
            piece = batch if (offset == 0 and take == total) else batch.slice(offset, take)
            self._pending.append(piece)
            self._pending_rows += take
            self._pending_bytes += piece.nbytes
            offset += take
            if self._pending_rows >= self.row_group_rows or self._pending_bytes >= self.row_group_bytes:
                self._flush_row_group()

    def _flush_row_group(self) -> None:
        if not self._pending_rows:
            self._pending.clear()
            return
        writer = self._ensure_file()
        # One write_table call with the whole group = exactly one Parquet row group.
        writer.write_table(
            pa.Table.from_batches(self._pending, schema=self.schema), row_group_size=self._pending_rows
        )
        self._file_rows += self._pending_rows
        self._pending.clear()
        self._pending_rows = 0
        self._pending_bytes = 0

    # --- files -------------------------------------------------------------------------------------
    def _ensure_file(self) -> pq.ParquetWriter:
        if self._parquet is not None:
            return self._parquet
        index = len(self.files)
        if index == 1:
            self._promote_first_file()
        key = (
            single_file_key(self.owner.version_id, self.name)
            if index == 0
            else part_key(self.owner.version_id, self.name, index)
        )
        self._sink = self.owner._new_sink(key)
        self._parquet = pq.ParquetWriter(
            self._sink,
            self.schema,
            compression=self.compression,
            write_statistics=True,
            # Keep the exact Arrow types (time zones, decimals, large types) for the read side.
            store_schema=True,
        )
        return self._parquet

    def _finish_file(self) -> None:
        self._flush_row_group()
        writer = self._ensure_file()
        sink = self._sink
        assert sink is not None
        writer.close()
        size, sha256 = sink.finish()
        self.owner._release_sink(sink)
        self.files.append(
            FileInfo(
                table=self.name,
                key=sink.key,
                part_number=len(self.files),
                row_count=self._file_rows,
                size_bytes=size,
                sha256=sha256,
            )
        )
        self._sink = None
        self._parquet = None
        self._file_rows = 0

    def _promote_first_file(self) -> None:
        """`<table>.parquet` -> `<table>/part-00000.parquet`: the table turned out to need parts."""
        first = self.files[0]
        target = part_key(self.owner.version_id, self.name, 0)
        self.store.copy_object(first.key, target, first.size_bytes)
        self.files[0] = first.model_copy(update={"key": target})
        self.store.delete_keys([first.key])

    # --- validation --------------------------------------------------------------------------------
    def _conform(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        if batch.schema.equals(self.schema, check_metadata=False):
            return batch
        if batch.schema.names != self.schema.names:
            missing = [n for n in self.schema.names if n not in batch.schema.names]
            extra = [n for n in batch.schema.names if n not in self.schema.names]
            detail = (
                f"missing {missing}, unexpected {extra}" if missing or extra else "columns in another order"
            )
            raise InvalidInputError(f"table {self.name!r}: batch columns do not match the schema ({detail})")
        try:
            return batch.cast(self.schema, safe=True)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            # Name the columns and types only: the Arrow message may quote a (possibly personal) value.
            diffs = [
                f"{f.name}: {b.type} -> {f.type}"
                for f, b in zip(self.schema, batch.schema, strict=True)
                if not f.type.equals(b.type)
            ]
            raise InvalidInputError(
                f"table {self.name!r}: batch types cannot be cast losslessly to the schema "
                f"({'; '.join(diffs)})"
            ) from None


def _as_batches(items: Iterable[pa.RecordBatch | pa.Table]) -> Iterator[pa.RecordBatch]:
    for item in items:
        if isinstance(item, pa.RecordBatch):
            yield item
        elif isinstance(item, pa.Table):
            yield from item.to_batches()
        else:
            raise InvalidInputError(f"expected pyarrow RecordBatch or Table items, got {type(item).__name__}")


@contextmanager
def _arrow_errors(table: str) -> Iterator[None]:
    """Parquet encoding failures are input problems (e.g. a type Parquet cannot hold), not S3 ones."""
    try:
        yield
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as exc:
        raise InvalidInputError(
            f"table {table!r} cannot be written as Parquet: {type(exc).__name__}: {str(exc)[:200]}"
        ) from exc
