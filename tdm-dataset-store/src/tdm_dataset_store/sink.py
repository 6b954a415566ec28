"""A write-only file object that streams into one S3 object, part by part.

pyarrow's ParquetWriter writes pages into it; whenever the buffer reaches the part size it becomes one
multipart part, uploaded on a background thread while the next one fills. Memory is therefore about
part_size x (max_inflight + 1), whatever the size of the file. The sha256 and byte count are computed
as bytes pass through, so nothing needs to be read back to describe the file.
"""

from __future__ import annotations

import hashlib
import logging
from collections import deque
from concurrent.futures import Executor, Future
from contextlib import suppress
from typing import TYPE_CHECKING, Any, cast

from tdm_core.errors import ConfigurationError

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

log = logging.getLogger(__name__)

# S3 allows at most 10,000 parts per object.
MAX_MULTIPART_PARTS = 10_000


class MultipartUploadSink:
    """File-like sink for one object. Call `finish()` to complete it or `abort()` to discard it.

    `close()` only marks the file closed (pyarrow does not call it for a Python sink, but tools that
    treat it as a regular file may): completing the upload is a deliberate step, never a side effect.
    """

    def __init__(
        self,
        client: S3Client,
        bucket: str,
        key: str,
        *,
        part_size: int,
        executor: Executor,
        max_inflight: int,
        content_type: str = "application/vnd.apache.parquet",
    ) -> None:
        self.client = client
        self.bucket = bucket
        self.key = key
        self.part_size = part_size
        self._executor = executor
        self._max_inflight = max_inflight
        self._content_type = content_type
        self._buffer = bytearray()
        self._sha256 = hashlib.sha256()
        self._size = 0
        self._upload_id: str | None = None
        self._next_part = 1
        self._pending: deque[Future[dict[str, Any]]] = deque()
        self._parts: list[dict[str, Any]] = []
        self._closed = False
        self._done = False
        self._aborted = False

    # --- file protocol used by pyarrow -------------------------------------------------------------
    @property
    def closed(self) -> bool:
        return self._closed

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:
        view = memoryview(data)
        if self._aborted:
            # pyarrow may still flush a footer into a discarded file: swallow it.
            return view.nbytes
        if self._closed or self._done:
            raise ValueError(f"write to a finished upload sink ({self.key})")
        self._sha256.update(view)
        self._size += view.nbytes
        self._buffer += view
        if len(self._buffer) >= self.part_size:
            self._ship_buffer()
        return view.nbytes

    def tell(self) -> int:
        return self._size

    def flush(self) -> None:
        """Nothing to do: bytes leave in whole parts (S3 forbids parts under 5 MiB but the last)."""

    def close(self) -> None:
        self._closed = True

    # --- upload lifecycle ------------------------------------------------------------------------
    @property
    def upload_id(self) -> str | None:
        return self._upload_id

    def finish(self) -> tuple[int, str]:
        """Upload what is left and complete the object; returns (size in bytes, sha256 hex)."""
        if self._done:
            raise ValueError(f"upload of {self.key} already finished")
        if self._upload_id is None:
            # Small file: one PUT, no multipart bookkeeping on the server.
            self.client.put_object(
                Bucket=self.bucket, Key=self.key, Body=_body(self._buffer), ContentType=self._content_type
            )
        else:
            if self._buffer:
                self._ship_buffer()
            while self._pending:
                self._parts.append(self._pending.popleft().result())
            self._parts.sort(key=lambda p: int(p["PartNumber"]))
            self.client.complete_multipart_upload(
                Bucket=self.bucket,
                Key=self.key,
                UploadId=self._upload_id,
                MultipartUpload={"Parts": self._parts},  # type: ignore[typeddict-item]
            )
        self._buffer = bytearray()
        self._done = True
        self._closed = True
        return self._size, self._sha256.hexdigest()

    def abort(self) -> None:
        """Discard the upload: wait for in-flight parts, then abort the multipart upload. Best effort."""
        self._aborted = True
        self._closed = True
        self._buffer = bytearray()
        while self._pending:
            future = self._pending.popleft()
            future.cancel()
            with suppress(BaseException):  # the upload is being thrown away anyway
                future.result()
        if self._upload_id is not None and not self._done:
            try:
                self.client.abort_multipart_upload(Bucket=self.bucket, Key=self.key, UploadId=self._upload_id)
            except Exception:
                # The version-level abort lists and aborts leftover uploads under the prefix again.
                log.warning("could not abort multipart upload of %s; will retry by prefix", self.key)
        self._done = True

    # --- internals ---------------------------------------------------------------------------------
    def _ship_buffer(self) -> None:
        if self._upload_id is None:
            created = self.client.create_multipart_upload(
                Bucket=self.bucket, Key=self.key, ContentType=self._content_type
            )
            self._upload_id = created["UploadId"]
        if self._next_part > MAX_MULTIPART_PARTS:
            raise ConfigurationError(
                f"{self.key} would need more than {MAX_MULTIPART_PARTS} multipart parts: raise "
                "TDM_DATASET_PART_SIZE_BYTES or lower TDM_DATASET_MAX_ROWS_PER_FILE"
            )
        # Bound memory: wait for the oldest upload before queueing another one.
        while len(self._pending) >= self._max_inflight:
            self._parts.append(self._pending.popleft().result())
        # Hand the buffer itself to the upload (botocore accepts a bytearray): no copy of the part.
        body = self._buffer
        self._buffer = bytearray()
        part_number = self._next_part
        self._next_part += 1
        self._pending.append(self._executor.submit(self._upload_part, part_number, body))

    def _upload_part(self, part_number: int, body: bytearray) -> dict[str, Any]:
        assert self._upload_id is not None
        response = self.client.upload_part(
            Bucket=self.bucket,
            Key=self.key,
            UploadId=self._upload_id,
            PartNumber=part_number,
            Body=_body(body),
        )
        part: dict[str, Any] = {"PartNumber": part_number, "ETag": response["ETag"]}
        # When boto3 sent a flexible checksum with the part (AWS default), completion must repeat it.
        for name in (
            "ChecksumCRC32",
            "ChecksumCRC32C",
            "ChecksumCRC64NVME",
            "ChecksumSHA1",
            "ChecksumSHA256",
        ):
            if response.get(name):
                part[name] = response[name]
        return part


def _body(buffer: bytearray) -> bytes:
    # botocore sends a bytearray as is (no copy); the stubs only list bytes.
    return cast(bytes, buffer)
