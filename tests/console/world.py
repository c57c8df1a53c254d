"""Two districts side by side, each with its leaders, households, reports, a fund with an
overdue loan and a payment waiting, a question waiting and an officer account: what the
scope tests need to prove that each officer sees and changes only their own."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from bot import accounts, clock, thai
from bot.loans import ledger, schedule
from bot.models import (
    AskedQuestion, Consent, District, Fund, HouseholdReport, LeaderHousehold, LineUser, Loan, Payment, Person,
    PersonRole, Province, Subdistrict, Village, WeeklyReport,
)

PASSWORD = "correct horse battery"
NOW = "2026-12-02T10:00:00+07:00"  # a Wednesday morning, outside quiet hours


@dataclass
class Side:
    """One district's records; `mark` appears in every name, so a page leaking it is caught."""

    mark: str
    username: str
    district: int = 0
    village: int = 0
    leader: int = 0
    unlinked_leader: int = 0
    household: int = 0
    report: int = 0
    question: int = 0
    fund: int = 0
    loan: int = 0
    payment: int = 0
    slip: str = ""
    photo: str = ""
    users: dict[str, str] = field(default_factory=dict)


@dataclass
class World:
    a: Side
    b: Side
    admin: str = "admin"
    committee: str = "committee-a"


def person(session, name: str, village: Village | None, roles: list[str], linked: bool = True,
           phone: str = "0811110000") -> Person:
    someone = Person(person_key=secrets.token_hex(16), full_name=name, phone=phone,
                     village_id=village.id if village else None, roles=[PersonRole(role=r) for r in roles])
    if linked:
        someone.line_user_id = "U" + secrets.token_hex(16)
        session.add(LineUser(line_user_id=someone.line_user_id, following=True))
        session.add(Consent(line_user_id=someone.line_user_id, notice_version="1", agreed=True))
    session.add(someone)
    session.flush()
    return someone


def _side(session, province: Province, district_name: str, mark: str, username: str) -> Side:
    side = Side(mark=mark, username=username)
    district = District(province=province, name=district_name)
    subdistrict = Subdistrict(district=district, name=f"นา{mark}")
    session.add_all([district, subdistrict])
    session.flush()
    village = Village(subdistrict_id=subdistrict.id, moo=1, name=mark)
    session.add(village)
    session.flush()
    leader = person(session, f"นายผู้นำ {mark}", village, ["leader"], phone="0811112222")
    unlinked = person(session, f"นางผู้นำไม่ผูก {mark}", village, ["leader"], linked=False, phone="0811113333")
    household = person(session, f"นางครัวเรือน {mark}", village, ["household"])
    session.add(LeaderHousehold(leader_id=leader.id, household_id=household.id))
    week = thai.iso_week(clock.now())
    photo, slip = "P" + secrets.token_hex(8), "S" + secrets.token_hex(8)
    report = WeeklyReport(leader_id=leader.id, week=week, visited_household_ids=[household.id],
                          activities=["สอนทอเสื่อ"], households_practising=1, income_trend="up",
                          problems=f"ปัญหา {mark}", help_needed=f"ขอช่วย {mark}", photo_message_ids=[photo],
                          submitted_at=clock.utcnow(), updated_at=clock.utcnow())
    session.add(report)
    session.add(HouseholdReport(household_id=household.id, month=thai.month_key(clock.now()), practised=True,
                                income=Decimal("1500"), income_vs_start="up", needs_help=False,
                                submitted_at=clock.utcnow()))
    question = AskedQuestion(line_user_id=household.line_user_id, question=f"คำถาม {mark}", status="open",
                             asked_at=clock.utcnow(), escalated_at=clock.utcnow())
    session.add(question)
    officer = person(session, f"นางสาวพัฒนากร {mark}", None, ["officer"])
    fund = Fund(name=f"กองทุนสตรี {mark}", kind="womens", subdistrict_id=subdistrict.id)
    session.add(fund)
    session.flush()
    loan = Loan(fund_id=fund.id, contract=f"C-{mark}", household_id=household.id, principal=Decimal("6000.00"),
                interest_rate=Decimal("0"), approved_on=date(2026, 1, 5), frequency="monthly")
    session.add(loan)
    session.flush()
    ledger.set_instalments(session, loan, schedule.instalments(Decimal("6000.00"), Decimal("0"), date(2026, 6, 15),
                                                               12, "monthly"))
    payment = Payment(loan_id=loan.id, amount=Decimal("500.00"), paid_on=date(2026, 11, 30), status="pending",
                      slip_message_id=slip, reported_by_id=leader.id, reported_at=clock.utcnow())
    session.add(payment)
    session.flush()
    accounts.create(session, officer, username, PASSWORD, "officer", district=district)
    side.district, side.village, side.leader, side.unlinked_leader = district.id, village.id, leader.id, unlinked.id
    side.household, side.report, side.question, side.fund = household.id, report.id, question.id, fund.id
    side.loan, side.payment, side.slip, side.photo = loan.id, payment.id, slip, photo
    side.users = {"leader": leader.line_user_id, "household": household.line_user_id,
                  "officer": officer.line_user_id}
    return side


def build(session) -> World:
    province = Province(name="อุบลราชธานี")
    session.add(province)
    session.flush()
    world = World(a=_side(session, province, "เขื่องใน", "อาเอ", "officer-a"),
                  b=_side(session, province, "ม่วงสามสิบ", "บีบี", "officer-b"))
    admin = person(session, "นายผู้ดูแล ระบบ", None, ["officer"])
    accounts.create(session, admin, world.admin, PASSWORD, "admin")
    treasurer = person(session, "นางเหรัญญิก อาเอ", session.get(Village, world.a.village), ["committee"])
    accounts.create(session, treasurer, world.committee, PASSWORD, "committee", fund=session.get(Fund, world.a.fund))
    session.flush()
    return world
