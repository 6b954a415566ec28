"""SDMetrics quality / diagnostic scores of synthetic data, and the parent/child-consistent size cap."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from tdm_agents.synthetic.sdv_metadata import sdv_metadata_dict
from tdm_agents.synthetic.validator import (
    DIAGNOSTIC_PROPERTIES,
    QUALITY_PROPERTIES,
    cap_frames,
    pair_quality,
    prepare_frames,
    quality_report,
)
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import SchemaSnapshot, normalize_snapshot


def column(name: str, data_type: str, *, pk: bool = False, **stats: Any) -> dict[str, Any]:
    return {"name": name, "data_type": data_type, "is_primary_key": pk, "stats": stats or None}


SNAPSHOT = {
    "tables": [
        {
            "name": "customer",
            "constraints": [{"type": "primary_key", "columns": ["customer_id"]}],
            "columns": [
                column("customer_id", "integer", pk=True),
                column("country", "text", distinct_count=5, distinct_ratio=0.02),
                column("balance", "numeric(10,2)"),
                column("signed_up", "timestamp with time zone"),
            ],
        },
        {
            "name": "invoice",
            "constraints": [{"type": "primary_key", "columns": ["invoice_id"]}],
            "columns": [
                column("invoice_id", "bigint", pk=True),
                column("customer_id", "integer"),
                column("total", "double precision"),
                column("status", "character varying(10)", distinct_count=3, distinct_ratio=0.002),
                column("paid", "boolean"),
            ],
        },
        {
            "name": "note",
            "constraints": [{"type": "primary_key", "columns": ["note_id"]}],
            "columns": [column("note_id", "integer", pk=True), column("invoice_id", "bigint")],
        },
    ],
    "relationships": [
        {
            "name": "invoice_customer_fkey",
            "parent_table": "customer",
            "parent_columns": ["customer_id"],
            "child_table": "invoice",
            "child_columns": ["customer_id"],
        },
        {
            "name": "note_invoice_fkey",
            "parent_table": "invoice",
            "parent_columns": ["invoice_id"],
            "child_table": "note",
            "child_columns": ["invoice_id"],
        },
    ],
}


@pytest.fixture(scope="module")
def snapshot() -> SchemaSnapshot:
    return normalize_snapshot(SNAPSHOT)


def make_data(customers: int = 300, seed: int = 1) -> dict[str, pd.DataFrame]:
    """Customers with Decimal balances and tz-aware timestamps; invoices (Poisson per customer)."""
    rng = np.random.default_rng(seed)
    countries = rng.choice(["FR", "DE", "US", "BR", "JP"], size=customers, p=[0.4, 0.3, 0.15, 0.1, 0.05])
    scale = np.select([countries == "US", countries == "JP"], [800.0, 400.0], 100.0)  # by country
    balance = np.round(scale + rng.gamma(2.0, 20.0, size=customers), 2)
    signed_up = pd.Timestamp("2020-01-01", tz="Europe/Paris") + pd.to_timedelta(
        rng.integers(0, 3 * 365 * 86400, size=customers), unit="s"
    )
    customer = pd.DataFrame(
        {
            "customer_id": np.arange(1, customers + 1),
            "country": countries,
            "balance": [Decimal(f"{b:.2f}") for b in balance],  # as a database driver returns numeric
            "signed_up": signed_up,
        }
    )
    counts = rng.poisson(5, size=customers)
    owner = np.repeat(customer["customer_id"].to_numpy(), counts)
    # The status follows the customer's country: a trend across the two tables.
    owner_country = np.repeat(countries, counts)
    paid_share = np.where(np.isin(owner_country, ["US", "JP"]), 0.95, 0.3)
    draw = rng.random(len(owner))
    status = np.where(draw < paid_share, "paid", np.where(draw < paid_share + 0.1, "void", "open"))
    base = np.select([status == "void", status == "open"], [1.0, 40.0], 120.0)
    invoice = pd.DataFrame(
        {
            "invoice_id": np.arange(1, len(owner) + 1, dtype=np.int64),
            "customer_id": owner,
            # Strong pairs within the table (SDMetrics scores only pairs related in the real data).
            "total": np.round(base + rng.normal(0, 5, size=len(owner)), 2),
            "status": status,
            "paid": (status == "paid") ^ (rng.random(len(owner)) < 0.05),
        }
    )
    return {"customer": customer, "invoice": invoice}


def garbage(real: dict[str, pd.DataFrame], seed: int = 5) -> dict[str, pd.DataFrame]:
    """Same keys, every other column shuffled on its own and pushed off its distribution."""
    rng = np.random.default_rng(seed)
    customer = real["customer"].copy()
    customer["country"] = rng.choice(["FR", "ZZ"], size=len(customer), p=[0.1, 0.9])
    customer["balance"] = rng.uniform(5_000, 9_000, size=len(customer))
    customer["signed_up"] = rng.permutation(customer["signed_up"].to_numpy())
    invoice = real["invoice"].copy()
    invoice["customer_id"] = rng.choice(customer["customer_id"].to_numpy()[:10], size=len(invoice))
    invoice["total"] = rng.uniform(-500, 0, size=len(invoice))
    invoice["status"] = rng.permutation(invoice["status"].to_numpy())
    invoice["paid"] = rng.random(len(invoice)) < 0.05
    return {"customer": customer, "invoice": invoice}


@pytest.fixture(scope="module")
def real() -> dict[str, pd.DataFrame]:
    return make_data()


@pytest.fixture(scope="module")
def metadata(snapshot: SchemaSnapshot) -> dict[str, Any]:
    return sdv_metadata_dict(snapshot, ["customer", "invoice"])


def test_identical_data_scores_one(real: dict[str, pd.DataFrame], metadata: dict[str, Any]) -> None:
    scores = quality_report(real, real, metadata)
    assert scores.quality_score is not None and scores.quality_score >= 0.99
    assert set(scores.quality_properties) == set(QUALITY_PROPERTIES)
    assert set(scores.diagnostic_properties) == set(DIAGNOSTIC_PROPERTIES)
    assert all(v is not None and v >= 0.99 for v in scores.quality_properties.values())
    assert scores.diagnostic_score == 1.0
    assert scores.rows_real == scores.rows_synthetic == {"customer": 300, "invoice": len(real["invoice"])}
    as_dict = scores.as_dict()
    assert json.loads(json.dumps(as_dict)) == as_dict  # plain floats, ints and None
    assert scores.column_shapes == as_dict["quality_properties"]["Column Shapes"]


def test_garbage_scores_much_lower(real: dict[str, pd.DataFrame], metadata: dict[str, Any]) -> None:
    scores = quality_report(real, garbage(real), metadata)
    assert scores.quality_score is not None and scores.quality_score < 0.6
    assert scores.column_shapes is not None and scores.column_shapes < 0.5
    assert scores.cardinality is not None and scores.cardinality < 0.5  # 10 customers own everything
    for value in (*scores.quality_properties.values(), scores.quality_score):
        assert value is None or round(value, 4) == value  # rounded to 4 places


def test_arrow_tables_and_arrow_dtypes_are_scored_like_pandas(
    real: dict[str, pd.DataFrame], metadata: dict[str, Any]
) -> None:
    arrow = {name: pa.Table.from_pandas(frame, preserve_index=False) for name, frame in real.items()}
    arrow_backed = {name: table.to_pandas(types_mapper=pd.ArrowDtype) for name, table in arrow.items()}
    assert quality_report(real, arrow, metadata).quality_score == pytest.approx(1.0, abs=0.01)
    assert quality_report(real, arrow_backed, metadata).diagnostic_score == 1.0


def test_prepare_frames_normalizes_dtypes(real: dict[str, pd.DataFrame], metadata: dict[str, Any]) -> None:
    arrow = {name: pa.Table.from_pandas(frame, preserve_index=False) for name, frame in real.items()}
    prepared = prepare_frames(arrow, metadata)
    customer = prepared["customer"]
    assert customer["balance"].dtype == np.float64  # decimal128 -> float
    assert customer["signed_up"].dtype == "datetime64[ns]"  # tz-aware -> naive UTC
    first = real["customer"]["signed_up"].iloc[0]
    assert customer["signed_up"].iloc[0] == first.tz_convert("UTC").tz_localize(None)
    assert customer["country"].dtype == object
    assert prepared["invoice"]["status"].dtype == object
    assert list(customer.columns) == ["customer_id", "country", "balance", "signed_up"]
    with pytest.raises(InvalidInputError, match="balance"):
        prepare_frames(
            {"customer": real["customer"].drop(columns=["balance"]), "invoice": real["invoice"]}, metadata
        )


def test_cap_keeps_children_of_kept_parents(real: dict[str, pd.DataFrame], metadata: dict[str, Any]) -> None:
    capped = cap_frames(real, metadata, max_rows=400, seed=3)
    customer, invoice = capped["customer"], capped["invoice"]
    assert len(invoice) <= 400 and len(customer) < 300
    assert invoice["customer_id"].isin(customer["customer_id"]).all()  # no orphan
    # Every kept customer keeps all of its invoices: the cardinality distribution is intact.
    kept = real["invoice"][real["invoice"]["customer_id"].isin(customer["customer_id"])]
    assert len(customer) == 81  # 300 x 400 / 1482: the group's fraction, drawn from the parents
    assert invoice.reset_index(drop=True).equals(kept.reset_index(drop=True))
    # A child still above the cap (more invoices than expected) is cut to the cap.
    assert len(cap_frames(real, metadata, max_rows=400, seed=0)["invoice"]) == 400
    again = cap_frames(real, metadata, max_rows=400, seed=3)
    assert all(again[name].equals(capped[name]) for name in capped)  # deterministic
    other = cap_frames(real, metadata, max_rows=400, seed=4)
    assert not other["customer"].equals(customer)
    assert cap_frames(real, metadata, max_rows=10_000)["invoice"] is real["invoice"]  # under the cap


def test_capped_report_counts(real: dict[str, pd.DataFrame], metadata: dict[str, Any]) -> None:
    scores = quality_report(real, real, metadata, max_rows=500)
    assert max(scores.rows_real.values()) <= 500 and max(scores.rows_synthetic.values()) <= 500
    assert scores.relationship_validity == 1.0  # capping kept every foreign key valid


def test_pair_quality_scores_two_tables(snapshot: SchemaSnapshot, real: dict[str, pd.DataFrame]) -> None:
    rng = np.random.default_rng(2)
    invoice_ids = real["invoice"]["invoice_id"].to_numpy()
    note = pd.DataFrame({"note_id": np.arange(1, 101), "invoice_id": rng.choice(invoice_ids, size=100)})
    frames = {**real, "note": note}
    scores = pair_quality(frames, frames, snapshot, "customer", "invoice")
    assert set(scores.rows_real) == {"customer", "invoice"}
    assert scores.quality_score is not None and scores.quality_score >= 0.99
    with pytest.raises(InvalidInputError, match="note"):
        pair_quality(real, real, snapshot, "invoice", "note")


def test_single_table_has_no_intertable_scores(
    snapshot: SchemaSnapshot, real: dict[str, pd.DataFrame]
) -> None:
    metadata = sdv_metadata_dict(snapshot, ["customer"])
    scores = quality_report({"customer": real["customer"]}, {"customer": real["customer"]}, metadata)
    assert scores.cardinality is None and scores.intertable_trends is None
    assert scores.relationship_validity is None
    assert scores.quality_score is not None and scores.quality_score >= 0.99
