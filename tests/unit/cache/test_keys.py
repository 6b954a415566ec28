"""Key layout of spec 12.2 and the validation that stops one id from forging another key."""

from __future__ import annotations

import uuid

import pytest
from tdm_cache.keys import job_cancel_key, job_events_key, job_key, lock_key, session_key, temp_key
from tdm_core.errors import InvalidInputError


def test_key_patterns_match_the_spec() -> None:
    assert job_key("j1") == "tdm:job:j1"
    assert job_events_key("j1") == "tdm:job:j1:events"
    assert job_cancel_key("j1") == "tdm:job:j1:cancel"
    assert lock_key("subset", "sv-42") == "tdm:lock:subset:sv-42"
    assert temp_key("sample.parquet") == "tdm:temp:sample.parquet"
    assert session_key("abc") == "tdm:session:abc"


def test_uuid_and_integer_ids_are_accepted() -> None:
    job_id = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert job_key(job_id) == "tdm:job:12345678-1234-5678-1234-567812345678"
    assert lock_key("subset", 7) == "tdm:lock:subset:7"


def test_trailing_parts_may_contain_colons() -> None:
    # Nothing follows them, so "a:b" cannot be mistaken for another key.
    assert lock_key("subset", "schema:1") == "tdm:lock:subset:schema:1"
    assert temp_key("job:1:preview") == "tdm:temp:job:1:preview"


@pytest.mark.parametrize(
    ("build", "part"),
    [
        (lambda: job_key("x:cancel"), "job id"),  # would collide with job_cancel_key("x")
        (lambda: job_events_key(""), "job id"),
        (lambda: lock_key("subset:evil", "1"), "lock kind"),  # would shift the id into the kind
        (lambda: lock_key("", "1"), "lock kind"),
        (lambda: lock_key("subset", ""), "lock resource id"),
        (lambda: lock_key("subset", "a b"), "lock resource id"),
        (lambda: temp_key("line\nbreak"), "temp name"),
        (lambda: session_key(""), "session id"),
        (lambda: job_key("x" * 600), "job id"),
        (lambda: job_key(None), "job id"),  # type: ignore[arg-type]
        (lambda: job_key(True), "job id"),
    ],
)
def test_bad_parts_are_rejected_with_the_part_named(build: object, part: str) -> None:
    with pytest.raises(InvalidInputError) as err:
        build()  # type: ignore[operator]
    assert part in err.value.detail
    assert err.value.status_code == 422
