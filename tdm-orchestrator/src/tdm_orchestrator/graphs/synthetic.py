"""Synthetic data subgraph (spec 8.1): parse_request -> crawl_ui -> extract_html_schema ->
collect_api_schema -> fetch_db_schema -> merge_all_schemas -> normalize_schema ->
train_sdv_relational_model -> generate_multi_table_data -> validate_distribution -> store_dataset.

Each node is a thin call into `tdm_agents.synthetic`; a node whose input is absent (no UI URLs, no API
spec, no schema version) passes through. The schema sources are merged DB > API > UI > pack into one
`SchemaSnapshot`; unless it is the database's own schema version unchanged, it is stored as a schema
version of its own (schema `synthetic/<label>`), so the dataset provisions like any other (its DDL
comes from that version).

State holds schemas of the non-database sources (small), ids and counts -- never rows. The learned
model is not checkpointed (it holds category values of the source): `generate_multi_table_data` fits
it again, which is a handful of aggregate queries and one bounded sample per table;
`train_sdv_relational_model` fits it first to report what was learned and to refuse SDV on schemas
beyond its Community limits before any work.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any, cast

from langgraph.graph.state import CompiledStateGraph
from sqlalchemy import Engine
from tdm_agents.common.sources import dialect_family, translate_source_errors
from tdm_agents.synthetic.contract import CONTRACT
from tdm_agents.synthetic.generator import FkGenerator, GenerationOptions
from tdm_agents.synthetic.model import SourceModel
from tdm_agents.synthetic.output import verify_keys, write_tables
from tdm_agents.synthetic.profile import learn
from tdm_core.errors import InvalidInputError
from tdm_core.schema_model import SchemaSnapshot, normalize_snapshot
from tdm_dataset_store import DatasetStore
from tdm_metadata_store.repositories.datasets import DatasetRepository
from tdm_metadata_store.repositories.pii import PIIRepository
from tdm_metadata_store.repositories.schemas import SchemaRepository

from tdm_orchestrator.graphs.common import NodeFn, linear_subgraph, open_source_of, step_output
from tdm_orchestrator.jobrun import current_run
from tdm_orchestrator.lifecycle import purge_writing_datasets
from tdm_orchestrator.runtime import get_runtime
from tdm_orchestrator.settings import OrchestratorSettings
from tdm_orchestrator.state import TDMState

SUBGRAPH = CONTRACT.agent
NOTICE = "node_info"
# Types only MySQL / MariaDB name this way: a schema version discovered there generates in its types.
_MYSQL_TYPES = re.compile(r"^(tinyint|mediumint|int\(|datetime|longtext|mediumtext|tinytext|enum\(|set\()")
_POSTGRES_TYPES = re.compile(
    r"(character varying|with(out)? time zone|double precision|\[\]$|^bytea$|^jsonb$)"
)
QUALITY_SAMPLE_ROWS = 20_000


class SyntheticState(TDMState, total=False):
    """The master state plus this subgraph's own keys (schemas of non-DB sources, ids, counts)."""

    synthetic_request: dict[str, Any]
    synthetic_crawl: dict[str, Any]
    synthetic_schemas: dict[str, Any]  # origin -> snapshot dict (db: its version id only)
    synthetic_merged: dict[str, Any]  # merged snapshot (unless db alone), conflicts, sources
    synthetic_schema: dict[str, Any]  # schema_version_id, dialect, tables
    synthetic_fit: dict[str, Any]  # what was learned (counts), planned rows, warnings
    synthetic_output: dict[str, Any]  # dataset version, files, row counts, checks, quality


def _notice(state: TDMState, node: str, message: str, **details: Any) -> None:
    current_run(state["job_id"]).reporter.emit(
        NOTICE, message, node=node, subgraph=SUBGRAPH, details={"info": details} if details else None
    )


def _request(state: SyntheticState) -> dict[str, Any]:
    return dict(state.get("synthetic_request") or {})


def _snapshot(schema_version_id: str) -> SchemaSnapshot:
    with get_runtime().session() as session:
        return SchemaRepository(session).load_version(uuid.UUID(schema_version_id))


def _as_json(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json")
    return value


# --- nodes ----------------------------------------------------------------------------------------


def parse_request(state: SyntheticState) -> dict[str, Any]:
    options = dict(state.get("step_input") or {})
    if not any(
        options.get(k) for k in ("ui_urls", "api_spec_url", "api_spec", "schema_version_id", "domain_pack")
    ):
        raise InvalidInputError(
            "synthetic needs a schema source: "
            "ui_urls, api_spec_url, api_spec, schema_version_id or domain_pack"
        )
    if options.get("domain_pack"):
        from tdm_agents.synthetic.domain_packs import load_pack

        load_pack(str(options["domain_pack"]))  # an unknown pack fails here, naming the known ones
    sources = [
        origin
        for origin, key in (
            ("db", "schema_version_id"),
            ("api", "api_spec"),
            ("ui", "ui_urls"),
            ("pack", "domain_pack"),
        )
        if options.get(key) or (origin == "api" and options.get("api_spec_url"))
    ]
    _notice(
        state, "parse_request", f"schema sources: {', '.join(sources)}; engine {options.get('engine', 'tdm')}"
    )
    return {"synthetic_request": options, "synthetic_schemas": {}}


def crawl_ui(state: SyntheticState) -> dict[str, Any]:
    options = _request(state)
    urls = [str(u) for u in options.get("ui_urls") or []]
    if not urls:
        return {}
    from tdm_agents.synthetic.crawler.dom_walk import crawl

    result = crawl(
        urls,
        max_pages=int(options.get("max_pages") or 20),
        time_limit_seconds=float(options.get("crawl_seconds") or 60),
    )
    crawled = _as_json(result)
    pages = crawled.get("pages") or []
    _notice(
        state,
        "crawl_ui",
        f"{len(pages)} page(s) crawled, {sum(len(p.get('forms') or []) for p in pages)} form(s), "
        f"{sum(len(p.get('tables') or []) for p in pages)} table(s)",
        skipped=len(crawled.get("skipped") or []),
    )
    return {"synthetic_crawl": crawled}


def extract_html_schema(state: SyntheticState) -> dict[str, Any]:
    crawled = state.get("synthetic_crawl")
    if not crawled:
        return {}
    from tdm_agents.synthetic.crawler.dom_walk import CrawlResult
    from tdm_agents.synthetic.crawler.schema_extractor import extract_schema

    extracted = extract_schema(CrawlResult.model_validate(crawled))
    snapshot = dict(extracted.snapshot)
    if not snapshot.get("tables"):
        raise InvalidInputError("the crawled pages hold no form or table to build a schema from")
    _notice(state, "extract_html_schema", f"{len(snapshot['tables'])} entit(ies) from the web pages")
    return {"synthetic_schemas": {**(state.get("synthetic_schemas") or {}), "ui": snapshot}}


def collect_api_schema(state: SyntheticState) -> dict[str, Any]:
    options = _request(state)
    spec_source = options.get("api_spec")
    url = options.get("api_spec_url")
    if spec_source is None and not url:
        return {}
    from tdm_agents.synthetic.api_schema import api_schema_to_snapshot, fetch_spec, load_spec

    raw = spec_source if spec_source is not None else fetch_spec(str(url))
    spec = load_spec(raw, base_url=str(url) if url else None)
    extracted = api_schema_to_snapshot(spec)
    snapshot = dict(extracted.snapshot)
    if not snapshot.get("tables"):
        raise InvalidInputError("the API spec defines no object schema to build a schema from")
    _notice(
        state,
        "collect_api_schema",
        f"{len(snapshot['tables'])} entit(ies) from the API spec",
        notes=list(extracted.notes)[:20],
    )
    return {"synthetic_schemas": {**(state.get("synthetic_schemas") or {}), "api": snapshot}}


def fetch_db_schema(state: SyntheticState) -> dict[str, Any]:
    options = _request(state)
    version_id = options.get("schema_version_id")
    if not version_id:
        return {}
    snapshot = _snapshot(str(version_id))  # NotFoundError names a wrong id
    _notice(state, "fetch_db_schema", f"{len(snapshot.tables)} table(s) from schema version {version_id}")
    return {
        "synthetic_schemas": {
            **(state.get("synthetic_schemas") or {}),
            "db": {"schema_version_id": str(version_id)},
        }
    }


def merge_all_schemas(state: SyntheticState) -> dict[str, Any]:
    options = _request(state)
    schemas = dict(state.get("synthetic_schemas") or {})
    sources: list[tuple[str, Any]] = []
    if "db" in schemas:
        sources.append(("db", _snapshot(schemas["db"]["schema_version_id"])))
    for origin in ("api", "ui"):
        if origin in schemas:
            sources.append((origin, schemas[origin]))
    if options.get("domain_pack"):
        from tdm_agents.synthetic.domain_packs import load_pack

        sources.append(("pack", load_pack(str(options["domain_pack"])).to_snapshot()))
    names = [origin for origin, _ in sources]
    if names == ["db"]:
        return {"synthetic_merged": {"sources": names, "conflicts": [], "db_only": True}}
    from tdm_agents.synthetic.schema_merger import merge_schemas

    merged = merge_schemas(cast(Any, sources))
    conflicts = [_conflict(c) for c in merged.conflicts]
    if conflicts:
        _notice(
            state, "merge_all_schemas", f"{len(conflicts)} conflict(s) between sources; higher priority kept"
        )
    return {
        "synthetic_merged": {
            "sources": names,
            "conflicts": conflicts,
            "snapshot": dict(merged.snapshot),
            "db_only": False,
        }
    }


def _conflict(conflict: Any) -> dict[str, Any]:
    data = _as_json(conflict)
    kept, dropped = data.get("kept"), data.get("dropped")
    return {
        "entity": str(data.get("entity")),
        "attribute": data.get("attribute"),
        "field": str(data.get("field")),
        "kept": _shown(kept),
        "dropped": _shown(dropped),
    }


def _shown(side: Any) -> str:
    if isinstance(side, Mapping):
        return f"{side.get('origin')}: {side.get('value')}"
    return str(side)


def normalize_schema(state: SyntheticState) -> dict[str, Any]:
    options = _request(state)
    merged = state["synthetic_merged"]
    if merged.get("db_only"):
        version_id = str(options["schema_version_id"])
        snapshot = _snapshot(version_id)
    else:
        snapshot = normalize_snapshot(merged["snapshot"])
        label = str(options.get("domain_pack") or options.get("name") or "schema")
        with get_runtime().session() as session:
            repo = SchemaRepository(session)
            schema = repo.get_or_create(
                name=f"synthetic/{label}", description="merged by synthetic generation"
            )
            version_id = str(repo.add_version(schema.id, snapshot, uuid.UUID(state["job_id"])).id)
    tables = [t.qualified_name for t in snapshot.tables if t.kind in ("table", "partitioned_table")]
    if not tables:
        raise InvalidInputError("the schema has no table to generate")
    dialect = _dialect(state, snapshot)
    _notice(
        state, "normalize_schema", f"{len(tables)} table(s), {len(snapshot.relationships)} relationship(s)"
    )
    return {"synthetic_schema": {"schema_version_id": version_id, "dialect": dialect, "tables": tables}}


def _dialect(state: SyntheticState, snapshot: SchemaSnapshot) -> str:
    engine = _source(state)
    if engine is not None:
        return dialect_family(engine[0])
    names = [str(c.data_type or "").lower() for t in snapshot.tables for c in t.columns]
    if any(_POSTGRES_TYPES.search(n) for n in names):
        return "postgresql"
    return "mysql" if any(_MYSQL_TYPES.match(n) for n in names) else "postgresql"


def _source(state: SyntheticState) -> tuple[Engine, str] | None:
    """The source database to learn from: the request's connection, when learning is on."""
    options = _request(state)
    reference = options.get("connection")
    if not isinstance(reference, dict) or not options.get("learn_from_source", True):
        return None
    if not options.get("schema_version_id"):
        return None
    return open_source_of(reference)


def _semantic(schema_version_id: str | None) -> dict[tuple[str, str], str]:
    if not schema_version_id:
        return {}
    with get_runtime().session() as session:
        return {
            (str(e["table"]), str(e["column"])): str(e["pii_type"])
            for e in PIIRepository(session).get_map(uuid.UUID(schema_version_id))
            if str(e.get("pii_type")) not in ("none", "other")
        }


def _learn(state: SyntheticState, snapshot: SchemaSnapshot) -> SourceModel | None:
    source = _source(state)
    if source is None:
        return None
    engine, shown = source
    options = _request(state)
    with translate_source_errors(shown, "learning the source's distributions"):
        return learn(
            engine,
            snapshot,
            semantic=_semantic(str(options.get("schema_version_id") or "")),
            check=current_run(state["job_id"]).check_boundary,
        )


def train_sdv_relational_model(state: SyntheticState) -> dict[str, Any]:
    options = _request(state)
    schema = state["synthetic_schema"]
    snapshot = _snapshot(schema["schema_version_id"])
    engine = options.get("engine", "tdm")
    if engine == "sdv":
        from tdm_agents.synthetic.sdv_runner import community_limits_problem

        if _source(state) is None:
            raise InvalidInputError(
                "engine sdv learns from real data: give a source connection and a schema_version_id"
            )
        problem = community_limits_problem(snapshot, schema["tables"])
        if problem:
            raise InvalidInputError(f"engine sdv cannot model this schema: {problem}; use engine tdm")
    model = _learn(state, snapshot)
    summary = model.summary() if model is not None else {"tables": 0}
    if model is None:
        _notice(
            state,
            "train_sdv_relational_model",
            "no source to learn from: values follow the schema's constraints and statistics",
        )
    else:
        _notice(state, "train_sdv_relational_model", "distributions learned from the source", **summary)
    return {"synthetic_fit": {"learned": model is not None, "summary": summary}}


def generate_multi_table_data(state: SyntheticState) -> dict[str, Any]:
    run = current_run(state["job_id"])
    runtime = get_runtime()
    options = _request(state)
    schema = state["synthetic_schema"]
    snapshot = _snapshot(schema["schema_version_id"])
    purge_writing_datasets(runtime, state["job_id"])
    engine_name = options.get("engine", "tdm")
    model = _learn(state, snapshot)
    generator = FkGenerator(
        GenerationOptions(
            seed=int(options.get("seed") or 0),
            locale=str(options.get("locale") or "en_US"),
            scale=float(options.get("scale") or 1.0),
        )
    )
    # A domain pack's default counts travel in its tables (`default_row_count`), scaled like the rest.
    row_counts = dict(options.get("row_counts") or {})
    generator.fit(
        snapshot,
        dialect=schema["dialect"],
        model=model,
        row_counts=row_counts,
        semantic=_semantic(options.get("schema_version_id")),
    )
    sdv_tables: dict[str, Any] = {}  # Arrow tables by qualified name
    if engine_name == "sdv":
        sdv_tables = _sdv_sample(state, snapshot, schema["tables"])
    with runtime.session() as session:
        version = DatasetRepository(session).create_version(
            source_type="synthetic",
            name=options.get("name"),
            schema_version_id=uuid.UUID(schema["schema_version_id"]),
            job_id=uuid.UUID(state["job_id"]),
        )
        version_id, prefix = str(version.id), version.path_prefix
    store = DatasetStore.load()
    try:
        with store.open_version(version_id) as writer:
            if sdv_tables:
                written = write_tables(
                    writer,
                    [p for p in generator.tables() if p.name in sdv_tables],
                    lambda name: sdv_tables[name].to_batches(),
                )
            else:
                written = write_tables(
                    writer, generator.tables(), lambda name: generator.batches(name, run.check_boundary)
                )
    finally:
        store.close()
    files = [
        {
            "table_name": written.storage_names[table],
            "object_key": f.key,
            "part_number": f.part_number,
            "row_count": f.row_count,
            "size_bytes": f.size_bytes,
            "sha256": f.sha256,
        }
        for table, table_files in written.files.items()
        for f in table_files
    ]
    if generator.warnings:
        _notice(
            state,
            "generate_multi_table_data",
            f"{len(generator.warnings)} warning(s)",
            warnings=generator.warnings[:20],
        )
    return {
        "synthetic_dataset_path": prefix,
        "synthetic_output": {
            "dataset_version_id": version_id,
            "files": files,
            "storage_names": written.storage_names,
            "row_counts": written.row_counts,
            "warnings": generator.warnings,
        },
    }


def _sdv_sample(state: SyntheticState, snapshot: SchemaSnapshot, tables: list[str]) -> dict[str, Any]:
    from tdm_agents.synthetic.profile import real_sample
    from tdm_agents.synthetic.sdv_runner import SdvEngine

    source = _source(state)
    assert source is not None
    options = _request(state)
    with translate_source_errors(source[1], "reading the sample SDV learns from"):
        real = real_sample(source[0], snapshot, tables, rows=QUALITY_SAMPLE_ROWS)
    engine = SdvEngine(seed=int(options.get("seed") or 0))
    engine.fit(snapshot, real)
    return engine.sample(float(options.get("scale") or 1.0))


def validate_distribution(state: SyntheticState) -> dict[str, Any]:
    output = state["synthetic_output"]
    schema = state["synthetic_schema"]
    snapshot = _snapshot(schema["schema_version_id"])
    store = DatasetStore.load()
    try:
        checks = verify_keys(store, output["dataset_version_id"], snapshot, output["storage_names"])
        if checks["problems"]:
            raise InvalidInputError(
                "the synthetic dataset fails its integrity checks (nothing was published): "
                + "; ".join(checks["problems"][:5])
            )
        quality = _quality(state, store, snapshot, output)
    finally:
        store.close()
    message = f"{checks['foreign_keys']} foreign key(s) and {checks['unique_keys']} unique key(s) hold"
    if quality is not None:
        message += f"; SDMetrics quality {quality.get('quality_score')}"
    _notice(state, "validate_distribution", message)
    return {"synthetic_output": {**output, "checks": checks, "quality": quality}}


def _quality(
    state: SyntheticState, store: DatasetStore, snapshot: SchemaSnapshot, output: dict[str, Any]
) -> dict[str, Any] | None:
    """SDMetrics reports against a real sample, when the source is known."""
    source = _source(state)
    if source is None:
        return None
    from tdm_agents.synthetic.profile import real_sample
    from tdm_agents.synthetic.quality import dataset_quality

    tables = list(output["storage_names"])
    with translate_source_errors(source[1], "reading the sample quality is measured against"):
        real = real_sample(source[0], snapshot, tables, rows=QUALITY_SAMPLE_ROWS)
    return dataset_quality(store, output["dataset_version_id"], output["storage_names"], snapshot, real)


def store_dataset(state: SyntheticState) -> dict[str, Any]:
    options = _request(state)
    output = state["synthetic_output"]
    schema = state["synthetic_schema"]
    merged = state["synthetic_merged"]
    fit = state.get("synthetic_fit") or {}
    version_id = uuid.UUID(output["dataset_version_id"])
    snapshot = _snapshot(schema["schema_version_id"])
    metadata = {
        "request": {k: v for k, v in options.items() if k not in ("connection", "api_spec")},
        "engine": options.get("engine", "tdm"),
        "seed": options.get("seed", 0),
        "sources": merged["sources"],
        "conflicts": merged["conflicts"],
        "row_counts": output["row_counts"],
        "learned": fit.get("summary"),
        "checks": output.get("checks"),
        "quality": output.get("quality"),
        "warnings": output["warnings"],
        "tables": {
            name: {
                "file": output["storage_names"][name],
                "schema": table.schema_name,
                "name": table.name,
            }
            for name in output["storage_names"]
            if (table := snapshot.table(_split(name))) is not None
        },
    }
    with get_runtime().session() as session:
        repo = DatasetRepository(session)
        if repo.require(version_id).status == "writing":
            repo.add_files(version_id, output["files"])
            repo.set_metadata(version_id, metadata)
            repo.mark_active(version_id)
    lineage = [
        {
            "source_type": "schema_version",
            "source_id": schema["schema_version_id"],
            "target_type": "dataset_version",
            "target_id": str(version_id),
            "operation": "synthetic",
        }
    ]
    if merged.get("db_only") is False and options.get("schema_version_id"):
        lineage.append(
            {
                "source_type": "schema_version",
                "source_id": str(options["schema_version_id"]),
                "target_type": "schema_version",
                "target_id": schema["schema_version_id"],
                "operation": "merged_into",
            }
        )
    result = {
        "dataset_version_id": str(version_id),
        "schema_version_id": schema["schema_version_id"],
        "row_counts": output["row_counts"],
        "total_rows": sum(output["row_counts"].values()),
        "mode": options.get("mode", "default"),
        "engine": options.get("engine", "tdm"),
        "sources": merged["sources"],
        "learned_from_source": bool(fit.get("learned")),
        "conflicts": merged["conflicts"],
        "quality": output.get("quality"),
        "checks": output.get("checks") or {},
        "warnings": output["warnings"],
    }
    return {"step_results": {CONTRACT.step: step_output(CONTRACT, result, lineage=lineage)}}


def _split(qualified: str) -> tuple[str, str]:
    schema, _, table = qualified.rpartition(".")
    return (schema or "public", table)


NODES: tuple[tuple[str, NodeFn], ...] = (
    ("parse_request", cast(NodeFn, parse_request)),
    ("crawl_ui", cast(NodeFn, crawl_ui)),
    ("extract_html_schema", cast(NodeFn, extract_html_schema)),
    ("collect_api_schema", cast(NodeFn, collect_api_schema)),
    ("fetch_db_schema", cast(NodeFn, fetch_db_schema)),
    ("merge_all_schemas", cast(NodeFn, merge_all_schemas)),
    ("normalize_schema", cast(NodeFn, normalize_schema)),
    ("train_sdv_relational_model", cast(NodeFn, train_sdv_relational_model)),
    ("generate_multi_table_data", cast(NodeFn, generate_multi_table_data)),
    ("validate_distribution", cast(NodeFn, validate_distribution)),
    ("store_dataset", cast(NodeFn, store_dataset)),
)
NODE_NAMES = tuple(name for name, _ in NODES)


def build_synthetic_graph(settings: OrchestratorSettings | None = None) -> CompiledStateGraph[Any]:
    """The compiled subgraph; a node of the master graph, sharing its checkpointer."""
    return linear_subgraph(CONTRACT, NODES, settings or OrchestratorSettings.load(), SyntheticState)
