"""Withdrawing consent (Thailand's PDPA): nothing left that points to the person,
and every count kept.

One service, called by the chat ("ถอนความยินยอม") and by anything else that must
erase a person. It covers every table that can hold their identifiers or what they
typed: the person's name, phone and LINE link; their LINE account row, consents,
conversations and invite codes; their questions; the free text of their reports;
the slip photos they sent; their place in notices' recipient lists and multicast
batches; the payloads of their webhook events and the bodies of messages sent to them
(rows kept, so counts stay right); their answers to activity invitations; and any
message, report text, activity or conversation of someone else that names them, their
phone or quotes what they typed (an alert to their leader, an officer's answer).

The person row stays (withdrawn, anonymous) so programme counts are right, and so
does its person_key: a keyed hash that cannot be reversed without the secret in
settings, kept so a re-import of the officers' sheet does not bring them back.

Retention: event payloads and delivered message bodies are redacted after
`settings.retention_days` anyway (`redact_expired`, run hourly by the cron process).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import String, Text, cast, delete, exists, or_, select, update
from sqlalchemy.orm import Session

from bot import clock, texts
from bot.models import (
    Activity, ActivityAttendance, ActivityInvitee, AskedQuestion, Consent, Conversation, HouseholdReport,
    InviteCode, LineUser, Notice, NoticeTemplate, OutboundMessage, Payment, Person,
    ScheduledMessage, StoredMedia, WebhookEvent, WeeklyReport,
)
from bot.notices.releases import someone_left
from bot.thai import call_name

# What an erased message body becomes: one placeholder per message, so counts stay.
ERASED_MESSAGE = {"type": "text", "text": texts.ERASED_TEXT}
# Outbox rows that will not be sent again; their bodies are history only.
FINISHED = ("sent", "failed", "cancelled", "blocked", "unknown", "quota_exceeded")
# Shorter pieces of text would match other people's words too.
MIN_TOKEN = 4


@dataclass
class Erased:
    """How many rows of each table were changed (for the caller's log, and tests)."""

    rows: dict[str, int] = field(default_factory=dict)
    # Stored photos and slips whose files the caller removes once the erasure is committed.
    media_locations: list[str] = field(default_factory=list)

    def add(self, table: str, count: int) -> None:
        if count:
            self.rows[table] = self.rows.get(table, 0) + count


def withdraw(session: Session, line_user_id: str) -> Erased:
    """Erase everything that identifies this LINE user; stop everything queued for them."""
    now = clock.utcnow()
    erased = Erased()
    person = session.scalar(select(Person).where(Person.line_user_id == line_user_id))
    tokens = _tokens(session, line_user_id, person)
    if person is not None:
        _erase_person(session, person, now, erased)
    # Table-level deletes: the turn running this still holds these rows and must not write them back.
    erased.add("line_users", session.execute(
        LineUser.__table__.delete().where(LineUser.line_user_id == line_user_id)).rowcount)
    erased.add("consents", session.execute(
        Consent.__table__.delete().where(Consent.line_user_id == line_user_id)).rowcount)
    erased.add("conversations", session.execute(
        Conversation.__table__.delete().where(Conversation.line_user_id == line_user_id)).rowcount)
    erased.add("kb_questions", session.execute(
        update(AskedQuestion).where(AskedQuestion.line_user_id == line_user_id)
        .values(line_user_id=None, question=texts.ERASED_TEXT, village=None)).rowcount)
    erased.add("scheduled_messages", session.execute(
        update(ScheduledMessage).where(ScheduledMessage.line_user_id == line_user_id)
        .values(line_user_id=None, details={})).rowcount)
    erased.add("webhook_events", session.execute(
        update(WebhookEvent).where(WebhookEvent.line_user_id == line_user_id)
        .values(line_user_id=None, payload=_redacted_payload(), redacted_at=now)).rowcount)
    # Anything queued but not yet sent to them stays unsent; every body sent to them goes.
    erased.add("outbound_messages", session.execute(
        update(OutboundMessage).where(OutboundMessage.recipient == line_user_id,
                                      OutboundMessage.status.in_(("pending", "retry")))
        .values(status="cancelled")).rowcount)
    for row in session.scalars(select(OutboundMessage).where(OutboundMessage.recipient == line_user_id)):
        _erase_body(row, now)
        row.recipient, row.recipients, row.reply_token = None, None, None
    _leave_notices(session, line_user_id, erased)
    _erase_mentions(session, tokens, now, erased)
    session.flush()
    return erased


def _leave_notices(session: Session, line_user_id: str, erased: Erased) -> None:
    """Out of every notice's multicast batches (they are its stored recipients): a batch not
    sent yet goes without them (or not at all, if they were its only one). The batches are
    found by the id as the JSON text holds it, which reads the same on every backend.

    A release under way writes its next batch from people it read before: counting this on the
    notices not yet out first (`someone_left` locks them) makes this wait for that batch (and
    find it), or the batch wait for this (and its re-check find them gone)."""
    someone_left(session, withdrawal=True)
    named = cast(OutboundMessage.recipients, Text).contains(f'"{line_user_id}"', autoescape=True)
    for row in session.scalars(select(OutboundMessage).where(OutboundMessage.notice_id.is_not(None),
                                                             OutboundMessage.kind == "multicast", named)):
        if isinstance(row.recipients, list) and line_user_id in row.recipients:
            row.recipients = [user for user in row.recipients if user != line_user_id]
            if not row.recipients and row.status in ("pending", "retry"):
                row.status = "cancelled"
            erased.add("outbound_messages", 1)


def _tokens(session: Session, line_user_id: str, person: Person | None) -> list[str]:
    """What would point to them in someone else's rows: ids, name, phone, what they typed."""
    found = {line_user_id}
    if person is not None:
        found |= {person.full_name, call_name(person.full_name), person.phone or ""}
        for report in session.scalars(select(WeeklyReport).where(WeeklyReport.leader_id == person.id)):
            found |= {report.problems or "", report.help_needed or ""}
        for report in session.scalars(select(HouseholdReport).where(HouseholdReport.household_id == person.id)):
            found.add(report.problems or "")
    found |= set(session.scalars(select(AskedQuestion.question).where(AskedQuestion.line_user_id == line_user_id)))
    for event in session.scalars(select(WebhookEvent.payload).where(WebhookEvent.line_user_id == line_user_id)):
        message = (event or {}).get("message") if isinstance(event, dict) else None
        if isinstance(message, dict) and isinstance(message.get("text"), str):
            found.add(message["text"].strip())
    return sorted(token for token in found if len(token) >= MIN_TOKEN)


def _erase_person(session: Session, person: Person, now: datetime, erased: Erased) -> None:
    person.full_name, person.phone, person.line_user_id = texts.WITHDRAWN_NAME, None, None
    person.withdrawn_at = now
    erased.add("people", 1)
    _erase_media(session, person, erased)
    erased.add("invite_codes", session.execute(delete(InviteCode).where(InviteCode.person_id == person.id)).rowcount)
    erased.add("weekly_reports", session.execute(
        update(WeeklyReport).where(WeeklyReport.leader_id == person.id)
        .values(problems=None, help_needed=None, photo_message_ids=[], answers={})).rowcount)
    # The answers kept whole go too; the typed figures beside them stay, so the counts hold.
    erased.add("household_reports", session.execute(
        update(HouseholdReport).where(HouseholdReport.household_id == person.id)
        .values(problems=None, answers={})).rowcount)
    erased.add("payments", session.execute(
        update(Payment).where(Payment.reported_by_id == person.id).values(slip_message_id=None)).rowcount)
    # Invited and came stay (the programme's counts); what they answered and when goes, and
    # attendance they recorded as a leader no longer names them.
    erased.add("activity_invitees", session.execute(
        update(ActivityInvitee).where(ActivityInvitee.person_id == person.id, ActivityInvitee.answer.is_not(None))
        .values(answer=None, first_answered_at=None, answered_at=None)).rowcount)
    erased.add("activity_attendance", session.execute(
        update(ActivityAttendance).where(ActivityAttendance.recorded_by_person_id == person.id)
        .values(recorded_by_person_id=None)).rowcount)


def _erase_media(session: Session, person: Person, erased: Erased) -> None:
    """Their report photos and payment slips, as kept from LINE (bot.media)."""
    message_ids = [message_id for ids in session.scalars(
        select(WeeklyReport.photo_message_ids).where(WeeklyReport.leader_id == person.id)) for message_id in ids or []]
    message_ids += [slip for slip in session.scalars(
        select(Payment.slip_message_id).where(Payment.reported_by_id == person.id)) if slip]
    if not message_ids:
        return
    for row in session.scalars(select(StoredMedia).where(StoredMedia.message_id.in_(message_ids))).all():
        erased.media_locations.append(row.location)
        session.delete(row)
        erased.add("stored_media", 1)


def _contains_any(column, tokens: list[str]):
    """SQL that finds a token in a text or JSON column, raw or as JSON writes it (\\u0e2a...)."""
    forms = {form for token in tokens for form in (token, json.dumps(token)[1:-1])}
    as_text = cast(column, Text) if not isinstance(column.type, (String, Text)) else column
    return or_(*(as_text.contains(form, autoescape=True) for form in forms))


def _erase_mentions(session: Session, tokens: list[str], now: datetime, erased: Erased) -> None:
    if not tokens:
        return
    for row in session.scalars(select(OutboundMessage).where(_contains_any(OutboundMessage.messages, tokens))):
        if row.status in ("pending", "retry"):
            row.status = "cancelled"  # an alert about them that has not gone out yet
        _erase_body(row, now)
        erased.add("outbound_messages", 1)
    for row in session.scalars(select(WebhookEvent).where(_contains_any(WebhookEvent.payload, tokens))):
        row.payload, row.redacted_at = _redacted_payload(), now
        erased.add("webhook_events", 1)
    erased.add("conversations", session.execute(
        Conversation.__table__.delete().where(or_(_contains_any(Conversation.context, tokens),
                                                  _contains_any(Conversation.answers, tokens)))).rowcount)
    for model, columns in ((WeeklyReport, ("problems", "help_needed")), (HouseholdReport, ("problems",)),
                           (AskedQuestion, ("question", "officer_answer")),
                           (Activity, ("title", "details", "place"))):
        for column in columns:
            for row in session.scalars(select(model).where(_contains_any(getattr(model, column), tokens))):
                setattr(row, column, _without(getattr(row, column), tokens))
                erased.add(model.__tablename__, 1)
    # Officers' notices and their saved templates, if their words name the person.
    for model in (Notice, NoticeTemplate):
        for row in session.scalars(select(model).where(_contains_any(model.messages, tokens))):
            row.messages = _without_in(row.messages, tokens)
            erased.add(model.__tablename__, 1)
    for model in (WeeklyReport, HouseholdReport):
        for row in session.scalars(select(model).where(_contains_any(model.answers, tokens))):
            row.answers = {key: _without_in(value, tokens) for key, value in (row.answers or {}).items()}
            erased.add(model.__tablename__, 1)


def _without(text: str | None, tokens: list[str]) -> str | None:
    if text is None:
        return None
    for token in sorted(tokens, key=len, reverse=True):
        text = text.replace(token, texts.ERASED_TEXT)
    return text


def _without_in(value, tokens: list[str]):
    """`_without` through the strings of a value kept whole (an answer, a notice's messages)."""
    if isinstance(value, str):
        return _without(value, tokens)
    if isinstance(value, list):
        return [_without_in(item, tokens) for item in value]
    if isinstance(value, dict):
        return {key: _without_in(item, tokens) for key, item in value.items()}
    return value


def _erase_body(row: OutboundMessage, now: datetime) -> None:
    row.messages = [dict(ERASED_MESSAGE) for _ in row.messages or [None]]
    row.redacted_at = now


def _redacted_payload() -> dict:
    return {"redacted": True}


def redact_expired(session: Session, retention_days: int, now: datetime | None = None) -> dict[str, int]:
    """Redact event payloads and finished message bodies older than the retention period."""
    now = now or clock.utcnow()
    cutoff = now - timedelta(days=retention_days)
    events = session.execute(
        update(WebhookEvent)
        .where(WebhookEvent.received_at < cutoff, WebhookEvent.redacted_at.is_(None),
               WebhookEvent.status.in_(("done", "failed", "rejected")))
        .values(payload=_redacted_payload(), line_user_id=None, redacted_at=now)).rowcount
    messages = 0
    for row in session.scalars(select(OutboundMessage).where(
            OutboundMessage.created_at < cutoff, OutboundMessage.redacted_at.is_(None),
            OutboundMessage.status.in_(FINISHED)).limit(10_000)):
        _erase_body(row, now)
        row.reply_token = None
        messages += 1
    farewells = _forget_withdrawn_recipients(session, now)
    session.flush()
    return {"events": events, "messages": messages, "withdrawn": farewells}


def _forget_withdrawn_recipients(session: Session, now: datetime) -> int:
    """The last reply to a withdrawal ("your data is erased") goes out after the erasure,
    so it still names its recipient: once it is finished, nothing of it is kept."""
    has_account = exists().where(LineUser.line_user_id == OutboundMessage.recipient)
    rows = session.scalars(select(OutboundMessage).where(
        OutboundMessage.status.in_(FINISHED), OutboundMessage.recipient.like("U%"), ~has_account)).all()
    for row in rows:
        _erase_body(row, now)
        row.recipient, row.recipients, row.reply_token = None, None, None
    return len(rows)
