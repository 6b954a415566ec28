"""Lineage edges (spec 10.1) and the provenance graph around one node.

Edges point from what was used to what was produced: connection -> schema_version (discovered_from),
dataset A -> dataset B (derived_from), dataset -> environment (provisioned_to).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session
from tdm_core.errors import InvalidInputError

from tdm_metadata_store.models import Lineage

NODE_TYPES = frozenset(
    {"connection", "schema", "schema_version", "dataset_version", "environment", "job", "masking_rules"}
)
MAX_DEPTH = 25

# Two recursive walks from the start node, upstream along incoming edges and downstream along outgoing
# ones, each using its index (ix_lineage_target / ix_lineage_source). UNION drops repeated rows and the
# depth bound stops cycles. Types are cast to text so both halves of each CTE agree.
_GRAPH_SQL = text(
    """
    WITH RECURSIVE
    up(edge_id, node_type, node_id, depth) AS (
        SELECT CAST(NULL AS uuid), CAST(:node_type AS text), CAST(:node_id AS text), 0
        UNION
        SELECT l.id, l.source_type::text, l.source_id::text, up.depth + 1
        FROM lineage AS l
        JOIN up ON l.target_type = up.node_type AND l.target_id = up.node_id
        WHERE up.depth < :depth
    ),
    down(edge_id, node_type, node_id, depth) AS (
        SELECT CAST(NULL AS uuid), CAST(:node_type AS text), CAST(:node_id AS text), 0
        UNION
        SELECT l.id, l.target_type::text, l.target_id::text, down.depth + 1
        FROM lineage AS l
        JOIN down ON l.source_type = down.node_type AND l.source_id = down.node_id
        WHERE down.depth < :depth
    )
    SELECT 'upstream' AS direction, edge_id, node_type, node_id, depth FROM up WHERE depth > 0
    UNION ALL
    SELECT 'downstream', edge_id, node_type, node_id, depth FROM down WHERE depth > 0
    """
)


def _check_type(node_type: str) -> None:
    if node_type not in NODE_TYPES:
        raise InvalidInputError(
            f"lineage node type must be one of {', '.join(sorted(NODE_TYPES))}, not {node_type!r}"
        )


def _edge_dict(edge: Lineage) -> dict[str, Any]:
    return {
        "id": edge.id,
        "source_type": edge.source_type,
        "source_id": edge.source_id,
        "target_type": edge.target_type,
        "target_id": edge.target_id,
        "operation": edge.operation,
        "job_id": edge.job_id,
        "created_at": edge.created_at,
    }


class LineageRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_edge(
        self,
        *,
        source_type: str,
        source_id: uuid.UUID | str,
        target_type: str,
        target_id: uuid.UUID | str,
        operation: str | None = None,
        job_id: uuid.UUID | None = None,
    ) -> Lineage:
        """Record an edge; the same edge written again (a retried job) is not duplicated."""
        _check_type(source_type)
        _check_type(target_type)
        source, target = str(source_id), str(target_id)
        if (source_type, source) == (target_type, target):
            raise InvalidInputError("a lineage edge cannot point from a node to itself")
        existing = self.session.execute(
            select(Lineage).where(
                Lineage.source_type == source_type,
                Lineage.source_id == source,
                Lineage.target_type == target_type,
                Lineage.target_id == target,
                Lineage.operation.is_(None) if operation is None else Lineage.operation == operation,
            )
        ).scalar_one_or_none()
        if existing is not None:
            return existing
        edge = Lineage(
            id=uuid.uuid4(),
            source_type=source_type,
            source_id=source,
            target_type=target_type,
            target_id=target,
            operation=operation,
            job_id=job_id,
        )
        self.session.add(edge)
        self.session.flush()
        return edge

    def edges_of(self, node_type: str, node_id: uuid.UUID | str) -> list[dict[str, Any]]:
        """Edges touching one node directly (either end)."""
        node = str(node_id)
        rows = self.session.execute(
            select(Lineage)
            .where(
                ((Lineage.source_type == node_type) & (Lineage.source_id == node))
                | ((Lineage.target_type == node_type) & (Lineage.target_id == node))
            )
            .order_by(Lineage.created_at, Lineage.id)
        ).scalars()
        return [_edge_dict(edge) for edge in rows]

    def graph(self, node_type: str, node_id: uuid.UUID | str, depth: int = 5) -> dict[str, Any]:
        """Nodes and edges up to `depth` steps upstream and downstream of one node.

        Returns {"root": {"type", "id"}, "nodes": [{"type", "id", "direction", "depth"}],
        "edges": [{"id", "source_type", "source_id", "target_type", "target_id", "operation",
        "job_id", "created_at"}]}; direction is "self", "upstream" or "downstream".
        """
        _check_type(node_type)
        if not 1 <= depth <= MAX_DEPTH:
            raise InvalidInputError(f"lineage depth must be between 1 and {MAX_DEPTH}, not {depth}")
        root = {"type": node_type, "id": str(node_id)}
        nodes: dict[tuple[str, str], dict[str, Any]] = {
            (node_type, root["id"]): {**root, "direction": "self", "depth": 0}
        }
        edge_ids: set[uuid.UUID] = set()
        for direction, edge_id, walked_type, walked_id, walked_depth in self.session.execute(
            _GRAPH_SQL, {"node_type": node_type, "node_id": root["id"], "depth": depth}
        ):
            edge_ids.add(edge_id)
            known = nodes.get((walked_type, walked_id))
            # A node reached both ways (a cycle) keeps its nearest position; the root stays at 0.
            if known is None or known["depth"] > walked_depth:
                nodes[(walked_type, walked_id)] = {
                    "type": walked_type,
                    "id": walked_id,
                    "direction": direction,
                    "depth": walked_depth,
                }
        edges: list[Lineage] = []
        if edge_ids:
            edges = list(
                self.session.execute(
                    select(Lineage).where(Lineage.id.in_(edge_ids)).order_by(Lineage.created_at, Lineage.id)
                ).scalars()
            )
        return {
            "root": root,
            "nodes": sorted(nodes.values(), key=lambda n: (n["depth"], n["direction"], n["type"], n["id"])),
            "edges": [_edge_dict(edge) for edge in edges],
        }
