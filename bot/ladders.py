"""Every timed message the bot sends, as data: one registry of ladders.

A ladder is a few steps, each a signed number of days from a date (an instalment's due
date, the Monday of a report week), a Bangkok hour, the name of its text in `bot.texts`
and who gets it. A step may go out from its time until its ladder's window closes, so a
planner that runs every few minutes sends it at its hour and one that was down for a
while still catches up; after that it is skipped (a "one month before" arriving two
weeks before would only confuse).

| ladder (= scheduling category) | counts days from | steps |
| --- | --- | --- |
| `reminder` (loans, the ปตท. model) | the instalment's due date | -30, -15, -7, 0, +1, +7, +30 |
| `nudge` (weekly report) | the Monday of the report week | the due day (settings), two days later |
| `officer_list` (who did not report) | the Monday after the report week | that Monday 09:00 |
| `encouragement` | the Monday of the week | Wednesday 10:00 |
| `activity` (bot.activities) | the activity's day | the day before at 09:00 |

`check(settings)` validates the registry and runs when every process starts (app
factory, worker, cron). A fund's own loan ladder (`funds.ladder`) is read with
`loan_ladder_from_data`; a bad one raises `LadderError` for that fund only.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from bot import clock, texts
from bot.scheduling import PRIORITY

BORROWER, COMMITTEE, OFFICER, LEADER, HOUSEHOLD = "borrower", "committee", "officer", "leader", "household"
INVITEE = "invitee"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class LadderError(ValueError):
    """A ladder that cannot be sent as written."""


@dataclass(frozen=True)
class Step:
    days: int  # from the ladder's date; negative is before it
    hour: int  # Bangkok time, outside quiet hours (07:00-20:00)
    text: str  # the name of the first recipient's text in bot.texts
    to: tuple[str, ...]
    minute: int = 0

    def at(self, day: date, tz) -> datetime:
        return datetime.combine(day + timedelta(days=self.days), time(self.hour, self.minute), tzinfo=tz)

    @property
    def overdue(self) -> bool:
        return self.days > 0

    def as_data(self) -> dict[str, Any]:
        return {"days": self.days, "hour": self.hour, "text": self.text, "to": list(self.to)}


@dataclass(frozen=True)
class Ladder:
    name: str  # also the scheduling category of its sends
    steps: tuple[Step, ...]
    recipients: tuple[str, ...]  # who a step may name; the first must be in every step
    late: timedelta | None = None  # a step may go out this long after its time...
    open_days: int | None = None  # ...or until this many days after the ladder's date (midnight)

    def __post_init__(self):
        problems = self.problems()
        if problems:
            raise LadderError(f"ladder {self.name}: " + "; ".join(problems))

    def problems(self) -> list[str]:
        found = []
        if not self.steps:
            found.append("no steps")
        if (self.late is None) == (self.open_days is None):
            found.append("give exactly one of late and open_days")
        if len({step.days for step in self.steps}) != len(self.steps):
            found.append("two steps on the same day")
        for step in self.steps:
            when = step.at(date(2027, 1, 1), clock.now().tzinfo)
            if clock.quiet_hours(when) or not 0 <= step.minute < 60:
                found.append(f"step {step.days:+d} at {step.hour}:{step.minute:02d} falls in quiet hours")
            if not isinstance(getattr(texts, step.text, None), (str, dict)):
                found.append(f"step {step.days:+d}: no text named {step.text}")
            if not step.to or set(step.to) - set(self.recipients) or self.recipients[0] not in step.to:
                found.append(f"step {step.days:+d}: recipients {list(step.to)} must include {self.recipients[0]}"
                             f" and be among {list(self.recipients)}")
            if self.open_days is not None and step.days >= self.open_days:
                found.append(f"step {step.days:+d} comes after its window closes (day {self.open_days})")
        return found

    def closes(self, step: Step, day: date, tz) -> datetime:
        if self.late is not None:
            return step.at(day, tz) + self.late
        return datetime.combine(day + timedelta(days=self.open_days), time(0), tzinfo=tz)

    def is_due(self, step: Step, day: date, now: datetime) -> bool:
        return step.at(day, now.tzinfo) <= now < self.closes(step, day, now.tzinfo)

    def due_dates(self, step: Step, now: datetime) -> set[date]:
        """The ladder dates whose `step` may go out at `now` (for `late` under a day: at most two)."""
        reach = (self.late or timedelta(days=self.open_days)).days + 1
        today = now.date()
        return {today - timedelta(days=step.days + back) for back in range(reach + 1)
                if self.is_due(step, today - timedelta(days=step.days + back), now)}

    def latest_due(self, day: date, now: datetime) -> Step | None:
        """The last step of the ladder dated `day` whose time has come and window is open."""
        due = [step for step in self.steps if self.is_due(step, day, now)]
        return max(due, key=lambda step: step.days) if due else None


LOAN_RECIPIENTS = (BORROWER, COMMITTEE, OFFICER)
# The ปตท. model: 1 month, 15 and 7 days before each due date, then follow-up at once after it;
# from +7 the group's committee member hears too, from +30 the officers of the area.
LOAN_REMINDERS = Ladder("reminder", (
    Step(days=-30, hour=9, text="LOAN_DUE_IN_A_MONTH", to=(BORROWER,)),
    Step(days=-15, hour=9, text="LOAN_DUE_IN_15_DAYS", to=(BORROWER,)),
    Step(days=-7, hour=9, text="LOAN_DUE_IN_7_DAYS", to=(BORROWER,)),
    Step(days=0, hour=8, text="LOAN_DUE_TODAY", to=(BORROWER,)),
    Step(days=1, hour=9, text="LOAN_OVERDUE_1", to=(BORROWER,)),
    Step(days=7, hour=9, text="LOAN_OVERDUE_7", to=(BORROWER, COMMITTEE)),
    Step(days=30, hour=9, text="LOAN_OVERDUE_30", to=(BORROWER, COMMITTEE, OFFICER)),
), LOAN_RECIPIENTS, late=timedelta(days=1))

# Who did not report last week, to their officers on Monday (Tuesday if Monday's run was missed).
OFFICER_LIST = Ladder("officer_list", (Step(days=0, hour=9, text="OFFICER_MISSING_REPORTS", to=(OFFICER,)),),
                      (OFFICER,), open_days=2)

# A short encouraging message each Wednesday from 10:00, per role (texts.ENCOURAGEMENT).
ENCOURAGEMENT = Ladder("encouragement", (
    Step(days=2, hour=10, text="ENCOURAGEMENT", to=(COMMITTEE, LEADER, HOUSEHOLD)),), (COMMITTEE, LEADER, HOUSEHOLD),
    open_days=3)

# The day before an activity, to those invited who said they would go or have not answered
# (the window closes when the activity's day begins). Its announcements share the category.
ACTIVITY_REMINDERS = Ladder("activity", (Step(days=-1, hour=9, text="ACTIVITY_REMINDER", to=(INVITEE,)),),
                            (INVITEE,), open_days=0)


def report_nudges(weekly_report_due: str) -> Ladder:
    """Nudges for the weekly report due at `weekly_report_due` ("fri 17:00", from settings):
    the first at that time, a second two days later at 10:00 if that is still in the
    report week (the keys carry the week, so a nudge never crosses into the next)."""
    weekday, due = parse_due(weekly_report_due)
    steps = [Step(days=weekday, hour=due.hour, minute=due.minute, text="NUDGE_FIRST", to=(LEADER,))]
    if weekday + 2 < 7:
        steps.append(Step(days=weekday + 2, hour=10, text="NUDGE_SECOND", to=(LEADER,)))
    return Ladder("nudge", tuple(steps), (LEADER,), open_days=7)


def parse_due(text: str) -> tuple[int, time]:
    """"fri 17:00" -> (4, 17:00)."""
    try:
        day, _, clock_time = text.strip().lower().partition(" ")
        hour, _, minute = clock_time.partition(":")
        return WEEKDAYS.index(day[:3]), time(int(hour), int(minute or 0))
    except ValueError as error:
        raise LadderError(f"weekly report due time {text!r} is not like 'fri 17:00'") from error


def registry(settings) -> dict[str, Ladder]:
    """Every ladder, by scheduling category."""
    ladders = (LOAN_REMINDERS, ACTIVITY_REMINDERS, report_nudges(settings.weekly_report_due), OFFICER_LIST,
               ENCOURAGEMENT)
    return {ladder.name: ladder for ladder in ladders}


def check(settings) -> dict[str, Ladder]:
    """Run at start: every ladder builds (each validates itself) and every category has one."""
    found = registry(settings)
    if set(found) != set(PRIORITY):
        raise LadderError(f"scheduling.PRIORITY {PRIORITY} and the ladders {tuple(found)} differ")
    return found


def loan_ladder_from_data(rows: list[dict[str, Any]] | None) -> Ladder:
    """A fund's own ladder as stored in `funds.ladder`; None or empty means the default."""
    if not rows:
        return LOAN_REMINDERS
    try:
        steps = tuple(sorted((Step(days=int(r["days"]), hour=int(r["hour"]), text=str(r["text"]),
                                   to=tuple(str(who) for who in r["to"])) for r in rows), key=lambda s: s.days))
    except (KeyError, TypeError, ValueError) as error:
        raise LadderError(f"a step is not {{days, hour, text, to}}: {error!r}") from error
    return Ladder(LOAN_REMINDERS.name, steps, LOAN_RECIPIENTS, late=LOAN_REMINDERS.late)
