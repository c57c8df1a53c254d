"""The one place that says what time it is.

Every "now" in the bot comes from here so that tests and demos can move time
(`SAMMACHIP_NOW=2026-11-27T18:00`) and every process agrees on Bangkok time.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from datetime import time as time_of_day
from typing import Iterator

from bot.settings import TIMEZONE

_frozen: datetime | None = None
# SAMMACHIP_NOW sets the starting instant; time then runs on from it, so
# reply-token ages and expiries still behave in a demo that fast-forwards.
_offset = timedelta(0)


def _parse(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=TIMEZONE)
    return moment


def _load_env_offset() -> None:
    global _offset
    value = os.environ.get("SAMMACHIP_NOW")
    _offset = (_parse(value) - datetime.now(timezone.utc)) if value else timedelta(0)


def now() -> datetime:
    """Aware datetime in Asia/Bangkok."""
    if _frozen is not None:
        return _frozen.astimezone(TIMEZONE)
    return (datetime.now(timezone.utc) + _offset).astimezone(TIMEZONE)


def utcnow() -> datetime:
    return now().astimezone(timezone.utc)


QUIET_FROM = time_of_day(20, 0)
QUIET_UNTIL = time_of_day(7, 0)


def quiet_hours(moment: datetime | None = None) -> bool:
    """20:00 to 07:00 Bangkok: nothing scheduled goes out, and nothing else rings."""
    local = (moment or now()).astimezone(TIMEZONE).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


@contextmanager
def frozen_at(moment: datetime | str) -> Iterator[None]:
    """Hold time still inside the block (tests)."""
    global _frozen
    previous = _frozen
    _frozen = _parse(moment) if isinstance(moment, str) else moment
    try:
        yield
    finally:
        _frozen = previous


def advance(delta: timedelta) -> None:
    """Move a frozen clock on (tests)."""
    global _frozen
    if _frozen is None:
        raise RuntimeError("advance() needs a frozen clock")
    _frozen = _frozen + delta


_load_env_offset()
