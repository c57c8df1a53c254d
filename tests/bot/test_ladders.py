"""Every timed message is a ladder in one registry, checked when a process starts."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from bot import ladders, scheduling
from bot.ladders import BORROWER, Ladder, LadderError, Step
from bot.settings import TIMEZONE


def test_the_registry_has_one_valid_ladder_per_scheduling_category(rt):
    found = ladders.check(rt.settings)
    assert tuple(found) == scheduling.PRIORITY
    for ladder in found.values():
        assert ladder.problems() == []


@pytest.mark.parametrize("step, problem", [
    (Step(days=-3, hour=21, text="LOAN_DUE_TODAY", to=(BORROWER,)), "quiet hours"),
    (Step(days=-3, hour=6, text="LOAN_DUE_TODAY", to=(BORROWER,)), "quiet hours"),
    (Step(days=-3, hour=9, text="NO_SUCH_TEXT", to=(BORROWER,)), "no text named"),
    (Step(days=-3, hour=9, text="LOAN_DUE_TODAY", to=("committee",)), "must include borrower"),
    (Step(days=-3, hour=9, text="LOAN_DUE_TODAY", to=(BORROWER, "villager")), "must include borrower"),
])
def test_a_step_that_cannot_be_sent_is_refused(step, problem):
    with pytest.raises(LadderError, match=problem):
        Ladder("reminder", (step,), ladders.LOAN_RECIPIENTS, late=timedelta(days=1))


def test_two_steps_on_one_day_and_a_window_are_checked():
    step = ladders.LOAN_REMINDERS.steps[0]
    with pytest.raises(LadderError, match="same day"):
        Ladder("reminder", (step, step), ladders.LOAN_RECIPIENTS, late=timedelta(days=1))
    with pytest.raises(LadderError, match="exactly one"):
        Ladder("reminder", (step,), ladders.LOAN_RECIPIENTS)


@pytest.mark.parametrize("rows", [
    [{"days": "soon", "hour": 9, "text": "LOAN_DUE_TODAY", "to": ["borrower"]}],
    [{"hour": 9, "text": "LOAN_DUE_TODAY", "to": ["borrower"]}],
    [{"days": 1, "hour": 9, "text": "LOAN_DUE_TODAY", "to": None}],
    [None],
])
def test_a_funds_malformed_ladder_is_a_ladder_error_not_a_crash(rows):
    with pytest.raises(LadderError):
        ladders.loan_ladder_from_data(rows)


def test_a_process_refuses_to_start_on_a_report_due_time_it_cannot_nudge_at(rt):
    from sammachip import create_app

    with pytest.raises(LadderError):
        create_app(replace(rt.settings, weekly_report_due="fri 22:00"))
    with pytest.raises(LadderError):
        create_app(replace(rt.settings, weekly_report_due="someday"))


def test_report_due_on_sunday_has_no_second_nudge_in_the_next_week():
    assert [step.days for step in ladders.report_nudges("sun 10:00").steps] == [6]
    assert [step.days for step in ladders.report_nudges("fri 17:00").steps] == [4, 6]


def test_a_step_goes_out_from_its_time_until_its_window_closes():
    ladder = ladders.LOAN_REMINDERS
    step = ladder.steps[0]  # -30 at 09:00
    due = datetime(2027, 3, 15, tzinfo=TIMEZONE).date()
    sent_at = datetime(2027, 2, 13, 9, tzinfo=TIMEZONE)
    assert not ladder.is_due(step, due, sent_at - timedelta(minutes=1))
    assert ladder.is_due(step, due, sent_at)
    assert ladder.is_due(step, due, sent_at + timedelta(hours=23))
    assert not ladder.is_due(step, due, sent_at + timedelta(days=1))
    assert ladder.due_dates(step, sent_at + timedelta(hours=2)) == {due}
