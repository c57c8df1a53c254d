"""The one gate every scheduled message passes: report nudges, repayment reminders,
encouragement.

A scheduled message goes out at most once per key, never in quiet hours, never to
someone who blocked the bot or withdrew consent, and never beyond a person's daily
caps. The decision is written (`scheduled_messages`) in the same transaction as the
outbox row, so two cron processes or a crash cannot send it twice. Planners hand over
all their plans at once (`decide_all`), which costs the same few queries for ten
messages or ten thousand.
"""
from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, Integer, String, bindparam, func, select, update
from sqlalchemy.orm import Session

from bot import clock, consent
from bot.db import dialect_of, insert_for, is_in, json_rows
from bot.line import outbox
from bot.models import LineUser, OutboundMessage, ScheduledMessage

log = logging.getLogger(__name__)

# Scheduled messages one person gets in a day, all kinds together.
DAILY_CAP = 3
# Categories a person gets at most once a day.
ONCE_A_DAY = {"nudge", "encouragement"}
# Planners run in this order, so a reminder of money due is never crowded out by a pep talk
# (an activity's announcement or reminder comes right after money due).
PRIORITY = ("reminder", "activity", "nudge", "officer_list", "encouragement")


@dataclass(frozen=True)
class Plan:
    """One scheduled message a planner wants to send: to whom, under which key."""

    key: str
    category: str
    person: Any  # a Person or anything with id, line_user_id and withdrawn_at (planner.Recipient)
    messages: list[dict[str, Any]]
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    outcome: str  # queued | duplicate | quiet | capped | blocked | no_consent | no_account
    outbox_ids: tuple[int, ...] = ()


def decide_all(session: Session, plans: list[Plan]) -> list[Decision]:
    """Decide every plan, in order, as if one by one, in one transaction and a fixed
    number of queries however many plans there are (one more per 2,000 queued pushes).

    The rules, for each plan: nothing in quiet hours (not recorded: the next run after
    07:00 decides again); a key decided before, or earlier in `plans`, is a duplicate; a
    person without an account, who blocked the bot or did not consent is recorded as
    such and not examined again for that key; past the daily caps it is `capped` (not
    recorded: another day may allow it); else the message is queued in the outbox and
    recorded with it. People's LINE rows are locked first (PostgreSQL; SQLite serialises
    writers), in one order, so a second planner waits and then finds every key decided.
    """
    if not plans:
        return []
    now = clock.now()
    if clock.quiet_hours(now):
        return [Decision("quiet")] * len(plans)
    users = sorted({plan.person.line_user_id for plan in plans if plan.person.line_user_id})
    if users and dialect_of(session) == "postgresql":
        session.execute(select(LineUser.id).where(is_in(session, LineUser.line_user_id, users))
                        .order_by(LineUser.id).with_for_update())
    decided = set(session.scalars(select(ScheduledMessage.key).where(
        is_in(session, ScheduledMessage.key, {plan.key for plan in plans}))))
    today = now.date().isoformat()
    refusals = _refusals(session, plans, users)
    sent_today: dict[str, Counter] = defaultdict(Counter)
    for user, category, number in session.execute(
            select(ScheduledMessage.line_user_id, ScheduledMessage.category, func.count())
            .where(ScheduledMessage.local_date == today, ScheduledMessage.outcome == "queued",
                   is_in(session, ScheduledMessage.line_user_id, users))
            .group_by(ScheduledMessage.line_user_id, ScheduledMessage.category)):
        sent_today[user][category] = number
    outcomes: list[str] = []
    for plan in plans:
        user = plan.person.line_user_id
        if plan.key in decided:
            outcomes.append("duplicate")
            continue
        refusal = refusals.get(plan.person.id)
        if refusal:
            decided.add(plan.key)
            outcomes.append(refusal)
            continue
        counts = sent_today[user]
        if sum(counts.values()) >= DAILY_CAP or (plan.category in ONCE_A_DAY and counts[plan.category]):
            outcomes.append("capped")
            continue
        decided.add(plan.key)
        counts[plan.category] += 1
        outcomes.append("queued")
    return _record(session, plans, outcomes, today)


def _refusals(session: Session, plans: list[Plan], users: list[str]) -> dict[int, str]:
    """Person id -> why they may not get scheduled messages (no_account, blocked, no_consent)."""
    following = dict(session.execute(select(LineUser.line_user_id, LineUser.following)
                                     .where(is_in(session, LineUser.line_user_id, users))).all())
    agreed = consent.agreed_among(session, users)
    refusals = {}
    for plan in plans:
        person = plan.person
        if person.line_user_id is None or person.withdrawn_at is not None:
            refusals[person.id] = "no_account"
        elif following.get(person.line_user_id) is False:
            refusals[person.id] = "blocked"
        elif person.line_user_id not in agreed:
            refusals[person.id] = "no_consent"
    return refusals


def _record(session: Session, plans: list[Plan], outcomes: list[str], today: str) -> list[Decision]:
    """Queue the pushes, then record every decision that is kept (queued and refused)."""
    queued = [plan for plan, outcome in zip(plans, outcomes) if outcome == "queued"]
    outbox_ids = outbox.queue_pushes(session, [(outbox_key(p.key), p.person.line_user_id, p.messages)
                                               for p in queued])
    decisions, rows = [], []
    for plan, outcome in zip(plans, outcomes):
        ids = tuple(outbox_ids.get(outbox_key(plan.key), ()))
        if outcome == "queued" and not ids:
            outcome = "duplicate"  # another process queued this key between our check and our insert
        decisions.append(Decision(outcome, ids if outcome == "queued" else ()))
        if outcome not in ("duplicate", "capped"):
            rows.append({"key": plan.key, "category": plan.category, "line_user_id": plan.person.line_user_id,
                         "local_date": today, "outcome": outcome, "outbox_id": ids[0] if ids else None,
                         "details": plan.details})
    if rows:
        columns = {"key": String(), "category": String(), "line_user_id": String(), "local_date": String(),
                   "outcome": String(), "outbox_id": Integer(), "details": JSON()}
        source = json_rows(session, rows, columns).add_columns(
            bindparam("created_at", clock.utcnow(), type_=ScheduledMessage.created_at.type))
        session.execute(insert_for(session)(ScheduledMessage)
                        .from_select([*columns, "created_at"], source)
                        .on_conflict_do_nothing(index_elements=["key"]))
    return decisions


def outbox_key(plan_key: str) -> str:
    return f"scheduled:{plan_key}"


def withdraw(session: Session, plan_keys: list[str]) -> int:
    """Take back what these plans queued that has not gone out yet (waiting for a worker, or
    for a retry): their outbox rows are cancelled. Returns how many."""
    if not plan_keys:
        return 0
    return session.execute(update(OutboundMessage).where(
        is_in(session, OutboundMessage.dedup_key, [outbox_key(key) for key in plan_keys]),
        OutboundMessage.status.in_(("pending", "retry"))).values(status="cancelled")).rowcount


def enqueue_deliveries(runtime, outbox_ids) -> None:
    runtime.dispatch.deliver_many(list(outbox_ids))
