"""Activities officers hold for the people they follow (a training day, a group meeting):
the activity, who was invited and what each answered, and who came.

The invited people are written when the activity is created (its audience resolved once),
so the day-before reminder goes to the same people the announcement went to."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot import clock
from bot.db import Base


class Activity(Base):
    """One activity: what, when (Bangkok), where, for whom, by which officer.

    status: planned | cancelled. The area columns are the creating account's area, and an
    account sees the activity only if that area lies within its own (see bot.activities)."""

    __tablename__ = "activities"
    __table_args__ = (
        CheckConstraint("status IN ('planned', 'cancelled')", name="status"),
        Index("ix_activities_day_status", "day", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    details: Mapped[str | None] = mapped_column(Text)
    starts_at: Mapped[datetime]
    # The Bangkok day of starts_at: the date the reminder ladder counts from.
    day: Mapped[date]
    place: Mapped[str] = mapped_column(String(300))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    # The invited audience as the officer chose it (bot.audience), kept to show what was asked for.
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    account_id: Mapped[int | None] = mapped_column(ForeignKey("console_accounts.id", ondelete="SET NULL"))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    subdistrict_id: Mapped[int | None] = mapped_column(ForeignKey("subdistricts.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    cancelled_at: Mapped[datetime | None]
    # The one-time key of the console form that made it (see Notice.form_key).
    form_key: Mapped[str | None] = mapped_column(String(32), unique=True)


class ActivityInvitee(Base):
    """A person invited to an activity and their answer: go | no | maybe, or none yet.

    The answer can be changed until the activity starts; answered_at is the latest change."""

    __tablename__ = "activity_invitees"
    __table_args__ = (
        UniqueConstraint("activity_id", "person_id"),
        CheckConstraint("answer IN ('go', 'no', 'maybe')", name="answer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    answer: Mapped[str | None] = mapped_column(String(8))
    first_answered_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]


class ActivityAttendance(Base):
    """Whether an invited person came, as recorded afterwards by an officer (console) or
    their village's leader (chat); recorded again, the latest record wins."""

    __tablename__ = "activity_attendance"
    __table_args__ = (UniqueConstraint("activity_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    attended: Mapped[bool] = mapped_column(Boolean)
    # Who recorded it: a console account, or a leader in chat.
    recorded_by_account_id: Mapped[int | None] = mapped_column(ForeignKey("console_accounts.id", ondelete="SET NULL"))
    recorded_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
