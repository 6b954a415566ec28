"""`tdm <step> --spec request.json [--wait]`: submit any agent's job from a JSON file, one command per
agent of the orchestrator's registry (subset, mask, synthetic, provision) plus `tdm pipeline`.

The file holds the same JSON as the body of the agent's POST route (its contract's request model).
With `--wait` the job runs here, with the worker's runner, and its result is printed as JSON (exit 1
if it fails); without it the job is queued for the workers `tdm up` started and its id is printed.
Discovery and PII classification have richer commands of their own (`tdm discover`, `tdm pii`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from tdm_cli.jobrunner import clear_errors, emit_json, fail, require_completed, run_in_process, submit

# Steps whose agents have a hand-written command (elsewhere, or `mask` below).
DEDICATED = frozenset({"discover", "pii", "mask"})

SpecOption = Annotated[
    Path,
    typer.Option(
        "--spec",
        exists=True,
        dir_okay=False,
        readable=True,
        help="JSON request (the body of the POST route).",
    ),
]
WaitOption = Annotated[
    bool, typer.Option("--wait/--no-wait", help="Run the job here and print its result (default: queue it).")
]


def _read_spec(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise fail(f"{path}: not a JSON file ({type(exc).__name__}: {exc})") from None


def _run(request: dict[str, Any], *, wait: bool, what: str) -> None:
    with clear_errors():
        if not wait:
            job_id, operation = submit(request, enqueue=True)
            emit_json({"job_id": job_id, "operation": operation, "status": "queued"})
            return
        outcome = run_in_process(request, progress=True)
    result = require_completed(outcome, what)
    emit_json({"job_id": outcome.job_id, "status": outcome.status, "result": result})


def _command(step: str, summary: str) -> Any:
    def command(spec: SpecOption, wait: WaitOption = False) -> None:
        from tdm_orchestrator.registry import BY_STEP

        with clear_errors():
            body = BY_STEP[step].contract.request.model_validate(_read_spec(spec))
        _run({step: body}, wait=wait, what=f"the {step} job")

    command.__doc__ = summary
    command.__name__ = step
    return command


def mask(  # noqa: PLR0917 - one parameter per command-line option
    dataset: Annotated[str | None, typer.Option("--dataset", help="The dataset version to mask.")] = None,
    rules: Annotated[
        str | None, typer.Option("--rules", help='A JSON file of rules {"table.column": rule}, or "auto".')
    ] = None,
    rule_set: Annotated[str | None, typer.Option("--rule-set", help="A saved rule set id.")] = None,
    allow_unmasked_pii: Annotated[bool, typer.Option(help="Let PII columns without a rule through.")] = False,
    key_name: Annotated[str | None, typer.Option("--key-name", help="A named masking key.")] = None,
    spec: Annotated[
        Path | None, typer.Option("--spec", exists=True, dir_okay=False, help="Or the whole POST /mask body.")
    ] = None,
    wait: WaitOption = False,
) -> None:
    """Mask a dataset version: `tdm mask --dataset ID --rules rules.json --wait` (or --rules auto)."""
    from tdm_orchestrator.registry import BY_STEP

    if spec is not None:
        body: Any = _read_spec(spec)
    else:
        if dataset is None:
            raise fail("give --dataset ID (and --rules or --rule-set), or --spec with the whole request")
        body = {"dataset_version_id": dataset, "allow_unmasked_pii": allow_unmasked_pii}
        if rules == "auto":
            body["rules"] = "auto"
        elif rules is not None:
            body["rules"] = _read_spec(Path(rules))
        if rule_set is not None:
            body["rule_set_id"] = rule_set
        if key_name is not None:
            body["key_name"] = key_name
    with clear_errors():
        request = BY_STEP["mask"].contract.request.model_validate(body)
    _run({"mask": request}, wait=wait, what="the mask job")


def pipeline(spec: SpecOption, wait: WaitOption = False) -> None:
    """Several steps in one job (subset + mask + provision, or full_pipeline: true), as POST /pipeline."""
    from tdm_orchestrator.operations import JobRequest

    with clear_errors():
        body = JobRequest.model_validate(_read_spec(spec))
    _run({k: getattr(body, k) for k in type(body).model_fields}, wait=wait, what="the pipeline job")


def register(app: typer.Typer) -> None:
    """One command per agent of the registry (but those with a command of their own), and `pipeline`."""
    from tdm_orchestrator.registry import AGENTS

    for agent in AGENTS:
        if agent.step not in DEDICATED:
            app.command(agent.step)(_command(agent.step, agent.contract.summary))
    app.command("mask")(mask)
    app.command("pipeline")(pipeline)
