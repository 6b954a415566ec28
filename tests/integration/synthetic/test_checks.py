"""A source whose CHECK constraints restrict its values (bounds, BETWEEN, IN lists, lengths, an ordering
of two dates, a strict ordering of two amounts): the synthetic rows satisfy them, from the schema alone
and learned from the data -- the checks are added after the load and validate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tdm_dataset_store import DatasetStore

from tests.integration.conftest import discover, run_job

TABLES = """
CREATE TABLE plan (code char(3) NOT NULL, label text NOT NULL, monthly numeric(8, 2) NOT NULL);
CREATE TABLE booking (id bigint NOT NULL, plan_code char(3) NOT NULL, status varchar(10) NOT NULL,
                      qty int NOT NULL, pct smallint, starts date NOT NULL, ends date NOT NULL,
                      price numeric(10, 2) NOT NULL, discount numeric(10, 2) NOT NULL);
"""
KEYS = """
ALTER TABLE plan ADD PRIMARY KEY (code);
ALTER TABLE plan ADD CONSTRAINT plan_code_length CHECK (char_length(code) = 3);
ALTER TABLE plan ADD CONSTRAINT plan_monthly_positive CHECK (monthly > 0);
ALTER TABLE booking ADD PRIMARY KEY (id);
ALTER TABLE booking ADD FOREIGN KEY (plan_code) REFERENCES plan (code);
ALTER TABLE booking ADD CONSTRAINT booking_status CHECK (status IN ('new', 'paid', 'void'));
ALTER TABLE booking ADD CONSTRAINT booking_qty CHECK (qty BETWEEN 1 AND 9);
ALTER TABLE booking ADD CONSTRAINT booking_pct CHECK (pct >= 0 AND pct <= 100);
ALTER TABLE booking ADD CONSTRAINT booking_dates CHECK (ends >= starts);
ALTER TABLE booking ADD CONSTRAINT booking_discount CHECK (price > discount);
ALTER TABLE booking ADD CONSTRAINT booking_starts CHECK (starts >= DATE '2023-01-01');
"""
DATA = """
INSERT INTO plan VALUES ('BAS', 'basic', 9.99), ('PRO', 'pro', 29.00), ('ENT', 'enterprise', 99.00);
INSERT INTO booking SELECT g, (ARRAY['BAS', 'PRO', 'ENT'])[1 + g % 3],
       (ARRAY['new', 'paid', 'void'])[1 + g % 3], 1 + g % 9, g % 101,
       date '2023-01-01' + g % 400, date '2023-01-01' + g % 400 + g % 30,
       20 + g % 50, g % 20 FROM generate_series(1, 300) g;
"""


@pytest.mark.parametrize("learn", [True, False], ids=["learned", "schema-only"])
def test_checks_hold_on_synthetic_rows(
    source_db: Callable[[str, str], str],
    dataset_store: DatasetStore,
    targets: Callable[..., str],
    learn: bool,
) -> None:
    url = source_db("checks", TABLES + KEYS + DATA)
    version = discover(url)
    request: dict[str, Any] = {"schema_version_id": version, "scale": 20, "seed": 2}
    if learn:
        request["connection_string"] = url
    outcome = run_job({"synthetic": request})
    assert outcome.status == "completed", outcome.error
    result = outcome.result["steps"]["synthetic"]
    assert not [w for w in result["warnings"] if "check constraint" in w], result["warnings"]
    counts = result["row_counts"]
    assert counts["booking"] == 6000
    targets(dataset_store, result["dataset_version_id"], [TABLES], [KEYS])  # every check validates
