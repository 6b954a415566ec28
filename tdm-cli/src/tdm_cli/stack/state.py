"""$TDM_HOME/run/state.json: what `tdm up` started (so `tdm down` stops exactly that) and what it chose.

No secrets in here: addresses are stored redacted; the live URLs are rebuilt from secrets.env.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from tdm_cli.stack.process import ProcessRef

Source = Literal["embedded", "external"]
STATE_VERSION = 1


@dataclass
class ProcessRecord:
    """One process `tdm up` started and owns."""

    pid: int
    create_time: float
    port: int | None = None
    ports: list[int] = field(default_factory=list)
    log: str | None = None
    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def ref(self) -> ProcessRef:
        return ProcessRef(self.pid, self.create_time)


@dataclass
class SourceRecord:
    """Which instance of a service the stack uses, as the last `tdm up` decided."""

    source: Source
    address: str  # redacted


@dataclass
class StackState:
    processes: dict[str, ProcessRecord] = field(default_factory=dict)
    sources: dict[str, SourceRecord] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> StackState:
        try:
            raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        return cls(
            processes={name: ProcessRecord(**rec) for name, rec in raw.get("processes", {}).items()},
            sources={name: SourceRecord(**rec) for name, rec in raw.get("sources", {}).items()},
        )

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "version": STATE_VERSION,
            "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "processes": {name: asdict(rec) for name, rec in self.processes.items()},
            "sources": {name: asdict(rec) for name, rec in self.sources.items()},
        }
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, path)

    def alive(self, name: str) -> ProcessRecord | None:
        record = self.processes.get(name)
        return record if record is not None and record.ref.alive() else None


@contextlib.contextmanager
def locked(lock_file: Path) -> Iterator[None]:
    """One `tdm up` / `tdm down` at a time per $TDM_HOME (a second one waits for the first)."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
