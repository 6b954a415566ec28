"""Subsetting subgraph (spec 6.1): load_profiled_metadata -> parse_subset_request -> build_fk_graph ->
evaluate_conditions -> recursive_row_extract -> merge_results -> store_subset_dataset.

Each node is a thin call into `tdm_agents.subsetting`. Input is the step input set by the master graph's
dispatcher (`state["step_input"]`): the contract's `SubsetStep` fields, with the source as a connection
reference (`connection`) and `schema_version_id` (given, or chained from discovery).

The heavy node, recursive_row_extract, computes the closure and streams every table into a new dataset
version on one source connection, in one snapshot: its temporary key tables live on that connection, so
the node is one unit (a resumed job runs it again from the start, after purging what the interrupted
attempt wrote). It holds the lock `tdm:lock:subset:{schema_version_id}` (spec 12.2) while it runs.
The version stays `writing` -- invisible -- until store_subset_dataset records its files and marks it
active; a job that fails or is cancelled before has it purged (`lifecycle.purge_writing_datasets`).

Output: `subset_spec` (the checked plan), `subset_dataset_path` (the version's prefix) and
`step_results["subset"]`: the contract's `SubsetResult` (dataset version, per-table row counts, caps
hit), plus lineage schema version -> dataset version.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from langgraph.graph.state import CompiledStateGraph
from tdm_agents.common.sources import translate_source_errors
from tdm_agents.subsetting.contract import CONTRACT
from tdm_agents.subsetting.extractor import count_root_candidates, extract_subset, generated_columns
from tdm_agents.subsetting.fk_graph import FkGraph
from tdm_agents.subsetting.subset_parser import SubsetPlan, parse_request
from tdm_cache.locks import RedisLock
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import SchemaSnapshot
from tdm_dataset_store import DatasetStore
from tdm_metadata_store.repositories.datasets import DatasetRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository

from tdm_orchestrator.graphs.common import NodeFn, linear_subgraph, open_source_of, step_output
from tdm_orchestrator.jobrun import current_run
from tdm_orchestrator.lifecycle import purge_writing_datasets
from tdm_orchestrator.runtime import get_runtime
from tdm_orchestrator.settings import OrchestratorSettings
from tdm_orchestrator.state import TDMState

SUBGRAPH = CONTRACT.agent
NOTICE = "node_info"
LOCK_KIND = "subset"
# The lock's time to live; renewed while the node runs, so it only matters for a run that was killed
# (a cancelled job's work horse is): the next subset of the schema version then waits this long at most.
LOCK_TTL_SECONDS = 30.0
# How long a subset waits for another subset of the same schema version to finish.
LOCK_WAIT_SECONDS = 900.0


class SubsetState(TDMState, total=False):
    """The master state plus this subgraph's own keys (checkpointed with it; no row values)."""

    subset_source: dict[str, Any]  # schema version id, connection reference, summary of the schema
    subset_graph: dict[str, Any]  # FkGraph.to_dict()
    subset_extract: dict[str, Any]  # dataset version id, counts, caps, files, timings


def _notice(state: TDMState, node: str, message: str, **details: Any) -> None:
    current_run(state["job_id"]).reporter.emit(
        NOTICE, message, node=node, subgraph=SUBGRAPH, details={"info": details} if details else None
    )


def _snapshot(schema_version_id: str) -> SchemaSnapshot:
    with get_runtime().session() as session:
        return SchemaRepository(session).load_version(uuid.UUID(schema_version_id))


def _plan(state: SubsetState) -> SubsetPlan:
    return SubsetPlan.model_validate(state["subset_spec"])


def load_profiled_metadata(state: SubsetState) -> dict[str, Any]:
    options = dict(state.get("step_input") or {})
    reference = options.get("connection")
    if not isinstance(reference, dict):
        raise InvalidInputError("subset needs a source connection (connection_string or connection_id)")
    version_id = options.get("schema_version_id")
    if not version_id:
        raise InvalidInputError("subset needs a schema_version_id")
    snapshot = _snapshot(str(version_id))
    rows = sum(t.row_count or 0 for t in snapshot.tables)
    return {
        "schema_version_id": str(version_id),
        "subset_source": {
            "schema_version_id": str(version_id),
            "connection": reference,
            "tables": len(snapshot.tables),
            "relationships": len(snapshot.relationships),
            "source_rows": rows,
        },
    }


def parse_subset_request(state: SubsetState) -> dict[str, Any]:
    options = {k: v for k, v in (state.get("step_input") or {}).items() if k != "connection"}
    version_id = state["subset_source"]["schema_version_id"]
    plan = parse_request(options, _snapshot(version_id), schema_version_id=version_id)
    return {"subset_spec": plan.model_dump(mode="json")}


def build_fk_graph(state: SubsetState) -> dict[str, Any]:
    plan = _plan(state)
    graph = FkGraph.build(plan.tables, plan.edge_list())
    cycles = graph.cyclic()
    if cycles:
        _notice(
            state,
            "build_fk_graph",
            f"{len(cycles)} group(s) of tables on a reference cycle (or self-referencing): "
            "each is closed to a fixpoint",
            cycles=[", ".join(c) for c in cycles[:20]],
        )
    return {"subset_graph": graph.to_dict()}


def evaluate_conditions(state: SubsetState) -> dict[str, Any]:
    """Counts the root rows the request selects: checks the conditions against the live source (a
    column dropped since discovery fails here, before any work) and tells how big the start is."""
    plan = _plan(state)
    engine, shown = open_source_of(state["subset_source"]["connection"])
    with translate_source_errors(shown, "evaluating the subset conditions"):
        count = count_root_candidates(engine, plan)
    _notice(
        state,
        "evaluate_conditions",
        f"{count} row(s) of {plan.root} meet the root conditions",
        root_rows=count,
    )
    return {"subset_spec": {**state["subset_spec"], "root_candidates": count}}


def recursive_row_extract(state: SubsetState) -> dict[str, Any]:
    run = current_run(state["job_id"])
    runtime = get_runtime()
    plan = _plan(state)
    version_id = state["subset_source"]["schema_version_id"]
    # An earlier attempt of this node (a worker that died) may have left a half-written version.
    purge_writing_datasets(runtime, state["job_id"])
    lock = RedisLock(
        runtime.redis,
        LOCK_KIND,
        version_id,
        ttl_seconds=LOCK_TTL_SECONDS,
        owner=f"job:{state['job_id']}",
        blocking_timeout=LOCK_WAIT_SECONDS,
        auto_extend=True,
    )
    engine, shown = open_source_of(state["subset_source"]["connection"])
    snapshot = _snapshot(version_id)
    with lock:
        with runtime.session() as session:
            version = DatasetRepository(session).create_version(
                source_type="subset",
                name=plan.name,
                schema_version_id=uuid.UUID(version_id),
                job_id=uuid.UUID(state["job_id"]),
            )
            dataset_version_id = str(version.id)
            prefix = version.path_prefix
        store = DatasetStore.load()
        try:
            with (
                translate_source_errors(shown, "subsetting"),
                store.open_version(dataset_version_id) as writer,
            ):
                outcome = extract_subset(engine, plan, snapshot, writer, check=run.check_boundary)
        finally:
            store.close()
    files = [
        {
            "table_name": outcome.storage_names[table],
            "object_key": f.key,
            "part_number": f.part_number,
            "row_count": f.row_count,
            "size_bytes": f.size_bytes,
            "sha256": f.sha256,
        }
        for table, written in outcome.files.items()
        for f in written
    ]
    slowest = sorted(outcome.timings, key=lambda t: -t.seconds)[:10]
    return {
        "subset_dataset_path": prefix,
        "subset_extract": {
            "dataset_version_id": dataset_version_id,
            "row_counts": outcome.row_counts,
            "caps_hit": outcome.caps_hit,
            "storage_names": outcome.storage_names,
            "text_form_tables": outcome.text_form_tables,
            "statements": outcome.statements,
            "slowest_steps": [
                {"step": t.label, "seconds": round(t.seconds, 3), "rows": t.rows} for t in slowest
            ],
            "files": files,
            "source": shown,
        },
    }


def merge_results(state: SubsetState) -> dict[str, Any]:
    """Per-table counts agree with the files written; the dataset's metadata is assembled."""
    extract = state["subset_extract"]
    by_storage: dict[str, int] = {}
    for f in extract["files"]:
        by_storage[f["table_name"]] = by_storage.get(f["table_name"], 0) + int(f["row_count"])
    for table, count in extract["row_counts"].items():
        stored = extract["storage_names"][table]
        if by_storage.get(stored, 0) != count:
            raise RuntimeError(
                f"table {table}: {count} rows kept but {by_storage.get(stored, 0)} in its files"
            )
    plan = _plan(state)
    if extract["caps_hit"]:
        _notice(
            state,
            "merge_results",
            f"caps hit on {len(extract['caps_hit'])} table(s); the parents of kept rows were kept anyway",
            tables=sorted(extract["caps_hit"]),
        )
    metadata = {
        "request": {k: v for k, v in (state.get("step_input") or {}).items() if k != "connection"},
        "root_table": plan.root,
        "seed": plan.seed,
        "row_counts": extract["row_counts"],
        "caps_hit": extract["caps_hit"],
        "tables": {
            table: {
                "file": extract["storage_names"][table],
                "schema": plan.tables[table].schema_name,
                "name": plan.tables[table].name,
                "passthrough": plan.tables[table].passthrough,
            }
            for table in extract["row_counts"]
        },
        "excluded_tables": plan.excluded,
        "skipped_relations": plan.skipped,
        "text_form_tables": extract["text_form_tables"],
        # Not in the files: the target database computes them.
        "generated_columns": generated_columns(_snapshot(state["subset_source"]["schema_version_id"]), plan),
        "source": extract["source"],
    }
    return {"subset_extract": {**extract, "metadata": metadata}}


def store_subset_dataset(state: SubsetState) -> dict[str, Any]:
    extract = state["subset_extract"]
    version_id = uuid.UUID(extract["dataset_version_id"])
    with get_runtime().session() as session:
        repo = DatasetRepository(session)
        if repo.require(version_id).status == "writing":  # not yet done by an interrupted attempt
            repo.add_files(version_id, extract["files"])
            repo.set_metadata(version_id, extract["metadata"])
            repo.mark_active(version_id)
    lineage = [
        {
            "source_type": "schema_version",
            "source_id": state["subset_source"]["schema_version_id"],
            "target_type": "dataset_version",
            "target_id": str(version_id),
            "operation": "subset",
        }
    ]
    result = {
        "dataset_version_id": str(version_id),
        "row_counts": extract["row_counts"],
        "caps_hit": extract["caps_hit"],
        "total_rows": sum(extract["row_counts"].values()),
        "source": extract["source"],
    }
    output = step_output(CONTRACT, result, lineage=lineage, connection=state["subset_source"]["connection"])
    return {"step_results": {CONTRACT.step: output}}


NODES: tuple[tuple[str, NodeFn], ...] = (
    ("load_profiled_metadata", cast(NodeFn, load_profiled_metadata)),
    ("parse_subset_request", cast(NodeFn, parse_subset_request)),
    ("build_fk_graph", cast(NodeFn, build_fk_graph)),
    ("evaluate_conditions", cast(NodeFn, evaluate_conditions)),
    ("recursive_row_extract", cast(NodeFn, recursive_row_extract)),
    ("merge_results", cast(NodeFn, merge_results)),
    ("store_subset_dataset", cast(NodeFn, store_subset_dataset)),
)
NODE_NAMES = tuple(name for name, _ in NODES)


def build_subsetting_graph(settings: OrchestratorSettings | None = None) -> CompiledStateGraph[Any]:
    """The compiled subgraph; a node of the master graph, sharing its checkpointer."""
    return linear_subgraph(CONTRACT, NODES, settings or OrchestratorSettings.load(), SubsetState)
