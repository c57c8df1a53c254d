"""What a borrower is told about a loan's standing, in chat and in reminders.

Money must never mislead: arrears are shown as what they are (how many instalments,
how much, overdue since when), apart from the next instalment that is really still
to come; nobody behind is thanked for paying on time; and nobody is told to pay
themselves (a treasurer's own loan is paid to the committee member, else the committee).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import texts, thai
from bot.loans.ledger import Position
from bot.models import Instalment


class Named(Protocol):
    id: int
    full_name: str
    withdrawn_at: object


def pay_to(treasurer: Named | None, committee: Named | None, payer_id: int | None = None) -> str:
    """Whom the borrower pays, as said in a sentence ("คุณสมร ใจดี"): the fund's treasurer, else the
    loan's committee member, never the payer themselves; the fund's committee when nobody else is left."""
    for person in (treasurer, committee):
        if person is not None and person.withdrawn_at is None and person.id != payer_id:
            return texts.PERSON.format(name=thai.call_name(person.full_name))
    return texts.LOAN_PAY_TO_COMMITTEE


# ---- the loan card and the answers to a payment -----------------------------------------

def arrears_line(position: Position) -> str | None:
    if not position.behind:
        return None
    return texts.LOAN_LINE_OVERDUE.format(count=position.overdue_count, amount=thai.money(position.overdue),
                                          since=thai.thai_date(position.overdue_since))


def upcoming_line(position: Position) -> str | None:
    upcoming = position.upcoming
    if upcoming is None:
        return None
    return texts.LOAN_LINE_NEXT.format(number=upcoming.number, amount=thai.money(upcoming.remaining),
                                       due=thai.thai_date(upcoming.due_on))


def standing(position: Position) -> list[str]:
    """The loan's standing in a few lines: arrears, the next instalment to come, credit, or all paid."""
    if position.outstanding == 0:
        lines = [texts.LOAN_LINE_ALL_PAID]
    else:
        lines = [line for line in (arrears_line(position), upcoming_line(position)) if line]
    if position.credit:
        lines.append(texts.LOAN_LINE_CREDIT.format(amount=thai.money(position.credit)))
    return lines


def thanks(position: Position) -> str:
    """How a confirmed payment is thanked: on time only when nothing is overdue after it."""
    if position.outstanding == 0:
        return texts.PAYMENT_THANKS_ALL_PAID
    if position.behind:
        return texts.PAYMENT_THANKS_STILL_BEHIND.format(count=position.overdue_count,
                                                        amount=thai.money(position.overdue))
    return texts.PAYMENT_THANKS_ON_TIME


# ---- reminders --------------------------------------------------------------------------

@dataclass(frozen=True)
class Arrears:
    count: int
    amount: Decimal
    since: date


def arrears_by_loan(session: Session, loan_ids, today: date) -> dict[int, list[tuple[int, date, Decimal]]]:
    """Unpaid instalments already past due, per loan (loan_ids may be a subquery): one query."""
    found: dict[int, list[tuple[int, date, Decimal]]] = defaultdict(list)
    for loan_id, number, due_on, left in session.execute(
            select(Instalment.loan_id, Instalment.number, Instalment.due_on,
                   Instalment.amount_due - Instalment.paid_amount)
            .where(Instalment.loan_id.in_(loan_ids), Instalment.due_on < today,
                   Instalment.paid_amount < Instalment.amount_due)
            .order_by(Instalment.loan_id, Instalment.number)):
        found[loan_id].append((number, due_on, left))
    return found


def arrears_besides(late: list[tuple[int, date, Decimal]], number: int) -> Arrears | None:
    """What is overdue on a loan apart from instalment `number` (the one a reminder is about)."""
    others = [(n, due_on, left) for n, due_on, left in late if n != number]
    if not others:
        return None
    return Arrears(len(others), sum((left for _, _, left in others), Decimal("0.00")), others[0][1])


def borrower_reminder(template: str, borrower: str, number: int, amount: Decimal, due: date, left: Decimal,
                      pay_to_text: str, arrears: Arrears | None) -> str:
    """A ladder step's text for the borrower, with the money already overdue on other instalments."""
    body = template.format(borrower=borrower, number=number, amount=thai.money(amount), due=thai.thai_date(due),
                           left=thai.money(left), pay_to=pay_to_text)
    if arrears is None:
        return body
    return body + "\n" + texts.LOAN_REMINDER_ARREARS.format(count=arrears.count, amount=thai.money(arrears.amount),
                                                            since=thai.thai_date(arrears.since))
