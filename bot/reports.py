"""Progress reports: who follows whom, saving reports, and the figures officers report upward.

A report keeps every answer of its flow whole (`answers`, JSON), so a question added
to a flow is stored without touching this module; the typed columns beside it are the
figures officers count and sum, read from those answers.

The headline figure is the programme's own: households whose income is higher than
when they started (e.g. 157 of 194, 81 %), from each household's latest report.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bot import clock, texts, thai
from bot.models import (
    District, HouseholdReport, LeaderHousehold, OfficerScope, Person, PersonRole, Subdistrict, Village, WeeklyReport,
)


def households_of(session: Session, leader: Person) -> list[Person]:
    return list(session.scalars(
        select(Person).join(LeaderHousehold, LeaderHousehold.household_id == Person.id)
        .where(LeaderHousehold.leader_id == leader.id).order_by(Person.id)))


def leaders_of(session: Session, household: Person) -> list[Person]:
    return list(session.scalars(
        select(Person).join(LeaderHousehold, LeaderHousehold.leader_id == Person.id)
        .where(LeaderHousehold.household_id == household.id, Person.withdrawn_at.is_(None))))


def officers_for(session: Session, village_id: int | None) -> list[Person]:
    """Officers whose scope covers the village: its whole district, or its subdistrict."""
    if village_id is None:
        return []
    village = session.get(Village, village_id)
    subdistrict = village.subdistrict
    return list(session.scalars(
        select(Person).join(OfficerScope, OfficerScope.person_id == Person.id).where(
            Person.withdrawn_at.is_(None), OfficerScope.district_id == subdistrict.district_id,
            or_(OfficerScope.subdistrict_id.is_(None), OfficerScope.subdistrict_id == subdistrict.id),
        ).distinct()))


def week_is_open(week: str) -> bool:
    return week == thai.iso_week(clock.now())


def storable(answers: dict[str, Any]) -> dict[str, Any]:
    """The flow's answers as kept with a report: every step's, without the engine's working keys."""
    return {key: value for key, value in answers.items() if not key.startswith("_")}


def save_weekly(session: Session, leader: Person, week: str, answers: dict[str, Any]) -> tuple[WeeklyReport, bool]:
    """Store the week's report (editing it while the week is open); returns (report, was it new)."""
    report = session.scalar(select(WeeklyReport).where(WeeklyReport.leader_id == leader.id, WeeklyReport.week == week))
    created = report is None
    if created:
        report = WeeklyReport(leader_id=leader.id, week=week, submitted_at=clock.utcnow())
        session.add(report)
    report.answers = storable(answers)
    report.visited_household_ids = [int(value) for value in answers.get("visited") or []]
    report.activities = list(answers.get("activities") or [])
    report.households_practising = int(answers.get("practising") or 0)
    report.income_trend = answers.get("trend") or "unknown"
    change = answers.get("change")
    report.income_change = Decimal(change) if change is not None else None
    report.problems = answers.get("problems")
    report.help_needed = answers.get("help")
    report.photo_message_ids = list(answers.get("photos") or [])
    report.late = not week_is_open(week)
    report.updated_at = clock.utcnow()
    session.flush()
    return report, created


def save_household(session: Session, household: Person, month: str, answers: dict[str, Any]) -> HouseholdReport:
    """Store the month's report; a second report in the same month replaces the first."""
    report = session.scalar(select(HouseholdReport).where(HouseholdReport.household_id == household.id,
                                                          HouseholdReport.month == month))
    if report is None:
        report = HouseholdReport(household_id=household.id, month=month)
        session.add(report)
    report.answers = storable(answers)
    report.practised = bool(answers.get("practised"))
    report.income = Decimal(answers["income"]) if answers.get("income") is not None else None
    report.expenses_saved = Decimal(answers["saved"]) if answers.get("saved") is not None else None
    report.income_vs_start = answers.get("vs_start") or "same"
    report.problems = answers.get("problems")
    report.needs_help = bool(answers.get("help"))
    report.submitted_at = clock.utcnow()
    session.flush()
    return report


def previous_weekly(session: Session, leader: Person, before_week: str) -> WeeklyReport | None:
    """The leader's latest report for a week before `before_week` ("same as last week" copies it)."""
    return session.scalar(select(WeeklyReport).where(WeeklyReport.leader_id == leader.id,
                                                     WeeklyReport.week < before_week)
                          .order_by(WeeklyReport.week.desc()).limit(1))


def repeatable_answers(report: WeeklyReport, household_ids: set[int]) -> dict[str, Any]:
    """What "same as last week" carries over: who was visited (still followed), what was done, how many
    practise, the income trend; never last week's problems, request for help or photos."""
    change = report.income_change
    return {"visited": [str(i) for i in report.visited_household_ids if i in household_ids],
            "activities": list(report.activities),
            "practising": min(report.households_practising, len(household_ids)),
            "trend": report.income_trend if report.income_trend in texts.TRENDS else "unknown",
            "change": str(change) if change is not None and report.income_trend in {"up", "down"} else None,
            "problems": None, "help": None, "photos": None}


def has_household_report(session: Session, household: Person, month: str) -> bool:
    return session.scalar(select(HouseholdReport.id).where(HouseholdReport.household_id == household.id,
                                                           HouseholdReport.month == month)) is not None


def leaders_missing(session: Session, week: str, linked_only: bool = True) -> list[Person]:
    """Leaders who have not reported for `week`: those in LINE (to nudge), or all of them (for officers)."""
    reported = select(WeeklyReport.leader_id).where(WeeklyReport.week == week)
    query = select(Person).join(PersonRole).where(PersonRole.role == "leader", Person.withdrawn_at.is_(None),
                                                  Person.id.not_in(reported))
    if linked_only:
        query = query.where(Person.line_user_id.is_not(None))
    return list(session.scalars(query.order_by(Person.village_id, Person.id)))


def missing_for_officers(session: Session, week: str) -> list[tuple[Person, str]]:
    """Every leader who has not reported for `week`, linked in LINE or not, with the line officers read:
    a leader without LINE is named with a phone number to call instead."""
    return [(leader, missing_leader_line(leader)) for leader in leaders_missing(session, week, linked_only=False)]


def missing_leader_line(leader: Person) -> str:
    if leader.line_user_id:
        return texts.OFFICER_MISSING_LINE.format(name=leader.full_name, village=leader.village_label)
    return texts.OFFICER_MISSING_LINE_NO_LINE.format(name=leader.full_name, village=leader.village_label,
                                                     phone=thai.phone(leader.phone))


def _people_with_role(session: Session, role: str, district: str | None):
    query = (select(Person.id, Person.village_id).join(PersonRole).where(PersonRole.role == role)
             .where(Person.village_id.is_not(None)))
    if district:
        query = (query.join(Village, Village.id == Person.village_id).join(Subdistrict)
                 .join(District).where(District.name == district))
    return session.execute(query).all()


def weekly_figures(session: Session, week: str, district: str | None = None) -> dict[str, Any]:
    """Who reported, practising households and the income headline, per village and rolled up."""
    leaders = _people_with_role(session, "leader", district)
    households = _people_with_role(session, "household", district)
    reports = {row.leader_id: row for row in session.scalars(
        select(WeeklyReport).where(WeeklyReport.week == week, WeeklyReport.leader_id.in_([p.id for p in leaders])))}
    month = thai.month_key(thai.week_monday(week) + timedelta(days=3))  # the month holding the week's Thursday
    latest = _latest_household_reports(session, [h.id for h in households], month)

    villages: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(
        ("leaders", "reported", "late", "practising_by_leaders", "households", "reported_households",
         "practised_this_month", "higher_income"), 0))
    for leader in leaders:
        row = villages[leader.village_id]
        row["leaders"] += 1
        report = reports.get(leader.id)
        if report:
            row["reported"] += 1
            row["late"] += int(report.late)
            row["practising_by_leaders"] += report.households_practising
    for household in households:
        row = villages[household.village_id]
        row["households"] += 1
        report = latest.get(household.id)
        if report:
            row["reported_households"] += 1
            row["practised_this_month"] += int(report.practised and report.month == month)
            row["higher_income"] += int(report.income_vs_start == "up")
    return _roll_up(session, week, month, villages)


def _latest_household_reports(session: Session, household_ids: list[int], until_month: str) -> dict[int, HouseholdReport]:
    newest = (select(HouseholdReport.household_id, func.max(HouseholdReport.month).label("month"))
              .where(HouseholdReport.household_id.in_(household_ids), HouseholdReport.month <= until_month)
              .group_by(HouseholdReport.household_id).subquery())
    rows = session.scalars(select(HouseholdReport).join(
        newest, (HouseholdReport.household_id == newest.c.household_id) & (HouseholdReport.month == newest.c.month)))
    return {row.household_id: row for row in rows}


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _roll_up(session: Session, week: str, month: str, villages: dict[int, dict[str, int]]) -> dict[str, Any]:
    places = {v.id: v for v in session.scalars(select(Village).where(Village.id.in_(list(villages))))}
    districts: dict[str, dict[str, Any]] = {}
    totals: dict[str, int] = defaultdict(int)
    for village_id in sorted(villages, key=lambda i: (places[i].subdistrict.district.name,
                                                      places[i].subdistrict.name, places[i].moo)):
        place, counts = places[village_id], villages[village_id]
        district = districts.setdefault(place.subdistrict.district.name, {
            "district": place.subdistrict.district.name, "totals": defaultdict(int), "subdistricts": {}})
        subdistrict = district["subdistricts"].setdefault(place.subdistrict.name, {
            "subdistrict": place.subdistrict.name, "totals": defaultdict(int), "villages": []})
        subdistrict["villages"].append({"village": place.label, "moo": place.moo,
                                        "village_short": texts.VILLAGE_SHORT_LABEL.format(moo=place.moo,
                                                                                         name=place.name),
                                        **counts})
        for key, value in counts.items():
            subdistrict["totals"][key] += value
            district["totals"][key] += value
            totals[key] += value
    result_districts = []
    for district in districts.values():
        result_districts.append({"district": district["district"], "totals": dict(district["totals"]),
                                 "subdistricts": [{"subdistrict": s["subdistrict"], "totals": dict(s["totals"]),
                                                   "villages": s["villages"]}
                                                  for s in district["subdistricts"].values()]})
    totals = dict(totals)
    headline = {
        "leaders_reported": f"{totals.get('reported', 0)}/{totals.get('leaders', 0)}",
        "leaders_reported_percent": _share(totals.get("reported", 0), totals.get("leaders", 0)),
        "households_higher_income": f"{totals.get('higher_income', 0)}/{totals.get('households', 0)}",
        "households_higher_income_percent": _share(totals.get("higher_income", 0), totals.get("households", 0)),
    }
    return {"week": week, "week_label": thai.week_label(week), "month": month, "totals": totals,
            "headline": headline, "districts": result_districts}
