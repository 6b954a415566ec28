"""What a job request asks for, and the plan of agent steps that does it (spec 15.2 / 15.3).

A job request is the JSON the API stores in `jobs.request_json`. Its top-level keys name the steps:

    {"discover": {"connection_string" | "connection_id": ..., "schemas": ["public"],
                  "include_stats": true, "sample_size": 10000}}        -> SCHEMA_DISCOVERY
    {"pii": {"schema_version_id": ..., "use_llm": true,
             "sample_size_per_column": 100}}                           -> PII_CLASSIFICATION
    {"subset": {...Appendix A SubsetRequest...}}                       -> TDM_SUBSET_ONLY
    {"mask": {"dataset_version_id": ..., "rules" | "rule_set_id": ...}} -> TDM_MASK_ONLY
    {"provision": {"dataset_version_id": ..., "target_env": "QA",
                   "reset_env": true, "run_smoke_tests": true}}        -> TDM_PROVISION_ONLY
    {"subset": {...}, "mask": {...}, "provision": {...}}               -> TDM_SUBSET_MASK_PROVISION
        (mask works on the subset's dataset and provision on the masked one: leave their
         dataset_version_id out)
    {"synthetic": {"ui_urls": [...], ...}}                             -> UI_BASED_SYNTHETIC_GENERATION
    {"synthetic": {"api_spec_url": ...}}  (the only schema source)     -> API_BASED_SYNTHETIC_GENERATION
    {"synthetic": {"schema_version_id" | "domain_pack": ..., ...}}     -> TDM_SYNTHETIC_RUN
    {"synthetic_only": true, "synthetic": {...}}                       -> TDM_SYNTHETIC_RUN
    {"full_pipeline": true, "discover"?: {...}, "subset": {...}, "mask": {...},
     "synthetic"?: {...}, "provision": {...}}                          -> FULL_TDM_PIPELINE
        (discover runs when given, and is required when subset has no schema_version_id; the
         subset uses the discovered schema version and, unless it names one, the discovered
         connection; provision loads the last dataset produced: synthetic if present, else masked)

Optional on every request: "require_approval_before": [names], each a step ("discover", "pii",
"subset", "mask", "synthetic", "provision") or a node of a step's subgraph (e.g. "save_metadata"):
the job stops in status `awaiting_approval` before it until `control.approve_job` (or `reject_job`).
Provisioning into an environment flagged `requires_approval` always waits for an approval.

Anything else -- no step, an unknown key, a combination that is not one of the operations above,
a missing required field -- is refused with an `InvalidInputError` naming what is wrong.
`validate_request()` is pure (no I/O): the API calls it before creating the job row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from tdm_core.errors import InvalidInputError


class Operation(StrEnum):
    TDM_SYNTHETIC_RUN = "TDM_SYNTHETIC_RUN"
    TDM_SUBSET_MASK_PROVISION = "TDM_SUBSET_MASK_PROVISION"
    TDM_SUBSET_ONLY = "TDM_SUBSET_ONLY"
    TDM_MASK_ONLY = "TDM_MASK_ONLY"
    TDM_PROVISION_ONLY = "TDM_PROVISION_ONLY"
    UI_BASED_SYNTHETIC_GENERATION = "UI_BASED_SYNTHETIC_GENERATION"
    API_BASED_SYNTHETIC_GENERATION = "API_BASED_SYNTHETIC_GENERATION"
    FULL_TDM_PIPELINE = "FULL_TDM_PIPELINE"
    # The two agents that also run on their own.
    SCHEMA_DISCOVERY = "SCHEMA_DISCOVERY"
    PII_CLASSIFICATION = "PII_CLASSIFICATION"


# Step name (request key) -> the agent subgraph that runs it (spec 15.5 file names).
STEP_AGENTS: dict[str, str] = {
    "discover": "schema_discovery",
    "pii": "pii_classification",
    "subset": "subsetting",
    "mask": "masking",
    "synthetic": "synthetic",
    "provision": "provisioning",
}
STEP_NAMES = tuple(STEP_AGENTS)
SINGLE_STEP_OPERATIONS = {
    "discover": Operation.SCHEMA_DISCOVERY,
    "pii": Operation.PII_CLASSIFICATION,
    "subset": Operation.TDM_SUBSET_ONLY,
    "mask": Operation.TDM_MASK_ONLY,
    "provision": Operation.TDM_PROVISION_ONLY,
}
FLAG_KEYS = ("synthetic_only", "full_pipeline")
OPTION_KEYS = ("require_approval_before",)
REQUEST_KEYS = (*STEP_NAMES, *FLAG_KEYS, *OPTION_KEYS)


# --- step inputs ---------------------------------------------------------------------------------


class _StepModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class _SourceConnection(_StepModel):
    connection_string: str | None = Field(default=None, min_length=1)
    connection_id: UUID | None = None

    @model_validator(mode="after")
    def _one_source(self) -> _SourceConnection:
        if self.connection_string and self.connection_id:
            raise ValueError("give connection_string or connection_id, not both")
        return self

    @property
    def has_connection(self) -> bool:
        return bool(self.connection_string or self.connection_id)


class DiscoverInput(_SourceConnection):
    """Spec 4.3."""

    # None (or ["*"]) = every non-system schema: real sources spread tables over several schemas.
    schemas: list[str] | None = Field(default=None, min_length=1)
    include_stats: bool = True
    sample_size: int = Field(default=10_000, ge=1, le=1_000_000)
    # Tables above this many rows (catalog estimate) get the estimate instead of an exact count.
    exact_count_threshold: int = Field(default=1_000_000, ge=0)

    @field_validator("schemas")
    @classmethod
    def _names(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        cleaned = [name.strip() for name in value]
        if any(not name for name in cleaned):
            raise ValueError("schema names must not be empty")
        return list(dict.fromkeys(cleaned))


class PiiInput(_StepModel):
    """Spec 5.3."""

    schema_version_id: UUID | None = None
    use_llm: bool = True
    sample_size_per_column: int = Field(default=100, ge=1, le=100_000)


class SubsetInput(_SourceConnection):
    """Appendix A SubsetRequest (schema_version_id may come from a discover step)."""

    schema_version_id: UUID | None = None
    root_table: str = Field(min_length=1)
    filters: dict[str, dict[str, Any]] | None = None
    max_rows_per_table: dict[str, int] | None = None
    date_range: dict[str, Any] | None = None
    sampling_pct: float | None = Field(default=None, gt=0, le=100)


class MaskInput(_StepModel):
    """Appendix A MaskRequest (dataset_version_id may come from the subset step)."""

    dataset_version_id: UUID | None = None
    rules: dict[str, str] | None = None
    rule_set_id: UUID | None = None

    @model_validator(mode="after")
    def _some_rules(self) -> MaskInput:
        if not self.rules and self.rule_set_id is None:
            raise ValueError("give rules or rule_set_id")
        return self


class SyntheticInput(_StepModel):
    """Spec 8.3."""

    ui_urls: list[str] | None = None
    api_spec_url: str | None = Field(default=None, min_length=1)
    schema_version_id: UUID | None = None
    domain_pack: str | None = Field(default=None, min_length=1)
    row_counts: dict[str, int] | None = None
    scenario_template: str | None = None


class ProvisionInput(_StepModel):
    """Spec 9.3 (dataset_version_id may come from the previous step)."""

    dataset_version_id: UUID | None = None
    target_env: str = Field(min_length=1)
    reset_env: bool = False
    run_smoke_tests: bool = True


STEP_MODELS: dict[str, type[_StepModel]] = {
    "discover": DiscoverInput,
    "pii": PiiInput,
    "subset": SubsetInput,
    "mask": MaskInput,
    "synthetic": SyntheticInput,
    "provision": ProvisionInput,
}


# --- the decision --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanStep:
    """One agent run of a plan: which step, which agent, its input, and what it takes from before."""

    step: str
    agent: str
    input: dict[str, Any]
    # input field -> (earlier step, output key): filled in when the step starts.
    chain: dict[str, tuple[str, str]] = field(default_factory=dict)

    def as_state(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "agent": self.agent,
            "input": self.input,
            "chain": {key: list(source) for key, source in self.chain.items()},
        }


@dataclass(frozen=True)
class ValidatedRequest:
    operation: Operation
    steps: tuple[PlanStep, ...]
    require_approval_before: tuple[str, ...] = ()
    # Synthetic mode for the synthetic agent: ui_crawl | api_schema | default.
    notes: dict[str, Any] = field(default_factory=dict)

    def plan_state(self) -> list[dict[str, Any]]:
        return [step.as_state() for step in self.steps]


def _error(message: str, loc: list[str | int] | None = None) -> InvalidInputError:
    return InvalidInputError(message, errors=[{"loc": loc or [], "msg": message}])


def _parse_step(name: str, raw: Any) -> _StepModel:
    if not isinstance(raw, dict):
        raise _error(f"request.{name} must be a JSON object, not {type(raw).__name__}", [name])
    try:
        return STEP_MODELS[name].model_validate(raw)
    except ValidationError as exc:
        problems = []
        errors: list[dict[str, Any]] = []
        for item in exc.errors(include_url=False, include_input=False):
            loc = [name, *item["loc"]]
            where = ".".join(str(part) for part in loc)
            msg = str(item["msg"]).removeprefix("Value error, ")
            problems.append(f"{where}: {msg}")
            errors.append({"loc": loc, "msg": msg})
        raise InvalidInputError("invalid request: " + "; ".join(problems), errors=errors) from None


def _dump(model: _StepModel) -> dict[str, Any]:
    # JSON mode: UUIDs become strings, so the plan is plain JSON in state and checkpoints.
    return model.model_dump(mode="json", exclude_none=True)


def _require(condition: bool, message: str, loc: list[str | int]) -> None:
    if not condition:
        raise _error(message, loc)


def decide_operation(request: Any) -> Operation:
    """The operation a request asks for (spec 15.3); raises InvalidInputError when there is none."""
    return validate_request(request).operation


def validate_request(request: Any) -> ValidatedRequest:
    """Check a job request and work out its operation and plan. Pure: no database, no network.

    Raises `InvalidInputError` (HTTP 422) whose message says what is wrong and whose `errors`
    list gives the location of each problem.
    """
    if not isinstance(request, dict):
        raise _error(f"a job request must be a JSON object, not {type(request).__name__}")
    unknown = sorted(set(request) - set(REQUEST_KEYS))
    if unknown:
        raise _error(
            f"unknown request key(s) {', '.join(map(repr, unknown))}; "
            f"expected some of {', '.join(REQUEST_KEYS)}",
            [unknown[0]],
        )
    for flag in FLAG_KEYS:
        if flag in request and not isinstance(request[flag], bool):
            raise _error(f"request.{flag} must be true or false", [flag])
    approvals = _approval_names(request.get("require_approval_before"))

    present = [name for name in STEP_NAMES if request.get(name) is not None]
    parsed = {name: _parse_step(name, request[name]) for name in present}
    full = bool(request.get("full_pipeline"))
    synthetic_only = bool(request.get("synthetic_only"))
    if full and synthetic_only:
        raise _error("full_pipeline and synthetic_only cannot both be true", ["synthetic_only"])

    if full:
        validated = _full_pipeline(parsed)
    elif synthetic_only:
        others = [name for name in present if name != "synthetic"]
        _require(
            not others,
            f"synthetic_only cannot be combined with {', '.join(others)}",
            [others[0]] if others else [],
        )
        _require("synthetic" in parsed, "synthetic_only needs a synthetic object", ["synthetic"])
        validated = _synthetic(parsed["synthetic"], force_run=True)
    else:
        validated = _single_or_chain(present, parsed)

    known_steps = {step.step for step in validated.steps}
    for name in approvals:
        if name in STEP_AGENTS and name not in known_steps:
            raise _error(
                f"require_approval_before names step {name!r}, which this request does not run",
                ["require_approval_before"],
            )
    return ValidatedRequest(validated.operation, validated.steps, approvals, validated.notes)


def _approval_names(raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(item, str) and item.strip() for item in raw):
        raise _error(
            'require_approval_before must be a list of step or node names, e.g. ["provision"]',
            ["require_approval_before"],
        )
    return tuple(dict.fromkeys(item.strip() for item in raw))


def _single_or_chain(present: list[str], parsed: dict[str, _StepModel]) -> ValidatedRequest:
    if not present:
        raise _error(
            "the request names no operation: give one of discover, pii, subset, mask, provision, "
            "synthetic (or full_pipeline: true)"
        )
    chain = {"subset", "mask", "provision"}
    if set(present) == chain:
        return _subset_mask_provision(parsed)
    if len(present) > 1:
        raise _error(
            f"{' + '.join(present)} together is not a supported operation: run them as separate jobs, "
            "send subset + mask + provision together, or set full_pipeline: true",
            [present[1]],
        )
    name = present[0]
    model = parsed[name]
    if name == "synthetic":
        return _synthetic(model, force_run=False)
    if name == "subset":
        assert isinstance(model, SubsetInput)
        _check_subset(model, chained=False)
    else:
        # The field a standalone step cannot do without (chained steps get it from before).
        needed = {"discover": "connection", "pii": "schema_version_id"}.get(name, "dataset_version_id")
        present_value = (
            getattr(model, "has_connection", None) if needed == "connection" else getattr(model, needed)
        )
        what = "connection_string or connection_id" if needed == "connection" else needed
        _require(
            bool(present_value), f"{name} needs {what}", [name] if needed == "connection" else [name, needed]
        )
    return ValidatedRequest(SINGLE_STEP_OPERATIONS[name], (PlanStep(name, STEP_AGENTS[name], _dump(model)),))


def _check_subset(model: SubsetInput, *, chained: bool) -> None:
    if not chained:
        _require(
            model.schema_version_id is not None,
            "subset needs schema_version_id",
            ["subset", "schema_version_id"],
        )
        _require(model.has_connection, "subset needs connection_string or connection_id", ["subset"])


def _no_dataset(model: MaskInput | ProvisionInput, step: str, source: str) -> None:
    _require(
        model.dataset_version_id is None,
        f"{step}.dataset_version_id must be left out here: {step} works on the {source} output",
        [step, "dataset_version_id"],
    )


def _subset_mask_provision(parsed: dict[str, _StepModel]) -> ValidatedRequest:
    subset, mask, provision = parsed["subset"], parsed["mask"], parsed["provision"]
    assert isinstance(subset, SubsetInput)
    assert isinstance(mask, MaskInput)
    assert isinstance(provision, ProvisionInput)
    _check_subset(subset, chained=False)
    _no_dataset(mask, "mask", "subset's")
    _no_dataset(provision, "provision", "mask's")
    steps = (
        PlanStep("subset", STEP_AGENTS["subset"], _dump(subset)),
        PlanStep(
            "mask", STEP_AGENTS["mask"], _dump(mask), {"dataset_version_id": ("subset", "dataset_version_id")}
        ),
        PlanStep(
            "provision",
            STEP_AGENTS["provision"],
            _dump(provision),
            {"dataset_version_id": ("mask", "dataset_version_id")},
        ),
    )
    return ValidatedRequest(Operation.TDM_SUBSET_MASK_PROVISION, steps)


def synthetic_mode(model: SyntheticInput) -> Literal["ui_crawl", "api_schema", "default"]:
    if model.ui_urls:
        return "ui_crawl"
    if model.api_spec_url and model.schema_version_id is None and model.domain_pack is None:
        return "api_schema"
    return "default"


def _synthetic(model: _StepModel, *, force_run: bool) -> ValidatedRequest:
    assert isinstance(model, SyntheticInput)
    _require(
        bool(model.ui_urls or model.api_spec_url or model.schema_version_id or model.domain_pack),
        "synthetic needs a schema source: ui_urls, api_spec_url, schema_version_id or domain_pack",
        ["synthetic"],
    )
    mode = "default" if force_run else synthetic_mode(model)
    operation = {
        "ui_crawl": Operation.UI_BASED_SYNTHETIC_GENERATION,
        "api_schema": Operation.API_BASED_SYNTHETIC_GENERATION,
        "default": Operation.TDM_SYNTHETIC_RUN,
    }[mode]
    step_input = {**_dump(model), "mode": synthetic_mode(model)}
    return ValidatedRequest(
        operation, (PlanStep("synthetic", STEP_AGENTS["synthetic"], step_input),), notes={"mode": mode}
    )


def _full_pipeline(parsed: dict[str, _StepModel]) -> ValidatedRequest:
    missing = [name for name in ("subset", "mask", "provision") if name not in parsed]
    _require(not missing, f"full_pipeline needs {', '.join(missing)}", [missing[0]] if missing else [])
    _require("pii" not in parsed, "pii is not part of full_pipeline: run it as its own job", ["pii"])
    subset, mask, provision = parsed["subset"], parsed["mask"], parsed["provision"]
    assert isinstance(subset, SubsetInput)
    assert isinstance(mask, MaskInput)
    assert isinstance(provision, ProvisionInput)
    steps: list[PlanStep] = []
    subset_chain: dict[str, tuple[str, str]] = {}
    discover = parsed.get("discover")
    if discover is not None:
        assert isinstance(discover, DiscoverInput)
        _require(discover.has_connection, "discover needs connection_string or connection_id", ["discover"])
        _require(
            subset.schema_version_id is None,
            "subset.schema_version_id must be left out when discover runs: "
            "the subset uses the discovered schema",
            ["subset", "schema_version_id"],
        )
        steps.append(PlanStep("discover", STEP_AGENTS["discover"], _dump(discover)))
        subset_chain["schema_version_id"] = ("discover", "schema_version_id")
        if not subset.has_connection:
            subset_chain["connection"] = ("discover", "connection")
    else:
        _require(
            subset.schema_version_id is not None,
            "full_pipeline needs either a discover step or subset.schema_version_id",
            ["subset", "schema_version_id"],
        )
        _require(subset.has_connection, "subset needs connection_string or connection_id", ["subset"])
    _no_dataset(mask, "mask", "subset's")
    _no_dataset(provision, "provision", "previous step's")
    steps.append(PlanStep("subset", STEP_AGENTS["subset"], _dump(subset), subset_chain))
    steps.append(
        PlanStep(
            "mask", STEP_AGENTS["mask"], _dump(mask), {"dataset_version_id": ("subset", "dataset_version_id")}
        )
    )
    last = "mask"
    synthetic = parsed.get("synthetic")
    if synthetic is not None:
        assert isinstance(synthetic, SyntheticInput)
        synthetic_chain: dict[str, tuple[str, str]] = {}
        step_input = {**_dump(synthetic), "mode": synthetic_mode(synthetic)}
        if synthetic.schema_version_id is None and discover is not None:
            synthetic_chain["schema_version_id"] = ("discover", "schema_version_id")
        elif synthetic.schema_version_id is None and subset.schema_version_id is not None:
            step_input["schema_version_id"] = str(subset.schema_version_id)
        steps.append(PlanStep("synthetic", STEP_AGENTS["synthetic"], step_input, synthetic_chain))
        last = "synthetic"
    steps.append(
        PlanStep(
            "provision",
            STEP_AGENTS["provision"],
            _dump(provision),
            {"dataset_version_id": (last, "dataset_version_id")},
        )
    )
    return ValidatedRequest(Operation.FULL_TDM_PIPELINE, tuple(steps))
