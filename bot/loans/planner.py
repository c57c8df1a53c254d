"""Turns the loan ladder (`bot.ladders.LOAN_REMINDERS`, or a fund's own) into sends:
which (instalment, step, person) is due now, each once.

Planning is set-based and costs the same few queries however many instalments and
reminders there are: the funds and their ladders, the unpaid instalments whose due
date puts one of their steps in its window now, the loans' balances, the borrowing
groups' members, the officers' areas, the people, and the reminder keys already
decided; then `bot.scheduling.decide_all` applies the rules (quiet hours, blocked and
withdrawn people, consent, daily caps, once per key) to all of them in one
transaction. A fund whose own ladder is broken gets no reminders (logged and counted
as `bad_ladder`); every other fund's go out.

Who hears about a group's loan: every member of the borrowing group (the ปตท. model
notifies the group, and the members vouch for each other's repayment), plus the
group's responsible committee member from +7 days and the officers from +30. A
person who would get two of these for one step gets the first only.
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session, aliased

from bot import clock, postbacks, scheduling, texts, thai
from bot.ladders import BORROWER, COMMITTEE, LOAN_REMINDERS, OFFICER, Ladder, LadderError, Step, loan_ladder_from_data
from bot.line import messages as m
from bot.loans import messages as loan_messages
from bot.models import (
    Fund, GroupMember, Instalment, Loan, OccupationalGroup, OfficerScope, Person, ScheduledMessage, Subdistrict,
    Village,
)

log = logging.getLogger(__name__)
CATEGORY = LOAN_REMINDERS.name


@dataclass(frozen=True)
class Recipient:
    """What the gate and the texts need of a person; plain data, so it survives a rollback."""

    id: int
    full_name: str
    phone: str | None
    line_user_id: str | None
    withdrawn_at: datetime | None


@dataclass(frozen=True)
class Due:
    """One unpaid instalment with a step in its delivery window now."""

    instalment_id: int
    number: int
    due_on: date
    remaining: Decimal
    loan_id: int
    group_id: int | None
    household_id: int | None
    committee_id: int | None
    treasurer_id: int | None
    group_name: str | None
    village: str
    subdistrict_id: int
    district_id: int
    step: Step


@dataclass(frozen=True)
class Reminder:
    key: str
    person: Recipient
    messages: list[dict[str, Any]]
    details: dict[str, Any]


def reminder_key(instalment_id: int, due_on: date, step: Step, person_id: int) -> str:
    return f"reminder:{instalment_id}:{due_on.isoformat()}:{step.days}:{person_id}"


def plan_reminders(runtime) -> dict[str, int]:
    """Send every reminder due now; returns how many ended each way (queued, duplicate, quiet, blocked...)."""
    counts: Counter[str] = Counter()
    with runtime.db.sessions() as session:
        bad_funds: list[int] = []
        reminders = find_reminders(session, clock.now(), bad_funds)
        decisions = scheduling.decide_all(session, [
            scheduling.Plan(r.key, CATEGORY, r.person, r.messages, r.details) for r in reminders])
        session.commit()
    for decision in decisions:
        counts[decision.outcome] += 1
        scheduling.enqueue_deliveries(runtime, decision.outbox_ids)
    if bad_funds:
        counts["bad_ladder"] = len(bad_funds)
    return dict(counts)


def find_reminders(session: Session, now: datetime, bad_funds: list[int] | None = None) -> list[Reminder]:
    """Every (instalment, step, person) due at `now` and not decided before."""
    ladder_by_fund = _ladders(session, bad_funds if bad_funds is not None else [])
    dues = due_instalments(session, now, ladder_by_fund)
    if not dues:
        return []
    candidates = _candidate_ids(now, ladder_by_fund)
    balances = dict(session.execute(
        select(Instalment.loan_id, func.sum(Instalment.amount_due - Instalment.paid_amount))
        .where(Instalment.loan_id.in_(select(candidates.c.loan_id))).group_by(Instalment.loan_id)).all())
    members: dict[int, list[int]] = defaultdict(list)
    for group_id, person_id in session.execute(
            select(GroupMember.group_id, GroupMember.person_id)
            .where(GroupMember.group_id.in_(select(candidates.c.group_id))).order_by(GroupMember.id)):
        members[group_id].append(person_id)
    scopes = session.execute(select(OfficerScope.person_id, OfficerScope.district_id,
                                    OfficerScope.subdistrict_id)).all()
    people = _people(session, candidates)
    arrears = loan_messages.arrears_by_loan(session, select(candidates.c.loan_id), now.date())
    decided = set(session.scalars(select(ScheduledMessage.key).where(
        ScheduledMessage.category == CATEGORY,
        ScheduledMessage.local_date.in_([(now.date() - timedelta(days=d)).isoformat() for d in range(3)]))))
    reminders = []
    for due in dues:
        for role, person_id in _recipients(due, members, scopes):
            person = people.get(person_id)
            key = reminder_key(due.instalment_id, due.due_on, due.step, person_id)
            if person is None or key in decided:
                continue
            left = balances.get(due.loan_id, due.remaining)
            reminders.append(Reminder(key, person, _messages(due, role, left, people, person_id,
                                                             arrears.get(due.loan_id, [])),
                                      {"loan": due.loan_id, "instalment": due.instalment_id, "step": due.step.days,
                                       "to": role}))
    return reminders


def _ladders(session: Session, bad_funds: list[int]) -> dict[int | None, Ladder | None]:
    """Each fund with its own ladder (None for one that is broken), and None: the default."""
    found: dict[int | None, Ladder | None] = {None: LOAN_REMINDERS}
    for fund_id, rows in session.execute(select(Fund.id, Fund.ladder).where(Fund.ladder.is_not(None))):
        if rows:
            try:
                found[fund_id] = loan_ladder_from_data(rows)
            except LadderError:
                log.exception("fund %s has a broken reminder ladder; its reminders stop until it is fixed", fund_id)
                found[fund_id] = None
                bad_funds.append(fund_id)
    return found


def _windows(now: datetime, ladder_by_fund) -> set[date]:
    return {day for ladder in ladder_by_fund.values() if ladder is not None
            for step in ladder.steps for day in ladder.due_dates(step, now)}


_Group = aliased(OccupationalGroup)
_Household = aliased(Person)


def _candidate_ids(now: datetime, ladder_by_fund):
    """Unpaid instalments due on a date some ladder has a step for now (a subquery)."""
    return (select(Instalment.id, Instalment.loan_id, Loan.group_id, Loan.household_id, Loan.committee_id,
                   Loan.fund_id)
            .join(Loan, Loan.id == Instalment.loan_id)
            .where(Instalment.due_on.in_(sorted(_windows(now, ladder_by_fund))),
                   Instalment.paid_amount < Instalment.amount_due)
            .subquery())


def due_instalments(session: Session, now: datetime, ladder_by_fund=None) -> list[Due]:
    ladder_by_fund = ladder_by_fund or _ladders(session, [])
    days = _windows(now, ladder_by_fund)
    if not days:
        return []
    village_id = func.coalesce(_Group.village_id, _Household.village_id)
    rows = session.execute(
        select(Instalment.id, Instalment.number, Instalment.due_on, Instalment.amount_due - Instalment.paid_amount,
               Loan.id, Loan.group_id, Loan.household_id, Loan.committee_id, Fund.treasurer_id, Fund.id,
               _Group.name, Village.moo, Village.name, Subdistrict.name, Subdistrict.id, Subdistrict.district_id)
        .join(Loan, Loan.id == Instalment.loan_id).join(Fund, Fund.id == Loan.fund_id)
        .outerjoin(_Group, _Group.id == Loan.group_id).outerjoin(_Household, _Household.id == Loan.household_id)
        .join(Village, Village.id == village_id).join(Subdistrict, Subdistrict.id == Village.subdistrict_id)
        .where(Instalment.due_on.in_(sorted(days)), Instalment.paid_amount < Instalment.amount_due)
        .order_by(Instalment.due_on, Instalment.id)).all()
    dues = []
    for (instalment_id, number, due_on, remaining, loan_id, group_id, household_id, committee_id, treasurer_id,
         fund_id, group_name, moo, village_name, subdistrict, subdistrict_id, district_id) in rows:
        ladder = ladder_by_fund.get(fund_id, ladder_by_fund[None])
        for step in ladder.steps if ladder is not None else ():
            if ladder.is_due(step, due_on, now):
                village = texts.VILLAGE_SUBDISTRICT_LABEL.format(moo=moo, name=village_name, subdistrict=subdistrict)
                dues.append(Due(instalment_id, number, due_on, remaining, loan_id, group_id, household_id,
                                committee_id, treasurer_id, group_name, village, subdistrict_id, district_id, step))
    return dues


def _people(session: Session, candidates) -> dict[int, Recipient]:
    """Everyone who might hear about these instalments, in one query."""
    wanted = union(
        select(candidates.c.household_id.label("id")),
        select(candidates.c.committee_id),
        select(GroupMember.person_id).where(GroupMember.group_id.in_(select(candidates.c.group_id))),
        select(Fund.treasurer_id).where(Fund.id.in_(select(candidates.c.fund_id))),
        select(OfficerScope.person_id),
    ).subquery()
    rows = session.execute(select(Person.id, Person.full_name, Person.phone, Person.line_user_id,
                                  Person.withdrawn_at).where(Person.id.in_(select(wanted.c.id))))
    return {row[0]: Recipient(*row) for row in rows}


def _recipients(due: Due, members: dict[int, list[int]], scopes) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    if BORROWER in due.step.to:
        found += [(BORROWER, p) for p in (members.get(due.group_id, []) if due.group_id else [due.household_id])]
    if COMMITTEE in due.step.to and due.committee_id:
        found.append((COMMITTEE, due.committee_id))
    if OFFICER in due.step.to:
        found += [(OFFICER, person_id) for person_id, district_id, subdistrict_id in sorted(scopes)
                  if district_id == due.district_id and subdistrict_id in (None, due.subdistrict_id)]
    seen: set[int] = set()
    unique = []
    for role, person_id in found:
        if person_id not in seen:
            seen.add(person_id)
            unique.append((role, person_id))
    return unique


def _messages(due: Due, role: str, left: Decimal, people: dict[int, Recipient], person_id: int,
              late: list) -> list[dict[str, Any]]:
    borrower_name = due.group_name or (people[due.household_id].full_name if due.household_id in people else "")
    if role != BORROWER:
        template = texts.LOAN_COMMITTEE_OVERDUE if role == COMMITTEE else texts.LOAN_OFFICER_OVERDUE
        return [m.text(template.format(borrower=borrower_name, village=due.village, number=due.number,
                                       amount=thai.money(due.remaining), due=thai.thai_date(due.due_on),
                                       days=due.step.days))]
    body = loan_messages.borrower_reminder(
        getattr(texts, due.step.text), due.group_name or texts.LOAN_YOU, due.number, due.remaining, due.due_on, left,
        loan_messages.pay_to(people.get(due.treasurer_id), people.get(due.committee_id), person_id),
        loan_messages.arrears_besides(late, due.number))
    if not due.step.overdue:
        return [m.text(body)]
    button = m.postback(texts.LOAN_ADVICE_BUTTON, postbacks.tap(postbacks.LOAN, "advice", due.loan_id))
    return [m.flex(body, m.bubble(body.split("\n")[0], body.split("\n")[1:], buttons=[button]))]
