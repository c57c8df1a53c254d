"""Village and women's funds, their loans, the instalments due and the payments made.

Money is `Numeric(12, 2)`: exact baht and satang, read back as `Decimal`.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot import clock
from bot.db import Base
from bot.models.people import OccupationalGroup, Person

MONEY = Numeric(12, 2)


class Fund(Base):
    """A fund that lends: kind womens | kkkj (กข.คจ.) | village; owned by a village or a subdistrict."""

    __tablename__ = "funds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    subdistrict_id: Mapped[int | None] = mapped_column(ForeignKey("subdistricts.id"))
    treasurer_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    # A fund's own reminder ladder (see bot.ladders); null: the ปตท. default.
    ladder: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    treasurer: Mapped[Person | None] = relationship()


class Loan(Base):
    """Lent to an occupational group or to one household, followed by one committee member."""

    __tablename__ = "loans"
    __table_args__ = (
        UniqueConstraint("fund_id", "contract"),
        CheckConstraint("(group_id IS NULL) <> (household_id IS NULL)", name="one_borrower"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fund_id: Mapped[int] = mapped_column(ForeignKey("funds.id"), index=True)
    contract: Mapped[str] = mapped_column(String(50))  # the fund's own contract number
    group_id: Mapped[int | None] = mapped_column(ForeignKey("occupational_groups.id"), index=True)
    household_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    principal: Mapped[Decimal] = mapped_column(MONEY)
    interest_rate: Mapped[Decimal] = mapped_column(Numeric(6, 3))  # percent a year
    approved_on: Mapped[date] = mapped_column(Date)
    # monthly | quarterly | yearly | imported (instalments given row by row)
    frequency: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    fund: Mapped[Fund] = relationship()
    group: Mapped[OccupationalGroup | None] = relationship()
    household: Mapped[Person | None] = relationship(foreign_keys=[household_id])
    committee: Mapped[Person | None] = relationship(foreign_keys=[committee_id])
    instalments: Mapped[list["Instalment"]] = relationship(
        back_populates="loan", order_by="Instalment.number", cascade="all, delete-orphan")


class Instalment(Base):
    """One amount due on one day. `paid_amount` and `paid_on` are derived from the loan's
    confirmed payments by `bot.loans.ledger.allocate`, and rewritten whenever they change."""

    __tablename__ = "instalments"
    __table_args__ = (UniqueConstraint("loan_id", "number"), Index("ix_instalments_due_on", "due_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date)
    principal_due: Mapped[Decimal] = mapped_column(MONEY)
    interest_due: Mapped[Decimal] = mapped_column(MONEY)
    amount_due: Mapped[Decimal] = mapped_column(MONEY)
    paid_amount: Mapped[Decimal] = mapped_column(MONEY, default=Decimal("0.00"))
    paid_on: Mapped[date | None] = mapped_column(Date)  # the day it became fully paid
    loan: Mapped[Loan] = relationship(back_populates="instalments")

    @property
    def remaining(self) -> Decimal:
        return self.amount_due - (self.paid_amount or Decimal("0.00"))


class Payment(Base):
    """Money a borrower says they paid: pending until the treasurer or committee member confirms."""

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal] = mapped_column(MONEY)
    paid_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | confirmed | rejected
    slip_message_id: Mapped[str | None] = mapped_column(String(64))
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    reported_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    decided_at: Mapped[datetime | None]
    loan: Mapped[Loan] = relationship()
