"""Scheduled messages as decided: one row per key, the record every planner and cap reads."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot import clock
from bot.db import Base


class ScheduledMessage(Base):
    """Every scheduled message decided, recorded before it is queued.

    The unique key (a nudge for a week, a reminder step for an instalment) makes it
    once only however many cron processes run; the rows of one person's day are what
    the daily caps count. Skipped sends (blocked, no consent) are kept and counted.
    """

    __tablename__ = "scheduled_messages"
    __table_args__ = (
        Index("ix_scheduled_messages_user_day", "line_user_id", "local_date"),
        # Planners look up the day's decisions of their own category.
        Index("ix_scheduled_messages_category_day", "category", "local_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    category: Mapped[str] = mapped_column(String(16))
    line_user_id: Mapped[str | None] = mapped_column(String(64))
    local_date: Mapped[str] = mapped_column(String(10))
    # queued | blocked | no_consent | no_account
    outcome: Mapped[str] = mapped_column(String(16))
    outbox_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
