"""What the default engine learns from a source (`profile.learn`) and generates from.

Plain dataclasses of numbers and a few category values, never rows. A model is refit from the source by
the node that generates (profiling is a handful of aggregate queries and one bounded sample per table)
rather than kept in the job's checkpoint: it holds category values of the source, which do not belong
in a checkpoint row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ColumnModel:
    """One column's marginal: categories with weights, or quantiles (numbers; dates as days since the
    epoch; timestamps as microseconds since the epoch), and its share of NULLs."""

    null_fraction: float = 0.0
    values: list[Any] | None = None
    weights: list[float] | None = None
    quantiles: list[float] | None = None
    avg_length: float | None = None


@dataclass
class JointModel:
    """Low-cardinality columns drawn together, as whole combinations seen in the sample (keeps the pairs
    city/country, status/type ... consistent)."""

    columns: list[str]
    combos: list[tuple[Any, ...]]
    weights: list[float]


@dataclass
class TableModel:
    row_count: int
    columns: dict[str, ColumnModel] = field(default_factory=dict)
    joint: JointModel | None = None


@dataclass
class SourceModel:
    """Per qualified table name its model; per relationship name the learned children-per-parent
    histogram ({children: parents}, parents without children under 0), and the categories a child
    repeats from its parent."""

    tables: dict[str, TableModel] = field(default_factory=dict)
    children: dict[str, dict[int, int]] = field(default_factory=dict)
    # Per relationship name: child column -> parent column whose value the child repeats.
    inherits: dict[str, dict[str, str]] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """Counts for the job's log (no values)."""
        return {
            "tables": len(self.tables),
            "columns_learned": sum(
                1
                for t in self.tables.values()
                for c in t.columns.values()
                if c.values is not None or c.quantiles is not None
            ),
            "joint_groups": sum(1 for t in self.tables.values() if t.joint is not None),
            "relationships_learned": len(self.children),
        }
