"""A short varchar key referenced by two foreign keys, and a unique varchar(25) email, masked with
mask.hash and mask.email_deterministic: the output fits, stays unique and still joins; a rule that
cannot fit is a 422 before any job runs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from tdm_core.errors import InvalidInputError
from tdm_dataset_store import DatasetStore

from tests.integration.conftest import discover, mask, run_job, subset
from tests.support.cli import tdm

TABLES = """
CREATE TABLE accounts (code varchar(8) NOT NULL, email varchar(25) NOT NULL, owner text);
CREATE TABLE transfers (id int NOT NULL, from_code varchar(8) NOT NULL, to_code varchar(8),
                        amount numeric(10, 2));
"""
KEYS = """
ALTER TABLE accounts ADD PRIMARY KEY (code);
ALTER TABLE accounts ADD CONSTRAINT accounts_email_key UNIQUE (email);
ALTER TABLE transfers ADD PRIMARY KEY (id);
ALTER TABLE transfers ADD CONSTRAINT transfers_from_fk FOREIGN KEY (from_code) REFERENCES accounts (code);
ALTER TABLE transfers ADD CONSTRAINT transfers_to_fk FOREIGN KEY (to_code) REFERENCES accounts (code);
"""
DATA = """
INSERT INTO accounts SELECT 'AC-' || lpad(g::text, 5, '0'), 'holder' || g || '@bank.example', 'owner ' || g
FROM generate_series(1, 400) g;
INSERT INTO transfers SELECT g, 'AC-' || lpad((1 + g % 400)::text, 5, '0'),
       CASE WHEN g % 5 = 0 THEN NULL ELSE 'AC-' || lpad((1 + (g * 7) % 400)::text, 5, '0') END, g * 1.5
FROM generate_series(1, 2000) g;
"""
JOIN = (
    "SELECT count(*) FROM transfers t JOIN accounts a ON a.code = t.from_code "
    "JOIN accounts b ON b.code = t.to_code"
)


def _count(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(JOIN).fetchone()
    return int(row[0]) if row else 0


def test_short_varchar_key_and_unique_email(
    source_db: Callable[[str, str], str], dataset_store: DatasetStore, targets: Callable[..., str]
) -> None:
    url = source_db("keys", TABLES + KEYS + DATA)
    version = discover(url)
    whole = subset({"schema_version_id": version, "connection_string": url, "root_table": "accounts"})
    result = mask(
        {
            "dataset_version_id": whole["dataset_version_id"],
            "rules": {"accounts.code": "mask.hash", "accounts.email": "mask.email_deterministic"},
        }
    )
    assert {"transfers.from_code", "transfers.to_code"} <= set(result["rules_applied"])
    masked = result["dataset_version_id"]
    codes = [
        v
        for b in dataset_store.read_table(masked, "accounts", columns=["code"])
        for v in b.column(0).to_pylist()
    ]
    emails = [
        v
        for b in dataset_store.read_table(masked, "accounts", columns=["email"])
        for v in b.column(0).to_pylist()
    ]
    assert len(set(codes)) == 400 and all(len(c) <= 8 for c in codes)
    assert len(set(emails)) == 400 and all(len(e) <= 25 for e in emails)
    assert not {c for c in codes if c.startswith("AC-")}
    target = targets(dataset_store, masked, [TABLES], [KEYS])  # keys and uniques validate
    assert _count(target) == _count(url) > 0


def test_rules_that_cannot_fit_are_refused_before_the_job(source_db: Callable[[str, str], str]) -> None:
    url = source_db("keys_refused", TABLES + KEYS + DATA)
    version = discover(url)
    whole = subset({"schema_version_id": version, "connection_string": url, "root_table": "accounts"})
    with pytest.raises(InvalidInputError) as refused:
        run_job(
            {
                "mask": {
                    "dataset_version_id": whole["dataset_version_id"],
                    "rules": {
                        "accounts.code": {"type": "mask.hash", "params": {"length": 30}},
                        "accounts.email": "mask.redact",
                        "accounts.nope": "mask.hash",
                        "accounts.owner": {"type": "mask.hash", "params": {"colour": "red"}},
                        "transfers.amount": "mask.unknown",
                    },
                }
            }
        )
    problems = {tuple(error["loc"]): error["msg"] for error in refused.value.errors}
    assert "holds at most 8" in problems[("mask", "rules", "accounts.code")]
    assert "unique" in problems[("mask", "rules", "accounts.email")]
    assert "no column 'nope'" in problems[("mask", "rules", "accounts.nope")]
    assert "colour" in problems[("mask", "rules", "accounts.owner")]
    assert "unknown transformer" in problems[("mask", "rules", "transfers.amount")]


def test_tdm_mask_cli(source_db: Callable[[str, str], str], tmp_path: Path) -> None:
    """`tdm mask --dataset ID --rules rules.json --wait`: the JSON result, or exit 1 naming the rule."""
    url = source_db("keys_cli", TABLES + KEYS + DATA)
    version = discover(url)
    whole = subset({"schema_version_id": version, "connection_string": url, "root_table": "accounts"})
    rules = tmp_path / "rules.json"
    rules.write_text(
        json.dumps({"accounts.email": "mask.email_deterministic", "accounts.owner": "mask.redact"})
    )
    done = tdm("mask", "--dataset", whole["dataset_version_id"], "--rules", str(rules), "--wait")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)["result"]["steps"]["mask"]
    assert result["columns_masked"] == 2 and result["row_counts"]["accounts"] == 400
    rules.write_text(json.dumps({"accounts.email": "mask.redact"}))
    refused = tdm("mask", "--dataset", whole["dataset_version_id"], "--rules", str(rules), "--wait")
    assert refused.returncode == 1 and "rules.accounts.email" in refused.stderr and "unique" in refused.stderr


SMALL_SPACE = """
CREATE TABLE branches (id int PRIMARY KEY, zip varchar(4));
INSERT INTO branches SELECT g, lpad((g % 3000)::text, 4, '0') FROM generate_series(1, 6000) g;
"""


def test_small_output_space_never_lands_on_an_original(
    source_db: Callable[[str, str], str], dataset_store: DatasetStore
) -> None:
    """Four-digit codes hashed to four digits: about 900 of 3000 first draws hit one of the 3000 original
    codes by chance. The engine redraws them (the same way on every row), so nothing leaks."""
    url = source_db("small_space", SMALL_SPACE)
    version = discover(url)
    whole = subset({"schema_version_id": version, "connection_string": url, "root_table": "branches"})
    rule = {"type": "mask.hash", "params": {"alphabet": "digits", "length": 4}}
    result = mask({"dataset_version_id": whole["dataset_version_id"], "rules": {"branches.zip": rule}})
    batches = dataset_store.read_table(result["dataset_version_id"], "branches", columns=["id", "zip"])
    rows = [row for b in batches for row in zip(*(c.to_pylist() for c in b.columns), strict=True)]
    by_original: dict[str, set[str]] = {}
    for row_id, masked in rows:
        by_original.setdefault(f"{row_id % 3000:04d}", set()).add(masked)
    assert len(by_original) == 3000 and all(len(v) == 1 for v in by_original.values())  # deterministic
    codes = {v for values in by_original.values() for v in values}
    assert all(len(c) == 4 and c.isdigit() for c in codes)
    assert not codes & set(by_original)  # no masked zip is an original zip


def test_made_up_names_avoid_originals_that_cover_the_whole_list(
    source_db: Callable[[str, str], str], dataset_store: DatasetStore
) -> None:
    """A column holding every first name of the fake list (and more): single picks cannot avoid them,
    so the redraws turn to double names; no masked value is an original one, and the same input still
    gets the same name."""
    import psycopg
    from tdm_agents.masking.transformers.fakes_data import FIRST_NAMES

    names = [*FIRST_NAMES["en"], *(f"Name{i}" for i in range(200))]
    values = ", ".join("('" + name.replace("'", "''") + "')" for name in names)
    url = source_db(
        "names",
        "CREATE TABLE people (id serial PRIMARY KEY, first_name text); "
        f"INSERT INTO people (first_name) SELECT v FROM (VALUES {values}) t(v), generate_series(1, 2);",
    )
    version = discover(url)
    whole = subset({"schema_version_id": version, "connection_string": url, "root_table": "people"})
    rule = {"type": "mask.fake_name", "params": {"part": "first"}}
    result = mask({"dataset_version_id": whole["dataset_version_id"], "rules": {"people.first_name": rule}})
    rows = [
        row for b in dataset_store.read_table(result["dataset_version_id"], "people") for row in b.to_pylist()
    ]
    with psycopg.connect(url) as conn:
        original = dict(conn.execute("SELECT id, first_name FROM people").fetchall())
    assert len(rows) == len(original) == 2 * len(names)
    outputs = {row["first_name"] for row in rows}
    assert not outputs & set(names)
    assert any("-" in name for name in outputs)  # the double names that made it possible
    masked_of: dict[str, set[str]] = {}
    for row in rows:
        masked_of.setdefault(original[row["id"]], set()).add(row["first_name"])
    assert all(len(m) == 1 for m in masked_of.values())  # deterministic per input
