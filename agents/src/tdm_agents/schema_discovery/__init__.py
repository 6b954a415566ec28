"""Schema discovery agent (spec section 4): plain functions on a SQLAlchemy engine, no graph.

The LangGraph subgraph that calls them is `tdm_orchestrator.graphs.schema_discovery`; `discover()`
runs the same steps in one call. Its request and result models are in `contract.py`; connections to the
source are `tdm_agents.common.sources`.

The names are imported on first use (see `tdm_core.lazy`).
"""

from __future__ import annotations

from tdm_core.lazy import lazy_exports

_EXPORTS = {
    "ALL_SCHEMAS": "connector",
    "check_connection": "connector",
    "list_columns": "connector",
    "list_tables": "connector",
    "table_key": "connector",
    "build_snapshot": "metadata_writer",
    "default_schema_name": "metadata_writer",
    "save_schema_version": "metadata_writer",
    "Discovery": "pipeline",
    "discover": "pipeline",
    "profile_tables": "profiler",
    "row_counts": "profiler",
    "foreign_keys": "relationship_inference",
    "keys_and_constraints": "relationship_inference",
    "infer_column_type": "type_inference",
    "infer_types": "type_inference",
}
__all__ = list(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
