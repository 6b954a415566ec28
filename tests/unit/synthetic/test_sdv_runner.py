"""The optional SDV engine: Community limits, fit / sample of a customer -> invoice dataset built here."""

from __future__ import annotations

import itertools
import sys
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

pytest.importorskip("sdv")

from tdm_agents.synthetic.sdv_metadata import sdv_metadata_dict
from tdm_agents.synthetic.sdv_runner import SdvEngine, community_limits_problem
from tdm_agents.synthetic.validator import quality_report
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import SchemaSnapshot, normalize_snapshot


def column(
    name: str, data_type: str, *, pk: bool = False, nullable: bool = True, **extra: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "data_type": data_type,
        "is_primary_key": pk,
        "nullable": nullable and not pk,
        **extra,
    }


def table(name: str, columns: list[dict[str, Any]]) -> dict[str, Any]:
    pk = [c["name"] for c in columns if c["is_primary_key"]]
    return {"name": name, "constraints": [{"type": "primary_key", "columns": pk}], "columns": columns}


def fk(child: str, child_columns: list[str], parent: str, parent_columns: list[str]) -> dict[str, Any]:
    return {
        "name": f"{child}_{'_'.join(child_columns)}_fkey",
        "parent_table": parent,
        "parent_columns": parent_columns,
        "child_table": child,
        "child_columns": child_columns,
    }


SHOP = {
    "tables": [
        table(
            "customer",
            [
                column("customer_id", "integer", pk=True),
                column("name", "character varying(8)", inferred_type="person_name"),  # Faker names: cut
                column("email", "character varying(60)", inferred_type="email"),
                column(
                    "country", "character varying(2)", stats={"distinct_count": 4, "distinct_ratio": 0.02}
                ),
                column("balance", "numeric(10,2)"),
                column("signed_up", "date"),
                column("vip", "boolean"),
            ],
        ),
        table(
            "invoice",
            [
                column("invoice_id", "bigint", pk=True),
                column("customer_id", "integer", nullable=False),
                column("issued_at", "timestamp with time zone"),
                column("total", "numeric(12,2)"),
                column(
                    "status", "character varying(6)", stats={"distinct_count": 3, "distinct_ratio": 0.003}
                ),
            ],
        ),
    ],
    "relationships": [fk("invoice", ["customer_id"], "customer", ["customer_id"])],
}

EXPECTED_TYPES = {
    "customer": {
        "customer_id": pa.int32(),
        "name": pa.string(),
        "email": pa.string(),
        "country": pa.string(),
        "balance": pa.decimal128(10, 2),
        "signed_up": pa.date32(),
        "vip": pa.bool_(),
    },
    "invoice": {
        "invoice_id": pa.int64(),
        "customer_id": pa.int32(),
        "issued_at": pa.timestamp("us", tz="UTC"),
        "total": pa.decimal128(12, 2),
        "status": pa.string(),
    },
}


def shop_data(customers: int = 200, seed: int = 11) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    country = rng.choice(["FR", "DE", "US", "JP"], size=customers, p=[0.4, 0.3, 0.2, 0.1])
    customer = pd.DataFrame(
        {
            "customer_id": np.arange(1, customers + 1, dtype=np.int32),
            "name": [f"Cust{i}" for i in range(customers)],
            "email": [f"c{i}@shop.test" for i in range(customers)],
            "country": country,
            "balance": np.round(np.where(country == "US", 900.0, 200.0) + rng.gamma(2, 30, customers), 2),
            "signed_up": pd.Timestamp("2021-01-01")
            + pd.to_timedelta(rng.integers(0, 900, customers), unit="D"),
            "vip": rng.random(customers) < 0.2,
        }
    )
    counts = rng.poisson(5, size=customers)
    rows = int(counts.sum())
    status = rng.choice(["open", "paid", "void"], size=rows, p=[0.2, 0.7, 0.1])
    invoice = pd.DataFrame(
        {
            "invoice_id": np.arange(1, rows + 1, dtype=np.int64),
            "customer_id": np.repeat(customer["customer_id"].to_numpy(), counts),
            "issued_at": pd.Timestamp("2023-01-01", tz="UTC")
            + pd.to_timedelta(rng.integers(0, 365 * 86400, rows), unit="s"),
            "total": np.round(np.where(status == "void", 0.0, rng.gamma(3, 40, rows)), 2),
            "status": status,
        }
    )
    return {"customer": customer, "invoice": invoice}


@pytest.fixture(scope="module")
def shop() -> SchemaSnapshot:
    return normalize_snapshot(SHOP)


@pytest.fixture(scope="module")
def real() -> dict[str, pd.DataFrame]:
    return shop_data()


@pytest.fixture(scope="module")
def engine(shop: SchemaSnapshot, real: dict[str, pd.DataFrame]) -> SdvEngine:
    fitted = SdvEngine(seed=42)
    fitted.fit(shop, real)
    return fitted


@pytest.fixture(scope="module")
def sampled(engine: SdvEngine) -> dict[str, pa.Table]:
    return engine.sample(1.0)


# --- limits ----------------------------------------------------------------------------------------


def chain_snapshot(names: list[str], *, linked: bool) -> SchemaSnapshot:
    tables = [table(name, [column("id", "integer", pk=True), column("up_id", "integer")]) for name in names]
    relationships = [fk(child, ["up_id"], parent, ["id"]) for parent, child in itertools.pairwise(names)]
    return normalize_snapshot({"tables": tables, "relationships": relationships if linked else []})


def test_limits_six_tables() -> None:
    names = ["t1", "t2", "t3", "t4", "t5", "t6"]
    problem = community_limits_problem(chain_snapshot(names, linked=False), names)
    assert problem == "SDV Community models at most 5 tables at once; 6 were given (t1, t2, t3, t4, t5, t6)."
    assert community_limits_problem(chain_snapshot(names, linked=False), names[:5]) is None


def test_limits_depth_three() -> None:
    snapshot = chain_snapshot(["region", "store", "sale"], linked=True)
    problem = community_limits_problem(snapshot, ["region", "store", "sale"])
    assert problem == (
        "SDV Community models relationship chains of at most 2 tables (parent -> child); "
        "region -> store -> sale is 3 tables deep."
    )
    assert community_limits_problem(snapshot, ["region", "store"]) is None  # depth 2
    assert community_limits_problem(snapshot, ["region", "sale"]) is None  # not related: depth 1


def test_limits_composite_foreign_key() -> None:
    snapshot = normalize_snapshot(
        {
            "tables": [
                table("orders", [column("region", "text", pk=True), column("number", "integer", pk=True)]),
                table(
                    "line",
                    [column("id", "integer", pk=True), column("region", "text"), column("number", "integer")],
                ),
            ],
            "relationships": [fk("line", ["region", "number"], "orders", ["region", "number"])],
        }
    )
    problem = community_limits_problem(snapshot, ["orders", "line"])
    assert (
        problem is not None and "one-column foreign keys" in problem and "line_region_number_fkey" in problem
    )


def test_fit_refuses_what_exceeds_the_limits(real: dict[str, pd.DataFrame]) -> None:
    names = ["t1", "t2", "t3", "t4", "t5", "t6"]
    frames = {name: pd.DataFrame({"id": [1, 2], "up_id": [1, 1]}) for name in names}
    with pytest.raises(InvalidInputError, match="at most 5 tables"):
        SdvEngine().fit(chain_snapshot(names, linked=False), frames)


def test_missing_sdv_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, shop: SchemaSnapshot) -> None:
    monkeypatch.setitem(sys.modules, "sdv.metadata", None)  # import of it raises ImportError
    with pytest.raises(InvalidInputError, match="uv sync --group sdv"):
        SdvEngine().fit(shop, shop_data(20))


def test_sample_before_fit() -> None:
    with pytest.raises(InvalidInputError, match="not been fitted"):
        SdvEngine().sample(1.0)


# --- fit / sample ----------------------------------------------------------------------------------


def test_sampled_types_match_the_snapshot(sampled: dict[str, pa.Table]) -> None:
    assert SdvEngine.name == "sdv"
    for name, types in EXPECTED_TYPES.items():
        schema = sampled[name].schema
        assert dict(zip(schema.names, schema.types, strict=True)) == types, name
        assert schema.field(next(iter(types))).metadata[b"tdm.source_type"]  # provisioning reads it back
    names = sampled["customer"].column("name").drop_null()
    assert pc.max(pc.utf8_length(names)).as_py() <= 8  # cut to varchar(8)
    assert set(sampled["invoice"].column("status").drop_null().to_pylist()) <= {"open", "paid", "void"}
    totals = sampled["invoice"].column("total").drop_null().to_pylist()
    assert all(t.as_tuple().exponent == -2 for t in totals[:50])  # rounded to the scale


def test_row_counts_scale_and_foreign_keys_hold(
    engine: SdvEngine, sampled: dict[str, pa.Table], real: dict[str, pd.DataFrame]
) -> None:
    assert sampled["customer"].num_rows == 200
    assert 0.8 * len(real["invoice"]) <= sampled["invoice"].num_rows <= 1.2 * len(real["invoice"])
    half = engine.sample(0.5)
    assert half["customer"].num_rows == 100
    assert 0.35 * len(real["invoice"]) <= half["invoice"].num_rows <= 0.65 * len(real["invoice"])
    for tables in (sampled, half):
        keys = tables["customer"].column("customer_id")
        assert pc.count_distinct(keys).as_py() == len(keys)  # primary key unique
        foreign = tables["invoice"].column("customer_id")
        assert foreign.null_count == 0
        assert pc.all(pc.is_in(foreign, value_set=keys.combine_chunks())).as_py()


def test_deterministic_for_a_seed(engine: SdvEngine, sampled: dict[str, pa.Table]) -> None:
    again = engine.sample(1.0)  # sampling restarts from the fitted state
    assert all(again[name].equals(sampled[name]) for name in sampled)


def test_quality_of_the_sample(
    shop: SchemaSnapshot, real: dict[str, pd.DataFrame], sampled: dict[str, pa.Table]
) -> None:
    scores = quality_report(real, sampled, sdv_metadata_dict(shop, ["customer", "invoice"]))
    assert scores.diagnostic_properties["Relationship Validity"] == 1.0
    assert scores.diagnostic_properties["Data Structure"] == 1.0
    assert scores.quality_score is not None and scores.quality_score > 0.6
    assert scores.cardinality is not None and scores.cardinality > 0.7


def test_single_table_with_a_self_reference() -> None:
    snapshot = normalize_snapshot(
        {
            "tables": [
                table(
                    "employee",
                    [
                        column("employee_id", "integer", pk=True),
                        column("reports_to", "integer"),
                        column("salary", "numeric(8,2)"),
                    ],
                )
            ],
            "relationships": [fk("employee", ["reports_to"], "employee", ["employee_id"])],
        }
    )
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(
        {
            "employee_id": np.arange(1, 61),
            "reports_to": [None, *rng.integers(1, 10, size=59)],
            "salary": np.round(rng.normal(4000, 600, size=60), 2),
        }
    )
    engine = SdvEngine(seed=1)
    engine.fit(snapshot, {"employee": frame})
    assert any("self reference" in note for note in engine.notes)
    sampled = engine.sample(2.0)["employee"]
    assert sampled.num_rows == 120
    managers = sampled.column("reports_to").drop_null()
    assert pc.all(pc.is_in(managers, value_set=sampled.column("employee_id").combine_chunks())).as_py()
    assert sampled.schema.field("salary").type == pa.decimal128(8, 2)
