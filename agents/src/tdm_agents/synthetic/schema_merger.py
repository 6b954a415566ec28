"""One schema from several: the database, an OpenAPI spec, crawled web forms and a domain pack (spec 8.2).

`merge_schemas([(origin, snapshot), ...])` takes normalized snapshots (`tdm_agents.synthetic.schema`)
and returns the merged snapshot with what happened on the way: `matches` (every source entity and
attribute, and the merged one it became), `conflicts` (a value a lower source had and lost) and
`notes` (what a lower source said that could not be used, and why).

Priority: db > api > ui > pack (`ORIGIN_PRIORITY`, lower wins). Sources are merged in that order
whatever the argument order; two sources of the same origin are ordered by their content, so the result
never depends on the argument order.

Matching names, for entities (tables) and attributes (columns), in passes, best first, each merged entity
or attribute taken by at most one of a source's: `exact` (same name; for tables, the same schema first),
`case` (names equal ignoring case), `convention` (equal in snake_case: firstName, FirstName, first_name),
`plural` (equal once the last word is singular: customers, Customer; OrderItems, order_item;
categories, category), and for attributes `id_alias` (a one-column primary key `id` is the primary key
`<entity>_id` of the other side). Nothing else matches: a form named "registration" stays a table
"registration" next to "customer". An entity matched by none is added as a new table (how `new`).

A matched entity keeps the winner's name and schema (a database table keeps its real name). For a matched
attribute the winner's type, nullability and key flags stand; a lower source's different type,
nullability, primary-key flag or maximum length is a conflict. A lower source adds what the winner lacks
(semantic type, comment, and the `type_details` allowed_values, weights, minimum, maximum, min_length,
max_length, pattern, format, distribution); a different value where both have one is a conflict. A table
also takes a lower source's `default_row_count` when it has none. Type names compare canonically
(`varchar(20)` is `character varying(20)`).

A lower source's attribute missing from the merged table is appended (nullable, not a key, ordinal
positions continuing) unless the table comes from the database: a database table's columns are what
provisioning creates, so the attribute is not added (`unmatched` in matches, and a note). Lower sources'
unique keys are added to non-database tables whose columns they name.

Relationships are the union of the sources', renamed to the merged tables and columns and deduplicated
by (child table, child columns, parent table, parent columns); a duplicate gives the kept one the extra
keys it lacks (`children_per_parent` of a pack). A lower relationship is dropped, with a note, when it
names a column the merged table lacks, or, as a conflict, when the same child columns already point at
another parent. Each merged table, column and relationship has `origin`: the source it comes from.

The result passes `normalize_snapshot` (it is its output).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import DEFAULT_NAMESPACE, RELATIONSHIP_KEYS, SchemaSnapshot, normalize_snapshot

from tdm_agents.synthetic.domain_packs import canonical_type, char_length
from tdm_agents.synthetic.schema import ORIGIN_PRIORITY, Origin

MatchKind = Literal["exact", "case", "convention", "plural", "id_alias", "new", "unmatched"]
NoteKind = Literal["attribute_not_added", "relationship_dropped"]
TableKey = tuple[str, str]

# type_details keys a lower source may add to the winner's column (`weights` only with equal allowed
# values: they are frequencies of those values).
_ADDABLE_DETAILS = (
    "allowed_values",
    "minimum",
    "maximum",
    "min_length",
    "max_length",
    "pattern",
    "format",
    "distribution",
)


class Side(BaseModel):
    origin: Origin
    value: Any = None


class Conflict(BaseModel):
    """Two sources disagree on a field: `kept` is in the merged schema, `dropped` is not."""

    entity: str  # the merged table, as users name it (`qualified_name`)
    attribute: str | None = None  # the merged column; for a foreign key, its child columns joined by ","
    field: str
    kept: Side
    dropped: Side
    reason: str


class Match(BaseModel):
    """Where a source's entity (attribute None) or attribute went in the merged schema, and how."""

    origin: Origin
    source_entity: str
    source_attribute: str | None = None
    entity: str  # the merged table
    attribute: str | None = None  # the merged column; None for an entity, or an attribute not merged
    how: MatchKind
    added: list[str] = Field(default_factory=list)  # fields this source added to the merged one


class Note(BaseModel):
    """Something a lower source said that the merged schema does not hold, and why."""

    kind: NoteKind
    origin: Origin
    entity: str
    attribute: str | None = None
    reason: str


class MergeResult(BaseModel):
    snapshot: dict[str, Any]
    conflicts: list[Conflict] = Field(default_factory=list)
    matches: list[Match] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)


# --- names ---------------------------------------------------------------------------------------

_ACRONYM_PLURAL = re.compile(r"([A-Z]{2,})s(?=$|[^a-z])")  # URLs, IDs: the plural of an acronym
_ACRONYM_WORD = re.compile(r"([A-Z]+)([A-Z][a-z])")  # HTTPStatus -> HTTP_Status
_WORD_START = re.compile(r"([a-z0-9])([A-Z])")  # firstName -> first_Name
_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")


def snake_case(name: str) -> str:
    """firstName, FirstName, first-name, "First Name", customerIDs -> first_name ... customer_ids."""
    text = _ACRONYM_PLURAL.sub(lambda m: m.group(1) + "S", name)
    text = _ACRONYM_WORD.sub(r"\1_\2", text)
    text = _WORD_START.sub(r"\1_\2", text)
    return _SEPARATORS.sub("_", text).strip("_").lower()


# Plural -> singular forms no rule gets right, and words that stay as they are.
_IRREGULAR = {
    "people": "person",
    "persons": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "mice": "mouse",
    "geese": "goose",
    "feet": "foot",
    "teeth": "tooth",
    "indices": "index",
    "matrices": "matrix",
    "vertices": "vertex",
    "appendices": "appendix",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "analyses": "analysis",
    "diagnoses": "diagnosis",
    "theses": "thesis",
    "crises": "crisis",
    "axes": "axis",
    "heroes": "hero",
    "potatoes": "potato",
    "tomatoes": "tomato",
    "echoes": "echo",
    "vetoes": "veto",
    "quizzes": "quiz",
    "leaves": "leaf",
    "halves": "half",
    "shelves": "shelf",
    "wolves": "wolf",
    "knives": "knife",
    "wives": "wife",
    "lives": "life",
    "thieves": "thief",
    "loaves": "loaf",
    "calves": "calf",
}
_UNCOUNTABLE = frozenset(
    {
        "data",
        "metadata",
        "media",
        "news",
        "series",
        "species",
        "information",
        "equipment",
        "feedback",
        "software",
        "hardware",
        "inventory",
        "sms",
        "mms",
        "alias",
        "bias",
        "canvas",
        "atlas",
        "gas",
        "lens",
        "analytics",
        "physics",
        "economics",
        "logistics",
    }
)
# Latin -us nouns: status -> statuses (a rule dropping "es" would also turn "houses" into "hous").
_US_NOUNS = frozenset(
    {
        "status",
        "bus",
        "campus",
        "virus",
        "bonus",
        "census",
        "focus",
        "prospectus",
        "apparatus",
        "radius",
        "syllabus",
        "surplus",
        "nexus",
        "corpus",
        "consensus",
        "stimulus",
        "cactus",
        "octopus",
        "genus",
        "hiatus",
        "thesaurus",
    }
)
# -ie nouns whose plural is -ies (movies), unlike categories -> category.
_IE_NOUNS = frozenset(
    {
        "movie",
        "cookie",
        "pie",
        "tie",
        "lie",
        "die",
        "zombie",
        "calorie",
        "rookie",
        "selfie",
        "genie",
        "prairie",
        "brownie",
        "goalie",
        "hippie",
        "freebie",
        "smoothie",
        "species",
    }
)
# -che nouns whose plural is -ches (caches), unlike matches -> match.
_CHE_NOUNS = frozenset({"cache", "niche", "ache", "headache", "avalanche", "moustache", "cliche", "creche"})


def singular(word: str) -> str:  # noqa: PLR0911 - one return per rule
    """The singular of one lowercase English word (a table-name word: customers, categories, boxes)."""
    if word in _UNCOUNTABLE or len(word) <= 3:
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ies"):
        return word[:-1] if word[:-1] in _IE_NOUNS else word[:-3] + "y"
    if word.endswith("uses") and word[:-2] in _US_NOUNS:
        return word[:-2]
    if word.endswith("ches"):
        return word[:-1] if word[:-1] in _CHE_NOUNS else word[:-2]
    if word.endswith(("sses", "shes", "xes", "zzes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is", "ous")) or not word.endswith("s"):
        return word  # address, status, analysis, previous, customer: already singular
    return word[:-1]


def singular_name(name: str) -> str:
    """snake_case with the last word singular: OrderItems -> order_item, order_statuses -> order_status."""
    words = snake_case(name).split("_")
    words[-1] = singular(words[-1])
    return "_".join(words)


def _qualified(key: TableKey) -> str:
    schema, name = key
    return name if schema == DEFAULT_NAMESPACE else f"{schema}.{name}"


# name passes: (how, key function); the first pass of tables also wants the same schema.
_NAME_PASSES: tuple[tuple[MatchKind, Callable[[str], str]], ...] = (
    ("exact", lambda n: n),
    ("case", str.lower),
    ("convention", snake_case),
    ("plural", singular_name),
)


# --- values ----------------------------------------------------------------------------------------


def _type_key(data_type: Any) -> str | None:
    if not isinstance(data_type, str):
        return None
    return canonical_type(data_type) or " ".join(data_type.lower().split())


def _max_length(col: Mapping[str, Any]) -> int | None:
    """The longest value a column takes: its type_details max_length, else the n of its char type."""
    details = col.get("type_details") or {}
    if isinstance(details.get("max_length"), int):
        return int(details["max_length"])
    key = _type_key(col.get("data_type"))
    return char_length(key) if key else None


def _same(a: Any, b: Any) -> bool:
    # 5 and 5.0 are one bound; ["a", "b"] and ["b", "a"] are one set of allowed values.
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a == b)
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return bool(a == b)


def _order_key(origin: str, snapshot: Mapping[str, Any]) -> tuple[int, str]:
    return ORIGIN_PRIORITY[origin], json.dumps(snapshot, sort_keys=True, default=str)


# --- the merge -------------------------------------------------------------------------------------


class _Merger:
    def __init__(self) -> None:
        self.tables: list[dict[str, Any]] = []
        self.relationships: list[dict[str, Any]] = []
        # (table, column, field) -> origin of the value in the merged column, for conflicts' `kept`.
        self.provenance: dict[tuple[TableKey, str, str], Origin] = {}
        self.conflicts: list[Conflict] = []
        self.matches: list[Match] = []
        self.notes: list[Note] = []

    # - tables

    def table(self, key: TableKey) -> dict[str, Any]:
        return next(t for t in self.tables if (t["schema"], t["name"]) == key)

    def add_source(self, origin: Origin, snapshot: Mapping[str, Any]) -> None:
        source_tables: list[dict[str, Any]] = list(snapshot["tables"])
        pairs = self.match_tables(source_tables)
        table_map: dict[TableKey, TableKey] = {}
        column_maps: dict[TableKey, dict[str, str | None]] = {}
        for index, source in enumerate(source_tables):
            source_key = (source["schema"], source["name"])
            if index in pairs:
                merged_key, how = pairs[index]
                column_maps[source_key] = self.merge_table(origin, source, merged_key, how)
            else:
                merged_key = self.add_table(origin, source)
                column_maps[source_key] = {c["name"]: c["name"] for c in source["columns"]}
            table_map[source_key] = merged_key
        for rel in snapshot.get("relationships") or []:
            self.add_relationship(origin, rel, table_map, column_maps)

    def match_tables(self, source_tables: list[dict[str, Any]]) -> dict[int, tuple[TableKey, MatchKind]]:
        """Source table index -> (merged table, how), best pass first, one to one."""
        pairs: dict[int, tuple[TableKey, MatchKind]] = {}
        taken: set[TableKey] = set()
        # Tables before views, the default schema before others: which of two equal names an entity means.
        candidates = sorted(
            self.tables,
            key=lambda t: (
                t.get("kind") != "table",
                t["schema"] != DEFAULT_NAMESPACE,
                t["schema"],
                t["name"],
            ),
        )
        passes: list[tuple[MatchKind, Callable[[str], str], bool]] = [("exact", lambda n: n, True)]
        passes += [(how, key_of, False) for how, key_of in _NAME_PASSES]
        for how, key_of, same_schema in passes:
            for index, source in enumerate(source_tables):
                if index in pairs:
                    continue
                wanted = key_of(source["name"])
                for merged in candidates:
                    merged_key = (merged["schema"], merged["name"])
                    if merged_key in taken or key_of(merged["name"]) != wanted:
                        continue
                    if same_schema and merged["schema"] != source["schema"]:
                        continue
                    pairs[index] = (merged_key, how)
                    taken.add(merged_key)
                    break
        return pairs

    def add_table(self, origin: Origin, source: Mapping[str, Any]) -> TableKey:
        merged = copy.deepcopy(dict(source))
        merged["origin"] = origin
        key = (merged["schema"], merged["name"])
        for col in merged["columns"]:
            col["origin"] = origin
            for field in ("data_type", "nullable", "is_primary_key", "semantic_type", "comment"):
                self.provenance[(key, col["name"], field)] = origin
            for field in col.get("type_details") or {}:
                self.provenance[(key, col["name"], field)] = origin
        self.tables.append(merged)
        entity = _qualified(key)
        self.matches.append(Match(origin=origin, source_entity=entity, entity=entity, how="new"))
        self.matches.extend(
            Match(
                origin=origin,
                source_entity=entity,
                source_attribute=col["name"],
                entity=entity,
                attribute=col["name"],
                how="new",
            )
            for col in merged["columns"]
        )
        return key

    def merge_table(
        self, origin: Origin, source: Mapping[str, Any], merged_key: TableKey, how: MatchKind
    ) -> dict[str, str | None]:
        """Merge a lower source's table into a merged one; source column -> merged column (None: left out)."""
        merged = self.table(merged_key)
        entity = _qualified(merged_key)
        source_entity = _qualified((source["schema"], source["name"]))
        entity_match = Match(origin=origin, source_entity=source_entity, entity=entity, how=how)
        self.matches.append(entity_match)
        if merged.get("default_row_count") is None and source.get("default_row_count") is not None:
            merged["default_row_count"] = source["default_row_count"]
            entity_match.added.append("default_row_count")
        pairs = self.match_columns(source, merged)
        column_map: dict[str, str | None] = {}
        is_db = merged.get("origin") == "db"
        for index, col in enumerate(source["columns"]):
            if index in pairs:
                target_name, col_how = pairs[index]
                target = next(c for c in merged["columns"] if c["name"] == target_name)
                added = self.merge_column(origin, merged_key, target, col)
                column_map[col["name"]] = target_name
                self.matches.append(
                    Match(
                        origin=origin,
                        source_entity=source_entity,
                        source_attribute=col["name"],
                        entity=entity,
                        attribute=target_name,
                        how=col_how,
                        added=added,
                    )
                )
            elif is_db:
                column_map[col["name"]] = None
                self.matches.append(
                    Match(
                        origin=origin,
                        source_entity=source_entity,
                        source_attribute=col["name"],
                        entity=entity,
                        how="unmatched",
                    )
                )
                self.notes.append(
                    Note(
                        kind="attribute_not_added",
                        origin=origin,
                        entity=entity,
                        attribute=col["name"],
                        reason="the database table has no such column, and a database table's columns "
                        "are fixed (provisioning creates the table as discovered)",
                    )
                )
            else:
                self.append_column(origin, merged_key, merged, col)
                column_map[col["name"]] = col["name"]
                self.matches.append(
                    Match(
                        origin=origin,
                        source_entity=source_entity,
                        source_attribute=col["name"],
                        entity=entity,
                        attribute=col["name"],
                        how="new",
                    )
                )
        if not is_db and self.add_unique_keys(source, merged, column_map):
            entity_match.added.append("unique")
        return column_map

    def match_columns(
        self, source: Mapping[str, Any], merged: Mapping[str, Any]
    ) -> dict[int, tuple[str, MatchKind]]:
        pairs: dict[int, tuple[str, MatchKind]] = {}
        taken: set[str] = set()
        for how, key_of in _NAME_PASSES:
            for index, col in enumerate(source["columns"]):
                if index in pairs:
                    continue
                wanted = key_of(col["name"])
                for target in merged["columns"]:
                    if target["name"] not in taken and key_of(target["name"]) == wanted:
                        pairs[index] = (target["name"], how)
                        taken.add(target["name"])
                        break
        alias = _id_alias(source, merged)
        if alias is not None:
            index, target_name = alias
            if index not in pairs and target_name not in taken:
                pairs[index] = (target_name, "id_alias")
        return pairs

    def append_column(
        self, origin: Origin, key: TableKey, merged: dict[str, Any], source_col: Mapping[str, Any]
    ) -> None:
        col = copy.deepcopy(dict(source_col))
        # The winner knows nothing of the column: its rows may lack it, and it is no part of their key.
        col["nullable"] = True
        col["is_primary_key"] = False
        col["ordinal_position"] = max((c["ordinal_position"] for c in merged["columns"]), default=0) + 1
        col["origin"] = origin
        merged["columns"].append(col)
        for field in ("data_type", "nullable", "is_primary_key", "semantic_type", "comment"):
            self.provenance[(key, col["name"], field)] = origin
        for field in col.get("type_details") or {}:
            self.provenance[(key, col["name"], field)] = origin

    def add_unique_keys(
        self, source: Mapping[str, Any], merged: dict[str, Any], column_map: Mapping[str, str | None]
    ) -> bool:
        constraints: list[Any] = list(merged.get("constraints") or [])
        have = {
            tuple(sorted(c.get("columns") or []))
            for c in constraints
            if isinstance(c, Mapping) and c.get("type") in ("unique", "primary_key")
        }
        names = {c.get("name") for c in constraints if isinstance(c, Mapping)}
        added = False
        for constraint in source.get("constraints") or []:
            if not isinstance(constraint, Mapping) or constraint.get("type") != "unique":
                continue
            mapped = [column_map.get(c) for c in constraint.get("columns") or []]
            columns = [c for c in mapped if c is not None]
            if not columns or len(columns) != len(mapped) or tuple(sorted(columns)) in have:
                continue
            number = 1
            while f"{merged['name']}_uniq_{number}" in names:
                number += 1
            name = f"{merged['name']}_uniq_{number}"
            constraints.append({"type": "unique", "name": name, "columns": columns})
            names.add(name)
            have.add(tuple(sorted(columns)))
            added = True
        if added:
            merged["constraints"] = constraints
        return added

    # - columns

    def merge_column(
        self, origin: Origin, key: TableKey, target: dict[str, Any], source: Mapping[str, Any]
    ) -> list[str]:
        """Fold a lower source's column into the merged one; the fields it added."""
        fold = _ColumnFold(self, origin, key, target)
        fold.structure(source)
        fold.details(source)
        for field in ("semantic_type", "comment"):
            value = source.get(field)
            if value is None:
                continue
            if target.get(field) is None:
                fold.take(target, field, value)
            elif field == "semantic_type" and target[field] != value:
                fold.conflict(field, target[field], value, "the higher-priority value stands")
        return fold.added

    # - relationships

    def add_relationship(
        self,
        origin: Origin,
        rel: Mapping[str, Any],
        table_map: Mapping[TableKey, TableKey],
        column_maps: Mapping[TableKey, Mapping[str, str | None]],
    ) -> None:
        child_source = (rel["child_schema"], rel["child_table"])
        parent_source = (rel["parent_schema"], rel["parent_table"])
        child_key, parent_key = table_map[child_source], table_map[parent_source]
        child_columns = [column_maps[child_source].get(c) for c in rel["child_columns"]]
        parent_columns = [column_maps[parent_source].get(c) for c in rel["parent_columns"]]
        label = (
            f"{_qualified(child_source)}({', '.join(rel['child_columns'])}) -> "
            f"{_qualified(parent_source)}({', '.join(rel['parent_columns'])})"
        )
        for side_key, source_columns, mapped in (
            (child_key, rel["child_columns"], child_columns),
            (parent_key, rel["parent_columns"], parent_columns),
        ):
            missing = [c for c, m in zip(source_columns, mapped, strict=True) if m is None]
            if missing:
                self.notes.append(
                    Note(
                        kind="relationship_dropped",
                        origin=origin,
                        entity=_qualified(child_key),
                        attribute=",".join(rel["child_columns"]),
                        reason=f"{label}: the merged table {_qualified(side_key)} has no column "
                        f"{missing[0]!r}",
                    )
                )
                return
        child_cols = [c for c in child_columns if c is not None]
        parent_cols = [c for c in parent_columns if c is not None]
        same_child = [
            r
            for r in self.relationships
            if (r["child_schema"], r["child_table"]) == child_key and r["child_columns"] == child_cols
        ]
        for existing in same_child:
            if (existing["parent_schema"], existing["parent_table"]) == parent_key and existing[
                "parent_columns"
            ] == parent_cols:
                for extra, value in rel.items():
                    if extra not in RELATIONSHIP_KEYS and extra != "origin" and existing.get(extra) is None:
                        existing[extra] = copy.deepcopy(value)
                return
        # One source may reference two parents from the same columns (PostgreSQL allows it); a lower
        # source saying another parent than a higher one disagrees with it.
        higher = [r for r in same_child if ORIGIN_PRIORITY[r["origin"]] < ORIGIN_PRIORITY[origin]]
        if higher:
            existing = higher[0]
            self.conflicts.append(
                Conflict(
                    entity=_qualified(child_key),
                    attribute=",".join(child_cols),
                    field="foreign_key",
                    kept=Side(
                        origin=existing["origin"],
                        value=f"{_qualified((existing['parent_schema'], existing['parent_table']))}"
                        f"({', '.join(existing['parent_columns'])})",
                    ),
                    dropped=Side(origin=origin, value=f"{_qualified(parent_key)}({', '.join(parent_cols)})"),
                    reason="the same columns already reference another parent",
                )
            )
            return
        merged = copy.deepcopy(dict(rel))
        merged.update(
            {
                "child_schema": child_key[0],
                "child_table": child_key[1],
                "child_columns": child_cols,
                "parent_schema": parent_key[0],
                "parent_table": parent_key[1],
                "parent_columns": parent_cols,
                "origin": origin,
            }
        )
        merged["name"] = self.free_name(child_key, merged.get("name"), child_cols)
        self.relationships.append(merged)

    def free_name(self, child: TableKey, name: Any, child_columns: list[str]) -> str:
        # A relationship's name groups its column pairs: two on one table must not share one.
        used = {r["name"] for r in self.relationships if (r["child_schema"], r["child_table"]) == child}
        if isinstance(name, str) and name and name not in used:
            return name
        base = f"{child[1]}_{'_'.join(child_columns)}_fkey"
        candidate, number = base, 1
        while candidate in used:
            number += 1
            candidate = f"{base}{number}"
        return candidate


class _ColumnFold:
    """One lower source's column folded into a merged column (`_Merger.merge_column`)."""

    def __init__(self, merger: _Merger, origin: Origin, key: TableKey, target: dict[str, Any]) -> None:
        self.merger, self.origin, self.key, self.target = merger, origin, key, target
        self.winner = str(target.get("origin") or "db")
        self.added: list[str] = []
        self.type_differs = False

    def conflict(self, field: str, kept: Any, dropped: Any, reason: str) -> None:
        name = self.target["name"]
        kept_origin = self.merger.provenance.get((self.key, name, field), self.target.get("origin") or "db")
        self.merger.conflicts.append(
            Conflict(
                entity=_qualified(self.key),
                attribute=name,
                field=field,
                kept=Side(origin=kept_origin, value=kept),
                dropped=Side(origin=self.origin, value=dropped),
                reason=reason,
            )
        )

    def take(self, into: dict[str, Any], field: str, value: Any) -> None:
        into[field] = copy.deepcopy(value)
        self.merger.provenance[(self.key, self.target["name"], field)] = self.origin
        self.added.append(field)

    def structure(self, source: Mapping[str, Any]) -> None:
        """Type, nullability and key flag: the winner's stand, a difference is a conflict."""
        target = self.target
        if target.get("data_type") is None and source.get("data_type") is not None and self.winner != "db":
            # A reader that could not tell the type leaves it out; never the case of a database column.
            self.take(target, "data_type", source["data_type"])
        self.type_differs = _type_key(target.get("data_type")) != _type_key(source.get("data_type"))
        if self.type_differs and source.get("data_type") is not None:
            self.conflict(
                "data_type", target.get("data_type"), source["data_type"], f"the {self.winner} type stands"
            )
        for field in ("nullable", "is_primary_key"):
            if bool(target.get(field)) != bool(source.get(field)):
                self.conflict(field, target.get(field), source.get(field), f"the {self.winner} flag stands")

    def details(self, source: Mapping[str, Any]) -> None:
        """type_details: what the winner lacks is added, a different value is a conflict."""
        details: dict[str, Any] = dict(self.target.get("type_details") or {})
        source_details: Mapping[str, Any] = source.get("type_details") or {}
        before = len(self.added)
        kept_length, source_length = _max_length(self.target), _max_length(source)
        if kept_length is None and source_length is not None:
            self.take(details, "max_length", source_length)
        elif source_length is not None and kept_length != source_length:
            # Two char types of different lengths are a type conflict already; a length given apart
            # from the type is one of its own.
            from_types = "max_length" not in details and "max_length" not in source_details
            if not (self.type_differs and from_types):
                self.conflict("max_length", kept_length, source_length, f"the {self.winner} length stands")
        for field in _ADDABLE_DETAILS:
            if field == "max_length" or source_details.get(field) is None:
                continue
            if details.get(field) is None:
                self.take(details, field, source_details[field])
            elif not _same(details[field], source_details[field]):
                self.conflict(
                    field, details[field], source_details[field], "the higher-priority value stands"
                )
        weights = source_details.get("weights")
        same_values = details.get("allowed_values") == source_details.get("allowed_values")
        if weights is not None and details.get("weights") is None and same_values:
            self.take(details, "weights", weights)
        if len(self.added) > before:
            self.target["type_details"] = details


def _id_alias(source: Mapping[str, Any], merged: Mapping[str, Any]) -> tuple[int, str] | None:
    """A one-column primary key `id` on one side and `<entity>_id` on the other (pack `customer.id`,
    database `customer.customer_id`): source column index and merged column name, or None."""
    source_pk = [i for i, c in enumerate(source["columns"]) if c.get("is_primary_key")]
    merged_pk = [c["name"] for c in merged["columns"] if c.get("is_primary_key")]
    if len(source_pk) != 1 or len(merged_pk) != 1:
        return None
    source_name = snake_case(source["columns"][source_pk[0]]["name"])
    merged_name = snake_case(merged_pk[0])
    entities = {singular_name(source["name"]), singular_name(merged["name"])}
    aliases = {f"{entity}_id" for entity in entities}
    if (source_name == "id" and merged_name in aliases) or (merged_name == "id" and source_name in aliases):
        return source_pk[0], merged_pk[0]
    return None


def merge_schemas(sources: Sequence[tuple[Origin, Mapping[str, Any] | SchemaSnapshot]]) -> MergeResult:
    """The merged schema of `sources` ((origin, snapshot) pairs) and its report; see the module doc."""
    normalized: list[tuple[Origin, dict[str, Any]]] = []
    for index, (origin, snapshot) in enumerate(sources):
        if origin not in ORIGIN_PRIORITY:
            raise InvalidInputError(
                f"sources[{index}]: unknown origin {origin!r} (one of {', '.join(ORIGIN_PRIORITY)})"
            )
        normalized.append((origin, normalize_snapshot(snapshot).to_dict()))
    normalized.sort(key=lambda pair: _order_key(*pair))
    merger = _Merger()
    for origin, snapshot in normalized:
        merger.add_source(origin, snapshot)
    result = normalize_snapshot({"tables": merger.tables, "relationships": merger.relationships})
    return MergeResult(
        snapshot=result.to_dict(),
        conflicts=merger.conflicts,
        matches=merger.matches,
        notes=merger.notes,
    )


__all__ = [
    "Conflict",
    "Match",
    "MergeResult",
    "Note",
    "Side",
    "merge_schemas",
    "singular",
    "singular_name",
    "snake_case",
]
