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

# Steps whose agents have a hand-written command.
DEDICATED = frozenset({"discover", "pii"})

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
    app.command("pipeline")(pipeline)
