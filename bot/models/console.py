"""What the officers' web console keeps: accounts and their area, one-time sign-in links,
the audit log of who saw or changed personal data, help cases and stored LINE media."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot import clock
from bot.db import Base
from bot.models.people import Person


class ConsoleAccount(Base):
    """One person's sign-in to the console and the area it may see.

    role: officer | committee | admin. An officer's area is a province, a district or a
    subdistrict (the narrowest one set wins); a committee member sees one fund; an admin sees all.
    """

    __tablename__ = "console_accounts"
    __table_args__ = (
        CheckConstraint("role IN ('officer', 'committee', 'admin')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), unique=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    subdistrict_id: Mapped[int | None] = mapped_column(ForeignKey("subdistricts.id"))
    fund_id: Mapped[int | None] = mapped_column(ForeignKey("funds.id"))
    disabled_at: Mapped[datetime | None]
    last_sign_in_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    person: Mapped[Person] = relationship()


class SignInLink(Base):
    """A single-use sign-in link asked for in chat: only its hash is stored."""

    __tablename__ = "console_sign_in_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("console_accounts.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class AuditEntry(Base):
    """Who viewed, exported or changed personal data, and when (PDPA accountability)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("console_accounts.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(16))  # view | export | change | sign_in
    subject: Mapped[str] = mapped_column(String(200))  # what was seen or changed, like "village:3"
    address: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(default=clock.utcnow)


class HelpCase(Base):
    """A household's or leader's request for help, followed as a case: open, in_progress, closed.

    Raised from a report that asked for help (source, source_id say which), once per report.
    """

    __tablename__ = "help_cases"
    __table_args__ = (UniqueConstraint("source", "source_id"), Index("ix_help_cases_village_status", "village_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    source: Mapped[str] = mapped_column(String(16))  # weekly | household
    source_id: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    person: Mapped[Person] = relationship()
    notes: Mapped[list["HelpCaseNote"]] = relationship(order_by="HelpCaseNote.id", cascade="all, delete-orphan")


class HelpCaseNote(Base):
    __tablename__ = "help_case_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("help_cases.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("console_accounts.id", ondelete="SET NULL"))
    author: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # the case's status after this note
    at: Mapped[datetime] = mapped_column(default=clock.utcnow)


class StoredMedia(Base):
    """A photo or payment slip fetched once from LINE's content API and kept in our storage."""

    __tablename__ = "stored_media"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    location: Mapped[str] = mapped_column(String(500))  # a path under the media folder, or an object key
    size: Mapped[int] = mapped_column(Integer)
    fetched_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
