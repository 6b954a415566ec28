"""The layer contracts of pyproject.toml ([tool.importlinter]) hold, and they do catch a violation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_code_keeps_its_layers() -> None:
    result = _lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_against_the_layers_breaks_the_check(tmp_path: Path) -> None:
    # A copy of tdm_core, found first on the path, in which the bottom layer imports the API.
    shutil.copytree(ROOT / "tdm-core" / "src" / "tdm_core", tmp_path / "tdm_core")
    (tmp_path / "tdm_core" / "shortcut.py").write_text("from tdm_api.main import create_app\n")
    result = _lint(pythonpath=tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "tdm_core.shortcut -> tdm_api.main" in result.stdout


def test_the_api_may_not_import_agent_code_beyond_contracts(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tdm-api" / "src" / "tdm_api", tmp_path / "tdm_api")
    (tmp_path / "tdm_api" / "shortcut.py").write_text(
        "from tdm_agents.schema_discovery.pipeline import discover\n"
    )
    result = _lint(pythonpath=tmp_path)
    assert result.returncode != 0
    assert "tdm_api.shortcut -> tdm_agents.schema_discovery.pipeline" in result.stdout
