"""The masking routes around jobs: the transformer catalog, previews, rule sets checked like jobs'
rules, detokenization for admins only (audited), and POST /mask refusing what cannot work (422)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from tdm_agents.masking.keys import load_key
from tdm_agents.masking.transformers.base import MaskContext
from tdm_agents.masking.transformers.tokenize import vault_namespace
from tdm_metadata_store.repositories.audit import AuditRepository
from tdm_metadata_store.repositories.datasets import DatasetRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository
from tdm_metadata_store.repositories.vault import VaultRepository

from tests.api.conftest import Keys

PREFIX = "/api/v1"
SNAPSHOT = {
    "tables": [
        {
            "name": "customers",
            "constraints": [
                {"type": "primary_key", "columns": ["id"]},
                {"type": "unique", "columns": ["email"]},
            ],
            "columns": [
                {"name": "id", "data_type": "integer", "nullable": False},
                {"name": "email", "data_type": "character varying(25)", "nullable": False},
                {"name": "note", "data_type": "text"},
            ],
        }
    ]
}


@pytest.fixture(scope="module")
def versions(engine: Engine) -> tuple[str, str]:
    with Session(engine) as session:
        schemas = SchemaRepository(session)
        schema = schemas.get_or_create(name=f"masking-{uuid.uuid4().hex[:8]}")
        version = schemas.add_version(schema.id, SNAPSHOT)
        datasets = DatasetRepository(session)
        dataset = datasets.create_version(source_type="subset", schema_version_id=version.id)
        datasets.mark_active(dataset.id)
        session.commit()
        return str(version.id), str(dataset.id)


def test_the_catalog_lists_every_transformer_with_its_parameters(client: TestClient, keys: Keys) -> None:
    response = client.get(f"{PREFIX}/masking/transformers", headers=keys.headers("viewer"))
    assert response.status_code == 200
    found = {t["name"]: t for t in response.json()}
    assert {
        "mask.email_deterministic",
        "mask.fpe_pan",
        "mask.tokenize",
        "mask.null",
        "mask.redact",
        "mask.hash",
    } <= set(found)
    assert len(found) >= 14
    assert "length" in found["mask.hash"]["params_schema"]["properties"]


@pytest.mark.parametrize(
    ("body", "check"),
    [
        (
            {"rule": "mask.email_deterministic", "values": ["A@x.org", "a@x.org", None]},
            lambda v: v[0] == v[1] and v[2] is None and v[0].endswith("@example.com"),
        ),
        (
            {"rule": "mask.fpe_pan", "values": ["4111 1111 1111 1111"]},
            lambda v: v[0].startswith("4111 11") and v[0] != "4111 1111 1111 1111",
        ),
        (
            {"rule": {"type": "mask.hash", "params": {"length": 8}}, "values": ["x"]},
            lambda v: re.match(r"^[0-9a-f]{8}$", v[0]),
        ),
        (
            {"rule": "mask.hash", "values": [42], "column": {"kind": "integer", "integer_bits": 32}},
            lambda v: isinstance(v[0], int) and v[0] >= 10**9,
        ),
    ],
)
def test_preview(client: TestClient, keys: Keys, body: dict[str, Any], check: Any) -> None:
    response = client.post(f"{PREFIX}/masking/preview", headers=keys.headers("operator"), json=body)
    assert response.status_code == 200, response.text
    assert check(response.json()["values"])


@pytest.mark.parametrize(
    "body",
    [
        {"rule": "mask.nothing", "values": ["x"]},
        {"rule": {"type": "mask.hash", "params": {"size": 3}}, "values": ["x"]},
        {"rule": "mask.redact", "values": ["x"], "column": {"max_length": 3}},
        {"rule": "mask.hash", "values": []},
    ],
)
def test_bad_previews_are_422(client: TestClient, keys: Keys, body: dict[str, Any]) -> None:
    response = client.post(f"{PREFIX}/masking/preview", headers=keys.headers("operator"), json=body)
    assert response.status_code == 422, response.text


def test_rule_sets_are_checked_against_their_schema_version(
    client: TestClient, keys: Keys, versions: tuple[str, str]
) -> None:
    version, dataset = versions
    good = {
        "name": f"rs-{uuid.uuid4().hex[:6]}",
        "schema_version_id": version,
        "rules_json": {"customers.email": "mask.email_deterministic"},
    }
    assert (
        client.post(f"{PREFIX}/rules/masking", headers=keys.headers("operator"), json=good).status_code == 201
    )
    bad = {**good, "rules_json": {"customers.email": "mask.redact", "customers.shoe": "mask.hash"}}
    response = client.post(f"{PREFIX}/rules/masking", headers=keys.headers("operator"), json=bad)
    assert response.status_code == 422, response.text
    locs = [e["loc"] for e in response.json()["errors"]]
    assert ["body", "rules_json", "customers.email"] in locs and [
        "body",
        "rules_json",
        "customers.shoe",
    ] in locs
    by_dataset = {**bad, "schema_version_id": None, "dataset_version_id": dataset}
    assert (
        client.post(f"{PREFIX}/rules/masking", headers=keys.headers("operator"), json=by_dataset).status_code
        == 422
    )


def test_mask_jobs_refuse_rules_that_cannot_fit(
    client: TestClient, keys: Keys, versions: tuple[str, str]
) -> None:
    _, dataset = versions
    body = {
        "dataset_version_id": dataset,
        "rules": {
            "customers.id": "mask.fake_name",
            "customers.email": {"type": "mask.hash", "params": {"length": 40}},
        },
    }
    response = client.post(f"{PREFIX}/mask", headers=keys.headers("operator"), json=body)
    assert response.status_code == 422, response.text
    locs = [e["loc"] for e in response.json()["errors"]]
    assert ["body", "rules", "customers.id"] in locs and ["body", "rules", "customers.email"] in locs


def test_detokenize_is_for_admins_and_audited(client: TestClient, keys: Keys, engine: Engine) -> None:
    namespace = vault_namespace(MaskContext(key=load_key()))
    with Session(engine) as session:
        tokens = VaultRepository(session).tokenize_many(
            namespace, ["4111-secret"], lambda v: f"tok_{uuid.uuid4().hex[:16]}"
        )
        session.commit()
    token = tokens["4111-secret"]
    body = {"tokens": [token, "tok_unknown"]}
    assert (
        client.post(f"{PREFIX}/masking/detokenize", headers=keys.headers("operator"), json=body).status_code
        == 403
    )
    response = client.post(f"{PREFIX}/masking/detokenize", headers=keys.headers("admin"), json=body)
    assert response.status_code == 200, response.text
    assert response.json()["values"] == {token: "4111-secret"}
    with Session(engine) as session:
        events, _ = AuditRepository(session).list(action="detokenize", limit=5)
        assert events and events[0].details == {"requested": 2, "found": 1, "key_id": load_key().key_id}
        assert "4111-secret" not in str(events[0].details) + str(events[0].target)
