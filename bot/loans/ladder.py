"""The repayment reminder ladder, as data (the ปตท. model: 1 month, 15 and 7 days before
each due date, then follow-up at once after it).

A step is a day relative to the instalment's due date, an hour in Bangkok time, the
borrower's text, and who gets it. From +7 days the group's committee member hears
too, from +30 the officers whose area covers the borrower's village.

A step is due from its delivery time until a day later (`LATE_LIMIT`). A planner
that runs every few minutes sends it at its hour; a planner that was down for a
few hours still catches up the same day. A step more than a day past (a loan
imported late, a due date moved back) is skipped: a "one month before" message
arriving two weeks before would only confuse.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from bot import texts

BORROWER, COMMITTEE, OFFICER = "borrower", "committee", "officer"
RECIPIENTS = (BORROWER, COMMITTEE, OFFICER)
LATE_LIMIT = timedelta(days=1)


@dataclass(frozen=True)
class Step:
    days: int  # relative to the due date; negative is before it
    hour: int  # Bangkok time, outside quiet hours (07:00-20:00)
    text: str  # the name of the borrower's text in bot.texts
    to: tuple[str, ...]

    def __post_init__(self):
        if not 7 <= self.hour < 20:
            raise ValueError(f"reminder hour {self.hour} falls in quiet hours")
        if not hasattr(texts, self.text):
            raise ValueError(f"no text named {self.text}")
        if set(self.to) - set(RECIPIENTS) or BORROWER not in self.to:
            raise ValueError(f"recipients {self.to} must include {BORROWER} and be among {RECIPIENTS}")

    @property
    def overdue(self) -> bool:
        return self.days > 0

    def delivery(self, due_on: date, tz) -> datetime:
        return datetime.combine(due_on + timedelta(days=self.days), time(self.hour), tzinfo=tz)

    def is_due(self, due_on: date, now: datetime) -> bool:
        start = self.delivery(due_on, now.tzinfo)
        return start <= now < start + LATE_LIMIT

    def due_dates(self, now: datetime) -> set[date]:
        """The due dates whose step is due at `now` (at most two: today's and yesterday's)."""
        today = now.date()
        return {day for day in (today - timedelta(days=self.days), today - timedelta(days=self.days + 1))
                if self.is_due(day, now)}

    def as_data(self) -> dict[str, Any]:
        return {"days": self.days, "hour": self.hour, "text": self.text, "to": list(self.to)}


PTT_LADDER: tuple[Step, ...] = (
    Step(days=-30, hour=9, text="LOAN_DUE_IN_A_MONTH", to=(BORROWER,)),
    Step(days=-15, hour=9, text="LOAN_DUE_IN_15_DAYS", to=(BORROWER,)),
    Step(days=-7, hour=9, text="LOAN_DUE_IN_7_DAYS", to=(BORROWER,)),
    Step(days=0, hour=8, text="LOAN_DUE_TODAY", to=(BORROWER,)),
    Step(days=1, hour=9, text="LOAN_OVERDUE_1", to=(BORROWER,)),
    Step(days=7, hour=9, text="LOAN_OVERDUE_7", to=(BORROWER, COMMITTEE)),
    Step(days=30, hour=9, text="LOAN_OVERDUE_30", to=(BORROWER, COMMITTEE, OFFICER)),
)


def from_data(rows: list[dict[str, Any]] | None) -> tuple[Step, ...]:
    """A fund's own ladder as stored in `funds.ladder`; None or empty means the default."""
    if not rows:
        return PTT_LADDER
    steps = tuple(Step(days=int(r["days"]), hour=int(r["hour"]), text=str(r["text"]), to=tuple(r["to"]))
                  for r in rows)
    if len({s.days for s in steps}) != len(steps):
        raise ValueError("two steps on the same day")
    return tuple(sorted(steps, key=lambda s: s.days))
