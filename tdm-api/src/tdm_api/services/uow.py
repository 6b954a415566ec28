"""Actions that must run only once the request's transaction is committed.

A job must be visible in PostgreSQL before a worker can pick it up, so enqueueing is registered here by
the service and run by the request dependency right after its commit (never before, never on rollback).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

_KEY = "tdm_after_commit"


def after_commit(session: Session, action: Callable[[], None]) -> None:
    session.info.setdefault(_KEY, []).append(action)


def pop_after_commit(session: Session) -> list[Callable[[], None]]:
    actions: list[Callable[[], None]] = session.info.pop(_KEY, [])
    return actions


def discard_after_commit(session: Session) -> None:
    session.info.pop(_KEY, None)
