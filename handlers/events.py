"""Route one stored webhook event to the conversation it belongs to.

The whole turn (user updates, flow state, queued replies, the event marked done)
commits as one transaction, so a crash mid-way leaves nothing half done and a
second run of the same event finds it done. An event that fails MAX_ATTEMPTS times
(or whose worker dies that often) is parked as `failed` with its error, for
operators (`sammachip events`), instead of being retried forever.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from bot import clock, postbacks, texts
from bot.line import messages as m
from bot.line import outbox
from bot.models import LineUser, OutboundMessage, WebhookEvent
from bot.runtime import Runtime
from flows import (console_link, engine, follow, loans, officer_questions, onboarding, privacy, questions, reports,
                   welcome)
from flows import activities, notices
from flows.turn import Turn

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 5
# More events parked than this in an hour is something operators must look at now.
ALERT_FAILED_PER_HOUR = 10

# Words a user types or a rich-menu button sends, and what they open.
KEYWORDS = {
    texts.MENU_WORD: welcome.menu,
    texts.MENU_HELP: welcome.help_text,
    texts.MENU_ASK: welcome.ask_prompt,
    texts.REGISTER_WORD: onboarding.register,
    texts.MY_DATA_WORD: privacy.my_data,
    texts.WITHDRAW_WORD: privacy.start_withdrawal,
    texts.OFFICER_QUESTIONS_WORD: officer_questions.show_open,
    texts.REPORT_WORD: reports.start,
    texts.WEEKLY_CHOICE: lambda turn: reports.start_chosen(turn, "weekly"),
    texts.HOUSEHOLD_CHOICE: lambda turn: reports.start_chosen(turn, "household"),
    texts.MY_LOANS_WORD: loans.my_loans,
    texts.REPORT_PAYMENT_WORD: loans.report_payment,
    texts.RECORD_PAYMENT_WORD: loans.record_payment,
    console_link.WORD: console_link.sign_in_link,
    texts.ATTENDANCE_WORD: activities.record_attendance,
    notices.WORD: notices.start,
}
# Menu words that open something else even mid-conversation ("เมนู" itself pauses it).
PASSTHROUGH = frozenset(KEYWORDS) - {texts.MENU_WORD}
POSTBACKS = {
    postbacks.KNOWLEDGE: questions.on_postback,
    postbacks.OFFICER_QUESTION: officer_questions.on_postback,
    postbacks.LOAN: loans.on_postback,
    postbacks.ACTIVITY: activities.on_postback,
}
# Never answered in a village group: they would show personal data to everyone.
PRIVATE_IN_GROUPS = {texts.MY_DATA_WORD, texts.WITHDRAW_WORD, texts.REGISTER_WORD, texts.OFFICER_QUESTIONS_WORD,
                     texts.REPORT_WORD, texts.MY_LOANS_WORD, texts.REPORT_PAYMENT_WORD,
                     texts.RECORD_PAYMENT_WORD, texts.ATTENDANCE_WORD}


@dataclass(frozen=True)
class Claimed:
    """An event taken for one attempt: its row id, LINE's webhookEventId and the event itself."""
    id: int
    key: str
    payload: dict


def claim(runtime: Runtime, event_row_id: int) -> Claimed | None:
    """Take this event for one attempt, or None if it is done, parked or leased to another
    worker. One autocommit statement, committed before the turn runs, so the attempt counts
    even when the worker then dies mid-turn. Claim just before the turn: the lease is what
    keeps a second worker from running it meanwhile."""
    now = clock.utcnow()
    statement = (
        update(WebhookEvent)
        .where(
            WebhookEvent.id == event_row_id,
            WebhookEvent.attempts < MAX_ATTEMPTS,
            or_(WebhookEvent.status == "received",
                (WebhookEvent.status == "processing") & (WebhookEvent.locked_until < now)),
        )
        .values(status="processing", locked_until=now + LEASE, attempts=WebhookEvent.attempts + 1)
        .returning(WebhookEvent.id, WebhookEvent.webhook_event_id, WebhookEvent.payload)
    )
    row = runtime.db.one_statement(lambda connection: connection.execute(statement).first())
    return None if row is None else Claimed(row.id, row.webhook_event_id, row.payload)


def process_event(runtime: Runtime, event_row_id: int) -> list[int]:
    """Run the event's turn once; returns the outbox rows to deliver."""
    event = claim(runtime, event_row_id)
    if event is None:
        return []
    taken = take_turn(runtime, event)
    run_after_commit(taken.after_commit, event_row_id)
    return taken.outbox_ids


@dataclass
class TakenTurn:
    outbox_ids: list[int]
    # With `claim_messages`: the outbox rows taken for delivery in the turn's commit.
    claimed: list[OutboundMessage]
    # Calls to LINE that are not messages (rich menu links), to make once the turn is committed.
    after_commit: list[Callable[[], None]]


def take_turn(runtime: Runtime, event: Claimed, claim_messages: bool = False) -> TakenTurn:
    """The turn of a claimed event, committed as one transaction with the event marked done.
    `claim_messages` takes its outbox rows for delivery in that same commit
    (`outbox.deliver_claimed` sends them): one commit and one query fewer per turn, and a
    worker that dies before sending leaves them leased for the sweeper, as a claim of
    their own would."""
    with runtime.db.sessions() as session:
        turn = Turn(runtime=runtime, session=session, event=event.payload, event_key=event.key)
        try:
            route(turn)
            outbox_ids = turn.queue_messages()
            claimed = outbox.claim_queued(session, outbox_ids) if claim_messages else []
            session.execute(update(WebhookEvent).where(WebhookEvent.id == event.id)
                            .values(status="done", processed_at=clock.utcnow(), locked_until=None))
            session.commit()
        except Exception as error:
            session.rollback()
            _record_failure(session, event.id, error)
            raise
    return TakenTurn(outbox_ids, claimed, turn.after_commit)


def run_after_commit(calls: list[Callable[[], None]], event_row_id: int) -> None:
    for call in calls:
        try:
            call()
        except Exception:  # a rich menu not relinked is not worth failing a committed turn
            log.exception("after-commit call failed for event %s", event_row_id)


def _record_failure(session: Session, event_row_id: int, error: Exception) -> None:
    # Leave the lease in place: the sweeper retries the event once it runs out,
    # unless this was its last attempt.
    message = f"{type(error).__name__}: {error}"[:2000]
    session.execute(update(WebhookEvent).where(WebhookEvent.id == event_row_id).values(error=message))
    parked = session.execute(
        update(WebhookEvent).where(WebhookEvent.id == event_row_id, WebhookEvent.attempts >= MAX_ATTEMPTS)
        .values(status="failed", locked_until=None, processed_at=clock.utcnow())).rowcount
    session.commit()
    if parked:
        log.error("webhook event %s parked as failed after %d attempts: %s", event_row_id, MAX_ATTEMPTS, message)


def park_exhausted(session: Session) -> int:
    """Park events whose workers died on every attempt (no error was ever recorded for them)."""
    now = clock.utcnow()
    parked = session.execute(
        update(WebhookEvent)
        .where(WebhookEvent.status == "processing", WebhookEvent.locked_until < now,
               WebhookEvent.attempts >= MAX_ATTEMPTS)
        .values(status="failed", locked_until=None, processed_at=now,
                error=func.coalesce(WebhookEvent.error, f"worker lost on each of {MAX_ATTEMPTS} attempts"))
    ).rowcount
    session.commit()
    if parked:
        log.error("%d webhook events parked as failed after %d attempts", parked, MAX_ATTEMPTS)
    return parked


def failed_in_last_hour(session: Session) -> int:
    """Parked events of the last hour; an alert is logged when they pile up (see the sweeper)."""
    since = clock.utcnow() - timedelta(hours=1)
    return session.scalar(select(func.count()).select_from(WebhookEvent)
                          .where(WebhookEvent.status == "failed", WebhookEvent.processed_at >= since)) or 0


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
        _in_group(turn, kind)
        return
    turn.user = _user(turn)
    if turn.user is None:
        return
    if kind == "follow":
        follow.on_follow(turn)
    elif kind == "unfollow":
        follow.on_unfollow(turn)
    elif kind in {"message", "postback"}:
        if engine.handle(turn, passthrough=PASSTHROUGH):
            return
        if kind == "postback":
            _on_postback(turn, turn.postback_data)
        elif turn.text:
            _on_text(turn, turn.text)
        else:
            welcome.non_text(turn)
    # Other event types (read receipts, beacons, unsend...) need no answer.


def _on_text(turn: Turn, text: str) -> None:
    handler = KEYWORDS.get(text.strip())
    if handler:
        handler(turn)
        return
    code = onboarding.code_in(text)
    if code and turn.person is None:
        onboarding.register(turn, pending_code=code)
        return
    questions.answer(turn, text)


def _on_postback(turn: Turn, data: str) -> None:
    tapped = postbacks.parse(data)
    if tapped is None:  # not a button we sent: a kind answer, nothing changes
        welcome.fallback(turn)
        return
    POSTBACKS[tapped.area](turn, tapped)


def _addressed_text(turn: Turn) -> str | None:
    """The text of a group message meant for the bot (called by name or @-mentioned), else None."""
    message = turn.event.get("message") or {}
    text = turn.text
    mentions = (message.get("mention") or {}).get("mentionees") or []
    for mention in mentions:
        if mention.get("isSelf"):
            start, length = mention.get("index", 0), mention.get("length", 0)
            return (text[:start] + text[start + length:]).strip()
    if text.startswith(texts.GROUP_CALL_NAME):
        return text[len(texts.GROUP_CALL_NAME):].strip(" ,:")
    return None


def _in_group(turn: Turn, kind: str) -> None:
    notices.group_event(turn, kind)
    if kind == "join":
        welcome.group_hello(turn)
        return
    if kind == "postback":
        tapped = postbacks.parse(turn.postback_data)
        # Only the asker's feedback under an answer; documents are read in a private chat.
        if tapped is not None and tapped.area == postbacks.KNOWLEDGE and tapped.action != "more":
            questions.on_postback(turn, tapped)
        return
    if kind != "message" or not turn.text:
        return
    asked = _addressed_text(turn)
    if asked is None:
        return
    if not asked:
        welcome.group_hello(turn)
    elif asked in PRIVATE_IN_GROUPS or asked == texts.MENU_WORD:
        turn.reply(m.text(texts.GROUP_PRIVATE))
    else:
        questions.answer(turn, asked)
