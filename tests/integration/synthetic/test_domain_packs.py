"""Each domain pack generates a consistent multi-table dataset, which provisions into an empty
PostgreSQL environment like any other dataset: its tables created from the pack's schema version, every
primary key, unique key and foreign key added and validated by the database."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest
from tdm_agents.synthetic.domain_packs import list_packs, load_pack

from tests.integration.conftest import run_job
from tests.integration.provisioning.conftest import Env


def _constraints(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT contype::text, count(*) FROM pg_constraint k "
            "JOIN pg_namespace n ON n.oid = k.connamespace "
            "WHERE n.nspname = 'public' AND contype IN ('p', 'u', 'f') AND convalidated GROUP BY 1"
        ).fetchall()
    return {kind: int(n) for kind, n in rows}


@pytest.mark.parametrize("pack", list_packs())
def test_pack_generates_and_provisions(pack: str, environment: Callable[..., Env]) -> None:
    definition = load_pack(pack)
    outcome = run_job({"synthetic": {"domain_pack": pack, "scale": 0.2, "seed": 11}})
    assert outcome.status == "completed", outcome.error
    result = outcome.result["steps"]["synthetic"]
    assert result["sources"] == ["pack"]
    assert result["checks"]["problems"] == []
    assert result["checks"]["foreign_keys"] == len(definition.to_snapshot()["relationships"])
    defaults = definition.default_row_counts()
    assert set(result["row_counts"]) == set(defaults)
    roots = {e.name for e in definition.entities} - {
        link.split("->")[1].split(".")[0].strip() for link in _links(definition)
    }
    for root in roots:  # tables nobody references by a parent get their pack default x scale
        assert result["row_counts"][root] == round(defaults[root] * 0.2)
    env = environment()
    provisioned = run_job(
        {"provision": {"dataset_version_id": result["dataset_version_id"], "target_env": env.name}}
    )
    assert provisioned.status == "completed", provisioned.error
    assert provisioned.result["steps"]["provision"]["row_counts"] == result["row_counts"]
    constraints = _constraints(env.url)
    assert constraints["p"] == len(defaults)
    assert constraints["f"] == result["checks"]["foreign_keys"]


def _links(definition: object) -> list[str]:
    snapshot = definition.to_snapshot()  # type: ignore[attr-defined]
    return [
        f"{r['parent_table']} -> {r['child_table']}"
        for r in snapshot["relationships"]
        if r["parent_table"] != r["child_table"]
    ]
