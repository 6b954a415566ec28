"""CHECK constraints read into what generation can honour: bounds, allowed values, column orderings.

A check constraint of the source is added back by provisioning after the rows are loaded, and it must
validate, so the generator has to know it. Checks are written in many ways; the common ones are
understood here, from PostgreSQL's `pg_get_constraintdef` text (casts and parentheses included) and
MySQL's:

    price >= 0, qty > 0 AND qty <= 100, pct BETWEEN 0 AND 100     -> numeric bounds of the column
    shipped >= '2020-01-01'                                        -> a date / timestamp bound
    status IN ('new', 'paid'), status = ANY (ARRAY['new', 'paid']) -> allowed values
    ends >= starts, total > discount                               -> an ordering of two columns
    char_length(code) = 3, length(code) >= 2                       -> text lengths
    col IS NOT NULL, col <> ''                                     -> nothing to do (always true here)

Anything else is reported back as not understood (the job says so: a row may then violate it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_CAST = re.compile(r"::\s*[a-z_][a-z0-9_ .\"]*(\(\s*\d+(\s*,\s*\d+)?\s*\))?(\[\])?", re.IGNORECASE)
_IDENT = r"[`\"]?([A-Za-z_][A-Za-z0-9_$]*)[`\"]?"
_NUMBER = r"(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)"
_STRING = r"'((?:[^']|'')*)'"
_OPS = (">=", "<=", "<>", "!=", ">", "<", "=")
_COMPARE = re.compile(rf"^{_IDENT}\s*(>=|<=|<>|!=|>|<|=)\s*(?:{_NUMBER}|{_STRING}|{_IDENT})$", re.IGNORECASE)
_REVERSED = re.compile(rf"^(?:{_NUMBER}|{_STRING})\s*(>=|<=|<>|!=|>|<|=)\s*{_IDENT}$", re.IGNORECASE)
_BETWEEN = re.compile(
    rf"{_IDENT}\s+BETWEEN\s+(?:{_NUMBER}|{_STRING})\s+AND\s+(?:{_NUMBER}|{_STRING})", re.IGNORECASE
)
_IN = re.compile(rf"^{_IDENT}\s+IN\s*\((.*)\)$", re.IGNORECASE | re.DOTALL)
_ANY = re.compile(rf"^{_IDENT}\s*=\s*ANY\s*\(+\s*ARRAY\s*\[(.*)\]\s*\)+$", re.IGNORECASE | re.DOTALL)
_LENGTH = re.compile(
    rf"^(?:char_length|length|character_length)\s*\(\s*{_IDENT}\s*\)\s*(>=|<=|>|<|=)\s*{_NUMBER}$",
    re.IGNORECASE,
)
_TRIVIAL = re.compile(rf"^{_IDENT}\s+IS\s+NOT\s+NULL$|^{_IDENT}\s*(<>|!=)\s*''$", re.IGNORECASE)
_FLIP = {">=": "<=", "<=": ">=", ">": "<", "<": ">", "=": "=", "<>": "<>", "!=": "!="}


@dataclass
class ColumnRule:
    """What the table's checks say about one column."""

    low: tuple[float | str, bool] | None = None  # (bound, strict)
    high: tuple[float | str, bool] | None = None
    allowed: list[str] | None = None
    excluded: list[str] = field(default_factory=list)
    min_length: int | None = None
    max_length: int | None = None


@dataclass
class TableRules:
    columns: dict[str, ColumnRule] = field(default_factory=dict)
    orderings: list[tuple[str, str, bool]] = field(default_factory=list)  # (greater, lesser, strict)
    not_understood: list[str] = field(default_factory=list)

    def column(self, name: str) -> ColumnRule:
        return self.columns.setdefault(name, ColumnRule())


def table_rules(constraints: list[Any] | None, columns: set[str]) -> TableRules:
    """The rules of a table's `check` constraints (snapshot `constraints` entries)."""
    rules = TableRules()
    for constraint in constraints or []:
        if not isinstance(constraint, dict) or constraint.get("type") != "check":
            continue
        definition = str(constraint.get("definition") or "")
        if not _read(definition, rules, columns):
            rules.not_understood.append(str(constraint.get("name") or definition[:60]))
    return rules


_WRAPPED = re.compile(
    r"(?<![\w$])\(\s*([A-Za-z_][\w$]*|[`\"][^`\"]+[`\"]|-?\d+(?:\.\d+)?|'(?:[^']|'')*')\s*\)"
)
_IS_NULL = re.compile(rf"^{_IDENT}\s+IS\s+NULL$", re.IGNORECASE)


def _normalize(definition: str) -> str:
    """The check without CHECK, casts, and parentheses around single names or literals."""
    text = re.sub(r"^\s*CHECK\s*", "", definition.strip(), flags=re.IGNORECASE)
    text = _CAST.sub("", text)
    while True:
        unwrapped = _WRAPPED.sub(r"\1", text)
        if unwrapped == text:
            return text.strip()
        text = unwrapped


def _strip_parens(text: str) -> str:
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    return text


def _balanced(text: str) -> bool:
    depth = 0
    quoted = False
    for char in text:
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _split_and(text: str) -> list[str]:
    """Top-level AND conjuncts (BETWEEN's own AND is rewritten first)."""
    return [_strip_parens(p) for p in _split(_BETWEEN.sub(_between, text), " AND ")]


def _split(text: str, word: str) -> list[str]:
    """`text` cut at `word` (" AND ", " OR ") outside parentheses and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    upper = text.upper()
    i = 0
    while i < len(text):
        char = text[i]
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        elif not quoted and depth == 0 and upper.startswith(word, i):
            parts.append(text[start:i])
            start = i + len(word)
            i += len(word) - 1
        i += 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def _between(match: re.Match[str]) -> str:
    column = match.group(1)
    low = match.group(2) if match.group(2) is not None else f"'{match.group(3)}'"
    high = match.group(4) if match.group(4) is not None else f"'{match.group(5)}'"
    return f"({column} >= {low}) AND ({column} <= {high})"


def _read(definition: str, rules: TableRules, columns: set[str]) -> bool:
    text = _strip_parens(_normalize(definition))
    if re.search(r"\bOR\b", text, re.IGNORECASE) and not (_IN.match(text) or _ANY.match(text)):
        # "x OR col IS NULL": a NULL passes anyway, so the rest must hold for the other rows.
        disjuncts = [_strip_parens(d) for d in _split(text, " OR ")]
        rest = [d for d in disjuncts if not _IS_NULL.match(d)]
        if len(rest) != 1 or re.search(r"\bOR\b", rest[0], re.IGNORECASE):
            return False
        text = rest[0]
    understood = True
    for part in _split_and(text):
        understood = _read_one(_strip_parens(part), rules, columns) and understood
    return understood


def _literals(text: str) -> list[str]:
    values = re.findall(_STRING + "|" + _NUMBER, text)
    return [s.replace("''", "'") if s or not n else n for s, n in values]


def _read_one(part: str, rules: TableRules, columns: set[str]) -> bool:  # noqa: PLR0911
    if _TRIVIAL.match(part):
        return True
    for pattern in (_IN, _ANY):
        match = pattern.match(part)
        if match and match.group(1) in columns:
            rules.column(match.group(1)).allowed = _literals(match.group(2))
            return True
    match = _LENGTH.match(part)
    if match and match.group(1) in columns:
        rule, operator, size = rules.column(match.group(1)), match.group(2), int(float(match.group(3)))
        if operator in (">=", ">", "="):
            rule.min_length = size + (1 if operator == ">" else 0)
        if operator in ("<=", "<", "="):
            rule.max_length = size - (1 if operator == "<" else 0)
        return True
    match = _COMPARE.match(part)
    if match and match.group(1) in columns:
        column, operator = match.group(1), match.group(2)
        number, string, other = match.group(3), match.group(4), match.group(5)
        if other is not None:
            if other not in columns:
                return False
            return _ordering(rules, column, operator, other)
        return _bound(rules.column(column), operator, float(number) if number is not None else string)
    match = _REVERSED.match(part)
    if match and match.group(4) in columns:
        value = float(match.group(1)) if match.group(1) is not None else match.group(2)
        return _bound(rules.column(match.group(4)), _FLIP[match.group(3)], value)
    return False


def _bound(rule: ColumnRule, operator: str, value: float | str | None) -> bool:
    if value is None:
        return False
    if operator in (">=", ">"):
        rule.low = (value, operator == ">")
    elif operator in ("<=", "<"):
        rule.high = (value, operator == "<")
    elif operator == "=":
        rule.allowed = [
            str(value) if not isinstance(value, float) or not value.is_integer() else str(int(value))
        ]
    else:
        rule.excluded.append(str(value))
    return True


def _ordering(rules: TableRules, left: str, operator: str, right: str) -> bool:
    if operator in (">=", ">"):
        rules.orderings.append((left, right, operator == ">"))
    elif operator in ("<=", "<"):
        rules.orderings.append((right, left, operator == "<"))
    else:
        return False
    return True
