"""A seekable, read-only file object over one S3 object, fetched with ranged GETs.

pyarrow.parquet reads the footer, then the column chunks of one row group at a time, through this
object: memory holds one row group's byte ranges, never the file. It uses the same boto3 client (and
so the same credentials, retries, timeouts and error mapping) as the writer, which keeps one S3 stack
to configure and verify against MinIO, SeaweedFS and AWS alike.
"""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

from botocore.exceptions import IncompleteReadError, ReadTimeoutError, ResponseStreamingError

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer
    from mypy_boto3_s3 import S3Client

log = logging.getLogger(__name__)

# A body that breaks mid-stream is not retried by botocore (the request already succeeded).
_STREAM_ERRORS = (IncompleteReadError, ReadTimeoutError, ResponseStreamingError)
_STREAM_ATTEMPTS = 3


class S3RangeReader(io.RawIOBase):
    def __init__(self, client: S3Client, bucket: str, key: str, size: int, *, block_size: int) -> None:
        super().__init__()
        self.client = client
        self.bucket = bucket
        self.key = key
        self.size = size
        self.block_size = block_size
        self._pos = 0
        # One cached block serves the many small reads (footer, page headers) without a GET each.
        self._cache_start = 0
        self._cache = b""
        self.requests = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            target = offset
        elif whence == io.SEEK_CUR:
            target = self._pos + offset
        elif whence == io.SEEK_END:
            target = self.size + offset
        else:
            raise ValueError(f"invalid whence {whence}")
        if target < 0:
            raise ValueError("negative seek position")
        self._pos = target
        return self._pos

    def read(self, size: int | None = -1) -> bytes:
        if self.closed:
            raise ValueError("read from a closed S3 object")
        end = self.size if size is None or size < 0 else min(self.size, self._pos + size)
        if self._pos >= end:
            return b""
        start = self._pos
        cache_end = self._cache_start + len(self._cache)
        if self._cache_start <= start and end <= cache_end:
            data = self._cache[start - self._cache_start : end - self._cache_start]
        elif end - start >= self.block_size:
            # Large read (a column chunk): fetch exactly it and do not keep a second copy.
            data = self._fetch(start, end)
        else:
            block_end = min(self.size, start + self.block_size)
            self._cache = self._fetch(start, block_end)
            self._cache_start = start
            data = self._cache[: end - start]
        self._pos = end
        return data

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        data = self.read(len(view))
        view[: len(data)] = data
        return len(data)

    def readall(self) -> bytes:
        return self.read(-1)

    def close(self) -> None:
        self._cache = b""
        super().close()

    def _fetch(self, start: int, end: int) -> bytes:
        """Bytes [start, end) of the object."""
        for attempt in range(1, _STREAM_ATTEMPTS + 1):
            self.requests += 1
            response = self.client.get_object(
                Bucket=self.bucket, Key=self.key, Range=f"bytes={start}-{end - 1}"
            )
            try:
                data = response["Body"].read()
            except _STREAM_ERRORS:
                if attempt == _STREAM_ATTEMPTS:
                    raise
                log.warning("ranged read of %s broke off (attempt %d); retrying", self.key, attempt)
                continue
            if len(data) != end - start:
                raise OSError(f"short read from {self.key}: asked {end - start} bytes, got {len(data)}")
            return data
        raise AssertionError("unreachable")
