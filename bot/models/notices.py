"""Notices officers broadcast: what, to whom (the audience as asked, and the people it
reached when it went out), and when; saved templates; the village LINE groups the bot is in."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot import clock
from bot.db import Base


class Notice(Base):
    """One notice: its audience (a `bot.audience.AudienceSpec` as JSON) and its messages.

    pending -> sent (released: recipients stored and the outbox rows written, in one
    transaction) | cancelled. The recipients are fixed at release, so the figures
    officers read afterwards are of the people it really went to.
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
    # Who the audience matched but the notice did not go to, by reason (withdrawn, blocked...).
    excluded: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    released_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]


class NoticeRecipient(Base):
    """One person a released notice went to, in multicast batch `batch` (of at most 500)."""

    __tablename__ = "notice_recipients"
    __table_args__ = (UniqueConstraint("notice_id", "person_id"), Index("ix_notice_recipients_line_user", "line_user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    # Null once the person withdrew: the row stays so the notice's counts stay right.
    line_user_id: Mapped[str | None] = mapped_column(String(64))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    batch: Mapped[int] = mapped_column(Integer)


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
