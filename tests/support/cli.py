"""The `tdm` command as a newcomer runs it: the installed script (or `python -m tdm_cli.main`), in a child
process with this process's environment plus `env`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TDM = Path(sys.executable).with_name("tdm")


def tdm(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    argv = [str(TDM)] if TDM.exists() else [sys.executable, "-m", "tdm_cli.main"]
    return subprocess.run(
        [*argv, *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
