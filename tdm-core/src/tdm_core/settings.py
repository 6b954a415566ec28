"""Where settings come from, shared by every member's own settings class.

Order of precedence (highest first): process environment, `./.env`, `$TDM_HOME/stack.env`.
`tdm up` writes `stack.env` with the addresses of the embedded services it started, so the API, the
worker and the CLI find them without the user exporting anything.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Self

from pydantic_settings import BaseSettings, SettingsConfigDict


def tdm_home() -> Path:
    """The folder holding the embedded stack's data, logs and generated secrets."""
    return Path(os.environ.get("TDM_HOME", "~/.tdm")).expanduser()


def stack_env_file() -> Path:
    return tdm_home() / "stack.env"


def env_files() -> tuple[Path, ...]:
    # pydantic-settings lets later files override earlier ones.
    return (stack_env_file(), Path(".env"))


class TDMSettings(BaseSettings):
    """Base class: ignores unrelated variables so one `.env` can serve every member."""

    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False, env_file_encoding="utf-8")

    @classmethod
    def load(cls) -> Self:
        """Read the environment and the env files as they are *now* (TDM_HOME may change in tests)."""
        return cls(_env_file=env_files())


def read_env_file(path: Path) -> dict[str, str]:
    """Parse a simple KEY=VALUE file (the format `tdm up` writes)."""
    values: dict[str, str] = {}
    if not path.exists():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip().strip('"').strip("'")
    return values
