"""The `tdm-api` console script serves the app with uvicorn on TDM_API_HOST:TDM_API_PORT."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_tdm_api_command_serves_on_the_configured_port(service_env: dict[str, str], api_bucket: str) -> None:
    port = _free_port()
    env = {**os.environ, "TDM_API_HOST": "127.0.0.1", "TDM_API_PORT": str(port), "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("tdm-api"))],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"{base}/health", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                assert time.monotonic() < deadline, "tdm-api did not start listening within 60 s"
                time.sleep(0.3)
        assert health.status_code == 200
        assert httpx.get(f"{base}/ready", timeout=10).status_code == 200
        unauthorized = httpx.get(f"{base}/jobs", timeout=5)
        assert unauthorized.status_code == 401
        assert unauthorized.headers["content-type"] == "application/problem+json"
        spec = httpx.get(f"{base}/openapi.json", timeout=5).json()
        assert spec["paths"]["/api/v1/subset"]["post"]["operationId"] == "submit_subset_job"
        assert "ApiKey" in spec["components"]["securitySchemes"]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    # uvicorn shuts down gracefully, then re-raises the signal so the exit status says SIGTERM.
    assert server.returncode in (0, -signal.SIGTERM)
    output = server.stdout.read() if server.stdout else ""
    assert "Traceback" not in output, output
