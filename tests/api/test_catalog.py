"""Read endpoints over a real catalog: schemas with versions and PII labels, datasets with files in S3
(downloaded through the presigned URLs), lineage, masking rule sets."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tdm_dataset_store import DatasetStore
from tdm_metadata_store.repositories.datasets import DatasetRepository
from tdm_metadata_store.repositories.lineage import LineageRepository
from tdm_metadata_store.repositories.pii import PIIRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository

from tests.api.conftest import Keys

PREFIX = "/api/v1"

SNAPSHOT: dict[str, Any] = {
    "tables": [
        {
            "schema": "public",
            "name": "customers",
            "row_count": 3,
            "columns": [
                {"name": "id", "data_type": "integer", "nullable": False, "is_primary_key": True},
                {"name": "email", "data_type": "varchar", "inferred_type": "email"},
            ],
        },
        {
            "schema": "public",
            "name": "orders",
            "row_count": 5,
            "columns": [
                {"name": "id", "data_type": "integer", "nullable": False, "is_primary_key": True},
                {"name": "customer_id", "data_type": "integer"},
            ],
        },
    ],
    "relationships": [
        {
            "name": "orders_customer_id_fkey",
            "parent_table": "customers",
            "parent_columns": ["id"],
            "child_table": "orders",
            "child_columns": ["customer_id"],
        }
    ],
}


@dataclass(frozen=True)
class Catalog:
    schema_id: uuid.UUID
    version_ids: list[uuid.UUID]
    dataset_id: uuid.UUID
    masked_id: uuid.UUID
    customers_sha256: str


@pytest.fixture(scope="module")
def catalog(engine: Engine, api_bucket: str) -> Catalog:
    with Session(engine) as session:
        schemas = SchemaRepository(session)
        schema = schemas.get_or_create(name=f"shop-{uuid.uuid4().hex[:8]}")
        v1 = schemas.add_version(schema.id, SNAPSHOT)
        v2 = schemas.add_version(schema.id, SNAPSHOT)
        PIIRepository(session).upsert_map(
            v2.id,
            [
                {
                    "table": "customers",
                    "column": "email",
                    "pii_type": "email",
                    "confidence": 1.0,
                    "technique": "regex",
                }
            ],
        )
        datasets = DatasetRepository(session)
        subset = datasets.create_version(source_type="subset", name="subset-us", schema_version_id=v2.id)
        masked = datasets.create_version(source_type="masked", name="masked-us", schema_version_id=v2.id)
        session.commit()
        subset_id, masked_id = subset.id, masked.id
        schema_id, version_ids = schema.id, [v1.id, v2.id]

    # Real Parquet files in S3, written the way the agents write them.
    store = DatasetStore.load()
    table = pa.table({"id": [1, 2, 3], "email": ["a@x.io", "b@x.io", "c@x.io"]})
    with store.open_version(subset_id) as writer:
        files = writer.write_table("customers", table.to_batches(), table.schema)
        writer.commit()
    store.close()

    with Session(engine) as session:
        datasets = DatasetRepository(session)
        datasets.add_files(
            subset_id,
            [
                {
                    "table_name": f.table,
                    "object_key": f.key,
                    "part_number": f.part_number,
                    "row_count": f.row_count,
                    "size_bytes": f.size_bytes,
                    "sha256": f.sha256,
                }
                for f in files
            ],
        )
        datasets.set_metadata(subset_id, {"row_counts": {"customers": 3}})
        datasets.mark_active(subset_id)
        lineage = LineageRepository(session)
        lineage.add_edge(
            source_type="schema_version",
            source_id=version_ids[1],
            target_type="dataset_version",
            target_id=subset_id,
            operation="subset",
        )
        lineage.add_edge(
            source_type="dataset_version",
            source_id=subset_id,
            target_type="dataset_version",
            target_id=masked_id,
            operation="derived_from",
        )
        session.commit()
    return Catalog(schema_id, version_ids, subset_id, masked_id, files[0].sha256)


def test_schemas_list_detail_and_versions(client: TestClient, keys: Keys, catalog: Catalog) -> None:
    viewer = keys.headers("viewer")
    listed = client.get(f"{PREFIX}/schemas?limit=500", headers=viewer)
    assert listed.status_code == 200
    entry = next(item for item in listed.json()["items"] if item["id"] == str(catalog.schema_id))
    assert entry["latest_version_number"] == 2 and entry["latest_version_id"] == str(catalog.version_ids[1])

    detail = client.get(f"{PREFIX}/schema/{catalog.schema_id}", headers=viewer).json()
    assert detail["version"]["version_number"] == 2
    assert detail["counts"] == {"tables": 2, "columns": 4, "relationships": 1}
    customers = next(t for t in detail["tables"] if t["name"] == "customers")
    assert customers["schema"] == "public" and customers["row_count"] == 3
    email = next(c for c in customers["columns"] if c["name"] == "email")
    assert email["pii_type"] == "email" and email["inferred_type"] == "email"
    assert detail["relationships"] == [
        {
            "name": "orders_customer_id_fkey",
            "parent_schema": "public",
            "parent_table": "customers",
            "parent_columns": ["id"],
            "child_schema": "public",
            "child_table": "orders",
            "child_columns": ["customer_id"],
            "on_delete": None,
            "is_user_defined": False,
        }
    ]

    old = client.get(f"{PREFIX}/schema/{catalog.schema_id}?version=1", headers=viewer).json()
    assert old["version"]["id"] == str(catalog.version_ids[0])
    # Version 1 was never classified: no PII labels on its columns.
    assert all(c["pii_type"] is None for t in old["tables"] for c in t["columns"])
    assert client.get(f"{PREFIX}/schema/{catalog.schema_id}?version=9", headers=viewer).status_code == 404
    url = f"{PREFIX}/schema/{catalog.schema_id}?version_id={catalog.version_ids[0]}"
    by_id = client.get(url, headers=viewer)
    assert by_id.json()["version"]["version_number"] == 1

    versions = client.get(f"{PREFIX}/schema/{catalog.schema_id}/versions?limit=1", headers=viewer).json()
    assert versions["total"] == 2 and versions["limit"] == 1
    assert [v["version_number"] for v in versions["items"]] == [2]
    assert client.get(f"{PREFIX}/schema/{uuid.uuid4()}", headers=viewer).status_code == 404


def test_pii_map(client: TestClient, keys: Keys, catalog: Catalog) -> None:
    body = client.get(f"{PREFIX}/pii/{catalog.version_ids[1]}", headers=keys.headers("viewer")).json()
    assert body["pii_map"] == [
        {
            "table": "customers",
            "column": "email",
            "pii_type": "email",
            "confidence": 1.0,
            "technique": "regex",
            "evidence": None,
            "evidence_items": [],
            "evidence_summary": "-",
            "reviewed_by": None,
            "reviewed_at": None,
        }
    ]
    missing = client.get(f"{PREFIX}/pii/{uuid.uuid4()}", headers=keys.headers("viewer"))
    assert missing.status_code == 404


def test_datasets_detail_lineage_and_download(client: TestClient, keys: Keys, catalog: Catalog) -> None:
    viewer = keys.headers("viewer")
    listed = client.get(
        f"{PREFIX}/datasets?source_type=subset&schema_version_id={catalog.version_ids[1]}", headers=viewer
    ).json()
    assert [item["id"] for item in listed["items"]] == [str(catalog.dataset_id)]
    assert listed["total"] == 1

    detail = client.get(f"{PREFIX}/dataset/{catalog.dataset_id}", headers=viewer).json()
    assert detail["status"] == "active" and detail["row_count"] == 3
    assert detail["metadata"] == {"row_counts": {"customers": 3}}
    assert [f["table_name"] for f in detail["files"]] == ["customers"]
    kinds = {(n["type"], n["direction"]) for n in detail["lineage"]["nodes"]}
    assert ("schema_version", "upstream") in kinds and ("dataset_version", "downstream") in kinds

    lineage = client.get(f"{PREFIX}/lineage/dataset/{catalog.masked_id}?depth=2", headers=viewer).json()
    assert lineage["root"] == {"type": "dataset_version", "id": str(catalog.masked_id)}
    upstream = {n["id"] for n in lineage["nodes"] if n["direction"] == "upstream"}
    assert upstream == {str(catalog.dataset_id), str(catalog.version_ids[1])}
    assert len(lineage["edges"]) == 2

    download = client.get(f"{PREFIX}/dataset/{catalog.dataset_id}/download", headers=viewer)
    assert download.status_code == 200, download.text
    files = download.json()["files"]
    assert len(files) == 1
    fetched = httpx.get(files[0]["url"], timeout=30)  # straight from S3, no API key needed
    assert fetched.status_code == 200
    assert hashlib.sha256(fetched.content).hexdigest() == files[0]["sha256"] == catalog.customers_sha256
    assert pq.read_table(pa.BufferReader(fetched.content)).column("email").to_pylist()[0] == "a@x.io"
    assert "tdmdevsecret" not in download.text

    # The masked version is still being written: not downloadable, and not usable by a job.
    writing = client.get(f"{PREFIX}/dataset/{catalog.masked_id}/download", headers=viewer)
    assert writing.status_code == 409
    job = client.post(
        f"{PREFIX}/mask",
        headers=keys.headers("operator"),
        json={"dataset_version_id": str(catalog.masked_id), "rules": {"customers.email": "mask.hash"}},
    )
    assert job.status_code == 422 and job.json()["errors"][0]["loc"] == ["body", "dataset_version_id"]
    assert client.get(f"{PREFIX}/dataset/{uuid.uuid4()}", headers=viewer).status_code == 404


def test_masking_rule_sets_are_versioned(client: TestClient, keys: Keys, catalog: Catalog) -> None:
    operator = keys.headers("operator")
    name = f"pci-{uuid.uuid4().hex[:6]}"
    first = client.post(
        f"{PREFIX}/rules/masking",
        headers=operator,
        json={
            "name": name,
            "schema_version_id": str(catalog.version_ids[1]),
            "rules_json": {"customers.email": "mask.email_deterministic"},
        },
    )
    assert first.status_code == 201, first.text
    assert first.headers["location"].endswith(first.json()["id"])
    second = client.post(
        f"{PREFIX}/rules/masking",
        headers=operator,
        json={
            "name": name,
            "schema_version_id": str(catalog.version_ids[1]),
            "rules_json": {"customers.email": "mask.hash"},
        },
    )
    assert (first.json()["version"], second.json()["version"]) == (1, 2)
    assert second.json()["created_by"].startswith("test-operator-")

    latest = client.get(
        f"{PREFIX}/rules/masking?schema_version_id={catalog.version_ids[1]}", headers=keys.headers("viewer")
    ).json()
    mine = [item for item in latest["items"] if item["name"] == name]
    assert [item["version"] for item in mine] == [2]
    every = client.get(
        f"{PREFIX}/rules/masking?schema_version_id={catalog.version_ids[1]}&all_versions=true",
        headers=keys.headers("viewer"),
    ).json()
    assert sorted(item["version"] for item in every["items"] if item["name"] == name) == [1, 2]
    got = client.get(f"{PREFIX}/rules/masking/{first.json()['id']}", headers=keys.headers("viewer")).json()
    assert got["rules_json"] == {"customers.email": "mask.email_deterministic"}

    bad = client.post(
        f"{PREFIX}/rules/masking",
        headers=operator,
        json={
            "name": name,
            "schema_version_id": str(uuid.uuid4()),
            "rules_json": {"customers.email": "mask.hash"},
        },
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["body", "schema_version_id"]
    payload = {"name": name, "rules_json": {"customers.email": "hash"}}
    bad_rule = client.post(f"{PREFIX}/rules/masking", headers=operator, json=payload)
    assert bad_rule.status_code == 422
    assert bad_rule.json()["errors"][0]["loc"] == ["body", "rules_json", "customers.email", "type"]
