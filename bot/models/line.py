"""What the bot knows of LINE: the users who talk to it, the events they send,
and every message it sends (the outbox)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot import clock
from bot.db import Base


class LineUser(Base):
    __tablename__ = "line_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_user_id: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(16))
    # False once the user blocks the bot: nothing scheduled may be sent then.
    following: Mapped[bool] = mapped_column(Boolean, default=True)
    followed_at: Mapped[datetime | None]
    blocked_at: Mapped[datetime | None]
    # The role whose rich menu is linked now, so a role change relinks only when needed.
    rich_menu_role: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)


class WebhookEvent(Base):
    """One LINE webhook event, stored before it is acknowledged.

    The unique webhook_event_id is what makes redelivered and concurrent
    duplicate events run once.
    """

    __tablename__ = "webhook_events"
    __table_args__ = (Index("ix_webhook_events_status_received", "status", "received_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_event_id: Mapped[str] = mapped_column(String(64), unique=True)
    event_type: Mapped[str] = mapped_column(String(32))
    source_type: Mapped[str | None] = mapped_column(String(16))
    line_user_id: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    # received -> processing -> done; a crashed job's lease runs out and the sweeper runs it again.
    status: Mapped[str] = mapped_column(String(16), default="received")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    processed_at: Mapped[datetime | None]
    # When the payload was redacted (withdrawal, or past the retention period).
    redacted_at: Mapped[datetime | None]


class OutboundMessage(Base):
    """One request to LINE (reply, push or multicast), written before it is sent.

    `dedup_key` names what caused the send (an event, a reminder step) so running
    the cause twice cannot queue the message twice; `retry_key` is saved before the
    first call so LINE itself refuses a second delivery of the same request.
    """

    __tablename__ = "outbound_messages"
    __table_args__ = (Index("ix_outbound_messages_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    # A user id for reply and push, a list of ids for multicast.
    recipients: Mapped[Any] = mapped_column(JSON, nullable=True)
    # The one recipient of a reply or push, as a plain column so it can be queried.
    recipient: Mapped[str | None] = mapped_column(String(64), index=True)
    messages: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    reply_token: Mapped[str | None] = mapped_column(String(64))
    event_timestamp: Mapped[datetime | None]
    # True once an attempt whose outcome is unknown may have used the reply token.
    reply_maybe_used: Mapped[bool] = mapped_column(Boolean, default=False)
    retry_key: Mapped[str] = mapped_column(String(36))
    # pending -> sending -> sent | failed | quota_exceeded | blocked | cancelled | unknown
    # (a reply that may or may not have arrived); "retry" waits for next_attempt_at.
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    line_request_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    sent_at: Mapped[datetime | None]
    # When the message bodies were redacted (withdrawal, or past the retention period).
    redacted_at: Mapped[datetime | None]
    # The notice a multicast batch belongs to (its progress is counted from these rows).
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notices.id", ondelete="SET NULL"), index=True)
    # LINE's customAggregationUnits name for the statistics of what this row sends.
    aggregation_unit: Mapped[str | None] = mapped_column(String(30))


class RichMenu(Base):
    """The rich menu LINE holds for each role, as created by `sammachip richmenu sync`."""

    __tablename__ = "rich_menus"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(16), unique=True)
    rich_menu_id: Mapped[str] = mapped_column(String(64))
    # Name on LINE: role plus a hash of the layout and image, so an unchanged menu is reused.
    name: Mapped[str] = mapped_column(String(300))
    synced_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
