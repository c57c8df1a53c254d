"""The figures on an officer's overview page, for one area, in a fixed number of queries.

Every figure is computed in SQL or from one query's rows, grouped in Python, so the
number of queries stays the same for 5 villages or 500 (see benchmarks/console_overview.py).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, and_, func, select
from sqlalchemy.orm import Session

from bot import activities, clock, help_cases, thai
from bot.area import Area
from bot.loans.report import loans_report
from bot.models import AskedQuestion, HelpCase, HouseholdReport, Instalment, Loan, Person, PersonRole, WeeklyReport

TREND_WEEKS = 12
TREND_MONTHS = 12


@dataclass(frozen=True)
class Share:
    part: int
    whole: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.part / self.whole, 1) if self.whole else None


def people_with_role(area: Area, role: str):
    """A subquery of the ids of the area's active people holding `role`."""
    return (select(Person.id).join(PersonRole, PersonRole.person_id == Person.id)
            .where(PersonRole.role == role, Person.withdrawn_at.is_(None), Person.village_id.in_(area.village_ids())))


def latest_household_reports(area: Area):
    """A subquery: each of the area's households' latest monthly report."""
    households = people_with_role(area, "household")
    newest = (select(HouseholdReport.household_id, func.max(HouseholdReport.month).label("month"))
              .where(HouseholdReport.household_id.in_(households)).group_by(HouseholdReport.household_id).subquery())
    return (select(HouseholdReport).join(newest, and_(HouseholdReport.household_id == newest.c.household_id,
                                                      HouseholdReport.month == newest.c.month)).subquery())


def week_compliance(session: Session, area: Area, week: str) -> dict[str, int]:
    leaders = people_with_role(area, "leader")
    total = session.scalar(select(func.count()).select_from(leaders.subquery()))
    sent, late = session.execute(select(
        func.count(WeeklyReport.id), func.coalesce(func.sum(func.cast(WeeklyReport.late, Integer)), 0))
        .where(WeeklyReport.week == week, WeeklyReport.leader_id.in_(leaders))).one()
    return {"leaders": total, "on_time": sent - int(late), "late": int(late), "missing": total - sent}


def overview(session: Session, area: Area) -> dict[str, Any]:
    today = clock.now().date()
    week = thai.iso_week(today)
    help_cases.raise_from_reports(session, area)
    latest = latest_household_reports(area)
    households = session.scalar(select(func.count()).select_from(people_with_role(area, "household").subquery()))
    practising, higher = session.execute(select(
        func.coalesce(func.sum(func.cast(latest.c.practised, Integer)), 0),
        func.coalesce(func.sum(func.cast(latest.c.income_vs_start == "up", Integer)), 0))).one()
    questions = session.scalar(select(func.count(AskedQuestion.id)).where(
        AskedQuestion.status == "open", AskedQuestion.line_user_id.in_(
            select(Person.line_user_id).where(Person.village_id.in_(area.village_ids())))))
    cases = session.scalar(select(func.count(HelpCase.id)).where(
        HelpCase.status != "closed", HelpCase.village_id.in_(area.village_ids())))
    return {
        "today": today,
        "week": week,
        "week_label": thai.week_label(week),
        "reports": week_compliance(session, area, week),
        "households": households,
        "practising": Share(int(practising), households),
        "higher_income": Share(int(higher), households),
        "loans": loans_report(session, fund_ids=area.fund_ids()),
        "questions_waiting": questions,
        "help_open": cases,
        "compliance_trend": compliance_trend(session, area, week),
        "repayment_trend": repayment_trend(session, area, today),
        "activities": activities.figures(session, area, today),
    }


def compliance_trend(session: Session, area: Area, week: str) -> list[tuple[str, float | None]]:
    """(week, % of today's leaders who reported that week) for the last 12 weeks, oldest first."""
    weeks = [week]
    for _ in range(TREND_WEEKS - 1):
        weeks.append(thai.previous_week(weeks[-1]))
    weeks.reverse()
    leaders = people_with_role(area, "leader")
    total = session.scalar(select(func.count()).select_from(leaders.subquery()))
    sent = dict(session.execute(select(WeeklyReport.week, func.count(WeeklyReport.id)).where(
        WeeklyReport.week.in_(weeks), WeeklyReport.leader_id.in_(leaders)).group_by(WeeklyReport.week)).all())
    return [(w, Share(sent.get(w, 0), total).percent) for w in weeks]


def _month_start(day: date, back: int) -> date:
    month = day.month - back
    year = day.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


def repayment_trend(session: Session, area: Area, today: date) -> list[tuple[str, float | None]]:
    """(month, % paid of what fell due that month) for the last 12 months, oldest first."""
    first = _month_start(today, TREND_MONTHS - 1)
    due: dict[str, Decimal] = defaultdict(Decimal)
    paid: dict[str, Decimal] = defaultdict(Decimal)
    # Summed per due date in SQL: a year of a district's instalments falls on a few hundred days at most.
    rows = session.execute(select(Instalment.due_on, func.sum(Instalment.amount_due), func.sum(Instalment.paid_amount))
                           .join(Loan, Loan.id == Instalment.loan_id)
                           .where(Loan.fund_id.in_(area.fund_ids()), Instalment.due_on >= first,
                                  Instalment.due_on <= today).group_by(Instalment.due_on))
    for due_on, amount, paid_amount in rows:
        key = thai.month_key(due_on)
        due[key] += amount
        paid[key] += paid_amount or 0
    months = [thai.month_key(_month_start(today, back)) for back in range(TREND_MONTHS - 1, -1, -1)]
    return [(m, round(float(100 * paid[m] / due[m]), 1) if due[m] else None) for m in months]
