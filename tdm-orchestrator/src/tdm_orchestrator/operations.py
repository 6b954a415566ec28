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
    {"full_pipeline": true, "discover"?: {...}, "pii"?: {...}, "subset": {...}, "mask": {...},
     "synthetic"?: {...}, "provision": {...}}                          -> FULL_TDM_PIPELINE
        (discover runs when given, and is required when subset has no schema_version_id; the
         subset uses the discovered schema version and, unless it names one, the discovered
         connection; pii classifies that schema version -- added by itself after discover when the
         mask rules are "auto"; provision loads the last dataset produced: synthetic if present,
         else masked)

Optional on every request: "require_approval_before": [names], each a step ("discover", "pii",
"subset", "mask", "synthetic", "provision") or a node of a step's subgraph (e.g. "save_metadata"):
the job stops in status `awaiting_approval` before it until `control.approve_job` (or `reject_job`).
Provisioning into an environment flagged `requires_approval` always waits for an approval.

Each step's fields are those of its agent's contract (`tdm_agents.<agent>.contract`): the step input
model, with the agent's `chained_inputs` required when the step runs alone -- the same rules as the
agent's own POST body. Anything else -- no step, an unknown key, a combination that is not one of the
operations above, a missing required field -- is refused with an `InvalidInputError` naming what is
wrong. `validate_request()` is pure (no I/O): the jobs service calls it before creating the job row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model
from tdm_agents.common.contract import CONNECTION, ContractModel, Name, describe_input
from tdm_agents.subsetting.contract import SubsetStep
from tdm_agents.synthetic.contract import SyntheticStep
from tdm_core.errors import InvalidInputError

from tdm_orchestrator.registry import AGENTS, BY_STEP, STEP_NAMES, Operation

__all__ = [
    "REQUEST_KEYS",
    "STEP_NAMES",
    "JobRequest",
    "Operation",
    "PlanStep",
    "ValidatedRequest",
    "decide_operation",
    "validate_request",
]

FLAG_KEYS = ("synthetic_only", "full_pipeline")
OPTION_KEYS = ("require_approval_before",)
REQUEST_KEYS = (*STEP_NAMES, *FLAG_KEYS, *OPTION_KEYS)
# The chain an operation runs when a request names exactly these steps.
SUBSET_MASK_PROVISION = ("subset", "mask", "provision")


class _JobRequestBase(ContractModel):
    """Several steps in one job. The operation follows from the steps given: subset + mask +
    provision -> TDM_SUBSET_MASK_PROVISION; `full_pipeline: true` (discover optional, subset, mask,
    synthetic optional, provision) -> FULL_TDM_PIPELINE; `synthetic_only: true` -> TDM_SYNTHETIC_RUN.
    Later steps leave out the ids earlier steps produce (mask takes the subset's dataset version)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    full_pipeline: bool = False
    synthetic_only: bool = False
    # The job pauses in `awaiting_approval` before each of these steps (or subgraph nodes, e.g.
    # "load_data") until someone approves it.
    require_approval_before: list[Name] | None = Field(default=None, max_length=20)


# The whole job request as one model (the body of POST /pipeline): one optional field per agent step,
# typed by the agent's step input.
JobRequest: type[BaseModel] = create_model(
    "JobRequest",
    __base__=_JobRequestBase,
    **{agent.step: (agent.contract.step_input | None, None) for agent in AGENTS},  # type: ignore[call-overload]
)


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

    def agents(self) -> list[tuple[str, str]]:
        """(agent, step) of each step, in order."""
        return [(step.agent, step.step) for step in self.steps]


def _error(message: str, loc: list[str | int] | None = None) -> InvalidInputError:
    return InvalidInputError(message, errors=[{"loc": loc or [], "msg": message}])


def parse_step(name: str, raw: Any) -> BaseModel:
    if not isinstance(raw, dict):
        raise _error(f"request.{name} must be a JSON object, not {type(raw).__name__}", [name])
    try:
        return BY_STEP[name].contract.step_input.model_validate(raw)
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


def _step(name: str, model: BaseModel, chain: dict[str, tuple[str, str]] | None = None) -> PlanStep:
    # JSON mode: UUIDs become strings, so the plan is plain JSON in state and checkpoints. The
    # connection string never goes into a plan: parse_request keeps it as an encrypted reference.
    data = model.model_dump(mode="json", exclude_none=True, exclude={"connection_string"})
    if isinstance(model, SyntheticStep):
        data["mode"] = model.mode()
    return PlanStep(name, BY_STEP[name].name, data, chain or {})


def _require(condition: bool, message: str, loc: list[str | int]) -> None:
    if not condition:
        raise _error(message, loc)


def _require_inputs(name: str, model: BaseModel, *, except_: tuple[str, ...] = ()) -> None:
    """The chained inputs of step `name` must be given (it runs without the step that would give them)."""
    for missing in BY_STEP[name].contract.missing_inputs(model):
        if missing not in except_:
            loc: list[str | int] = [name] if missing == CONNECTION else [name, missing]
            raise _error(f"{name} needs {describe_input(missing)}", loc)


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
    parsed = {name: parse_step(name, request[name]) for name in present}
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
        if name in BY_STEP and name not in known_steps:
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


def _single_or_chain(present: list[str], parsed: dict[str, BaseModel]) -> ValidatedRequest:
    if not present:
        raise _error(
            f"the request names no operation: give one of {', '.join(STEP_NAMES)} (or full_pipeline: true)"
        )
    if set(present) == set(SUBSET_MASK_PROVISION):
        return _subset_mask_provision(parsed)
    if len(present) > 1:
        raise _error(
            f"{' + '.join(present)} together is not a supported operation: run them as separate jobs, "
            "send subset + mask + provision together, or set full_pipeline: true",
            [present[1]],
        )
    name = present[0]
    model = parsed[name]
    operation = BY_STEP[name].alone
    if operation is None:  # synthetic: its input decides the operation
        return _synthetic(model, force_run=False)
    _require_inputs(name, model)
    return ValidatedRequest(operation, (_step(name, model),))


def _no_dataset(model: BaseModel, step: str, source: str) -> None:
    _require(
        getattr(model, "dataset_version_id", None) is None,
        f"{step}.dataset_version_id must be left out here: {step} works on the {source} output",
        [step, "dataset_version_id"],
    )


def _subset_mask_provision(parsed: dict[str, BaseModel]) -> ValidatedRequest:
    subset, mask, provision = parsed["subset"], parsed["mask"], parsed["provision"]
    _require_inputs("subset", subset)
    _no_dataset(mask, "mask", "subset's")
    _no_dataset(provision, "provision", "mask's")
    steps = (
        _step("subset", subset),
        _step("mask", mask, {"dataset_version_id": ("subset", "dataset_version_id")}),
        _step("provision", provision, {"dataset_version_id": ("mask", "dataset_version_id")}),
    )
    return ValidatedRequest(Operation.TDM_SUBSET_MASK_PROVISION, steps)


def _synthetic(model: BaseModel, *, force_run: bool) -> ValidatedRequest:
    assert isinstance(model, SyntheticStep)
    _require(
        model.has_source,
        "synthetic needs a schema source: ui_urls, api_spec_url, schema_version_id or domain_pack",
        ["synthetic"],
    )
    mode = "default" if force_run else model.mode()
    operation = {
        "ui_crawl": Operation.UI_BASED_SYNTHETIC_GENERATION,
        "api_schema": Operation.API_BASED_SYNTHETIC_GENERATION,
        "default": Operation.TDM_SYNTHETIC_RUN,
    }[mode]
    return ValidatedRequest(operation, (_step("synthetic", model),), notes={"mode": mode})


def _full_pipeline(parsed: dict[str, BaseModel]) -> ValidatedRequest:
    missing = [name for name in SUBSET_MASK_PROVISION if name not in parsed]
    _require(not missing, f"full_pipeline needs {', '.join(missing)}", [missing[0]] if missing else [])
    subset, mask, provision = parsed["subset"], parsed["mask"], parsed["provision"]
    assert isinstance(subset, SubsetStep)
    steps: list[PlanStep] = []
    subset_chain: dict[str, tuple[str, str]] = {}
    discover = parsed.get("discover")
    if discover is not None:
        _require_inputs("discover", discover)
        _require(
            subset.schema_version_id is None,
            "subset.schema_version_id must be left out when discover runs: "
            "the subset uses the discovered schema",
            ["subset", "schema_version_id"],
        )
        steps.append(_step("discover", discover))
        subset_chain["schema_version_id"] = ("discover", "schema_version_id")
        if not subset.has_connection:
            subset_chain[CONNECTION] = ("discover", CONNECTION)
        if "pii" not in parsed and getattr(mask, "rules", None) == "auto":
            # Rules "auto" read the PII map of the schema version discovery is about to make.
            parsed["pii"] = BY_STEP["pii"].contract.step_input.model_validate({})
    else:
        _require(
            subset.schema_version_id is not None,
            "full_pipeline needs either a discover step or subset.schema_version_id",
            ["subset", "schema_version_id"],
        )
        _require_inputs("subset", subset)
    _no_dataset(mask, "mask", "subset's")
    _no_dataset(provision, "provision", "previous step's")
    pii = parsed.get("pii")
    if pii is not None:
        _require(
            getattr(pii, "schema_version_id", None) is None,
            "pii.schema_version_id must be left out here: pii classifies the pipeline's schema version",
            ["pii", "schema_version_id"],
        )
        if discover is not None:
            steps.append(_step("pii", pii, {"schema_version_id": ("discover", "schema_version_id")}))
        else:
            pii_step = _step("pii", pii)
            pii_step.input["schema_version_id"] = str(subset.schema_version_id)
            steps.append(pii_step)
    steps.append(_step("subset", subset, subset_chain))
    steps.append(_step("mask", mask, {"dataset_version_id": ("subset", "dataset_version_id")}))
    last = "mask"
    synthetic = parsed.get("synthetic")
    if synthetic is not None:
        assert isinstance(synthetic, SyntheticStep)
        synthetic_step = _step("synthetic", synthetic)
        if synthetic.schema_version_id is None and discover is not None:
            synthetic_step.chain["schema_version_id"] = ("discover", "schema_version_id")
        elif synthetic.schema_version_id is None and subset.schema_version_id is not None:
            synthetic_step.input["schema_version_id"] = str(subset.schema_version_id)
        steps.append(synthetic_step)
        last = "synthetic"
    steps.append(_step("provision", provision, {"dataset_version_id": (last, "dataset_version_id")}))
    return ValidatedRequest(Operation.FULL_TDM_PIPELINE, tuple(steps))
