"""Masking subgraph (spec 7.1): load_dataset -> load_masking_rules -> apply_mask_transformers ->
validate_integrity -> store_masked_dataset.

Each node is a thin call into `tdm_agents.masking`. Input is the step input (`state["step_input"]`):
the contract's `MaskStep` fields, `dataset_version_id` given or chained from the subset.

The rules (given, from a saved rule set, or "auto" from the PII map) are resolved against the dataset's
schema version -- foreign keys spread a key's rule to the columns referencing it -- and only the rules
asked for are kept in the state; each node that needs the full plan resolves it again (cheap, and the
same answer). apply_mask_transformers writes the new version (status `writing`, invisible) and
gathers what the integrity checks need; validate_integrity refuses it (the job fails, the version is
purged) on a changed row count, a collision on a unique column, a leak or a broken join;
store_masked_dataset publishes it with its lineage (`derived_from` the input version). The masking key
is read from the settings in the node that masks; only its id is recorded.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from langgraph.graph.state import CompiledStateGraph
from tdm_agents.masking.contract import CONTRACT
from tdm_agents.masking.engine import mask_dataset
from tdm_agents.masking.keys import load_key
from tdm_agents.masking.rules import MaskPlan, auto_rules, resolve_rules, rules_as_json
from tdm_agents.masking.transformers.base import MaskContext
from tdm_cache.locks import RedisLock
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import SchemaSnapshot
from tdm_dataset_store import DatasetStore
from tdm_metadata_store.repositories.datasets import DatasetRepository
from tdm_metadata_store.repositories.masking_rules import MaskingRuleRepository
from tdm_metadata_store.repositories.pii import PIIRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository
from tdm_metadata_store.repositories.vault import TokenFactory, VaultRepository

from tdm_orchestrator.graphs.common import NodeFn, linear_subgraph, step_output
from tdm_orchestrator.jobrun import current_run
from tdm_orchestrator.lifecycle import purge_writing_datasets
from tdm_orchestrator.runtime import get_runtime
from tdm_orchestrator.settings import OrchestratorSettings
from tdm_orchestrator.state import TDMState

SUBGRAPH = CONTRACT.agent
NOTICE = "node_info"
LOCK_KIND = "mask"
LOCK_TTL_SECONDS = 30.0
LOCK_WAIT_SECONDS = 900.0


class MaskState(TDMState, total=False):
    """The master state plus this subgraph's own keys (no data values, no key material)."""

    mask_source: dict[str, Any]  # dataset and schema version ids, table file names -> qualified names
    mask_extract: dict[str, Any]  # the new version, its files, row counts, integrity problems


def _notice(state: TDMState, node: str, message: str, **details: Any) -> None:
    current_run(state["job_id"]).reporter.emit(
        NOTICE, message, node=node, subgraph=SUBGRAPH, details={"info": details} if details else None
    )


def _snapshot(schema_version_id: str) -> SchemaSnapshot:
    with get_runtime().session() as session:
        return SchemaRepository(session).load_version(uuid.UUID(schema_version_id))


def _plan(state: MaskState) -> MaskPlan:
    source = state["mask_source"]
    return resolve_rules(
        state["masking_rules"]["rules"],
        _snapshot(source["schema_version_id"]),
        dataset_tables=source["tables"].values(),
        origin=state["masking_rules"].get("origin", "rule"),
    )


def load_dataset(state: MaskState) -> dict[str, Any]:
    options = dict(state.get("step_input") or {})
    raw_id = options.get("dataset_version_id")
    if not raw_id:
        raise InvalidInputError("mask needs a dataset_version_id")
    version_id = uuid.UUID(str(raw_id))
    with get_runtime().session() as session:
        repo = DatasetRepository(session)
        dataset = repo.require(version_id)
        if dataset.status != "active":
            raise InvalidInputError(f"dataset version {version_id} is {dataset.status}, not active")
        if dataset.schema_version_id is None:
            raise InvalidInputError(
                f"dataset version {version_id} has no schema version: its columns are unknown"
            )
        metadata = repo.get_metadata(version_id, ["tables"])
        schema_version_id = str(dataset.schema_version_id)
    store = DatasetStore.load()
    try:
        manifest = store.manifest(version_id)
    finally:
        store.close()
    described = (metadata or {}).get("tables") or {}
    by_file = {info.get("file"): qualified for qualified, info in described.items() if isinstance(info, dict)}
    tables = {entry.name: by_file.get(entry.name, entry.name) for entry in manifest.tables}
    return {
        "mask_source": {
            "dataset_version_id": str(version_id),
            "schema_version_id": schema_version_id,
            "tables": tables,
            "row_count": manifest.row_count,
        }
    }


def load_masking_rules(state: MaskState) -> dict[str, Any]:
    options = dict(state.get("step_input") or {})
    source = state["mask_source"]
    snapshot = _snapshot(source["schema_version_id"])
    rules: Any = options.get("rules")
    rule_set_id = options.get("rule_set_id")
    with get_runtime().session() as session:
        if rule_set_id:
            rules = dict(MaskingRuleRepository(session).require(uuid.UUID(str(rule_set_id))).rules_json or {})
        pii_map = [
            (str(entry["table"]), str(entry["column"]), str(entry["pii_type"]))
            for entry in PIIRepository(session).get_map(uuid.UUID(source["schema_version_id"]))
            if str(entry.get("pii_type")) != "none"
        ]
    in_dataset = set(source["tables"].values())
    # Sensitive columns (pay, health...) identify nobody: masked only when the request asks.
    mask_sensitive = bool(options.get("mask_sensitive"))
    sensitive = [(t, c, p) for t, c, p in pii_map if p == "sensitive"]
    classified = bool(pii_map)
    if not mask_sensitive:
        pii_map = [(t, c, p) for t, c, p in pii_map if p != "sensitive"]
    origin = "rule"
    if rules == "auto":
        if not classified:
            raise InvalidInputError(
                'rules "auto" needs the PII map of the dataset\'s schema version: '
                "run POST /classify-pii first"
            )
        rules, unmaskable = auto_rules(pii_map, snapshot, in_dataset, mask_sensitive=mask_sensitive)
        origin = "auto"
        if not rules and not unmaskable and sensitive and not mask_sensitive:
            raise InvalidInputError(
                "the PII map holds only sensitive columns, which are masked only on request: "
                "set mask_sensitive to mask them"
            )
        if unmaskable and not options.get("allow_unmasked_pii"):
            raise InvalidInputError(
                f"no transformer can mask {', '.join(unmaskable[:10])} (types or constraints); "
                "give rules for them or set allow_unmasked_pii"
            )
        _notice(
            state, "load_masking_rules", f"{len(rules)} rule(s) derived from the PII map", rules=sorted(rules)
        )
    if not isinstance(rules, dict) or not rules:
        raise InvalidInputError('mask needs rules, "auto" or a rule_set_id')
    rules = rules_as_json(rules)
    plan = resolve_rules(rules, snapshot, dataset_tables=in_dataset, origin=origin)
    masked = {rule.target for rule in plan.all()}
    unmasked = sorted(
        f"{table}.{column}"
        for table, column, _ in pii_map
        if table in in_dataset and f"{table}.{column}" not in masked
    )
    if unmasked and not options.get("allow_unmasked_pii"):
        raise InvalidInputError(
            f"PII column(s) without a rule: {', '.join(unmasked[:10])}"
            f'{" ..." if len(unmasked) > 10 else ""}; add rules, use rules "auto", or set allow_unmasked_pii'
        )
    unmasked_sensitive = sorted(
        f"{table}.{column}"
        for table, column, _ in sensitive
        if table in in_dataset and f"{table}.{column}" not in masked
    )
    if unmasked_sensitive:
        _notice(
            state,
            "load_masking_rules",
            f"{len(unmasked_sensitive)} sensitive column(s) left unmasked (set mask_sensitive to mask them)",
            columns=unmasked_sensitive[:50],
        )
    key = load_key(options.get("key_name"))
    return {
        "masking_rules": {
            "rules": rules,
            "origin": origin,
            "rule_set_id": str(rule_set_id) if rule_set_id else None,
            "applied": plan.applied(),
            "unmasked_pii": unmasked,
            "unmasked_sensitive": unmasked_sensitive,
            "key_id": key.key_id,
            "key_name": key.name,
        }
    }


def _tokenizer(namespace: str, values: list[str], factory: TokenFactory) -> dict[str, str]:
    with get_runtime().session() as session:
        return VaultRepository(session).tokenize_many(namespace, values, factory)


def apply_mask_transformers(state: MaskState) -> dict[str, Any]:
    run = current_run(state["job_id"])
    runtime = get_runtime()
    source = state["mask_source"]
    rules = state["masking_rules"]
    plan = _plan(state)
    key = load_key(rules.get("key_name"))
    if key.key_id != rules["key_id"]:
        raise InvalidInputError("the masking key changed since the rules were loaded: run the job again")
    purge_writing_datasets(runtime, state["job_id"])
    lock = RedisLock(
        runtime.redis,
        LOCK_KIND,
        source["dataset_version_id"],
        ttl_seconds=LOCK_TTL_SECONDS,
        owner=f"job:{state['job_id']}",
        blocking_timeout=LOCK_WAIT_SECONDS,
        auto_extend=True,
    )
    options = dict(state.get("step_input") or {})
    with lock:
        with runtime.session() as session:
            version = DatasetRepository(session).create_version(
                source_type="masked",
                name=options.get("name"),
                schema_version_id=uuid.UUID(source["schema_version_id"]),
                job_id=uuid.UUID(state["job_id"]),
            )
            version_id, prefix = str(version.id), version.path_prefix
        store = DatasetStore.load()
        try:
            with store.open_version(version_id) as writer:
                outcome = mask_dataset(
                    store,
                    source["dataset_version_id"],
                    writer,
                    plan,
                    MaskContext(key=key, tokenize=_tokenizer),
                    table_names=source["tables"],
                    check=run.check_boundary,
                )
        finally:
            store.close()
    files = [
        {
            "table_name": table,
            "object_key": f.key,
            "part_number": f.part_number,
            "row_count": f.row_count,
            "size_bytes": f.size_bytes,
            "sha256": f.sha256,
        }
        for table, written in outcome.files.items()
        for f in written
    ]
    return {
        "masked_dataset_path": prefix,
        "mask_extract": {
            "dataset_version_id": version_id,
            "files": files,
            "row_counts": outcome.row_counts,
            "source_row_counts": outcome.source_row_counts,
            "problems": outcome.problems,
            "columns_masked": outcome.columns_masked,
            "copied_tables": outcome.copied_tables,
        },
    }


def validate_integrity(state: MaskState) -> dict[str, Any]:
    extract = state["mask_extract"]
    problems = list(extract["problems"])
    if extract["row_counts"] != extract["source_row_counts"]:
        problems.append("row counts changed")
    if problems:
        raise InvalidInputError(
            "the masked dataset fails its integrity checks (nothing was published): "
            + "; ".join(problems[:5])
        )
    _notice(
        state,
        "validate_integrity",
        f"{extract['columns_masked']} column(s) masked; row counts, keys, joins and the leak check hold",
    )
    return {}


def store_masked_dataset(state: MaskState) -> dict[str, Any]:
    extract = state["mask_extract"]
    rules = state["masking_rules"]
    source = state["mask_source"]
    version_id = uuid.UUID(extract["dataset_version_id"])
    with get_runtime().session() as session:
        repo = DatasetRepository(session)
        if repo.require(version_id).status == "writing":
            repo.add_files(version_id, extract["files"])
            repo.set_metadata(
                version_id,
                {
                    "source_dataset_version_id": source["dataset_version_id"],
                    "key_id": rules["key_id"],
                    "key_name": rules["key_name"],
                    "rule_set_id": rules.get("rule_set_id"),
                    "rules_applied": rules["applied"],
                    "row_counts": extract["row_counts"],
                    "unmasked_pii": rules["unmasked_pii"],
                    "tables": {qualified: {"file": file} for file, qualified in source["tables"].items()},
                },
            )
            repo.mark_active(version_id)
    lineage = [
        {
            "source_type": "dataset_version",
            "source_id": source["dataset_version_id"],
            "target_type": "dataset_version",
            "target_id": str(version_id),
            "operation": "derived_from",
        }
    ]
    result = {
        "dataset_version_id": str(version_id),
        "source_dataset_version_id": source["dataset_version_id"],
        "columns_masked": extract["columns_masked"],
        "row_counts": extract["row_counts"],
        "rules_applied": rules["applied"],
        "key_id": rules["key_id"],
        "unmasked_pii": rules["unmasked_pii"],
        "unmasked_sensitive": rules.get("unmasked_sensitive", []),
    }
    return {"step_results": {CONTRACT.step: step_output(CONTRACT, result, lineage=lineage)}}


NODES: tuple[tuple[str, NodeFn], ...] = (
    ("load_dataset", cast(NodeFn, load_dataset)),
    ("load_masking_rules", cast(NodeFn, load_masking_rules)),
    ("apply_mask_transformers", cast(NodeFn, apply_mask_transformers)),
    ("validate_integrity", cast(NodeFn, validate_integrity)),
    ("store_masked_dataset", cast(NodeFn, store_masked_dataset)),
)
NODE_NAMES = tuple(name for name, _ in NODES)


def build_masking_graph(settings: OrchestratorSettings | None = None) -> CompiledStateGraph[Any]:
    """The compiled subgraph; a node of the master graph, sharing its checkpointer."""
    return linear_subgraph(CONTRACT, NODES, settings or OrchestratorSettings.load(), MaskState)
