"""A small hand-built district for the loan tests: one women's fund, a group loan and a
household loan, everyone linked to LINE and consenting unless a test says otherwise."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.loans import ledger, schedule
from bot.models import (
    Consent, District, Fund, GroupMember, LineUser, Loan, OccupationalGroup, OfficerScope, Person, PersonRole,
    Province, Subdistrict, Village,
)


@dataclass
class World:
    fund: int
    group_loan: int
    household_loan: int
    chair: int
    member: int
    committee: int
    treasurer: int
    household: int
    officer: int
    far_officer: int
    users: dict[int, str]  # person id -> LINE user id


def _person(session, name: str, village: Village | None, roles: list[str], users: dict[int, str],
            linked: bool = True) -> Person:
    person = Person(person_key=secrets.token_hex(16), full_name=name, phone="0811110000",
                    village_id=village.id if village else None, roles=[PersonRole(role=r) for r in roles])
    if linked:
        person.line_user_id = "U" + secrets.token_hex(16)
        session.add(LineUser(line_user_id=person.line_user_id, following=True))
        session.add(Consent(line_user_id=person.line_user_id, notice_version="1", agreed=True))
    session.add(person)
    session.flush()
    if linked:
        users[person.id] = person.line_user_id
    return person


def build(session, first_due: date = date(2027, 3, 15), count: int = 12, frequency: str = "monthly") -> World:
    province = Province(name="อุบลราชธานี")
    district = District(province=province, name="เขื่องใน")
    other_district = District(province=province, name="ม่วงสามสิบ")
    subdistrict = Subdistrict(district=district, name="เขื่องใน")
    session.add_all([province, district, other_district, subdistrict])
    session.flush()
    village = Village(subdistrict_id=subdistrict.id, moo=3, name="โนนสวรรค์")
    session.add(village)
    session.flush()
    users: dict[int, str] = {}
    chair = _person(session, "นายบุญมี ศรีสุข", village, ["leader", "committee"], users)
    member = _person(session, "นางทองใบ พรมมา", village, ["household"], users)
    committee = _person(session, "นางแสงเดือน บุญมา", village, ["committee"], users)
    treasurer = _person(session, "นางสมร ใจดี", village, ["committee"], users)
    household = _person(session, "นายเคน สีดา", village, ["household"], users)
    officer = _person(session, "นางสาวพัชรินทร์ วงศ์ใหญ่", None, ["officer"], users)
    far_officer = _person(session, "นายวิชัย รักถิ่น", None, ["officer"], users)
    session.add_all([OfficerScope(person_id=officer.id, district_id=district.id, subdistrict_id=subdistrict.id),
                     OfficerScope(person_id=far_officer.id, district_id=other_district.id)])
    group = OccupationalGroup(village_id=village.id, name="กลุ่มทอเสื่อกกบ้านโนนสวรรค์")
    session.add(group)
    session.flush()
    session.add_all([GroupMember(group_id=group.id, person_id=chair.id, committee_role="chair"),
                     GroupMember(group_id=group.id, person_id=member.id)])
    fund = Fund(name="กองทุนพัฒนาบทบาทสตรี ต.เขื่องใน", kind="womens", subdistrict_id=subdistrict.id,
                treasurer_id=treasurer.id)
    session.add(fund)
    session.flush()
    group_loan = open_loan(session, fund, first_due, count, frequency, group_id=group.id, committee_id=committee.id,
                           contract="W-001")
    household_loan = open_loan(session, fund, first_due, count, frequency, household_id=household.id,
                               committee_id=committee.id, contract="W-002", principal=Decimal("6000.00"))
    session.flush()
    return World(fund.id, group_loan.id, household_loan.id, chair.id, member.id, committee.id, treasurer.id,
                 household.id, officer.id, far_officer.id, users)


def open_loan(session, fund: Fund, first_due: date, count: int, frequency: str, contract: str,
              principal: Decimal = Decimal("12000.00"), rate: Decimal = Decimal("0"), **borrower) -> Loan:
    loan = Loan(fund_id=fund.id, contract=contract, principal=principal, interest_rate=rate,
                approved_on=date(2027, 1, 5), frequency=frequency, **borrower)
    session.add(loan)
    session.flush()
    ledger.set_instalments(session, loan, schedule.instalments(principal, rate, first_due, count, frequency))
    return loan
