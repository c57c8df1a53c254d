"""RQ jobs. Each is a thin call into handlers or bot; all are safe to run twice."""
from __future__ import annotations

import logging
from datetime import timedelta

from rq.timeouts import JobTimeoutException
from sqlalchemy import or_, select

from bot import activities, clock, erasure, media, notices, nudges, runtime, scheduling
from bot.line import outbox
from bot.loans.encouragement import plan_encouragement
from bot.loans.planner import plan_reminders
from bot.models import WebhookEvent
from handlers import events

log = logging.getLogger(__name__)


# Events one job takes when more are waiting behind it (every worker was busy): the
# queue's bookkeeping (about 20 Redis round trips a job) is paid once for all of them,
# while a send waits behind at most this many turns.
EVENTS_PER_JOB = 8


class TurnsFailed(RuntimeError):
    """Some turns of a job failed; each is recorded on its event and retried by the sweeper."""


def handle_webhook_event(event_row_id: int) -> None:
    """This event's turn, and those of up to EVENTS_PER_JOB - 1 events queued behind it, each
    claimed, committed and answered on its own: the answer goes out right after the turn's
    commit, which also claimed it (the outbox row keeps it safe if the worker dies before)."""
    current = runtime.current()
    failed = []
    for next_id in [event_row_id, *current.dispatch.take_waiting_events(EVENTS_PER_JOB - 1)]:
        # Each claimed just before its turn, so its lease never runs out while earlier turns run.
        event = events.claim(current, next_id)
        if event is None:
            continue
        try:
            taken = events.take_turn(current, event, claim_messages=True)
        except JobTimeoutException:
            raise  # RQ's timeout bounds the whole job, not one turn of it
        except Exception:
            log.exception("webhook event %s failed", event.id)
            failed.append(event.id)
            continue
        try:
            outbox.deliver_claimed(current, taken.claimed)
        except JobTimeoutException:
            raise
        except Exception:  # the rows stay leased; the sweeper sends them once the lease runs out
            log.exception("delivering the answer to webhook event %s failed", event.id)
        events.run_after_commit(taken.after_commit, event.id)
    if failed:
        raise TurnsFailed(f"webhook events {failed} failed; see their rows")


def deliver_outbound(outbox_id: int) -> None:
    outbox.deliver(runtime.current(), outbox_id)


def keep_content(message_ids: list[str]) -> None:
    current = runtime.current()
    with current.db.session() as session:
        for message_id in message_ids:
            media.fetch_once(current, session, message_id)


# The planner of each ladder (bot.ladders), by scheduling category.
PLANNERS = {"reminder": plan_reminders, "nudge": nudges.plan_report_nudges,
            "officer_list": nudges.plan_officer_lists, "encouragement": plan_encouragement,
            "activity": activities.plan_activities}


def plan_scheduled() -> dict[str, int]:
    """Every scheduled message for now, most important first (bot.scheduling.PRIORITY), so a
    reminder of money due is never crowded out of a person's daily cap by a pep talk."""
    current = runtime.current()
    counts: dict[str, int] = {}
    for category in scheduling.PRIORITY:
        for outcome, number in PLANNERS[category](current).items():
            counts[outcome] = counts.get(outcome, 0) + number
    return counts


def release_notices() -> int:
    """Officers' notices whose time has come (bot.notices): each released once, whoever runs it."""
    return notices.release_due(runtime.current())


def release_notice(notice_id: int) -> int:
    """One notice an officer sent now; how many outbox rows it wrote (0 if already released)."""
    return len(notices.release(runtime.current(), notice_id))


def redact_expired() -> dict[str, int]:
    """PDPA retention: event payloads and delivered message bodies older than the retention period."""
    current = runtime.current()
    with current.db.session() as session:
        return erasure.redact_expired(session, current.settings.retention_days)


def sweep() -> dict[str, int]:
    """Re-enqueue what a lost job or a Redis that lost its data left behind; park what keeps failing."""
    current = runtime.current()
    now = clock.utcnow()
    with current.db.sessions() as session:
        parked = events.park_exhausted(session)
        failed_last_hour = events.failed_in_last_hour(session)
        event_ids = list(session.scalars(
            select(WebhookEvent.id).where(or_(
                (WebhookEvent.status == "received") & (WebhookEvent.received_at < now - timedelta(seconds=30)),
                (WebhookEvent.status == "processing") & (WebhookEvent.locked_until < now),
            )).order_by(WebhookEvent.id).limit(1000)
        ))
        outbox_ids = outbox.due_for_delivery(session, now)
    current.dispatch.process_events(event_ids)
    current.dispatch.deliver_many(outbox_ids)
    if event_ids or outbox_ids:
        log.info("sweeper re-enqueued %d events and %d messages", len(event_ids), len(outbox_ids))
    if failed_last_hour >= events.ALERT_FAILED_PER_HOUR:
        log.error("ALERT: %d webhook events parked as failed in the last hour; see `sammachip events`",
                  failed_last_hour)
    return {"events": len(event_ids), "messages": len(outbox_ids), "parked": parked,
            "failed_last_hour": failed_last_hour}
