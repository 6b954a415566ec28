"""Which requests the admission control lets through without a slot: probes, docs, event streams and the
portal's static files (none of them holds a database connection)."""

from __future__ import annotations

import pytest
from tdm_api.kit.admission import exempt


@pytest.mark.parametrize(
    ("path", "free"),
    [
        ("/api/v1/health", True),
        ("/api/v1/ready", True),
        ("/api/v1/openapi.json", True),
        ("/api/v1/docs", True),
        ("/api/v1/job/1/events", True),
        ("/", True),
        ("/ui", True),
        ("/ui/", True),
        ("/ui/assets/index-abc.js", True),
        ("/ui/jobs/123", True),
        ("/api/v1/jobs", False),
        ("/api/v1/datasets", False),
        ("/uix", False),
        ("/api/v1/ui/x", False),
    ],
)
def test_exempt_paths(path: str, free: bool) -> None:
    assert exempt(path) is free
