"""Loans from a fund's spreadsheet (CSV in UTF-8, or XLSX), all or nothing, like the people import.

Columns (Thai headers, any order; "ลำดับ" and "หมายเหตุ" are read past):

| column | required | what it holds |
| --- | --- | --- |
| กองทุน | yes | the fund's name; created on first sight |
| ประเภทกองทุน | yes | กองทุนพัฒนาบทบาทสตรี, กข.คจ., กองทุนหมู่บ้าน |
| เลขที่สัญญา | yes | the fund's contract number; with the fund it identifies the loan |
| จังหวัด, อำเภอ, ตำบล, หมู่ที่ | yes | the borrower's village (a women's fund belongs to the ตำบล, others to the หมู่บ้าน) |
| กลุ่มอาชีพ | one of these two | a borrowing occupational group in that village, already imported |
| ผู้กู้ | one of these two | a household borrower's phone or national ID, already imported |
| เงินต้น | yes | "50,000", "๕๐๐๐๐", "50000 บาท" |
| ดอกเบี้ยต่อปี | no | percent a year, default 0 |
| วันที่อนุมัติ | yes | 5/1/2570, 5 ม.ค. 2570, 2027-01-05 (พ.ศ. or ค.ศ.) |
| งวดชำระ | yes | รายเดือน, รายไตรมาส, รายปี, or ตามตาราง (one row per instalment) |
| จำนวนงวด, งวดแรก | for a regular schedule | how many instalments, and the first due date |
| งวดที่, วันครบกำหนด, ยอดงวด | for ตามตาราง | one instalment per row; the loan's other cells repeat |
| ดอกเบี้ยงวด | no, ตามตาราง only | the interest part of ยอดงวด |
| กรรมการผู้รับผิดชอบ | yes | the committee member's phone or national ID |
| เหรัญญิกกองทุน | no | the fund treasurer's phone or national ID |
| วัตถุประสงค์ | no | what the loan is for |

Every row is checked first; if any is wrong nothing is written. Importing the same
file again changes nothing; a changed schedule updates the instalments in place,
keeping confirmed payments (a moved due date restarts that instalment's reminders).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.loans import ledger, schedule
from bot.models import Fund, Loan, OccupationalGroup, Person, Village
from bot.people import keys
from bot.people.importer import national_id_digits, normalise_phone, valid_national_id
from bot.people.places import (
    DISTRICT, MOO, PROVINCE, SUBDISTRICT, find_district, find_subdistrict, find_village, parse_moo, place_name,
)
from bot.people.tables import RowError, TableReport, open_table
from bot import thai
from bot.thai import arabic_digits, parse_money
from bot.texts.loans_import import (REQUIRED, UNKNOWN_KIND, UNKNOWN_FREQUENCY, BAD_MONEY, BAD_RATE, BAD_DATE,
    BAD_COUNT, ONE_BORROWER, UNKNOWN_PLACE, UNKNOWN_GROUP, UNKNOWN_PERSON, NOT_COMMITTEE, SCHEDULE_NEEDS,
    TWICE, INSTALMENT_TWICE, LOAN_CHANGED_BETWEEN_ROWS, SUM_MISMATCH, SUMMARY)

FUND, KIND, CONTRACT, GROUP, BORROWER = "กองทุน", "ประเภทกองทุน", "เลขที่สัญญา", "กลุ่มอาชีพ", "ผู้กู้"
PRINCIPAL, RATE, APPROVED, FREQUENCY, COUNT, FIRST_DUE = (
    "เงินต้น", "ดอกเบี้ยต่อปี", "วันที่อนุมัติ", "งวดชำระ", "จำนวนงวด", "งวดแรก")
NUMBER, DUE_ON, AMOUNT, INTEREST = "งวดที่", "วันครบกำหนด", "ยอดงวด", "ดอกเบี้ยงวด"
COMMITTEE, TREASURER, PURPOSE = "กรรมการผู้รับผิดชอบ", "เหรัญญิกกองทุน", "วัตถุประสงค์"
REQUIRED_COLUMNS = [FUND, KIND, CONTRACT, PROVINCE, DISTRICT, SUBDISTRICT, MOO, PRINCIPAL, APPROVED, FREQUENCY,
                    COMMITTEE]
OPTIONAL_COLUMNS = [GROUP, BORROWER, RATE, COUNT, FIRST_DUE, NUMBER, DUE_ON, AMOUNT, INTEREST, TREASURER, PURPOSE]

KINDS = {"กองทุนพัฒนาบทบาทสตรี": "womens", "สตรี": "womens", "กข.คจ.": "kkkj", "กขคจ": "kkkj",
         "กองทุนหมู่บ้าน": "village", "กองทุนหมู่บ้านและชุมชนเมือง": "village"}
FREQUENCIES = {"รายเดือน": "monthly", "รายไตรมาส": "quarterly", "ราย3เดือน": "quarterly", "รายปี": "yearly",
               "ตามตาราง": "imported"}


def parse_date(text: str) -> date | None:
    """15/3/2570, 15/03/70, 2027-03-15, 2570-03-15, 15 มี.ค. 2570, 15 มีนาคม 2570 -> date."""
    return thai.parse_date(text)


@dataclass
class LoanImportReport(TableReport):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    funds_created: int = 0

    def summary(self) -> list[str]:
        return [SUMMARY.format(created=self.created, updated=self.updated, unchanged=self.unchanged,
                               funds=self.funds_created)]


@dataclass
class _Loan:
    row: int
    fund: str
    kind: str
    contract: str
    village: Village
    group: OccupationalGroup | None
    household: Person | None
    committee: Person
    treasurer: Person | None
    principal: Decimal
    rate: Decimal
    approved_on: date
    frequency: str
    purpose: str | None
    dues: list[schedule.Due]

    def terms(self) -> tuple:
        return (self.kind, self.village.id, self.group and self.group.id, self.household and self.household.id,
                self.committee.id, self.principal, self.rate, self.approved_on, self.frequency, self.purpose)


def import_loans(session: Session, path: Path | str) -> LoanImportReport:
    report = LoanImportReport()
    table, report.errors = open_table(path, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
    if report.errors:
        return report
    loans = _Reader(session).read(table.rows, report.errors)
    if not report.errors:
        _write(session, loans, report)
    return report


class _Reader:
    def __init__(self, session: Session):
        self.session = session

    def read(self, rows, errors: list[RowError]) -> list[_Loan]:
        loans: dict[tuple[str, str], _Loan] = {}
        instalment_rows: dict[tuple[str, str, int], int] = {}
        for number, cells in rows:
            row_errors: list[RowError] = []
            loan, due = self._row(number, cells, row_errors)
            errors.extend(row_errors)
            if loan is None:
                continue
            key = (loan.fund, loan.contract)
            first = loans.get(key)
            if first is None:
                loans[key] = loan
            elif loan.frequency != "imported":
                errors.append(RowError(number, CONTRACT, TWICE.format(row=first.row)))
            elif first.terms() != loan.terms():
                errors.append(RowError(number, CONTRACT, LOAN_CHANGED_BETWEEN_ROWS.format(row=first.row)))
            if due is not None:
                seen = instalment_rows.setdefault((*key, due.number), number)
                if seen != number:
                    errors.append(RowError(number, NUMBER, INSTALMENT_TWICE.format(number=due.number, row=seen)))
                else:
                    loans[key].dues.append(due)
        for loan in loans.values():
            total = sum((due.principal for due in loan.dues), Decimal("0"))
            if loan.frequency == "imported" and total != loan.principal:
                errors.append(RowError(loan.row, AMOUNT, SUM_MISMATCH.format(total=total, principal=loan.principal)))
            loan.dues.sort(key=lambda due: due.number)
        return list(loans.values())

    def _row(self, number: int, cells: dict[str, str], errors: list[RowError]):
        def fail(column: str, message: str) -> None:
            errors.append(RowError(number, column, message))

        for column in REQUIRED_COLUMNS:
            if not cells.get(column):
                fail(column, REQUIRED)
        kind = KINDS.get(re.sub(r"\s+", "", cells.get(KIND, "")))
        if cells.get(KIND) and kind is None:
            fail(KIND, UNKNOWN_KIND.format(value=cells[KIND]))
        frequency = FREQUENCIES.get(re.sub(r"\s+", "", cells.get(FREQUENCY, "")))
        if cells.get(FREQUENCY) and frequency is None:
            fail(FREQUENCY, UNKNOWN_FREQUENCY.format(value=cells[FREQUENCY]))
        principal = self._money(cells, PRINCIPAL, fail)
        rate = self._rate(cells.get(RATE, ""), fail)
        approved_on = self._date(cells, APPROVED, fail)
        village = self._village(cells, fail)
        group = household = None
        if bool(cells.get(GROUP)) == bool(cells.get(BORROWER)):
            fail(f"{GROUP} / {BORROWER}", ONE_BORROWER)
        elif cells.get(GROUP) and village is not None:
            group = self.session.scalar(select(OccupationalGroup).where(
                OccupationalGroup.village_id == village.id, OccupationalGroup.name == cells[GROUP]))
            if group is None:
                fail(GROUP, UNKNOWN_GROUP.format(value=cells[GROUP]))
        elif cells.get(BORROWER):
            household = self._person(cells[BORROWER], BORROWER, fail)
        committee = self._person(cells.get(COMMITTEE, ""), COMMITTEE, fail) if cells.get(COMMITTEE) else None
        if committee is not None and "committee" not in committee.role_names:
            fail(COMMITTEE, NOT_COMMITTEE.format(value=cells[COMMITTEE]))
        treasurer = self._person(cells[TREASURER], TREASURER, fail) if cells.get(TREASURER) else None
        dues, due = self._schedule(cells, frequency, principal, rate, fail)
        if errors:
            return None, None
        loan = _Loan(number, cells[FUND], kind, cells[CONTRACT], village, group, household, committee, treasurer,
                     principal, rate, approved_on, frequency, cells.get(PURPOSE) or None, dues)
        return loan, due

    def _schedule(self, cells, frequency, principal, rate, fail):
        if frequency is None or principal is None or rate is None:
            return [], None
        if frequency == "imported":
            missing = [c for c in (NUMBER, DUE_ON, AMOUNT) if not cells.get(c)]
            if missing:
                fail(FREQUENCY, SCHEDULE_NEEDS.format(frequency=cells[FREQUENCY], columns=", ".join(missing)))
                return [], None
            number = self._count(cells[NUMBER], NUMBER, fail)
            due_on = self._date(cells, DUE_ON, fail)
            amount = self._money(cells, AMOUNT, fail)
            interest = self._money(cells, INTEREST, fail) if cells.get(INTEREST) else Decimal("0.00")
            if None in (number, due_on, amount, interest):
                return [], None
            return [], schedule.Due(number, due_on, amount - interest, interest)
        missing = [c for c in (COUNT, FIRST_DUE) if not cells.get(c)]
        if missing:
            fail(FREQUENCY, SCHEDULE_NEEDS.format(frequency=cells[FREQUENCY], columns=", ".join(missing)))
            return [], None
        count = self._count(cells[COUNT], COUNT, fail)
        first_due = self._date(cells, FIRST_DUE, fail)
        if count is None or first_due is None:
            return [], None
        return schedule.instalments(principal, rate, first_due, count, frequency), None

    @staticmethod
    def _money(cells, column, fail) -> Decimal | None:
        amount = parse_money(cells.get(column, "")) if cells.get(column) else None
        if cells.get(column) and (amount is None or amount <= 0):
            fail(column, BAD_MONEY.format(value=cells[column]))
            return None
        return amount

    @staticmethod
    def _rate(text: str, fail) -> Decimal | None:
        if not text:
            return Decimal("0")
        try:
            rate = Decimal(arabic_digits(text).replace("%", "").strip())
        except InvalidOperation:
            rate = None
        if rate is None or not 0 <= rate <= 36:
            fail(RATE, BAD_RATE.format(value=text))
            return None
        return rate

    @staticmethod
    def _date(cells, column, fail) -> date | None:
        if not cells.get(column):
            return None
        day = parse_date(cells[column])
        if day is None:
            fail(column, BAD_DATE.format(value=cells[column]))
        return day

    @staticmethod
    def _count(text: str, column: str, fail) -> int | None:
        digits = arabic_digits(text).strip()
        if not digits.isdigit() or not 1 <= int(digits) <= 120:
            fail(column, BAD_COUNT.format(value=text))
            return None
        return int(digits)

    def _village(self, cells, fail) -> Village | None:
        province, district_name = place_name(PROVINCE, cells.get(PROVINCE, "")), place_name(DISTRICT, cells.get(DISTRICT, ""))
        subdistrict_name, moo = place_name(SUBDISTRICT, cells.get(SUBDISTRICT, "")), parse_moo(cells.get(MOO, ""))
        if not (province and district_name and subdistrict_name and moo):
            return None
        district = find_district(self.session, province, district_name)
        subdistrict = find_subdistrict(self.session, district, subdistrict_name) if district else None
        village = find_village(self.session, subdistrict, moo) if subdistrict else None
        if village is None:
            fail(MOO, UNKNOWN_PLACE.format(moo=moo, subdistrict=subdistrict_name, district=district_name))
        return village

    def _person(self, text: str, column: str, fail) -> Person | None:
        digits = national_id_digits(text)
        phone = normalise_phone(text)
        conditions = []
        if valid_national_id(digits):
            conditions.append(Person.person_key.in_(keys.candidates_for_id(digits)))
        if phone:
            conditions += [Person.person_key.in_(keys.candidates_for_phone(phone)), Person.phone == phone]
        found = self.session.scalars(select(Person).where(or_(*conditions), Person.withdrawn_at.is_(None))).all() \
            if conditions else []
        if len(found) != 1:
            fail(column, UNKNOWN_PERSON.format(value=text))
            return None
        return found[0]


def _write(session: Session, loans: list[_Loan], report: LoanImportReport) -> None:
    funds = {fund.name: fund for fund in session.scalars(select(Fund).where(Fund.name.in_({l.fund for l in loans})))}
    for item in loans:
        fund = funds.get(item.fund)
        if fund is None:
            owner = ({"subdistrict_id": item.village.subdistrict_id} if item.kind == "womens"
                     else {"village_id": item.village.id})
            fund = funds[item.fund] = Fund(name=item.fund, kind=item.kind, **owner)
            session.add(fund)
            session.flush()
            report.funds_created += 1
        if item.treasurer is not None:
            fund.treasurer_id = item.treasurer.id
        loan = session.scalar(select(Loan).where(Loan.fund_id == fund.id, Loan.contract == item.contract))
        before = _snapshot(loan) if loan is not None else None
        if loan is None:
            loan = Loan(fund_id=fund.id, contract=item.contract)
            session.add(loan)
        loan.group_id = item.group.id if item.group else None
        loan.household_id = item.household.id if item.household else None
        loan.committee_id, loan.principal, loan.interest_rate = item.committee.id, item.principal, item.rate
        loan.approved_on, loan.frequency, loan.purpose = item.approved_on, item.frequency, item.purpose
        session.flush()
        ledger.set_instalments(session, loan, item.dues)
        if before is None:
            report.created += 1
        elif _snapshot(loan) != before:
            report.updated += 1
        else:
            report.unchanged += 1


def _snapshot(loan: Loan) -> tuple:
    return (loan.group_id, loan.household_id, loan.committee_id, loan.principal, loan.interest_rate,
            loan.approved_on, loan.frequency, loan.purpose,
            tuple((i.number, i.due_on, i.principal_due, i.interest_due) for i in loan.instalments))
