"""Waiting for something another process does, in one place.

A test that sleeps a fixed time and then looks decides its outcome by the clock: too short
fails on a busy machine, too long wastes every run. `eventually` asks again until the
answer comes or the time is up, and says what it was waiting for when it gives up.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def eventually(check: Callable[[], T], what: str, timeout: float = 10.0, interval: float = 0.05) -> T:
    """The first truthy value `check()` returns within `timeout` seconds; AssertionError naming `what` if none."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"gave up after {timeout:g} s waiting for {what}")
        time.sleep(interval)


def stays(check: Callable[[], T], what: str, duration: float = 1.0, interval: float = 0.05) -> None:
    """Assert `check()` stays falsy for `duration` seconds: something that must not happen, watched for."""
    deadline = time.monotonic() + duration
    while time.monotonic() < deadline:
        value = check()
        if value:
            raise AssertionError(f"{what} happened: {value!r}")
        time.sleep(interval)
