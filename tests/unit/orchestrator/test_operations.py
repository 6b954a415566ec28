"""decide_operation / validate_request: the eight operations of spec 15.2, the two standalone agents,
and the refusals a user must be able to understand."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from tdm_core.errors import InvalidInputError
from tdm_orchestrator import Operation, decide_operation, validate_request

SV = str(uuid.uuid4())
DV = str(uuid.uuid4())
PG = "postgresql://app:secret@db.example:5432/shop"
SUBSET = {"schema_version_id": SV, "connection_string": PG, "root_table": "customers"}
MASK = {"rules": {"customers.email": "mask.email_deterministic"}}
PROVISION = {"target_env": "QA"}

CASES: list[tuple[str, dict[str, Any], Operation, list[str]]] = [
    ("discover", {"discover": {"connection_string": PG}}, Operation.SCHEMA_DISCOVERY, ["discover"]),
    (
        "discover by id",
        {"discover": {"connection_id": str(uuid.uuid4())}},
        Operation.SCHEMA_DISCOVERY,
        ["discover"],
    ),
    ("pii", {"pii": {"schema_version_id": SV}}, Operation.PII_CLASSIFICATION, ["pii"]),
    ("subset", {"subset": SUBSET}, Operation.TDM_SUBSET_ONLY, ["subset"]),
    ("mask", {"mask": {**MASK, "dataset_version_id": DV}}, Operation.TDM_MASK_ONLY, ["mask"]),
    (
        "provision",
        {"provision": {**PROVISION, "dataset_version_id": DV}},
        Operation.TDM_PROVISION_ONLY,
        ["provision"],
    ),
    (
        "subset+mask+provision",
        {"subset": SUBSET, "mask": MASK, "provision": PROVISION},
        Operation.TDM_SUBSET_MASK_PROVISION,
        ["subset", "mask", "provision"],
    ),
    (
        "ui synthetic",
        {
            "synthetic": {
                "ui_urls": ["https://app.example/register"],
                "api_spec_url": "https://x/openapi.json",
            }
        },
        Operation.UI_BASED_SYNTHETIC_GENERATION,
        ["synthetic"],
    ),
    (
        "api synthetic",
        {"synthetic": {"api_spec_url": "https://api.example/openapi.json", "row_counts": {"customer": 10}}},
        Operation.API_BASED_SYNTHETIC_GENERATION,
        ["synthetic"],
    ),
    (
        "db synthetic",
        {"synthetic": {"schema_version_id": SV, "api_spec_url": "https://api.example/openapi.json"}},
        Operation.TDM_SYNTHETIC_RUN,
        ["synthetic"],
    ),
    ("domain pack", {"synthetic": {"domain_pack": "banking"}}, Operation.TDM_SYNTHETIC_RUN, ["synthetic"]),
    (
        "synthetic_only",
        {"synthetic_only": True, "synthetic": {"ui_urls": ["https://app.example/register"]}},
        Operation.TDM_SYNTHETIC_RUN,
        ["synthetic"],
    ),
    (
        "full pipeline with discovery",
        {
            "full_pipeline": True,
            "discover": {"connection_string": PG},
            "subset": {"root_table": "customers"},
            "mask": MASK,
            "synthetic": {"domain_pack": "ecommerce"},
            "provision": PROVISION,
        },
        Operation.FULL_TDM_PIPELINE,
        ["discover", "subset", "mask", "synthetic", "provision"],
    ),
    (
        "full pipeline on a known schema",
        {"full_pipeline": True, "subset": SUBSET, "mask": MASK, "provision": PROVISION},
        Operation.FULL_TDM_PIPELINE,
        ["subset", "mask", "provision"],
    ),
]


@pytest.mark.parametrize(("label", "request_body", "operation", "steps"), CASES, ids=[c[0] for c in CASES])
def test_each_request_shape_maps_to_its_operation_and_plan(
    label: str, request_body: dict[str, Any], operation: Operation, steps: list[str]
) -> None:
    validated = validate_request(request_body)
    assert validated.operation is operation
    assert decide_operation(request_body) is operation
    assert [step.step for step in validated.steps] == steps


def test_all_ten_operations_are_reachable() -> None:
    assert {case[2] for case in CASES} == set(Operation)


def test_chained_steps_take_their_input_from_the_previous_step() -> None:
    plan = validate_request({"subset": SUBSET, "mask": MASK, "provision": PROVISION}).plan_state()
    assert plan[1]["chain"] == {"dataset_version_id": ["subset", "dataset_version_id"]}
    assert plan[2]["chain"] == {"dataset_version_id": ["mask", "dataset_version_id"]}


def test_full_pipeline_feeds_the_discovered_schema_to_subset_and_provisions_the_last_dataset() -> None:
    plan = validate_request(CASES[12][1]).plan_state()
    by_step = {step["step"]: step for step in plan}
    assert by_step["subset"]["chain"] == {
        "schema_version_id": ["discover", "schema_version_id"],
        "connection": ["discover", "connection"],
    }
    assert by_step["synthetic"]["chain"] == {"schema_version_id": ["discover", "schema_version_id"]}
    assert by_step["provision"]["chain"] == {"dataset_version_id": ["synthetic", "dataset_version_id"]}


def test_discover_defaults_follow_the_spec() -> None:
    step = validate_request({"discover": {"connection_string": PG}}).steps[0]
    assert step.input.get("schemas") is None  # every non-system schema
    assert step.input["include_stats"] is True
    assert step.input["sample_size"] == 10_000


def test_approval_names_are_kept() -> None:
    validated = validate_request(
        {"discover": {"connection_string": PG}, "require_approval_before": ["save_metadata", "discover"]}
    )
    assert validated.require_approval_before == ("save_metadata", "discover")


INVALID: list[tuple[str, Any, str]] = [
    ("not an object", ["discover"], "must be a JSON object"),
    ("empty", {}, "names no operation"),
    ("typo", {"discoverr": {"connection_string": PG}}, "unknown request key(s) 'discoverr'"),
    (
        "no connection",
        {"discover": {"schemas": ["public"]}},
        "discover needs connection_string or connection_id",
    ),
    (
        "two connections",
        {"discover": {"connection_string": PG, "connection_id": str(uuid.uuid4())}},
        "not both",
    ),
    ("bad sample size", {"discover": {"connection_string": PG, "sample_size": 0}}, "discover.sample_size"),
    ("unknown field", {"discover": {"connection_string": PG, "colour": "red"}}, "discover.colour"),
    ("step not an object", {"subset": "customers"}, "request.subset must be a JSON object"),
    (
        "subset without schema",
        {"subset": {"connection_string": PG, "root_table": "t"}},
        "subset needs schema_version_id",
    ),
    (
        "mask without rules",
        {"mask": {"dataset_version_id": DV}},
        'give rules or rule_set_id (rules may be "auto")',
    ),
    ("mask without dataset", {"mask": MASK}, "mask needs dataset_version_id"),
    ("provision without env", {"provision": {"dataset_version_id": DV}}, "provision.target_env"),
    ("pii without version", {"pii": {"use_llm": False}}, "pii needs schema_version_id"),
    ("synthetic without source", {"synthetic": {"row_counts": {"a": 1}}}, "synthetic needs a schema source"),
    (
        "ambiguous pair",
        {"subset": SUBSET, "mask": MASK},
        "subset + mask together is not a supported operation",
    ),
    (
        "discover and pii",
        {"discover": {"connection_string": PG}, "pii": {"schema_version_id": SV}},
        "not a supported",
    ),
    (
        "chained dataset id given",
        {"subset": SUBSET, "mask": {**MASK, "dataset_version_id": DV}, "provision": PROVISION},
        "mask.dataset_version_id must be left out",
    ),
    ("both flags", {"full_pipeline": True, "synthetic_only": True}, "cannot both be true"),
    ("flag not boolean", {"full_pipeline": "yes"}, "full_pipeline must be true or false"),
    (
        "synthetic_only with others",
        {
            "synthetic_only": True,
            "synthetic": {"domain_pack": "banking"},
            "mask": {**MASK, "dataset_version_id": DV},
        },
        "synthetic_only cannot be combined with mask",
    ),
    (
        "full pipeline incomplete",
        {"full_pipeline": True, "subset": SUBSET},
        "full_pipeline needs mask, provision",
    ),
    (
        "full pipeline without schema",
        {
            "full_pipeline": True,
            "subset": {"root_table": "c", "connection_string": PG},
            "mask": MASK,
            "provision": PROVISION,
        },
        "needs either a discover step or subset.schema_version_id",
    ),
    (
        "approval of a step not run",
        {"discover": {"connection_string": PG}, "require_approval_before": ["provision"]},
        "names step 'provision', which this request does not run",
    ),
    (
        "approval not a list",
        {"discover": {"connection_string": PG}, "require_approval_before": "x"},
        "must be a list",
    ),
]


@pytest.mark.parametrize(("label", "request_body", "message"), INVALID, ids=[c[0] for c in INVALID])
def test_invalid_requests_are_refused_with_a_clear_reason(
    label: str, request_body: Any, message: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        validate_request(request_body)
    assert message in caught.value.detail
    assert caught.value.status_code == 422


def test_errors_never_echo_the_connection_password() -> None:
    with pytest.raises(InvalidInputError) as caught:
        validate_request({"discover": {"connection_string": PG, "sample_size": "many"}})
    assert "secret" not in caught.value.detail
    assert "secret" not in str(caught.value.errors)
