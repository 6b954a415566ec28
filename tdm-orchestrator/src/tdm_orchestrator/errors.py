"""Signals that stop a job run, and the one rule deciding what is worth a retry."""

from __future__ import annotations

from tdm_core.errors import TDMError

# SQLSTATE classes/codes that mean "try again later", not "your input is wrong".
_TRANSIENT_SQLSTATE_PREFIXES = ("08", "53", "57P")  # connection exception, resources, admin shutdown
_TRANSIENT_SQLSTATES = frozenset({"40001", "40P01", "55P03"})  # serialization, deadlock, lock timeout


class AgentNotAvailableError(TDMError):
    """The plan needs an agent this build does not ship yet."""

    status_code = 501
    title = "Not implemented"


class JobCancelled(TDMError):  # noqa: N818 - a signal, not an error condition
    """Raised at a step boundary when the job's cancel flag is up."""

    status_code = 409
    title = "Job cancelled"


class ApprovalRejected(TDMError):  # noqa: N818
    status_code = 409
    title = "Approval rejected"


class DrainRequested(Exception):  # noqa: N818
    """The worker is shutting down: stop at this step boundary; the job goes back to the queue."""


class LeaseLost(Exception):  # noqa: N818
    """Another worker owns this job now (our lease expired): stop without touching the job."""


def _sqlstate(exc: BaseException) -> str | None:
    for candidate in (exc, getattr(exc, "orig", None), exc.__cause__):
        code = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if isinstance(code, str) and code:
            return code
    return None


def is_transient(exc: BaseException) -> bool:
    """True for errors a later attempt may not hit: lost connections, 429/5xx, deadlocks.

    Bad input (TDMError with retryable False, a constraint violation, a wrong password or database
    name) is never retried: it would fail the same way, only later.
    """
    if isinstance(exc, TDMError):
        return exc.retryable
    if isinstance(exc, JobCancelled | ApprovalRejected | DrainRequested | LeaseLost):
        return False
    import psycopg
    import redis
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    if isinstance(exc, redis.ConnectionError | redis.TimeoutError):
        return not isinstance(exc, redis.AuthenticationError)
    code = _sqlstate(exc)
    if code is not None:
        return code in _TRANSIENT_SQLSTATES or code.startswith(_TRANSIENT_SQLSTATE_PREFIXES)
    # No SQLSTATE: the server never answered (refused, reset, timed out).
    no_answer = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)
    invalidated = isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)
    return isinstance(exc, no_answer) or invalidated
