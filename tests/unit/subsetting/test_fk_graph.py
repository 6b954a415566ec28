"""The order the closure visits tables in: components of the FK graph, parents first."""

from __future__ import annotations

from tdm_agents.subsetting.fk_graph import Edge, FkGraph


def edge(child: str, parent: str, name: str | None = None) -> Edge:
    return Edge(name or f"{child}_{parent}_fk", child, ("x",), parent, ("id",))


def test_cycles_form_one_component_and_parents_come_first() -> None:
    edges = [
        edge("orders", "customers"),
        edge("customers", "customers", "referrer"),  # self-reference
        edge("customers", "addresses"),
        edge("staff", "depts"),
        edge("depts", "staff"),  # two-table cycle
        edge("orders", "staff"),
        edge("lines", "orders"),
        edge("lines", "orders", "second_key"),  # two keys between the same tables
    ]
    graph = FkGraph.build(["lines", "orders", "customers", "addresses", "staff", "depts", "lonely"], edges)
    position = {table: graph.tables.index(table) for table in graph.tables}
    for e in edges:
        if e.child != e.parent and not {e.child, e.parent} <= {"staff", "depts"}:
            assert position[e.parent] < position[e.child], e.label
    assert ["depts", "staff"] in graph.components
    assert sorted(c[0] for c in graph.cyclic()) == ["customers", "depts"]
    assert len(graph.children_of("orders")) == 2 and len(graph.parents_of("lines")) == 2
    assert FkGraph.from_dict(graph.to_dict()) == graph


def test_edges_to_tables_outside_the_subset_are_dropped() -> None:
    graph = FkGraph.build(["a", "b"], [edge("a", "b"), edge("b", "excluded")])
    assert graph.edges == [edge("a", "b")]
    assert graph.tables == ["b", "a"]
