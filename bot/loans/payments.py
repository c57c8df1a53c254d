"""Payments reported in chat and decided by the fund's treasurer or the group's committee member.

A reported payment is pending and changes nothing the borrower owes; only a
confirmation re-allocates the loan. A decision is taken once: a second tap, or a
second person tapping at the same moment, finds the payment no longer pending.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.loans import ledger
from bot.models import Loan, Payment, Person


def report(session: Session, loan: Loan, amount: Decimal, paid_on: date, reporter: Person | None,
           slip_message_id: str | None = None) -> Payment:
    if not isinstance(amount, Decimal) or amount <= 0:
        raise ValueError("a payment is a positive Decimal amount")
    payment = Payment(loan_id=loan.id, amount=amount, paid_on=paid_on, status="pending",
                      slip_message_id=slip_message_id, reported_by_id=reporter.id if reporter else None,
                      reported_at=clock.utcnow())
    session.add(payment)
    session.flush()
    return payment


def deciders(loan: Loan) -> set[int]:
    """Who may confirm or reject: the loan's committee member and the fund's treasurer."""
    return {person_id for person_id in (loan.committee_id, loan.fund.treasurer_id) if person_id}


def may_decide(loan: Loan, person: Person | None) -> bool:
    return person is not None and person.id in deciders(loan)


def decide(session: Session, payment_id: int, confirm: bool, decider: Person) -> str:
    """'confirmed' / 'rejected' when this call decided it, 'already' when it was decided before."""
    status = "confirmed" if confirm else "rejected"
    result = session.execute(update(Payment).where(Payment.id == payment_id, Payment.status == "pending")
                             .values(status=status, decided_by_id=decider.id, decided_at=clock.utcnow()))
    if result.rowcount != 1:
        return "already"
    if confirm:
        loan = session.scalar(select(Loan).join(Payment, Payment.loan_id == Loan.id).where(Payment.id == payment_id))
        ledger.allocate(session, loan)
    return status


def record_confirmed(session: Session, loan: Loan, amount: Decimal, paid_on: date, decider: Person | None) -> Payment:
    """A payment the treasurer records directly (paid in cash at the meeting)."""
    payment = report(session, loan, amount, paid_on, decider)
    payment.status, payment.decided_by_id, payment.decided_at = "confirmed", decider.id if decider else None, clock.utcnow()
    session.flush()
    ledger.allocate(session, loan)
    return payment
