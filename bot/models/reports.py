"""Progress reports: the leader's weekly report and the household's monthly one.

Each keeps the flow's answers whole in `answers` (JSON), and beside them the typed
figures the officers' reports count and sum."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot import clock
from bot.db import Base


class WeeklyReport(Base):
    """A sammachip leader's report for one ISO week ("2026-W48"); editable until the week closes."""

    __tablename__ = "weekly_reports"
    __table_args__ = (UniqueConstraint("leader_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    leader_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    week: Mapped[str] = mapped_column(String(8), index=True)
    visited_household_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    activities: Mapped[list[str]] = mapped_column(JSON, default=list)
    households_practising: Mapped[int] = mapped_column(Integer)
    # up | same | down | unknown: the income change the leader heard of.
    income_trend: Mapped[str] = mapped_column(String(8))
    income_change: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    problems: Mapped[str | None] = mapped_column(Text)
    help_needed: Mapped[str | None] = mapped_column(Text)
    photo_message_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    # Every answer of the flow, whole: a question added to the flow is kept without a new column.
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=clock.utcnow)


class HouseholdReport(Base):
    """A target household's report for one month ("2026-11"); a second one that month replaces it."""

    __tablename__ = "household_reports"
    __table_args__ = (UniqueConstraint("household_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    practised: Mapped[bool] = mapped_column(Boolean)
    income: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    expenses_saved: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    # up | same | down: the family's income now against before the programme, as they see it.
    income_vs_start: Mapped[str] = mapped_column(String(8))
    problems: Mapped[str | None] = mapped_column(Text)
    needs_help: Mapped[bool] = mapped_column(Boolean, default=False)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
