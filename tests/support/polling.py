"""Waiting for a condition in tests: poll it, with a timeout, and fail saying what did not happen.

Tests never sleep a fixed time hoping that something happened meanwhile:

    wait_until(lambda: redis_client.exists(key) == 0, timeout=5, message=f"{key} did not expire")
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    predicate: Callable[[], T],
    timeout: float,
    interval: float = 0.05,
    *,
    message: str | Callable[[], str] = "condition not met",
) -> T:
    """Call `predicate` every `interval` seconds until it returns something truthy, and return that.

    Raises AssertionError with `message` (a string, or a function called at the failure, e.g. to show
    the last state seen) and the timeout when `timeout` seconds pass first. The predicate is always
    tried once more at the deadline, so a slow predicate cannot make the wait fail without a try.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            text = message() if callable(message) else message
            raise AssertionError(f"{text} (waited {timeout:g} s)")
        time.sleep(min(interval, remaining))
