"""A short encouraging message once a week (its ladder, `bot.ladders.ENCOURAGEMENT`:
Wednesday from 10:00 Bangkok), per role.

Each role has a small library in `texts.ENCOURAGEMENT`; a person gets the next one after
the one they got last time (read from that send's `scheduled_messages.details`), so never
the same twice in a row. A borrower whose group (or household) paid every instalment due
so far this month hears that first. Keyed by ISO week, so a week's message goes once.
"""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import case, func, select

from bot import clock, ladders, scheduling, texts, thai
from bot.line import messages as m
from bot.loans.planner import Recipient
from bot.models import GroupMember, Instalment, Loan, OccupationalGroup, Person, PersonRole, ScheduledMessage

CATEGORY = ladders.ENCOURAGEMENT.name
ROLE_ORDER = ("committee", "leader", "household")


def plan_encouragement(runtime) -> dict[str, int]:
    now = clock.now()
    if ladders.ENCOURAGEMENT.latest_due(thai.week_monday(thai.iso_week(now)), now) is None:
        return {}
    year, week, _ = now.isocalendar()
    counts: Counter[str] = Counter()
    with runtime.db.sessions() as session:
        roles: dict[int, str] = {}
        people: dict[int, Recipient] = {}
        for row in session.execute(
                select(Person.id, Person.full_name, Person.phone, Person.line_user_id, Person.withdrawn_at,
                       PersonRole.role).join(PersonRole).where(Person.line_user_id.is_not(None),
                                                               PersonRole.role.in_(ROLE_ORDER))):
            people[row[0]] = Recipient(*row[:5])
            if row[0] not in roles or ROLE_ORDER.index(row[5]) < ROLE_ORDER.index(roles[row[0]]):
                roles[row[0]] = row[5]
        last: dict[str, int] = {}
        for user, details in session.execute(
                select(ScheduledMessage.line_user_id, ScheduledMessage.details)
                .where(ScheduledMessage.category == CATEGORY, ScheduledMessage.outcome == "queued",
                       ScheduledMessage.local_date >= (now.date() - timedelta(days=60)).isoformat())
                .order_by(ScheduledMessage.created_at, ScheduledMessage.id)):
            last[user] = details.get("text", -1)
        praised = _paid_all_this_month(session, now.date())
        plans = []
        for person_id, role in sorted(roles.items()):
            person = people[person_id]
            library = texts.ENCOURAGEMENT[role]
            previous = last.get(person.line_user_id)
            index = (previous + 1) % len(library) if previous is not None else person_id % len(library)
            lines = [texts.ENCOURAGE_GROUP_PAID_ALL.format(borrower=praised[person_id])] if person_id in praised else []
            plans.append(scheduling.Plan(f"{CATEGORY}:{year}-W{week:02d}:{person_id}", CATEGORY, person,
                                         [m.text("\n".join(lines + [library[index]]))], {"text": index, "role": role}))
        decisions = scheduling.decide_all(session, plans)
        session.commit()
    for decision in decisions:
        counts[decision.outcome] += 1
        scheduling.enqueue_deliveries(runtime, decision.outbox_ids)
    return dict(counts)


def _paid_all_this_month(session, today) -> dict[int, str]:
    """Person id -> borrower name, for borrowers who paid every instalment due this month so far."""
    paid = func.sum(case((Instalment.paid_amount >= Instalment.amount_due, 1), else_=0))
    rows = session.execute(
        select(Loan.group_id, Loan.household_id, func.count(), paid).join(Instalment)
        .where(Instalment.due_on >= today.replace(day=1), Instalment.due_on <= today)
        .group_by(Loan.group_id, Loan.household_id)).all()
    good_groups = {g for g, h, due, done in rows if g and due == done}
    bad_groups = {g for g, h, due, done in rows if g and due != done}
    praised = {h: texts.LOAN_YOU for g, h, due, done in rows if h and due == done}
    for person_id, name in session.execute(
            select(GroupMember.person_id, OccupationalGroup.name).join(OccupationalGroup)
            .where(GroupMember.group_id.in_(good_groups - bad_groups))):
        praised[person_id] = name
    return praised
