"""The one gate every scheduled message passes: report nudges, repayment reminders,
encouragement.

A scheduled message goes out at most once per key, never in quiet hours, never to
someone who blocked the bot or withdrew consent, and never beyond a person's daily
caps. The decision is written (`scheduled_messages`) in the same transaction as the
outbox row, so two cron processes or a crash cannot send it twice.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import clock, consent
from bot.line import outbox
from bot.models import LineUser, Person, ScheduledMessage

log = logging.getLogger(__name__)

# Scheduled messages one person gets in a day, all kinds together.
DAILY_CAP = 3
# Categories a person gets at most once a day.
ONCE_A_DAY = {"nudge", "encouragement"}
# Planners run in this order, so a reminder of money due is never crowded out by a pep talk.
PRIORITY = ("reminder", "nudge", "officer_list", "encouragement")


@dataclass(frozen=True)
class Decision:
    outcome: str  # queued | duplicate | quiet | capped | blocked | no_consent | no_account
    outbox_ids: tuple[int, ...] = ()


def reachable(session: Session, person: Person) -> str | None:
    """None if `person` may get scheduled messages, else why not."""
    if person.line_user_id is None or person.withdrawn_at is not None:
        return "no_account"
    following = session.scalar(select(LineUser.following).where(LineUser.line_user_id == person.line_user_id))
    if following is False:
        return "blocked"
    if not consent.agreed(session, person.line_user_id):
        return "no_consent"
    return None


def send_once(session: Session, key: str, category: str, person: Person, messages: list[dict[str, Any]],
              details: dict[str, Any] | None = None) -> Decision:
    """Queue `messages` for `person` unless this key was decided before or a rule says no."""
    now = clock.now()
    if clock.quiet_hours(now):
        return Decision("quiet")  # not recorded: the next run after 07:00 decides again
    if person.line_user_id:
        # Serialise one person's decisions (PostgreSQL; SQLite serialises writers anyway), so
        # a second cron process waits here and then sees the first one's row as a duplicate.
        session.execute(select(LineUser.id).where(LineUser.line_user_id == person.line_user_id)
                        .with_for_update())
    if session.scalar(select(ScheduledMessage.id).where(ScheduledMessage.key == key)):
        return Decision("duplicate")
    today = now.date().isoformat()
    refusal = reachable(session, person)
    if refusal:
        # Recorded, so blocked and withdrawn people are counted and not re-examined for this key.
        session.add(ScheduledMessage(key=key, category=category, line_user_id=person.line_user_id,
                                     local_date=today, outcome=refusal, details=details or {}))
        session.flush()
        return Decision(refusal)
    sent_today = dict(session.execute(
        select(ScheduledMessage.category, func.count()).where(
            ScheduledMessage.line_user_id == person.line_user_id, ScheduledMessage.local_date == today,
            ScheduledMessage.outcome == "queued").group_by(ScheduledMessage.category)).all())
    if sum(sent_today.values()) >= DAILY_CAP or (category in ONCE_A_DAY and sent_today.get(category)):
        return Decision("capped")  # not recorded: another day may allow it
    row = ScheduledMessage(key=key, category=category, line_user_id=person.line_user_id, local_date=today,
                           outcome="queued", details=details or {})
    session.add(row)
    session.flush()
    ids = outbox.queue_push(session, f"scheduled:{key}", person.line_user_id, messages)
    row.outbox_id = ids[0] if ids else None
    return Decision("queued", tuple(ids))


def decide(session: Session, key: str, category: str, person: Person, messages: list[dict[str, Any]],
           details: dict[str, Any] | None = None) -> Decision:
    """`send_once` as one transaction: a racing cron process costs a duplicate, not the whole run."""
    try:
        decision = send_once(session, key, category, person, messages, details)
        session.commit()
    except IntegrityError:
        session.rollback()  # another process recorded this key between our check and our insert
        return Decision("duplicate")
    return decision


def enqueue_deliveries(runtime, outbox_ids) -> None:
    for outbox_id in outbox_ids:
        runtime.dispatch.deliver(outbox_id)
