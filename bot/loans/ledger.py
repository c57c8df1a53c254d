"""What a loan owes: instalments paid from confirmed payments, oldest first.

`allocate` rewrites every instalment's `paid_amount` / `paid_on` from the loan's
confirmed payments taken in the order they were paid. Storing the result keeps the
planner's "still unpaid?" a plain column test; recomputing it from scratch at every
change (confirm, reject, re-import) keeps it consistent with the payments. An early
payment counts at once, a partial one leaves the rest due, and money beyond an
instalment carries forward to the next ones; beyond the last one it is credit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.models import GroupMember, Instalment, Loan, Payment, Person

ZERO = Decimal("0.00")


def allocate(session: Session, loan: Loan) -> None:
    payments = session.execute(
        select(Payment.amount, Payment.paid_on).where(Payment.loan_id == loan.id, Payment.status == "confirmed")
        .order_by(Payment.paid_on, Payment.id)).all()
    queue = [[amount, paid_on] for amount, paid_on in payments]
    for instalment in sorted(loan.instalments, key=lambda i: i.number):
        paid, paid_on = ZERO, None
        while queue and paid < instalment.amount_due:
            take = min(queue[0][0], instalment.amount_due - paid)
            paid += take
            queue[0][0] -= take
            if paid == instalment.amount_due:
                paid_on = queue[0][1]
            if queue[0][0] == ZERO:
                queue.pop(0)
        instalment.paid_amount, instalment.paid_on = paid, paid_on
    session.flush()


@dataclass(frozen=True)
class Position:
    """A loan's standing on a day."""

    total_due: Decimal  # every instalment, principal and interest
    paid: Decimal  # confirmed payments
    outstanding: Decimal  # what is still to pay on the instalments (never negative)
    credit: Decimal  # paid beyond the last instalment
    overdue: Decimal  # unpaid on instalments due before the day (the arrears)
    overdue_count: int  # instalments due before the day with money left on them
    overdue_since: date | None  # the due date of the oldest of those
    upcoming: Instalment | None  # the first instalment due on or after the day with money left
    pending: Decimal  # reported, awaiting the treasurer

    @property
    def behind(self) -> bool:
        return self.overdue > ZERO


def position(session: Session, loan: Loan, today: date) -> Position:
    confirmed = pending = ZERO
    for amount, status in session.execute(select(Payment.amount, Payment.status).where(Payment.loan_id == loan.id)):
        if status == "confirmed":
            confirmed += amount
        elif status == "pending":
            pending += amount
    instalments = sorted(loan.instalments, key=lambda i: i.number)
    total = sum((i.amount_due for i in instalments), ZERO)
    outstanding = sum((i.remaining for i in instalments), ZERO)
    late = [i for i in instalments if i.due_on < today and i.remaining > ZERO]
    overdue = sum((i.remaining for i in late), ZERO)
    upcoming = next((i for i in instalments if i.due_on >= today and i.remaining > ZERO), None)
    return Position(total, confirmed, outstanding, max(confirmed - total, ZERO), overdue, len(late),
                    late[0].due_on if late else None, upcoming, pending)


def outstanding_principal(instalment: Instalment) -> Decimal:
    """Principal still owed on one instalment; a payment covers the interest first."""
    towards_principal = max((instalment.paid_amount or ZERO) - instalment.interest_due, ZERO)
    return max(instalment.principal_due - towards_principal, ZERO)


def set_instalments(session: Session, loan: Loan, dues: list) -> None:
    """Make the loan's instalments these (`schedule.Due`s), updated in place by number.

    An instalment keeps its id when its date or amount changes, so reminders already
    sent stay recorded while a new due date starts a fresh ladder (keys carry the date).
    """
    current = {i.number: i for i in loan.instalments}
    wanted = {due.number for due in dues}
    for number, instalment in current.items():
        if number not in wanted:
            loan.instalments.remove(instalment)
    for due in dues:
        instalment = current.get(due.number)
        if instalment is None:
            instalment = Instalment(number=due.number, paid_amount=ZERO)
            loan.instalments.append(instalment)
        instalment.due_on, instalment.principal_due, instalment.interest_due = due.due_on, due.principal, due.interest
        instalment.amount_due = due.principal + due.interest
    session.flush()
    allocate(session, loan)


def loans_of(session: Session, person: Person) -> list[Loan]:
    """The loans a person may see: their own, and their occupational groups'."""
    groups = select(GroupMember.group_id).where(GroupMember.person_id == person.id)
    return list(session.scalars(select(Loan).where(or_(Loan.household_id == person.id, Loan.group_id.in_(groups)))
                                .order_by(Loan.approved_on, Loan.id)))


def borrower_name(loan: Loan) -> str:
    return loan.group.name if loan.group is not None else loan.household.full_name
