"""Help requests as cases an officer follows: open, in progress, closed, with notes.

A case is raised once from each report that asked for help (a leader's weekly report
with "help needed", a household's monthly report with "needs help"); raising is an
insert that skips reports already raised, so it can run on every page view.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import clock
from bot.area import Area
from bot.models import ConsoleAccount, HelpCase, HelpCaseNote, HouseholdReport, Person, WeeklyReport
from bot.texts import console as texts

STATUSES = ("open", "in_progress", "closed")


class CaseError(ValueError):
    pass


def raise_from_reports(session: Session, area: Area) -> int:
    """Open a case for every help request in the area's reports that has none yet."""
    in_area = Person.village_id.in_(area.village_ids())
    raised_weekly = select(HelpCase.source_id).where(HelpCase.source == "weekly")
    raised_household = select(HelpCase.source_id).where(HelpCase.source == "household")
    weekly = session.execute(select(WeeklyReport.id, WeeklyReport.help_needed, WeeklyReport.submitted_at, Person.id,
                                    Person.village_id).join(Person, Person.id == WeeklyReport.leader_id).where(
        in_area, WeeklyReport.help_needed.is_not(None), WeeklyReport.help_needed != "",
        WeeklyReport.id.not_in(raised_weekly))).all()
    household = session.execute(select(HouseholdReport.id, HouseholdReport.problems, HouseholdReport.submitted_at,
                                       Person.id, Person.village_id).join(
        Person, Person.id == HouseholdReport.household_id).where(
        in_area, HouseholdReport.needs_help.is_(True), HouseholdReport.id.not_in(raised_household))).all()
    if not weekly and not household:
        return 0
    try:
        with session.begin_nested():  # a second viewer raising the same cases at once costs nothing
            for source, rows in (("weekly", weekly), ("household", household)):
                for report_id, summary, at, person_id, village_id in rows:
                    session.add(HelpCase(person_id=person_id, village_id=village_id, source=source,
                                         source_id=report_id, summary=summary or "-", status="open",
                                         created_at=at, updated_at=at))
    except IntegrityError:
        return 0
    return len(weekly) + len(household)


def update(session: Session, case: HelpCase, account: ConsoleAccount, status: str | None, note: str) -> HelpCaseNote:
    note = (note or "").strip()
    if status not in STATUSES and status not in (None, ""):
        raise CaseError(texts.BAD_INPUT)
    new_status = status or case.status
    if not note and new_status == case.status:
        raise CaseError(texts.CASE_NOTE_EMPTY)
    entry = HelpCaseNote(case_id=case.id, account_id=account.id, author=account.person.full_name,
                         text=note[:4000] or texts.CASE_STATUSES[new_status], status=new_status, at=clock.utcnow())
    session.add(entry)
    case.status, case.updated_at = new_status, clock.utcnow()
    session.flush()
    return entry
