"""The system Chromium the UI crawler drives (Debian's `chromium`; Playwright never downloads one)."""

from __future__ import annotations

import os

import pytest
from tdm_agents.synthetic.crawler import BrowserNotFoundError
from tdm_agents.synthetic.crawler.dom_walk import find_chromium


def require_chromium() -> str:
    """The browser's path; skips the test when there is none (fails under TDM_TEST_REQUIRE_CHROMIUM, as
    in CI, where the crawler's tests must run)."""
    try:
        return find_chromium()
    except BrowserNotFoundError as exc:
        message = f"no Chromium for the UI crawler ({exc}): apt-get install chromium"
        if os.environ.get("TDM_TEST_REQUIRE_CHROMIUM"):
            pytest.fail(message)
        pytest.skip(message)
