"""The platform's own processes run by `tdm up --with-app`: the API and one worker.

They are optional: a checkout where the API or the worker is not importable still gets its services,
with a message saying what was skipped and why.
"""

from __future__ import annotations

import importlib.util
import sys
import sysconfig
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tdm_cli.stack.config import LOOPBACK, StackPaths
from tdm_cli.stack.process import ProcessRef, spawn_detached, wait_until

HEALTH_PATH = "/api/v1/health"
API_START_TIMEOUT_SECONDS = 60.0
# A worker has no port to probe: alive after this long means it got past imports and connections.
WORKER_SETTLE_SECONDS = 3.0
STOP_TIMEOUT_SECONDS = 15.0


@dataclass(frozen=True)
class AppSpec:
    name: str  # "api" | "worker"
    module: str  # module holding the entry point
    function: str
    script: str  # console script name

    def available(self) -> str | None:
        """None when the entry point can be started, else why not."""
        try:
            spec = importlib.util.find_spec(self.module)
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            return f"{self.module} is not in this environment (no entry point to run)"
        return None

    def argv(self) -> list[str]:
        script = Path(sysconfig.get_path("scripts")) / self.script
        if script.is_file():
            return [str(script)]
        code = f"import sys; from {self.module} import {self.function}; sys.exit({self.function}())"
        return [sys.executable, "-c", code]


API = AppSpec("api", "tdm_api.main", "run", "tdm-api")
WORKER = AppSpec("worker", "tdm_orchestrator.worker", "main", "tdm-worker")
APP_SPECS = {spec.name: spec for spec in (API, WORKER)}


def health_url(port: int) -> str:
    return f"http://{LOOPBACK}:{port}{HEALTH_PATH}"


def api_healthy(port: int, timeout: float = 2.0) -> bool:
    import httpx

    try:
        response = httpx.get(health_url(port), timeout=timeout)
    except httpx.HTTPError:
        return False
    return response.status_code == 200


def start(spec: AppSpec, paths: StackPaths, env: Mapping[str, str]) -> ProcessRef:
    return spawn_detached(spec.argv(), log_path=paths.log(spec.name), env=env, cwd=Path.cwd())


def wait_started(spec: AppSpec, ref: ProcessRef, api_port: int) -> str | None:
    """None once the app is up, else the reason it is not (the caller stops it)."""
    if spec.name == "api":
        ok = wait_until(lambda: not ref.alive() or api_healthy(api_port), API_START_TIMEOUT_SECONDS, 0.5)
        if not ref.alive():
            return "exited during start-up"
        if not ok:
            return f"{health_url(api_port)} did not answer 200 within {API_START_TIMEOUT_SECONDS:.0f}s"
        return None
    wait_until(lambda: not ref.alive(), WORKER_SETTLE_SECONDS, 0.25)
    return None if ref.alive() else "exited during start-up"


def stop(ref: ProcessRef) -> bool:
    # The whole process group: uvicorn reloaders and RQ work-horses are children of what we started.
    return ref.terminate(STOP_TIMEOUT_SECONDS, group=True)
