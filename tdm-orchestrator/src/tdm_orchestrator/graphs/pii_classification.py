"""PII classification subgraph (spec 5.1): load_schema_metadata -> detect_pii_regex -> detect_pii_llm ->
validate_pii -> store_pii_metadata.

Each node is a thin call into `tdm_agents.pii_detection`. Columns carry the column their foreign key
references (single-column keys), so a text column referencing a PII column takes its type; that pass runs
again over all batches at the end. With an LLM, only the columns the rules are unsure of are sent: the
count is in the notice and in `llm_columns_sent`. Input is the step input set by the master
graph's dispatcher (`state["step_input"]`, spec 5.3):
    {"schema_version_id": ..., "use_llm": true, "sample_size_per_column": 100}
The source is the schema's stored connection (`schemas.source_connection_id`): discovery through the
API (or `tdm discover`) always stores one, encrypted.

Privacy: sampled values never enter the graph state (it is checkpointed to PostgreSQL) nor any log.
A node samples and evaluates in one go and keeps only per-column results -- label, confidence and
evidence made of counts, rates and pattern names. The LLM node samples again (the agent masks what it
sends) rather than receive values from the regex node.

Naming: the PII map names a table "table" in the default schema and "schema.table" elsewhere (as GET
/pii and the schema detail do). Labels people set (technique "manual") on earlier versions of the same
schema are copied onto the version classified here and are never replaced by automatic results.

Output: `pii_map` (the stored map, without evidence) and `step_results["pii"]`: the contract's
`PIIResult`, the summary counts of the map (by type, by technique, manual labels, LLM use, tables not
sampled).
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from typing import Any, cast

from langgraph.graph.state import CompiledStateGraph
from sqlalchemy import Engine
from tdm_agents.common.sources import translate_source_errors
from tdm_agents.pii_detection.classify import classify_columns, column_inputs, propagate_references
from tdm_agents.pii_detection.contract import CONTRACT
from tdm_agents.pii_detection.labels import ColumnClassification, ColumnInput
from tdm_agents.pii_detection.llm_classifier import LLMClassifier
from tdm_agents.pii_detection.sampler import ColumnSampler
from tdm_agents.pii_detection.settings import PIISettings
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import qualified_name
from tdm_metadata_store.repositories.connections import ConnectionRepository
from tdm_metadata_store.repositories.pii import PIIRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository

from tdm_orchestrator.graphs.common import NodeFn, linear_subgraph, open_source_of, step_output
from tdm_orchestrator.jobrun import current_run
from tdm_orchestrator.runtime import get_runtime
from tdm_orchestrator.settings import OrchestratorSettings
from tdm_orchestrator.state import TDMState

SUBGRAPH = CONTRACT.agent
# Kinds of relation whose columns are classified. Views and materialized views are left out: their
# data is that of the tables they read (classified there), sampling a view runs its whole query on
# the source, and a materialized view may never have been populated.
NOTICE = "node_info"  # event type of informational job log lines
TABLES_PER_BATCH = 25


class PIIState(TDMState, total=False):
    """The master state plus this subgraph's own keys (checkpointed with it; no sampled values)."""

    pii_source: dict[str, Any]  # schema/version ids, connection id, options, LLM mode
    pii_columns: list[dict[str, Any]]  # ColumnInput dumps
    pii_regex: list[dict[str, Any]]  # per-column results from names and values (no LLM)
    pii_llm: list[dict[str, Any]]  # per-column results with the LLM's verdict folded in
    pii_problems: dict[str, str]  # "schema.table" -> why it could not be sampled


def _notice(state: TDMState, node: str, message: str, **details: Any) -> None:
    current_run(state["job_id"]).reporter.emit(
        NOTICE, message, node=node, subgraph=SUBGRAPH, details={"info": details} if details else None
    )


def _source_engine(source: dict[str, Any]) -> tuple[Engine, str]:
    # The per-process engine cache: the runner disposes it when the job ends.
    engine, _ = open_source_of({"connection_id": source["connection_id"]})
    return engine, str(source["source"])


def _columns(state: PIIState) -> list[ColumnInput]:
    return [ColumnInput.model_validate(c) for c in state.get("pii_columns") or []]


def _dump(results: list[ColumnClassification]) -> list[dict[str, Any]]:
    return [r.model_dump(mode="json", by_alias=True) for r in results]


def _key(entry: dict[str, Any]) -> tuple[str | None, str, str]:
    return (entry.get("schema"), entry["table"], entry["column"])


def _check_reachable(engine: Engine, shown: str) -> None:
    # A source that is down fails (and is retried) here, instead of every table becoming a
    # "could not sample" problem and the map silently falling back to names only.
    with translate_source_errors(shown, "connecting"), engine.connect():
        pass


# --- nodes ---------------------------------------------------------------------------------------


def load_schema_metadata(state: PIIState) -> dict[str, Any]:
    options = dict(state.get("step_input") or {})
    raw_id = options.get("schema_version_id")
    if not raw_id:
        raise InvalidInputError("PII classification needs a schema_version_id")
    version_id = uuid.UUID(str(raw_id))
    with get_runtime().session() as session:
        schemas = SchemaRepository(session)
        version = schemas.require_version(version_id)
        schema = schemas.require(version.schema_id)
        if schema.source_connection_id is None:
            raise InvalidInputError(
                f"schema {schema.name!r} (version {version.version_number}) has no stored source "
                "connection to sample: discover it again through POST /discover-schema or `tdm discover`, "
                "which store the connection"
            )
        connection = ConnectionRepository(session).get(schema.source_connection_id)
        if connection is None:
            raise InvalidInputError(f"the source connection of schema {schema.name!r} no longer exists")
        shown = connection.display_url or f"connection {connection.name!r}"
        snapshot = schemas.load_version(version_id)
        source = {
            "schema_id": str(schema.id),
            "schema_name": schema.name,
            "schema_version_id": str(version_id),
            "version_number": version.version_number,
            "connection_id": str(connection.id),
            "source": shown,
        }
    inputs, skipped = column_inputs(snapshot)
    columns = [c.model_dump(mode="json", by_alias=True) for c in inputs]
    settings = PIISettings.load()
    per_column = int(options.get("sample_size_per_column") or settings.tdm_pii_sample_size)
    source.update(
        {
            "use_llm": bool(options.get("use_llm", True)),
            "sample_size_per_column": per_column,
            "skipped_relations": dict(skipped),
        }
    )
    return {"pii_source": source, "pii_columns": columns, "schema_version_id": str(version_id)}


def _sample_and_classify(
    state: PIIState, settings: PIISettings, llm: LLMClassifier | None
) -> tuple[list[ColumnClassification], dict[str, str]]:
    """Sample and classify a batch of tables at a time, under one sampling time budget for the run.

    Batches let a cancelled (or draining) job stop between them rather than at the end of a sampling
    pass over thousands of tables. The samples live only inside this call."""
    source = state["pii_source"]
    run = current_run(state["job_id"])
    engine, shown = _source_engine(source)
    _check_reachable(engine, shown)
    by_table: dict[tuple[str | None, str], list[ColumnInput]] = {}
    for column in _columns(state):
        by_table.setdefault((column.schema_name, column.table), []).append(column)
    tables = list(by_table.values())
    deadline = time.monotonic() + settings.tdm_pii_sampling_budget_seconds
    results: list[ColumnClassification] = []
    problems: dict[str, str] = {}
    for start in range(0, len(tables), TABLES_PER_BATCH):
        run.check_boundary()
        batch = [column for table in tables[start : start + TABLES_PER_BATCH] for column in table]
        sampler = ColumnSampler(
            engine,
            per_column=int(source["sample_size_per_column"]),
            big_table_rows=settings.tdm_pii_big_table_rows,
            statement_timeout_seconds=settings.tdm_pii_statement_timeout_seconds,
            total_timeout_seconds=max(0.001, deadline - time.monotonic()),
        )
        results.extend(classify_columns(batch, sampler.sample(batch), llm))
        problems.update(sampler.problems)
    # A foreign key's parent may have been classified in another batch: once more over everything.
    return propagate_references(_columns(state), results), problems


def detect_pii_regex(state: PIIState) -> dict[str, Any]:
    """Column names and value patterns (with validators) over one sample; values stay in this call."""
    if not state.get("pii_columns"):
        return {"pii_regex": [], "pii_problems": {}}
    results, problems = _sample_and_classify(state, PIISettings.load(), llm=None)
    return {"pii_regex": _dump(results), "pii_problems": problems}


def detect_pii_llm(state: PIIState) -> dict[str, Any]:
    """The LLM's view, folded into the name/value evidence by the agent. Samples again: the agent
    shape-masks what it sends, and the regex node's samples were never kept."""
    source = state["pii_source"]
    if not source.get("use_llm", True):
        _notice(state, "detect_pii_llm", "LLM not used: the request set use_llm=false", llm="disabled")
        return {"pii_source": {**source, "llm": "disabled"}, "pii_llm": []}
    settings = PIISettings.load()
    llm = LLMClassifier.from_settings(settings, redis_client=get_runtime().redis)
    if llm is None:
        _notice(
            state,
            "detect_pii_llm",
            "no LLM configured (AZURE_OPENAI_ENDPOINT/AZURE_OPENAI_API_KEY or TDM_LLM_BASE_URL unset): "
            "no-LLM mode, columns are classified from their names and value patterns only",
            llm="not_configured",
        )
        return {"pii_source": {**source, "llm": "not_configured"}, "pii_llm": []}
    if not state.get("pii_columns"):
        return {"pii_source": {**source, "llm": "used", "llm_calls": 0}, "pii_llm": []}
    results, problems = _sample_and_classify(state, settings, llm)
    total = len(state.get("pii_columns") or [])
    _notice(
        state,
        "detect_pii_llm",
        f"LLM {llm.model} consulted about {llm.columns_asked} of {total} column(s) the rules were unsure "
        f"of ({llm.calls} request{'s' if llm.calls != 1 else ''}); the others were not sent",
        llm="used",
        calls=llm.calls,
        columns_sent=llm.columns_asked,
        columns=total,
    )
    return {
        "pii_source": {
            **source,
            "llm": "used",
            "llm_calls": llm.calls,
            "llm_model": llm.model,
            "llm_columns_sent": llm.columns_asked,
        },
        "pii_llm": _dump(results),
        "pii_problems": {**(state.get("pii_problems") or {}), **problems},
    }


def validate_pii(state: PIIState) -> dict[str, Any]:
    """One label per column: the LLM-informed result where the LLM ran (the agent already resolved
    conflicts by its order of trust: schema facts, validated values, name, LLM), else the regex one.
    Disagreements and unsampled tables are recorded in the evidence."""
    regex = {_key(entry): entry for entry in state.get("pii_regex") or []}
    llm = {_key(entry): entry for entry in state.get("pii_llm") or []}
    problems = state.get("pii_problems") or {}
    pii_map: list[dict[str, Any]] = []
    for key, base in regex.items():
        chosen = llm.get(key, base)
        evidence = dict(chosen.get("evidence") or {})
        if chosen is not base and (chosen["pii_type"], chosen["technique"]) != (
            base["pii_type"],
            base["technique"],
        ):
            evidence["without_llm"] = {
                "pii_type": base["pii_type"],
                "confidence": base["confidence"],
                "technique": base["technique"],
            }
        schema, table, _column = key
        label = f"{schema}.{table}" if schema else table
        if label in problems:
            evidence["sampling_problem"] = problems[label]
        pii_map.append(
            {
                "table": qualified_name(schema or "public", table),
                "column": chosen["column"],
                "pii_type": chosen["pii_type"],
                "confidence": chosen["confidence"],
                "technique": chosen["technique"],
                "evidence": evidence,
            }
        )
    return {"pii_map": pii_map}


def store_pii_metadata(state: PIIState) -> dict[str, Any]:
    source = state["pii_source"]
    version_id = uuid.UUID(source["schema_version_id"])
    entries = state.get("pii_map") or []
    with get_runtime().session() as session:
        repo = PIIRepository(session)
        present = {(entry["table"], entry["column"]) for entry in entries}
        carried = repo.carry_over_manual_labels(version_id, columns=present)
        written = repo.upsert_map(version_id, entries)
        stored = repo.get_map(version_id)
    pii_map = [
        {
            "table": row["table"],
            "column": row["column"],
            "pii_type": row["pii_type"],
            "confidence": row["confidence"],
            "technique": row["technique"],
            "reviewed_by": row["reviewed_by"],
        }
        for row in stored
    ]
    problems = state.get("pii_problems") or {}
    result = {
        "schema_version_id": source["schema_version_id"],
        "schema_id": source["schema_id"],
        "version_number": source["version_number"],
        "columns": len(pii_map),
        "pii_columns": sum(1 for row in pii_map if row["pii_type"] != "none"),
        "by_type": dict(Counter(row["pii_type"] for row in pii_map if row["pii_type"] != "none")),
        "by_technique": dict(Counter(str(row["technique"]) for row in pii_map)),
        "manual_labels": sum(1 for row in pii_map if row["reviewed_by"] is not None),
        "manual_labels_carried_over": len(carried),
        "written": written,
        "llm": source.get("llm", "not_configured"),
        "llm_calls": source.get("llm_calls", 0),
        "llm_columns_sent": source.get("llm_columns_sent", 0),
        "sensitive_columns": sum(1 for row in pii_map if row["pii_type"] == "sensitive"),
        "tables_not_sampled": len(problems),
        # Why (driver messages, credentials scrubbed, never row values): their columns were
        # classified from names alone.
        "sampling_problems": dict(sorted(problems.items())[:50]),
        "skipped_relations": source.get("skipped_relations", {}),
    }
    return {"pii_map": pii_map, "step_results": {CONTRACT.step: step_output(CONTRACT, result)}}


NODES: tuple[tuple[str, NodeFn], ...] = (
    ("load_schema_metadata", cast(NodeFn, load_schema_metadata)),
    ("detect_pii_regex", cast(NodeFn, detect_pii_regex)),
    ("detect_pii_llm", cast(NodeFn, detect_pii_llm)),
    ("validate_pii", cast(NodeFn, validate_pii)),
    ("store_pii_metadata", cast(NodeFn, store_pii_metadata)),
)
NODE_NAMES = tuple(name for name, _ in NODES)


def build_pii_classification_graph(settings: OrchestratorSettings | None = None) -> CompiledStateGraph[Any]:
    """The compiled subgraph; a node of the master graph, sharing its checkpointer."""
    return linear_subgraph(CONTRACT, NODES, settings or OrchestratorSettings.load(), PIIState)
