"""Route one stored webhook event to the conversation it belongs to.

The whole turn (user updates, flow state, queued replies, the event marked done)
commits as one transaction, so a crash mid-way leaves nothing half done and a
second run of the same event finds it done.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.models import LineUser, WebhookEvent
from bot.runtime import Runtime
from flows import welcome
from flows.turn import Turn

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=2)


def _claim(session: Session, event_row_id: int) -> WebhookEvent | None:
    now = clock.utcnow()
    result = session.execute(
        update(WebhookEvent)
        .where(
            WebhookEvent.id == event_row_id,
            or_(WebhookEvent.status == "received",
                (WebhookEvent.status == "processing") & (WebhookEvent.locked_until < now)),
        )
        .values(status="processing", locked_until=now + LEASE, attempts=WebhookEvent.attempts + 1)
    )
    session.commit()
    if result.rowcount != 1:
        return None
    return session.get(WebhookEvent, event_row_id, populate_existing=True)


def process_event(runtime: Runtime, event_row_id: int) -> list[int]:
    """Run the event's turn once; returns the outbox rows to deliver."""
    with runtime.db.sessions() as session:
        row = _claim(session, event_row_id)
        if row is None:
            return []
        turn = Turn(runtime=runtime, session=session, event=row.payload, event_key=row.webhook_event_id)
        try:
            route(turn)
            outbox_ids = turn.queue_messages()
            row.status, row.processed_at, row.locked_until = "done", clock.utcnow(), None
            session.commit()
            return outbox_ids
        except Exception as error:
            session.rollback()
            _record_failure(session, event_row_id, error)
            raise


def _record_failure(session: Session, event_row_id: int, error: Exception) -> None:
    # Leave the lease in place: the sweeper retries the event once it runs out.
    session.execute(update(WebhookEvent).where(WebhookEvent.id == event_row_id)
                    .values(error=f"{type(error).__name__}: {error}"[:2000]))
    session.commit()


def _user(turn: Turn) -> LineUser | None:
    if not turn.user_id:
        return None
    user = turn.session.scalar(select(LineUser).where(LineUser.line_user_id == turn.user_id))
    if user is None:
        user = LineUser(line_user_id=turn.user_id, following=True, created_at=clock.utcnow())
        turn.session.add(user)
        turn.session.flush()
    return user


def route(turn: Turn) -> None:
    kind = turn.event.get("type")
    if turn.in_group:
        if kind == "join":
            welcome.group_hello(turn)
        return  # Group conversation beyond the greeting belongs to the people-and-roles work.
    turn.user = _user(turn)
    if turn.user is None:
        return
    if kind == "follow":
        _on_follow(turn)
    elif kind == "unfollow":
        turn.user.following, turn.user.blocked_at = False, clock.utcnow()
    elif kind == "message":
        _on_message(turn)
    elif kind == "postback":
        _on_text(turn, turn.postback_data)
    # Other event types (read receipts, beacons, unsend...) need no answer.


def _on_follow(turn: Turn) -> None:
    user = turn.user
    unblocked = bool((turn.event.get("follow") or {}).get("isUnblocked"))
    user.following, user.followed_at, user.blocked_at = True, clock.utcnow(), None
    if not user.display_name:
        profile = turn.runtime.line.profile(user.line_user_id)
        if profile:
            user.display_name, user.language = profile.get("displayName"), profile.get("language")
    welcome.welcome(turn, unblocked)


def _on_message(turn: Turn) -> None:
    if turn.text:
        _on_text(turn, turn.text)
    else:
        welcome.non_text(turn)


def _on_text(turn: Turn, text: str) -> None:
    handler = welcome.KEYWORDS.get(text.strip())
    (handler or welcome.fallback)(turn)
