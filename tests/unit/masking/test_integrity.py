"""`validate_integrity`'s checks on fingerprints: row counts, collisions on unique columns, leaks, and
masked references that match no masked key -- each one found, and a clean run found clean."""

from __future__ import annotations

from tdm_agents.masking.engine import ColumnTrace, integrity_problems
from tdm_agents.masking.rules import resolve_rules
from tdm_core.schema_model import normalize_snapshot

SNAPSHOT = {
    "tables": [
        {
            "name": "customer",
            "constraints": [{"type": "primary_key", "columns": ["code"]}],
            "columns": [
                {"name": "code", "data_type": "character varying(40)", "nullable": False},
                {"name": "email", "data_type": "text"},
            ],
        },
        {
            "name": "orders",
            "constraints": [{"type": "primary_key", "columns": ["id"]}],
            "columns": [
                {"name": "id", "data_type": "integer", "nullable": False},
                {"name": "customer_code", "data_type": "character varying(40)"},
            ],
        },
    ],
    "relationships": [
        {
            "name": "orders_customer",
            "parent_table": "customer",
            "parent_columns": ["code"],
            "child_table": "orders",
            "child_columns": ["customer_code"],
        }
    ],
}
PLAN = resolve_rules(
    {"customer.code": "mask.hash", "customer.email": "mask.email_deterministic"}, normalize_snapshot(SNAPSHOT)
)
COUNTS = {"customer": 3, "orders": 2}


def traces(code_out: list[str], email_out: list[str], child_out: list[str]) -> dict[str, ColumnTrace]:
    found = {name: ColumnTrace() for name in ("customer.code", "customer.email", "orders.customer_code")}
    found["customer.code"].add(["c1", "c2", "c3"], code_out, 0)
    found["customer.email"].add(["a@x.org", "b@x.org"], email_out, 0)
    found["orders.customer_code"].add(["c1", "c3"], child_out, 0)
    return found


def test_a_clean_run_has_no_problem() -> None:
    assert PLAN.foreign_keys == [("orders", "customer_code", "customer", "code")]
    clean = traces(["h1", "h2", "h3"], ["m1@example.com", "m2@example.com"], ["h1", "h3"])
    assert integrity_problems(PLAN, clean, COUNTS, COUNTS) == []


def test_each_broken_guarantee_is_named() -> None:
    broken = traces(
        ["h1", "h1", "h3"],  # two keys masked alike
        ["b@x.org", "m2@example.com"],  # an original address left in the column
        ["h1", "h9"],  # a reference to a key nobody has
    )
    problems = integrity_problems(PLAN, broken, {"customer": 3, "orders": 1}, COUNTS)
    assert "table orders: 2 rows in, 1 out" in problems
    assert any(p.startswith("customer.code is unique but 1 distinct value(s)") for p in problems)
    assert any(p.startswith("customer.email: 1 masked value(s) equal an original") for p in problems)
    assert any(
        p.startswith("orders.customer_code: 1 masked value(s) match no masked customer.code")
        for p in problems
    )
    assert len(problems) == 4
