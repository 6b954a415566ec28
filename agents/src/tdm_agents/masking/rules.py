"""Masking rules checked against the schema version, spread along foreign keys, or derived from PII.

A rule is `"table.column": "mask.<type>"` or `"table.column": {"type": "mask.<type>", "params": {...}}`
(tables named as in the PII map; `schema.table.column` outside the default schema). `resolve_rules`
returns a `MaskPlan`: per table, per column, the transformer, its checked parameters and what it knows
of the column -- or one 422 listing every problem, each with its `loc` (`["rules", "customer.email"]`):
an unknown table, column, transformer or parameter, an output that cannot fit the column (length,
type, NOT NULL), a transformer that could make a unique column collide.

Foreign keys: a rule on a key that foreign keys reference applies to every referencing column too
(composite and user-declared keys included, transitively), so masked data still joins; a different
rule given for such a column is refused. A rule on a referencing column whose key is not masked is
refused (the join would break) unless it sets the column to NULL.

`rules: "auto"` derives the rules from the PII classification of the schema version (`auto_rules`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import SchemaSnapshot, TableInfo, TableKey, qualified_name, resolve_table_name

from tdm_agents.common.column_kinds import type_facts, unique_columns, value_kind
from tdm_agents.masking.transformers.base import ColumnSpec, RuleError, Transformer, TransformerParams
from tdm_agents.masking.transformers.registry import registry, resolve_rule

Loc = list[str | int]


@dataclass(frozen=True)
class ColumnRule:
    table: str  # qualified name, as in the PII map
    column: str
    transformer: Transformer
    params: TransformerParams
    spec: ColumnSpec
    origin: str  # "rule" (asked for), "foreign key <target>" (spread), "auto <pii type>"

    @property
    def target(self) -> str:
        return f"{self.table}.{self.column}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.transformer.name,
            "params": self.params.model_dump(mode="json"),
            "origin": self.origin,
        }


@dataclass
class MaskPlan:
    rules: dict[str, dict[str, ColumnRule]] = field(default_factory=dict)  # table -> column -> rule
    foreign_keys: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # masked pairs: child t, c, parent t, c

    def add(self, rule: ColumnRule) -> None:
        self.rules.setdefault(rule.table, {})[rule.column] = rule

    def get(self, table: str, column: str) -> ColumnRule | None:
        return self.rules.get(table, {}).get(column)

    def all(self) -> list[ColumnRule]:
        return [rule for columns in self.rules.values() for rule in columns.values()]

    def applied(self) -> dict[str, dict[str, Any]]:
        return {rule.target: rule.to_dict() for rule in sorted(self.all(), key=lambda r: r.target)}


class _Problems:
    def __init__(self) -> None:
        self.errors: list[dict[str, Any]] = []

    def add(self, loc: Loc, message: str, kind: str = "value_error") -> None:
        if len(self.errors) < 50:
            self.errors.append({"loc": list(loc), "msg": message, "type": kind})

    def raise_if_any(self) -> None:
        if self.errors:
            first = self.errors[0]
            where = ".".join(str(p) for p in first["loc"])
            more = f" (and {len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
            raise InvalidInputError(f"{where}: {first['msg']}{more}", errors=self.errors)


def column_spec(table: TableInfo, column_name: str) -> ColumnSpec:
    column = table.column(column_name)
    assert column is not None
    facts = type_facts(column)
    primary, unique = unique_columns(table)
    return ColumnSpec(
        table=table.qualified_name,
        column=column.name,
        kind=value_kind(column) if value_kind(column) != "other" else _other_kind(column),
        data_type=str(column.data_type or ""),
        max_length=facts.max_length,
        fixed_length=facts.fixed_length,
        precision=facts.precision,
        scale=facts.scale,
        integer_bits=facts.integer_bits,
        nullable=column.nullable and column.name not in primary,
        unique=column.name in unique,
        primary_key=column.name in primary,
    )


def _other_kind(column: Any) -> str:
    details = column.type_details or {}
    return (
        "json"
        if details.get("family") == "json" or str(column.data_type).lower() in ("json", "jsonb")
        else "other"
    )


def split_target(target: str, tables: Iterable[TableKey]) -> tuple[TableKey, str] | None:
    """ "customer.email" -> ((public, customer), email); "sales.orders.total" -> ((sales, orders), total)."""
    known = list(tables)
    table_part, _, column = target.rpartition(".")
    if not table_part or not column:
        return None
    key = resolve_table_name(table_part, known)
    if key is None and "." not in table_part and '"' not in table_part:
        found = [k for k in known if k[1] == table_part]
        key = found[0] if len(found) == 1 else None
    return (key, column) if key is not None else None


def resolve_rules(
    rules: Mapping[str, Any],
    snapshot: SchemaSnapshot,
    *,
    dataset_tables: Iterable[str] | None = None,
    origin: str = "rule",
) -> MaskPlan:
    """Checked rules plus the rules foreign keys spread (a 422 listing every problem otherwise)."""
    problems = _Problems()
    tables = {t.key: t for t in snapshot.tables}
    in_dataset = set(dataset_tables) if dataset_tables is not None else None
    plan = MaskPlan()
    for target, raw in rules.items():
        loc: Loc = ["rules", target]
        found = split_target(target, tables)
        if found is None:
            problems.add(
                loc,
                f"no table for {target[:100]!r}: write 'table.column' (or 'schema.table.column')",
                "not_found",
            )
            continue
        key, column_name = found
        table = tables[key]
        if table.column(column_name) is None:
            problems.add(loc, f"{table.qualified_name} has no column {column_name!r}", "not_found")
            continue
        if in_dataset is not None and table.qualified_name not in in_dataset:
            problems.add(loc, f"{table.qualified_name} is not in the dataset version", "not_found")
            continue
        try:
            transformer, params = resolve_rule(raw)
            spec = column_spec(table, column_name)
            transformer.check(params, spec)
        except RuleError as exc:
            problems.add(loc, str(exc))
            continue
        plan.add(ColumnRule(table.qualified_name, column_name, transformer, params, spec, origin))
    problems.raise_if_any()
    _spread_along_foreign_keys(plan, snapshot, tables, problems)
    problems.raise_if_any()
    return plan


def _spread_along_foreign_keys(
    plan: MaskPlan, snapshot: SchemaSnapshot, tables: Mapping[TableKey, TableInfo], problems: _Problems
) -> None:
    pairs = [
        (qualified_name(*rel.child_key), child, qualified_name(*rel.parent_key), parent)
        for rel in snapshot.relationships
        for child, parent in zip(rel.child_columns, rel.parent_columns, strict=True)
    ]
    by_name = {t.qualified_name: t for t in tables.values()}
    changed = True
    while changed:  # to a fixpoint: a referencing column may itself be referenced
        changed = False
        for child_table, child_column, parent_table, parent_column in pairs:
            parent_rule = plan.get(parent_table, parent_column)
            if parent_rule is None:
                continue
            current = plan.get(child_table, child_column)
            if current is not None:
                same = current.transformer is parent_rule.transformer and current.params == parent_rule.params
                if not same:
                    problems.add(
                        ["rules", f"{child_table}.{child_column}"],
                        f"references {parent_table}.{parent_column} "
                        f"(masked with {parent_rule.transformer.name}): "
                        "it gets the same rule (so joins survive); remove its own rule or make it the same",
                    )
                continue
            narrower = _narrower(column_spec(by_name[child_table], child_column), parent_rule.spec)
            if narrower:
                problems.add(
                    ["rules", f"{child_table}.{child_column}"],
                    f"references {parent_table}.{parent_column} but is narrower ({narrower}): "
                    "the masked key values may not fit it",
                )
                continue
            # The key's spec, not the column's: both must be masked the same way, value for value.
            plan.add(
                ColumnRule(
                    child_table,
                    child_column,
                    parent_rule.transformer,
                    parent_rule.params,
                    parent_rule.spec,
                    f"foreign key to {parent_table}.{parent_column}",
                )
            )
            changed = True
    for child_table, child_column, parent_table, parent_column in pairs:
        child_rule = plan.get(child_table, child_column)
        if child_rule is None:
            continue
        if plan.get(parent_table, parent_column) is None and child_rule.transformer.name != "mask.null":
            problems.add(
                ["rules", f"{child_table}.{child_column}"],
                f"references {parent_table}.{parent_column}, which is not masked: masking one side would "
                f"break the join; put the rule on {parent_table}.{parent_column} (it spreads to this column)",
            )
        elif plan.get(parent_table, parent_column) is not None:
            plan.foreign_keys.append((child_table, child_column, parent_table, parent_column))


def _narrower(child: ColumnSpec, key: ColumnSpec) -> str | None:
    """How a referencing column is narrower than the key it references, if it is."""
    if key.max_length is not None and child.max_length is not None and child.max_length < key.max_length:
        return f"{child.max_length} characters, the key {key.max_length}"
    if key.max_length is None and child.max_length is not None:
        return f"{child.max_length} characters, the key unlimited"
    if key.integer_bits and child.integer_bits and child.integer_bits < key.integer_bits:
        return f"{child.integer_bits}-bit integers, the key {key.integer_bits}-bit"
    return None


# --- rules from the PII classification -------------------------------------------------------------

# PII type -> rules to try, in order; the first whose check passes on the column is used.
AUTO_RULES: dict[str, list[Any]] = {
    "email": ["mask.email_deterministic", "mask.hash"],
    "phone": ["mask.fake_phone", "mask.hash"],
    "person_name": [{"type": "mask.fake_name", "params": {"part": "full"}}, "mask.hash"],
    "first_name": [{"type": "mask.fake_name", "params": {"part": "first"}}, "mask.hash"],
    "last_name": [{"type": "mask.fake_name", "params": {"part": "last"}}, "mask.hash"],
    "address": ["mask.fake_address", "mask.hash"],
    "city": [{"type": "mask.hash", "params": {"alphabet": "letters", "length": 8}}],
    "postal_code": [{"type": "mask.hash", "params": {"alphabet": "digits", "length": 5}}],
    "country": [{"type": "mask.redact", "params": {"replacement": "XX"}}],
    "ssn": [{"type": "mask.hash", "params": {"alphabet": "digits", "length": 9}}, "mask.hash"],
    "credit_card": ["mask.fpe_pan", "mask.hash"],
    "iban": [{"type": "mask.hash", "params": {"alphabet": "alnum", "length": 22}}, "mask.hash"],
    "date_of_birth": ["mask.date_shift"],
    "ip_address": ["mask.hash"],
    "username": [
        {"type": "mask.hash", "params": {"alphabet": "base32", "length": 12, "prefix": "user_"}},
        "mask.hash",
    ],
    "password": ["mask.hash"],
    "other": ["mask.hash"],
    # Special-category data (pay, health, religion...), masked only with `mask_sensitive`: numbers keep
    # their magnitude (keyed noise, so totals stay plausible), dates their year, text is redacted.
    "sensitive": [
        {"type": "mask.noise", "params": {"pct": 20}},
        {"type": "mask.generalize", "params": {"unit": "year"}},
        {"type": "mask.redact", "params": {"replacement": "REDACTED"}},
        {"type": "mask.redact", "params": {"replacement": "X"}},
        "mask.null",
    ],
}
SENSITIVE = "sensitive"
FALLBACKS: list[Any] = ["mask.hash", "mask.null", "mask.redact"]


def auto_rules(
    pii_columns: Iterable[tuple[str, str, str]],
    snapshot: SchemaSnapshot,
    dataset_tables: Iterable[str] | None = None,
    *,
    mask_sensitive: bool = False,
) -> tuple[dict[str, Any], list[str]]:
    """Rules for every PII column (table, column, pii type) the dataset holds: ({target: rule}, targets
    no rule could mask). A key column gets the first candidate that keeps keys distinct. Columns of
    type `sensitive` get a rule only with `mask_sensitive` (they identify nobody: masking them is the
    requester's choice); every other PII type always gets one."""
    tables = {t.qualified_name: t for t in snapshot.tables}
    wanted = set(dataset_tables) if dataset_tables is not None else None
    rules: dict[str, Any] = {}
    unmaskable: list[str] = []
    for table_name, column_name, pii_type in pii_columns:
        if pii_type == SENSITIVE and not mask_sensitive:
            continue
        table = tables.get(table_name)
        if (
            table is None
            or table.column(column_name) is None
            or (wanted is not None and table_name not in wanted)
        ):
            continue
        spec = column_spec(table, column_name)
        target = f"{table_name}.{column_name}"
        for candidate in [*AUTO_RULES.get(pii_type, []), *FALLBACKS]:
            transformer, params = resolve_rule(candidate)
            try:
                transformer.check(params, spec)
            except RuleError:
                continue
            rules[target] = candidate
            break
        else:
            unmaskable.append(target)
    return rules, unmaskable


def known_transformers() -> list[dict[str, Any]]:
    """Every transformer with its parameters' JSON schema (the portal's rule builder)."""
    return [
        {
            "name": name,
            "summary": transformer.summary,
            "kinds": sorted(transformer.kinds),
            "unique_safe": transformer.unique_safe,
            "params_schema": transformer.Params.model_json_schema(),
        }
        for name, transformer in registry().items()
    ]


def rules_as_json(rules: Mapping[str, Any]) -> dict[str, Any]:
    """Rule values as plain JSON (a contract's RuleObject becomes {"type", "params"})."""
    return {
        target: value.model_dump(mode="json") if hasattr(value, "model_dump") else value
        for target, value in rules.items()
    }


def check_request(step: Any, snapshot: SchemaSnapshot) -> None:
    """Submission-time check of a mask step's explicit rules against the schema version (422s)."""
    rules = getattr(step, "rules", None) if not isinstance(step, Mapping) else step.get("rules")
    if isinstance(rules, Mapping):
        resolve_rules(rules_as_json(rules), snapshot)
