"""Nudges for weekly reports: leaders who have not reported by the due time get a
friendly reminder, a second one two days later, and on Monday their officers get the
list of who is still missing. Nobody who reported is nudged.

Runs every few minutes on the cron process; every send goes through the scheduling
gate, keyed by week, step and person, so repeated or parallel runs send each once.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, time, timedelta


from bot import clock, reports, scheduling, texts, thai
from bot.line import messages as m

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SECOND_NUDGE_AFTER = timedelta(days=2)
SECOND_NUDGE_AT = time(10, 0)
OFFICER_LIST_AT = time(9, 0)
OFFICER_LIST_DAYS = (0, 1)  # Monday, or Tuesday if Monday's run was missed


def parse_due(text: str) -> tuple[int, time]:
    """"fri 17:00" -> (4, 17:00)."""
    day, _, clock_time = text.strip().lower().partition(" ")
    hour, _, minute = clock_time.partition(":")
    return WEEKDAYS.index(day[:3]), time(int(hour), int(minute or 0))


def _at(day, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=clock.now().tzinfo)


def plan_report_nudges(runtime) -> Counter:
    now = clock.now()
    week = thai.iso_week(now)
    monday = thai.week_monday(week)
    weekday, due = parse_due(runtime.settings.weekly_report_due)
    first_at = _at(monday + timedelta(days=weekday), due)
    second_at = _at(first_at.date() + SECOND_NUDGE_AFTER, SECOND_NUDGE_AT)
    counts: Counter = Counter()
    queued: list[int] = []
    with runtime.db.sessions() as session:
        if now >= first_at:
            step = 2 if now >= second_at and thai.iso_week(second_at) == week else 1
            template = texts.NUDGE_FIRST if step == 1 else texts.NUDGE_SECOND
            for leader in reports.leaders_missing(session, week):
                message = m.text(template.format(name=thai.call_name(leader.full_name), week=thai.week_label(week)),
                                 [m.say(texts.REPORT_WORD)])
                _decide(session, f"nudge:{week}:{step}:{leader.id}", "nudge", leader, message, counts, queued)
        if now.weekday() in OFFICER_LIST_DAYS and now >= _at(now.date(), OFFICER_LIST_AT):
            _officer_lists(session, thai.previous_week(week), counts, queued)
    scheduling.enqueue_deliveries(runtime, queued)
    return counts


def _officer_lists(session, week: str, counts: Counter, queued: list[int]) -> None:
    missing_by_officer: dict[int, list] = defaultdict(list)
    officers = {}
    officers_by_village: dict[int | None, list] = {}
    for leader, line in reports.missing_for_officers(session, week):
        if leader.village_id not in officers_by_village:
            officers_by_village[leader.village_id] = reports.officers_for(session, leader.village_id)
        for officer in officers_by_village[leader.village_id]:
            officers[officer.id] = officer
            missing_by_officer[officer.id].append(line)
    for officer_id, leaders in missing_by_officer.items():
        names = "\n".join(leaders)
        message = m.text(texts.OFFICER_MISSING_REPORTS.format(week=thai.week_label(week), count=len(leaders),
                                                              names=names)[:5000])
        _decide(session, f"officer_list:{week}:{officer_id}", "officer_list", officers[officer_id], message,
                counts, queued)


def _decide(session, key: str, category: str, person, message: dict, counts: Counter, queued: list[int]) -> None:
    decision = scheduling.decide(session, key, category, person, [message])
    counts[decision.outcome] += 1
    queued.extend(decision.outbox_ids)
