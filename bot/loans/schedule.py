"""Instalments for a loan repaid on a regular schedule.

Equal principal each period plus interest on the declining balance: period interest
is balance × yearly rate × months in the period ÷ 12, rounded half up to the satang.
The last instalment takes whatever principal rounding left over, so the principal
parts always add up to the loan exactly.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

SATANG = Decimal("0.01")
MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}


@dataclass(frozen=True)
class Due:
    number: int
    due_on: date
    principal: Decimal
    interest: Decimal

    @property
    def amount(self) -> Decimal:
        return self.principal + self.interest


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later; the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def instalments(principal: Decimal, yearly_rate_percent: Decimal, first_due: date, count: int,
                frequency: str) -> list[Due]:
    months = MONTHS[frequency]
    share = (principal / count).quantize(SATANG, rounding=ROUND_DOWN)
    balance = principal
    dues = []
    for number in range(1, count + 1):
        part = balance if number == count else share
        interest = (balance * yearly_rate_percent / 100 * months / 12).quantize(SATANG, rounding=ROUND_HALF_UP)
        dues.append(Due(number, add_months(first_due, months * (number - 1)), part, interest))
        balance -= part
    return dues
