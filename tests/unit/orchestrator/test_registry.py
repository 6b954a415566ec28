"""The agent registry: one entry per agent of the spec, each contract consistent with itself, and every
registered subgraph built from its contract with the spec's node names."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from pydantic import ValidationError
from tdm_orchestrator.registry import AGENTS, BY_STEP, built_agents
from tdm_orchestrator.settings import OrchestratorSettings

SPEC_NODES = {
    "schema_discovery": [
        "connect_db",
        "fetch_tables",
        "fetch_columns",
        "infer_column_types",
        "profile_statistics",
        "infer_primary_keys",
        "infer_foreign_keys",
        "save_metadata",
    ],
    "pii_classification": [
        "load_schema_metadata",
        "detect_pii_regex",
        "detect_pii_llm",
        "validate_pii",
        "store_pii_metadata",
    ],
    "provisioning": [
        "validate_dataset_version",
        "connect_env",
        "reset_env",
        "apply_schema",
        "load_data",
        "run_smoke_tests",
        "complete_provisioning",
    ],
    "masking": [
        "load_dataset",
        "load_masking_rules",
        "apply_mask_transformers",
        "validate_integrity",
        "store_masked_dataset",
    ],
    "subsetting": [
        "load_profiled_metadata",
        "parse_subset_request",
        "build_fk_graph",
        "evaluate_conditions",
        "recursive_row_extract",
        "merge_results",
        "store_subset_dataset",
    ],
    "synthetic": [
        "parse_request",
        "crawl_ui",
        "extract_html_schema",
        "collect_api_schema",
        "fetch_db_schema",
        "merge_all_schemas",
        "normalize_schema",
        "train_sdv_relational_model",
        "generate_multi_table_data",
        "validate_distribution",
        "store_dataset",
    ],
}
# A body the agent's POST route accepts, per step (ids are random: the registry test checks no row).
VALID: dict[str, dict[str, Any]] = {
    "discover": {"connection_string": "postgresql://u:p@h/db"},
    "pii": {"schema_version_id": str(uuid.uuid4())},
    "subset": {"schema_version_id": str(uuid.uuid4()), "connection_id": str(uuid.uuid4()), "root_table": "t"},
    "mask": {"dataset_version_id": str(uuid.uuid4()), "rules": {"t.c": "mask.hash"}},
    "synthetic": {"domain_pack": "ecommerce"},
    "provision": {"dataset_version_id": str(uuid.uuid4()), "target_env": "QA"},
}


def test_the_six_agents_of_the_spec_are_known_by_name_and_step() -> None:
    assert [(a.name, a.step) for a in AGENTS] == [
        ("schema_discovery", "discover"),
        ("pii_classification", "pii"),
        ("subsetting", "subset"),
        ("masking", "mask"),
        ("synthetic", "synthetic"),
        ("provisioning", "provision"),
    ]
    assert len({a.contract.route for a in AGENTS}) == len(AGENTS)


@pytest.mark.parametrize("agent", AGENTS, ids=lambda a: a.step)
def test_a_standalone_request_is_its_step_input_with_the_chained_inputs_required(agent: Any) -> None:
    contract = agent.contract
    assert issubclass(contract.request, contract.step_input)
    body = VALID[agent.step]
    contract.request.model_validate(body)
    for name in contract.chained_inputs:
        fields = ("connection_string", "connection_id") if name == "connection" else (name,)
        partial = {k: v for k, v in body.items() if k not in fields}
        step = contract.step_input.model_validate(partial)  # inside a pipeline: may come from before
        assert contract.missing_inputs(step) == [name]
        with pytest.raises(ValidationError):  # alone: required
            contract.request.model_validate(partial)


@pytest.mark.parametrize("agent", built_agents(), ids=lambda a: a.name)
def test_each_built_agent_has_a_subgraph_with_the_spec_nodes(agent: Any) -> None:
    graph = agent.builder()(OrchestratorSettings.load())
    assert graph.name == agent.name
    nodes = [name for name in graph.get_graph().nodes if not name.startswith("__")]
    assert nodes == SPEC_NODES[agent.name]


def test_an_agent_outside_the_build_has_no_builder() -> None:
    from tdm_orchestrator.errors import AgentNotAvailableError

    missing = [a for a in AGENTS if not a.built]
    for agent in missing:
        with pytest.raises(AgentNotAvailableError, match=agent.name):
            agent.builder()
    assert {a.step for a in built_agents()} | {a.step for a in missing} == set(BY_STEP)
