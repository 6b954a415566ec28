"""Dataset store: dataset versions as streamed Parquet files in S3 (MinIO, SeaweedFS or AWS)."""

from tdm_dataset_store.manifest import FieldInfo, FileInfo, Manifest, TableManifest
from tdm_dataset_store.settings import DatasetStoreSettings
from tdm_dataset_store.store import DatasetStore, FileCheck, ObjectInfo, VerificationReport
from tdm_dataset_store.writer import VersionWriter

__all__ = [
    "DatasetStore",
    "DatasetStoreSettings",
    "FieldInfo",
    "FileCheck",
    "FileInfo",
    "Manifest",
    "ObjectInfo",
    "TableManifest",
    "VerificationReport",
    "VersionWriter",
]
