"""Every message the bot sends is written here first, then delivered.

Writing the row in the same transaction as the change that caused it means a
crash either loses both or keeps both; the unique dedup key means the cause can
run twice without queueing twice; the retry key saved on the row means LINE
refuses a second delivery when a worker dies between the call and the commit.
"""
from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.db import inserted_by_key, insert_ignoring_duplicates
from bot.line.client import SendOutcome, new_retry_key
from bot.line.limits import MAX_MESSAGES_PER_REQUEST, MAX_MULTICAST_RECIPIENTS, check_messages
from bot.models import LineUser, OutboundMessage

log = logging.getLogger(__name__)

# LINE accepts a reply token for about a minute; leave room for the call itself.
REPLY_WINDOW = timedelta(seconds=50)
# LINE honours a retry key for 24 hours; after that a resend could duplicate.
RETRY_KEY_LIFETIME = timedelta(hours=23)
LEASE = timedelta(seconds=60)
# A claimed row is sent only with this much of its lease left: more than a LINE call can take,
# so the lease cannot run out (and a sweeper claim it) while the call is under way.
SEND_WITHIN_LEASE = timedelta(seconds=30)
MAX_BACKOFF = timedelta(minutes=10)
MAX_ATTEMPTS = 12


def message_chunks(messages: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [messages[i : i + MAX_MESSAGES_PER_REQUEST] for i in range(0, len(messages), MAX_MESSAGES_PER_REQUEST)]


def _row(key: str, kind: str, recipients: Any, messages: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    check_messages(messages)
    return {
        "dedup_key": key,
        "kind": kind,
        "recipients": recipients,
        "recipient": recipients if isinstance(recipients, str) else None,
        "messages": messages,
        "retry_key": new_retry_key(),
        "status": "pending",
        "attempts": 0,
        "reply_maybe_used": False,
        "created_at": clock.utcnow(),
        **extra,
    }


def queue_reply(session: Session, key: str, user_id: str | None, reply_token: str | None,
                event_time: datetime, messages: list[dict[str, Any]]) -> list[int]:
    """Answer an event: the first five messages by reply, any more by push."""
    rows = []
    for number, chunk in enumerate(message_chunks(messages)):
        if number == 0 and reply_token:
            rows.append(_row(key, "reply", user_id, chunk, reply_token=reply_token, event_timestamp=event_time))
        elif user_id:
            rows.append(_row(f"{key}:{number}", "push", user_id, chunk))
    return insert_ignoring_duplicates(session, OutboundMessage, rows, "dedup_key")


def queue_push(session: Session, key: str, user_id: str, messages: list[dict[str, Any]]) -> list[int]:
    rows = [_row(key if n == 0 else f"{key}:{n}", "push", user_id, chunk)
            for n, chunk in enumerate(message_chunks(messages))]
    return insert_ignoring_duplicates(session, OutboundMessage, rows, "dedup_key")


def queue_pushes(session: Session, pushes: list[tuple[str, str, list[dict[str, Any]]]]) -> dict[str, list[int]]:
    """Many `queue_push` calls at once, as (key, user, messages): key -> the new rows' ids
    (none for a key queued before). One INSERT per 2,000 rows, under the backends' limits."""
    rows, key_of = [], {}
    for key, user_id, messages in pushes:
        for n, chunk in enumerate(message_chunks(messages)):
            rows.append(_row(key if n == 0 else f"{key}:{n}", "push", user_id, chunk))
            key_of[rows[-1]["dedup_key"]] = key
    ids: dict[str, list[int]] = {}
    for start in range(0, len(rows), 2000):
        for dedup_key, row_id in inserted_by_key(session, OutboundMessage, rows[start:start + 2000],
                                                 "dedup_key").items():
            ids.setdefault(key_of[dedup_key], []).append(row_id)
    return {key: sorted(found) for key, found in ids.items()}


def queue_multicast(session: Session, key: str, user_ids: list[str], messages: list[dict[str, Any]],
                    **extra: Any) -> list[int]:
    """One multicast batch (at most 500 LINE user ids): a row per five messages, `key:n`, each
    with its retry key and `extra` (its notice, its aggregation unit); queued once per key."""
    if not 1 <= len(user_ids) <= MAX_MULTICAST_RECIPIENTS:
        raise ValueError(f"a multicast goes to 1 to {MAX_MULTICAST_RECIPIENTS} people")
    rows = [_row(f"{key}:{n}", "multicast", list(user_ids), chunk, **extra)
            for n, chunk in enumerate(message_chunks(messages))]
    return insert_ignoring_duplicates(session, OutboundMessage, rows, "dedup_key")


def _claim(session: Session, outbox_id: int, now: datetime) -> OutboundMessage | None:
    """Take the row for this attempt, or None if another process holds it or it is done."""
    claimable = or_(
        OutboundMessage.status == "pending",
        (OutboundMessage.status == "retry") & (OutboundMessage.next_attempt_at <= now),
        (OutboundMessage.status == "sending") & (OutboundMessage.locked_until < now),
    )
    # The row comes back with its claim: no read after the commit, one round trip less a send.
    row = session.scalars(
        update(OutboundMessage)
        .where(OutboundMessage.id == outbox_id, claimable)
        .values(status="sending", locked_until=now + LEASE, attempts=OutboundMessage.attempts + 1)
        .returning(OutboundMessage)
        .execution_options(populate_existing=True)
    ).first()
    session.commit()
    return row


def deliver(runtime, outbox_id: int) -> str | None:
    """Send one outbox row; returns its status afterwards (None if not ours to send)."""
    with runtime.db.sessions() as session:
        now = clock.utcnow()
        row = _claim(session, outbox_id, now)
        if row is None:
            return None
        return _deliver_claimed_row(runtime, session, row, now)


def claim_queued(session: Session, outbox_ids: list[int]) -> list[OutboundMessage]:
    """Take rows just queued in this transaction for delivery by this process, in the same
    commit: what `_claim` does, without a commit of its own. Returns them, loaded, for
    `deliver_claimed` once the transaction is committed."""
    if not outbox_ids:
        return []
    return list(session.scalars(
        update(OutboundMessage)
        .where(OutboundMessage.id.in_(outbox_ids), OutboundMessage.status == "pending")
        .values(status="sending", locked_until=clock.utcnow() + LEASE, attempts=OutboundMessage.attempts + 1)
        .returning(OutboundMessage)
    ))


def deliver_claimed(runtime, rows: list[OutboundMessage]) -> None:
    """Send the rows `claim_queued` took (and its transaction committed), in order. A row
    whose lease is running out (earlier rows were slow) is left to whoever claims it once it
    has, so a sweeper and this loop never both send it."""
    if not rows:
        return
    with runtime.db.sessions() as session:
        for row in sorted(rows, key=lambda row: row.id):
            now = clock.utcnow()  # read per row: the sends before it may have taken a while
            if row.locked_until - now < SEND_WITHIN_LEASE:
                continue
            session.add(row)  # loaded by the claim: no query to bring it back
            _deliver_claimed_row(runtime, session, row, now)


def _deliver_claimed_row(runtime, session: Session, row: OutboundMessage, now: datetime) -> str:
    if row.kind == "push" and _blocked(session, row.recipient):
        # They blocked the bot after this was queued: LINE would drop it; count it instead.
        row.status, row.locked_until = "blocked", None
        session.commit()
        return row.status
    outcome = _send(runtime, session, row, now)
    _record(runtime, session, row, outcome, now)
    session.commit()
    return row.status


def _blocked(session: Session, line_user_id: str | None) -> bool:
    if not line_user_id:
        return False
    following = session.scalar(select(LineUser.following).where(LineUser.line_user_id == line_user_id))
    return following is False


def _send(runtime, session: Session, row: OutboundMessage, now: datetime) -> SendOutcome:
    line = runtime.line
    if row.kind == "reply":
        outcome = _reply(line, session, row)
        if outcome is not None:
            return outcome
        # Too old, or LINE refused a token none of our attempts can have used:
        # the user still gets the answer, once, under the row's retry key.
        row.kind = "push"
        session.commit()
    if row.kind == "push":
        # Alerts and answers are not held for the morning, but at night they arrive silently.
        return line.push(row.recipients, row.messages, row.retry_key, silent=clock.quiet_hours(now))
    if row.kind == "multicast":
        return line.multicast(row.recipients, row.messages, row.retry_key, aggregation_unit=row.aggregation_unit)
    raise ValueError(f"unknown outbound kind {row.kind}")


def _reply(line, session: Session, row: OutboundMessage) -> SendOutcome | None:
    """Try the reply token; None when the answer must go by push instead.

    Each attempt keeps what it learnt in `reply_maybe_used`: only an attempt whose
    outcome is unknown (no answer after the request may have gone out, or a worker
    that died mid-call) can have used the token. A 5xx, a 429 or a refused
    connection is LINE saying no, so it leaves the token as it was.
    """
    # The token's age is transport time: LINE's real timestamp against real time,
    # never the business clock (which SAMMACHIP_NOW moves in demos).
    fresh = row.event_timestamp is not None and _real_now() - _aware(row.event_timestamp) < REPLY_WINDOW
    maybe_used_before = row.reply_maybe_used
    if not fresh:
        return UNKNOWN if maybe_used_before else None
    row.reply_maybe_used = True  # until LINE answers: a worker killed mid-call leaves it unknown
    session.commit()
    outcome = line.reply(row.reply_token, row.messages)
    if outcome.accepted or outcome.outcome_unknown:
        return outcome
    row.reply_maybe_used = maybe_used_before
    session.commit()
    if not outcome.invalid_reply_token:
        return outcome  # retried as a reply while the token is young, by push after
    if maybe_used_before:
        # The token is still young, so LINE refuses it only because it was used:
        # by the earlier attempt whose answer we lost.
        return SendOutcome(status=200, message="reply token used by an earlier attempt whose answer was lost")
    return None


# What a reply that may or may not have gone out becomes once its token is too old to tell.
UNKNOWN = SendOutcome(status=None, message="a reply attempt got no answer and its token has expired: "
                                           "delivered or not, LINE cannot tell us")


def _real_now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _record(runtime, session: Session, row: OutboundMessage, outcome: SendOutcome, now: datetime) -> None:
    row.locked_until = None
    row.line_request_id = outcome.request_id or row.line_request_id
    if outcome.accepted:
        row.status, row.sent_at, row.last_error = "sent", now, (outcome.message or None)
        return
    row.last_error = f"{outcome.status}: {outcome.message}"
    if outcome is UNKNOWN:
        # Neither sent nor failed: pushing could send it twice. Counted in `sammachip outbox`.
        row.status = "unknown"
        log.error("outbox %s: delivery unknown (%s)", row.id, outcome.message)
        return
    if outcome.quota_exhausted:
        # Nothing more can go out this month; officers see it in `sammachip outbox`.
        row.status = "quota_exceeded"
        log.error("LINE monthly message quota reached; outbox %s held", row.id)
        return
    too_old = now - row.created_at > RETRY_KEY_LIFETIME
    if outcome.retryable and row.attempts < MAX_ATTEMPTS and not too_old:
        delay = backoff(row.attempts)
        row.status, row.next_attempt_at = "retry", now + delay
        session.commit()
        _schedule_retry(runtime, row.id, delay)
        return
    row.status = "unknown" if outcome.outcome_unknown else "failed"
    log.warning("outbox %s %s for good: %s", row.id, row.status, row.last_error)


def backoff(attempts: int) -> timedelta:
    seconds = min(2 ** max(attempts - 1, 0), MAX_BACKOFF.total_seconds())
    return timedelta(seconds=seconds * random.uniform(0.8, 1.2))


def _schedule_retry(runtime, outbox_id: int, delay: timedelta) -> None:
    runtime.dispatch.deliver(outbox_id, delay)  # if Redis is down, the sweeper finds the row by next_attempt_at


def due_for_delivery(session: Session, now: datetime, stale_after: timedelta = timedelta(seconds=30)) -> list[int]:
    """Rows a lost job or a Redis that lost its data would otherwise leave unsent."""
    return list(
        session.scalars(
            select(OutboundMessage.id).where(
                or_(
                    (OutboundMessage.status == "pending") & (OutboundMessage.created_at < now - stale_after),
                    (OutboundMessage.status == "retry") & (OutboundMessage.next_attempt_at <= now),
                    (OutboundMessage.status == "sending") & (OutboundMessage.locked_until < now),
                )
            ).order_by(OutboundMessage.id).limit(1000)
        )
    )
