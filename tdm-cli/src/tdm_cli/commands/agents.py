"""`tdm <step> --spec request.json [--wait]`: submit any agent's job from a JSON file, one command per
agent of the orchestrator's registry (subset, synthetic) plus `tdm mask`, `tdm provision` and
`tdm pipeline run FILE` with options of their own.

The file holds the same JSON as the body of the agent's POST route (its contract's request model).
With `--wait` the job runs here, with the worker's runner; without it the job is queued for the
workers `tdm up` started and its id is printed. With `--api URL` (or $TDM_API_URL) and an API key
(`--api-key` or $TDM_API_KEY) `tdm provision` and `tdm pipeline run` submit to that running platform
instead and follow the job there: what a CI pipeline does, with no database credentials of its own.
When they wait, they print a JSON summary (job id, status, error, result) and exit 1 unless the job
completed. Discovery and PII classification have richer commands of their own (`tdm discover`,
`tdm pii`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from tdm_cli.jobrunner import (
    JobOutcome,
    clear_errors,
    emit_json,
    fail,
    require_completed,
    run_in_process,
    submit,
)

# Steps whose agents have a hand-written command (elsewhere, or `mask` and `provision` below).
DEDICATED = frozenset({"discover", "pii", "mask", "provision"})
# How long a CI run follows a job on a remote API by default (a full pipeline on a large source).
REMOTE_TIMEOUT_SECONDS = 6 * 3600.0

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
ApiOption = Annotated[
    str | None,
    typer.Option(
        "--api",
        envvar="TDM_API_URL",
        help="A running TDM API, e.g. https://tdm.example.com/api/v1: submit there and follow the job.",
    ),
]
ApiKeyOption = Annotated[
    str | None,
    typer.Option(
        "--api-key", envvar="TDM_API_KEY", help="API key for --api (operator or admin).", show_default=False
    ),
]
TimeoutOption = Annotated[
    float, typer.Option("--timeout", help="Seconds to follow a job on --api before giving up.")
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


def _summary(outcome: JobOutcome) -> dict[str, Any]:
    return {
        "job_id": outcome.job_id,
        "status": outcome.status,
        "error": outcome.error,
        "result": outcome.result,
    }


def _finish(summary: dict[str, Any], what: str) -> None:
    """Print the summary; exit 1 (reason on stderr) unless the job completed."""
    emit_json(summary)
    if summary["status"] != "completed":
        reason = summary.get("error") or "no reason given"
        raise fail(f"{what} {summary['job_id']} ended {summary['status']}: {reason}")


def _run_for_ci(
    route: str,
    step_request: dict[str, Any],
    job_request: dict[str, Any],
    *,
    wait: bool,
    what: str,
    api: str | None,
    api_key: str | None,
    timeout: float,
) -> None:
    """On a remote API (`--api`): POST `route`, follow the job; else here, like `_run`."""
    if api is None:
        if not wait:
            _run(job_request, wait=False, what=what)
            return
        with clear_errors():
            outcome = run_in_process(job_request, progress=True)
        _finish(_summary(outcome), what)
        return
    from tdm_core.redaction import redact_text

    from tdm_cli.api_client import ApiClient, ApiError

    if not api_key:
        raise fail("--api needs an API key: --api-key or $TDM_API_KEY")
    try:
        client = ApiClient(api.rstrip("/"), api_key, lambda message: typer.echo(message, err=True))
        accepted = client.call("POST", route, step_request)
        if not wait:
            emit_json({"job_id": accepted["job_id"], "status": accepted.get("status", "queued")})
            return
        detail = client.follow(accepted["job_id"], route.strip("/"), timeout=timeout, must_complete=False)
    except ApiError as exc:
        raise fail(redact_text(str(exc))) from None
    summary = {
        "job_id": detail.get("id", accepted["job_id"]),
        "status": detail.get("status"),
        "operation": detail.get("operation"),
        "error": detail.get("error"),
        "result": detail.get("result"),
    }
    _finish(summary, what)


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


def provision(  # noqa: PLR0917 - one parameter per command-line option
    dataset: Annotated[str | None, typer.Option("--dataset", help="The dataset version to load.")] = None,
    env: Annotated[str | None, typer.Option("--env", help="The target environment, e.g. QA.")] = None,
    reset: Annotated[
        bool, typer.Option("--reset/--no-reset", help="Empty the dataset's tables first.")
    ] = False,
    reset_mode: Annotated[
        str, typer.Option("--reset-mode", help="truncate (keep the tables) or recreate (drop and create).")
    ] = "truncate",
    smoke: Annotated[
        bool, typer.Option("--smoke/--no-smoke", help="Check row counts and foreign keys before committing.")
    ] = True,
    checks: Annotated[
        Path | None,
        typer.Option("--checks", exists=True, dir_okay=False, help='JSON list of {"name", "sql", "expect"}.'),
    ] = None,
    spec: Annotated[
        Path | None,
        typer.Option("--spec", exists=True, dir_okay=False, help="Or the whole POST /provision body."),
    ] = None,
    wait: WaitOption = False,
    api: ApiOption = None,
    api_key: ApiKeyOption = None,
    timeout: TimeoutOption = REMOTE_TIMEOUT_SECONDS,
) -> None:
    """Load a dataset version into an environment: `tdm provision --dataset ID --env QA --reset --wait`."""
    from tdm_orchestrator.registry import BY_STEP

    if spec is not None:
        body: Any = _read_spec(spec)
    else:
        if dataset is None or env is None:
            raise fail("give --dataset ID and --env NAME, or --spec with the whole request")
        body = {
            "dataset_version_id": dataset,
            "target_env": env,
            "reset_env": reset,
            "reset_mode": reset_mode,
            "run_smoke_tests": smoke,
        }
        if checks is not None:
            body["smoke_checks"] = _read_spec(checks)
    with clear_errors():
        request = BY_STEP["provision"].contract.request.model_validate(body)
    _run_for_ci(
        "/provision",
        request.model_dump(mode="json"),
        {"provision": request},
        wait=wait,
        what="the provision job",
        api=api,
        api_key=api_key,
        timeout=timeout,
    )


pipeline_app = typer.Typer(help="Run a whole TDM pipeline from a declarative file.", no_args_is_help=True)


@pipeline_app.command("run")
def pipeline_run(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="pipeline.yaml (or .json).")],
    wait: Annotated[bool, typer.Option("--wait/--no-wait", help="Follow the job to its end.")] = True,
    api: ApiOption = None,
    api_key: ApiKeyOption = None,
    timeout: TimeoutOption = REMOTE_TIMEOUT_SECONDS,
) -> None:
    """Discover, classify, subset, mask and provision as one job, from pipeline.yaml (see the README)."""
    from tdm_orchestrator.operations import JobRequest

    from tdm_cli.pipeline_file import PipelineFileError, read_pipeline

    try:
        request = read_pipeline(file)
    except PipelineFileError as exc:
        raise fail(f"{file}: {exc}") from None
    with clear_errors():
        body = JobRequest.model_validate(request)
    job = {k: v for k in type(body).model_fields if (v := getattr(body, k)) is not None}
    _run_for_ci(
        "/pipeline",
        request,  # as written: a model dump would hide the connection string (a SecretStr)
        job,
        wait=wait,
        what="the pipeline job",
        api=api,
        api_key=api_key,
        timeout=timeout,
    )


def register(app: typer.Typer) -> None:
    """One command per agent of the registry (but those with a command of their own), and `pipeline`."""
    from tdm_orchestrator.registry import AGENTS

    for agent in AGENTS:
        if agent.step not in DEDICATED:
            app.command(agent.step)(_command(agent.step, agent.contract.summary))
    app.command("mask")(mask)
    app.command("provision")(provision)
    app.add_typer(pipeline_app, name="pipeline")
