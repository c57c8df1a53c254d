"""Notices officers broadcast: what, to whom (the audience as asked; the people it reached
are its outbox batches), and when; saved templates; the village LINE groups the bot is in."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot import clock
from bot.db import Base


PENDING, RELEASING, SENT, CANCELLED = "pending", "releasing", "sent", "cancelled"


class Notice(Base):
    """One notice: its audience (a `bot.audience.AudienceSpec` as JSON) and its messages.

    pending -> releasing (its multicast batches being written to the outbox and handed to
    the workers, a few at a time, under a lease) -> sent | cancelled. Those outbox rows
    (`OutboundMessage.notice_id`, at most 500 LINE user ids each) are the people it went to;
    `recipient_count` keeps how many even after someone withdraws and is taken out of them.
    """

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_status_send_at", "status", "send_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("console_accounts.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    audience: Mapped[dict[str, Any]] = mapped_column(JSON)
    messages: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # Village LINE groups that get it too (never with personal data): LineGroup ids.
    group_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    send_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="pending")
    recipient_count: Mapped[int | None] = mapped_column(Integer)
    # Who the audience matched but the notice left out, by reason (withdrawn, blocked...), as
    # counted when it went out.
    excluded: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    released_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    # The process releasing it, and until when: one that stops renewing this (it died) is
    # taken over once it has passed (bot.notices.release).
    release_token: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None]
    # Counts every withdrawal made before it is out and every block made while it is being
    # released (no one is named): a release re-checks the people it writes only once this has
    # moved (bot.notices.releases.someone_left).
    audience_changes: Mapped[int] = mapped_column(default=0, server_default="0")
    # The one-time key of the console form that made it: a second tap of "send" finds this
    # notice instead of making another (console.web.form_key).
    form_key: Mapped[str | None] = mapped_column(String(32), unique=True)


class NoticeTemplate(Base):
    """A notice's messages kept under a name, to send again."""

    __tablename__ = "notice_templates"
    __table_args__ = (UniqueConstraint("account_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("console_accounts.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    messages: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)


class LineGroup(Base):
    """A LINE group the bot was invited to; an officer says which village it is."""

    __tablename__ = "line_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[str] = mapped_column(String(64), unique=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    joined_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    left_at: Mapped[datetime | None]
