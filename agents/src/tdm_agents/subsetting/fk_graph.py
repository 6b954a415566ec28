"""The foreign-key graph of the tables a subset reads: edges, strongly connected components, order.

A node is a table (`schema.table` as users write it); an edge is one foreign key, declared or virtual
(user-declared in the schema version), from the child table to the parent table, with its column pairs
in order (a composite key is one edge). Two foreign keys between the same tables are two edges; a
self-reference is an edge from a table to itself.

The closure (`extractor.py`) walks edges two ways: *down* (parent rows -> the child rows referencing
them) and *up* (child rows -> the parent rows they reference). To do little work it visits tables in
the order of the component graph: parents before children going down, children before parents going
up. Tables on a cycle share a component and are iterated until nothing changes (the fixpoint).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tdm_core.schema_model import RelationshipInfo, SchemaSnapshot, TableKey, qualified_name

# The kinds of relation that hold rows of their own: views and foreign tables are not copied.
ROW_KINDS = frozenset({"table", "partitioned_table"})


@dataclass(frozen=True)
class Edge:
    """One foreign key: child_columns of `child` reference parent_columns of `parent` (pairwise)."""

    name: str
    child: str
    child_columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str, ...]
    user_defined: bool = False

    @property
    def label(self) -> str:
        child, parent = ", ".join(self.child_columns), ", ".join(self.parent_columns)
        return f"{self.child}({child}) -> {self.parent}({parent})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "child": self.child,
            "child_columns": list(self.child_columns),
            "parent": self.parent,
            "parent_columns": list(self.parent_columns),
            "user_defined": self.user_defined,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Edge:
        return cls(
            name=str(data["name"]),
            child=str(data["child"]),
            child_columns=tuple(data["child_columns"]),
            parent=str(data["parent"]),
            parent_columns=tuple(data["parent_columns"]),
            user_defined=bool(data.get("user_defined", False)),
        )


def edge_of(rel: RelationshipInfo) -> Edge:
    return Edge(
        name=rel.name,
        child=qualified_name(*rel.child_key),
        child_columns=tuple(rel.child_columns),
        parent=qualified_name(*rel.parent_key),
        parent_columns=tuple(rel.parent_columns),
        user_defined=rel.is_user_defined,
    )


def row_tables(snapshot: SchemaSnapshot) -> dict[str, TableKey]:
    """Qualified name -> key of every table holding rows (partitioned tables as one logical table)."""
    return {t.qualified_name: t.key for t in snapshot.tables if t.kind in ROW_KINDS}


@dataclass
class FkGraph:
    tables: list[str]  # every table of the subset, in the component order (parents first)
    edges: list[Edge]
    components: list[list[str]] = field(default_factory=list)  # parents first; a cycle is one component

    @classmethod
    def build(cls, tables: Iterable[str], edges: Iterable[Edge]) -> FkGraph:
        names = sorted(set(tables))
        kept = [e for e in edges if e.child in names and e.parent in names]
        components = _components_parents_first(names, kept)
        order = [name for component in components for name in component]
        return cls(tables=order, edges=sorted(kept, key=lambda e: (e.child, e.name)), components=components)

    def parents_of(self, table: str) -> list[Edge]:
        return [e for e in self.edges if e.child == table]

    def children_of(self, table: str) -> list[Edge]:
        return [e for e in self.edges if e.parent == table]

    def cyclic(self) -> list[list[str]]:
        """Components with a cycle: several tables, or one table referencing itself."""
        selfish = {e.child for e in self.edges if e.child == e.parent}
        return [c for c in self.components if len(c) > 1 or c[0] in selfish]

    def to_dict(self) -> dict[str, Any]:
        return {
            "tables": list(self.tables),
            "edges": [e.to_dict() for e in self.edges],
            "components": [list(c) for c in self.components],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FkGraph:
        return cls(
            tables=list(data["tables"]),
            edges=[Edge.from_dict(e) for e in data["edges"]],
            components=[list(c) for c in data["components"]],
        )


def _components_parents_first(names: Sequence[str], edges: Sequence[Edge]) -> list[list[str]]:
    """Tarjan's strongly connected components (iterative), ordered so that a parent's component comes
    before its children's. Tarjan emits a component after every component it points to; pointing from
    child to parent, that is parents first."""
    parents: dict[str, list[str]] = {name: [] for name in names}
    for edge in edges:
        if edge.parent != edge.child:
            parents[edge.child].append(edge.parent)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for start in names:
        if start in index:
            continue
        work: list[tuple[str, int]] = [(start, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = sorted(set(parents[node]))
            if position < len(targets):
                work.append((node, position + 1))
                target = targets[position]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                result.append(_pop_component(stack, on_stack, node))
            if work:
                caller = work[-1][0]
                low[caller] = min(low[caller], low[node])
    return result


def _pop_component(stack: list[str], on_stack: set[str], root: str) -> list[str]:
    """The members of the component whose root is `root`: the stack down to it."""
    component: list[str] = []
    while True:
        member = stack.pop()
        on_stack.discard(member)
        component.append(member)
        if member == root:
            return sorted(component)
