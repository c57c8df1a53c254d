"""Nudges for weekly reports and the officers' Monday list, planned from their ladders
(`bot.ladders`): leaders who have not reported by the due time get a friendly reminder,
a second one two days later, and on Monday their officers get the list of who is still
missing. Nobody who reported is nudged.

Runs every few minutes on the cron process; every send goes through the scheduling
gate, keyed by week, step and person, so repeated or parallel runs send each once.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from bot import clock, ladders, reports, scheduling, texts, thai
from bot.line import messages as m


def plan_report_nudges(runtime) -> Counter:
    now = clock.now()
    week = thai.iso_week(now)
    ladder = ladders.report_nudges(runtime.settings.weekly_report_due)
    step = ladder.latest_due(thai.week_monday(week), now)
    if step is None:
        return Counter()
    number = ladder.steps.index(step) + 1
    template = getattr(texts, step.text)
    with runtime.db.sessions() as session:
        plans = [scheduling.Plan(f"nudge:{week}:{number}:{leader.id}", ladder.name, leader, [m.text(
            template.format(name=thai.call_name(leader.full_name), week=thai.week_label(week)),
            [m.say(texts.REPORT_WORD)])]) for leader in reports.leaders_missing(session, week)]
        return _decide(runtime, session, plans)


def plan_officer_lists(runtime) -> Counter:
    """On Monday (or Tuesday, if Monday's run was missed), each officer's list of the
    leaders in their area who did not report the week before."""
    now = clock.now()
    this_monday = thai.week_monday(thai.iso_week(now))
    ladder = ladders.OFFICER_LIST
    if ladder.latest_due(this_monday, now) is None:
        return Counter()
    week = thai.previous_week(thai.iso_week(now))
    with runtime.db.sessions() as session:
        plans = [scheduling.Plan(f"officer_list:{week}:{officer.id}", ladder.name, officer,
                                 [officer_list_message(week, leaders)])
                 for officer, leaders in _missing_by_officer(session, week)]
        return _decide(runtime, session, plans)


def officer_list_message(week: str, lines: list[str]) -> dict:
    """The Monday list one officer gets: who in their area did not report `week`, one line
    each (see `reports.missing_for_officers`: leaders without LINE come with their phone)."""
    return m.text(texts.OFFICER_MISSING_REPORTS.format(week=thai.week_label(week), count=len(lines),
                                                       names="\n".join(lines))[:5000])


def _missing_by_officer(session, week: str) -> list[tuple]:
    missing: dict[int, list] = defaultdict(list)
    officers = {}
    officers_by_village: dict[int | None, list] = {}
    for leader, line in reports.missing_for_officers(session, week):
        if leader.village_id not in officers_by_village:
            officers_by_village[leader.village_id] = reports.officers_for(session, leader.village_id)
        for officer in officers_by_village[leader.village_id]:
            officers[officer.id] = officer
            missing[officer.id].append(line)
    return [(officers[officer_id], lines) for officer_id, lines in missing.items()]


def _decide(runtime, session, plans: list[scheduling.Plan]) -> Counter:
    decisions = scheduling.decide_all(session, plans)
    session.commit()
    for decision in decisions:
        scheduling.enqueue_deliveries(runtime, decision.outbox_ids)
    return Counter(decision.outcome for decision in decisions)
