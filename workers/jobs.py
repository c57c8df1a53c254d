"""RQ jobs. Each is a thin call into handlers or bot; all are safe to run twice."""
from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import or_, select

from bot import clock, erasure, media, notices, nudges, runtime, scheduling
from bot.line import outbox
from bot.loans.encouragement import plan_encouragement
from bot.loans.planner import plan_reminders
from bot.models import WebhookEvent
from handlers import events
from handlers.events import process_event

log = logging.getLogger(__name__)


def handle_webhook_event(event_row_id: int) -> None:
    current = runtime.current()
    for outbox_id in process_event(current, event_row_id):
        outbox.deliver(current, outbox_id)


def deliver_outbound(outbox_id: int) -> None:
    outbox.deliver(runtime.current(), outbox_id)


def keep_content(message_ids: list[str]) -> None:
    current = runtime.current()
    with current.db.session() as session:
        for message_id in message_ids:
            media.fetch_once(current, session, message_id)


# The planner of each ladder (bot.ladders), by scheduling category.
PLANNERS = {"reminder": plan_reminders, "nudge": nudges.plan_report_nudges,
            "officer_list": nudges.plan_officer_lists, "encouragement": plan_encouragement}


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
    for outbox_id in outbox_ids:
        current.dispatch.deliver(outbox_id)
    if event_ids or outbox_ids:
        log.info("sweeper re-enqueued %d events and %d messages", len(event_ids), len(outbox_ids))
    if failed_last_hour >= events.ALERT_FAILED_PER_HOUR:
        log.error("ALERT: %d webhook events parked as failed in the last hour; see `sammachip events`",
                  failed_last_hour)
    return {"events": len(event_ids), "messages": len(outbox_ids), "parked": parked,
            "failed_last_hour": failed_last_hour}
