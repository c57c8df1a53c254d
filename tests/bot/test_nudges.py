"""Weekly-report nudges across a week: the right people, the right hours, once each."""
from __future__ import annotations

import threading
from collections import Counter
from datetime import time

import pytest

from sqlalchemy import func, select

from bot import clock, ladders, nudges, runtime
from bot.models import OutboundMessage, ScheduledMessage, WeeklyReport
from tests.builders import Place, follows, officer_of, person

# ISO week 2026-W48 runs Monday 23 to Sunday 29 November 2026; reports are due Friday 17:00.
WEEK = "2026-W48"


def _district(rt):
    with rt.db.session() as session:
        place = Place(session)
        village = place.village(3)
        reported = person(session, "นางสมศรี ผู้นำ", ["leader"], village)
        silent = person(session, "นายบุญมี ผู้นำ", ["leader"], village)
        blocked = person(session, "นายคำ ผู้นำ", ["leader"], village, following=False)
        household = person(session, "นางจันทร์ ครัวเรือน", ["household"], village)
        follows(session, silent, household)
        officer = person(session, "นางสาวพร พัฒนากร", ["officer"])
        officer_of(session, officer, place)
        session.add(WeeklyReport(leader_id=reported.id, week=WEEK, households_practising=1, income_trend="up"))
        return {"reported": reported.line_user_id, "silent": silent.line_user_id, "blocked": blocked.line_user_id,
                "officer": officer.line_user_id}


def _plan(rt, at: str) -> Counter:
    with clock.frozen_at(at):
        return nudges.plan_report_nudges(rt) + nudges.plan_officer_lists(rt)


def _sent_to(rt, user_id: str) -> list[str]:
    with rt.db.sessions() as session:
        return [row.key for row in session.scalars(select(ScheduledMessage).where(
            ScheduledMessage.line_user_id == user_id, ScheduledMessage.outcome == "queued").order_by(ScheduledMessage.id))]


def test_nudges_across_a_week(rt):
    people = _district(rt)
    assert _plan(rt, "2026-11-27T16:59") == Counter()  # before Friday 17:00: nothing
    first = _plan(rt, "2026-11-27T17:00")
    assert first["queued"] == 1 and first["blocked"] == 1
    assert _plan(rt, "2026-11-27T17:05")["duplicate"] == 2  # the next cron run: nothing new
    assert _plan(rt, "2026-11-27T21:00") == Counter({"quiet": 2})  # 21:00: nothing is even considered
    assert _plan(rt, "2026-11-28T09:00")["queued"] == 0  # Saturday: the first nudge was already sent
    assert _plan(rt, "2026-11-29T10:00")["queued"] == 1  # Sunday: the second nudge
    assert _sent_to(rt, people["silent"]) == [f"nudge:{WEEK}:1:{_id(rt, people['silent'])}",
                                              f"nudge:{WEEK}:2:{_id(rt, people['silent'])}"]
    assert _sent_to(rt, people["reported"]) == []  # who reported is never nudged
    assert _sent_to(rt, people["blocked"]) == []
    monday = _plan(rt, "2026-11-30T09:00")
    assert monday["queued"] == 1  # the officer's list for last week
    [officer_list] = _sent_to(rt, people["officer"])
    assert officer_list.startswith(f"officer_list:{WEEK}:")
    assert _plan(rt, "2026-11-30T09:05")["queued"] == 0


def _id(rt, line_user_id: str) -> int:
    from bot.models import Person

    with rt.db.sessions() as session:
        return session.scalar(select(Person.id).where(Person.line_user_id == line_user_id))


def test_no_nudge_at_night_and_one_a_day(rt):
    people = _district(rt)
    with rt.db.session() as session:  # the first nudge already went out today
        session.add(ScheduledMessage(key="nudge:other", category="nudge", line_user_id=people["silent"],
                                     local_date="2026-11-27", outcome="queued"))
    assert _plan(rt, "2026-11-27T06:59") == Counter()  # Friday morning is before the due time anyway
    assert _plan(rt, "2026-11-27T17:30")["capped"] == 1
    assert _plan(rt, "2026-11-28T07:00")["queued"] == 1  # Saturday 07:00: allowed again


def test_two_cron_processes_at_once_send_each_nudge_once(rt):
    people = _district(rt)
    results: list[Counter] = []

    def cron_process():
        own = runtime.Runtime(rt.settings)
        results.append(nudges.plan_report_nudges(own))
        own.close()

    # Frozen once around both threads: entered in each thread, the frozen clock could outlive the test.
    with clock.frozen_at("2026-11-27T17:10"):
        threads = [threading.Thread(target=cron_process) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sum(r["queued"] for r in results) == 1
    with rt.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(OutboundMessage)
                              .where(OutboundMessage.recipient == people["silent"])) == 1


def test_due_time_is_configurable(rt):
    from dataclasses import replace

    people = _district(rt)
    early = runtime.Runtime(replace(rt.settings, weekly_report_due="thu 12:00"))
    with clock.frozen_at("2026-11-26T12:30"):
        assert nudges.plan_report_nudges(early)["queued"] == 1
    early.close()
    assert _sent_to(rt, people["silent"])


def test_parse_due():
    assert ladders.parse_due("fri 17:00") == (4, time(17, 0))
    assert ladders.parse_due("Sunday 9:30") == (6, time(9, 30))
    with pytest.raises(ladders.LadderError):
        ladders.parse_due("friday at five")
