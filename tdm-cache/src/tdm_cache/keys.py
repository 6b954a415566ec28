"""The Redis key layout of spec section 12.2, in one place.

    tdm:job:<job_id>             job state JSON (TTL 7 days)
    tdm:job:<job_id>:events      the job's ordered event stream (Redis Stream, same TTL)
    tdm:job:<job_id>:cancel      cancel-requested flag (same TTL)
    tdm:lock:<kind>:<id>         mutual exclusion, e.g. tdm:lock:subset:<schema_version_id>
    tdm:temp:<name>              short-lived artefacts (TTL 24h)
    tdm:session:<id>             optional UI session cache

Parts are validated so that no id can forge another key: a job id or lock kind containing ":" would
let `job_key("x:cancel")` collide with `job_cancel_key("x")`, so those parts allow no ":". The last
part of a key (lock resource id, temp name, session id) may contain ":" because nothing follows it.
"""

from __future__ import annotations

import re
import uuid

from tdm_core.errors import InvalidInputError

PREFIX = "tdm"
MAX_PART_LENGTH = 512

# Segments that other keys extend (job ids) or that are followed by another part (lock kinds).
_SEGMENT = re.compile(r"[A-Za-z0-9_.\-]+")
# Trailing parts: any printable text without whitespace.
_TAIL = re.compile(r"[^\s\x00-\x1f\x7f]+")

IdLike = str | uuid.UUID | int


def _part(what: str, value: IdLike, pattern: re.Pattern[str], rule: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | uuid.UUID | int):
        raise InvalidInputError(f"{what} must be a string, UUID or integer, not {type(value).__name__}")
    text = str(value)
    if not text:
        raise InvalidInputError(f"{what} must not be empty")
    if len(text) > MAX_PART_LENGTH:
        raise InvalidInputError(f"{what} is {len(text)} characters long; at most {MAX_PART_LENGTH} allowed")
    if not pattern.fullmatch(text):
        raise InvalidInputError(f"{what} {text[:80]!r} is not valid: {rule}")
    return text


def _segment(what: str, value: IdLike) -> str:
    return _part(what, value, _SEGMENT, "use only letters, digits, '_', '-' and '.'")


def _tail(what: str, value: IdLike) -> str:
    return _part(what, value, _TAIL, "whitespace and control characters are not allowed")


def job_key(job_id: IdLike) -> str:
    return f"{PREFIX}:job:{_segment('job id', job_id)}"


def job_events_key(job_id: IdLike) -> str:
    return f"{job_key(job_id)}:events"


def job_cancel_key(job_id: IdLike) -> str:
    return f"{job_key(job_id)}:cancel"


def lock_key(kind: str, resource_id: IdLike) -> str:
    return f"{PREFIX}:lock:{_segment('lock kind', kind)}:{_tail('lock resource id', resource_id)}"


def temp_key(name: str) -> str:
    return f"{PREFIX}:temp:{_tail('temp name', name)}"


def session_key(session_id: IdLike) -> str:
    return f"{PREFIX}:session:{_tail('session id', session_id)}"
