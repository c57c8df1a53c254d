"""The three-day rule (the seed's harvest-season lesson) and the other checks on a new activity."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from bot import activities, clock
from bot.settings import TIMEZONE
from tests.activities.world import draft


def _at(moment: str) -> datetime:
    return datetime.fromisoformat(moment).replace(tzinfo=TIMEZONE)


def _allowed(now: str, starts: str, urgent: bool = False) -> bool:
    with clock.frozen_at(now):
        try:
            activities.check(draft(starts, urgent), _at(now))
            return True
        except activities.ActivityError:
            return False


def test_three_days_ahead_is_allowed_and_closer_needs_urgent():
    wednesday = "2026-12-02T10:00"
    assert _allowed(wednesday, "2026-12-05T08:00")  # Saturday: three days on
    assert not _allowed(wednesday, "2026-12-04T17:00")  # Friday: two days on
    assert _allowed(wednesday, "2026-12-04T17:00", urgent=True)
    assert _allowed(wednesday, "2026-12-02T15:00", urgent=True)  # later today, urgent


def test_made_in_quiet_hours_counts_from_seven_the_next_morning():
    # At 21:00 Wednesday nothing can go out before Thursday 07:00, so Saturday is two days' notice.
    assert not _allowed("2026-12-02T21:00", "2026-12-05T09:00")
    assert _allowed("2026-12-02T21:00", "2026-12-06T09:00")
    # Just after midnight the announcement goes at 07:00 the same day.
    assert _allowed("2026-12-03T00:30", "2026-12-06T09:00")
    # Urgent or not, an activity must start after its announcement can go out.
    assert not _allowed("2026-12-02T21:00", "2026-12-03T06:30", urgent=True)
    assert _allowed("2026-12-02T21:00", "2026-12-03T08:00", urgent=True)


def test_the_past_is_refused_even_when_urgent():
    assert not _allowed("2026-12-02T10:00", "2026-12-02T09:59", urgent=True)
    assert not _allowed("2026-12-02T10:00", "2028-12-02T10:00")  # over a year away


def test_the_refusal_names_the_first_day_allowed():
    with clock.frozen_at("2026-12-02T10:00"), pytest.raises(activities.ActivityError) as refused:
        activities.check(draft("2026-12-04T09:00"), _at("2026-12-02T10:00"))
    assert "5 ธันวาคม 2569" in str(refused.value)


@pytest.mark.parametrize("change", [
    {"title": ""}, {"title": "ก" * 101}, {"place": " "}, {"place": "ก" * 101}, {"details": "ก" * 1001},
    {"latitude": 91.0}, {"longitude": -181.0}, {"latitude": float("nan")}, {"longitude": float("inf")},
])
def test_bad_fields_are_refused_kindly(change):
    with clock.frozen_at("2026-12-02T10:00"), pytest.raises(activities.ActivityError) as refused:
        activities.check(replace(draft("2026-12-09T09:00"), **change), _at("2026-12-02T10:00"))
    assert str(refused.value).endswith(("ค่ะ", "คะ"))
