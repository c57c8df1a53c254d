"""A district of people who differ in exactly one way each (place, role, group, loan,
report, LINE state), beside a second district, so each audience filter has one right answer."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from bot import accounts, clock, thai
from bot.area import Area
from bot.models import (
    Consent, District, Fund, GroupMember, HouseholdReport, Instalment, LineUser, Loan, OccupationalGroup, Person,
    PersonRole, Province, Subdistrict, Village, WeeklyReport,
)

NOW = "2026-12-02T10:00:00+07:00"  # a Wednesday morning: week 2026-W49, month 2026-12
PASSWORD = "correct horse battery"


@dataclass
class World:
    ids: dict[str, int] = field(default_factory=dict)  # place, group and fund ids by name
    people: dict[str, int] = field(default_factory=dict)  # person ids by first name
    users: dict[str, str] = field(default_factory=dict)  # LINE user ids by first name
    accounts: dict[str, int] = field(default_factory=dict)

    def names(self, line_user_ids) -> set[str]:
        by_user = {user: name for name, user in self.users.items()}
        return {by_user[user] for user in line_user_ids}


def _person(session, world: World, name: str, village: Village | None, roles: list[str], *, linked=True,
            consented=True, following=True, withdrawn=False, occupation: str | None = None) -> Person:
    someone = Person(person_key=secrets.token_hex(16), full_name=f"{name} ทดสอบ", phone="0811110000",
                     village_id=village.id if village else None, occupation=occupation,
                     roles=[PersonRole(role=role) for role in roles])
    if linked and not withdrawn:
        someone.line_user_id = "U" + secrets.token_hex(16)
        session.add(LineUser(line_user_id=someone.line_user_id, following=following))
        if consented:
            session.add(Consent(line_user_id=someone.line_user_id, notice_version="1", agreed=True,
                                answered_at=clock.utcnow()))
        world.users[name] = someone.line_user_id
    if withdrawn:
        someone.withdrawn_at = clock.utcnow()
    session.add(someone)
    session.flush()
    world.people[name] = someone.id
    return someone


def _loan(session, fund: Fund, contract: str, due_in_days: int, *, household: Person | None = None,
          group: OccupationalGroup | None = None, paid: bool = False) -> None:
    loan = Loan(fund_id=fund.id, contract=contract, household_id=household.id if household else None,
                group_id=group.id if group else None, principal=Decimal("1000.00"), interest_rate=Decimal("0"),
                approved_on=clock.now().date() - timedelta(days=400), frequency="imported")
    session.add(loan)
    session.flush()
    session.add(Instalment(loan_id=loan.id, number=1, due_on=clock.now().date() + timedelta(days=due_in_days),
                           principal_due=Decimal("1000.00"), interest_due=Decimal("0.00"),
                           amount_due=Decimal("1000.00"), paid_amount=Decimal("1000.00") if paid else Decimal("0.00")))
    session.flush()


def build(session) -> World:
    world = World()
    province = Province(name=f"อุบลราชธานี-{secrets.token_hex(2)}")
    district_a, district_b = District(province=province, name="เขื่องใน"), District(province=province, name="ม่วงสามสิบ")
    s1, s2 = Subdistrict(district=district_a, name="ก่อเอ้"), Subdistrict(district=district_a, name="ชีทวน")
    s9 = Subdistrict(district=district_b, name="หนองเหล่า")
    session.add_all([province, district_a, district_b, s1, s2, s9])
    session.flush()
    v1, v2 = Village(subdistrict_id=s1.id, moo=1, name="ดอนแดง"), Village(subdistrict_id=s1.id, moo=2, name="ดอนขาว")
    v3, v9 = Village(subdistrict_id=s2.id, moo=3, name="ท่าศาลา"), Village(subdistrict_id=s9.id, moo=9, name="ไกล")
    session.add_all([v1, v2, v3, v9])
    session.flush()
    g1 = OccupationalGroup(village_id=v1.id, name="กลุ่มทอเสื่อ", occupation="ทอเสื่อกก")
    g2 = OccupationalGroup(village_id=v2.id, name="กลุ่มเห็ด", occupation="เพาะเห็ด")
    g9 = OccupationalGroup(village_id=v9.id, name="กลุ่มไกล", occupation="ทอเสื่อกก")
    f1 = Fund(name="กองทุนสตรี ก่อเอ้", kind="womens", subdistrict_id=s1.id)
    f2 = Fund(name="กขคจ ท่าศาลา", kind="kkkj", village_id=v3.id)
    f9 = Fund(name="กองทุนไกล", kind="village", village_id=v9.id)
    session.add_all([g1, g2, g9, f1, f2, f9])
    session.flush()
    world.ids = {"province": province.id, "district_a": district_a.id, "district_b": district_b.id, "s1": s1.id,
                 "s2": s2.id, "s9": s9.id, "v1": v1.id, "v2": v2.id, "v3": v3.id, "v9": v9.id, "g1": g1.id,
                 "g2": g2.id, "g9": g9.id, "f1": f1.id, "f2": f2.id, "f9": f9.id}

    somsri = _person(session, world, "สมศรี", v1, ["household"], occupation="ทอเสื่อกก")
    boon = _person(session, world, "บุญ", v1, ["leader"], occupation="เพาะเห็ด")
    mali = _person(session, world, "มะลิ", v2, ["leader", "household"], occupation="เพาะเห็ด")
    dang = _person(session, world, "แดง", v2, ["household"], following=False, occupation="เพาะเห็ด")
    _person(session, world, "น้อย", v1, ["household"], withdrawn=True)
    _person(session, world, "แก้ว", v1, ["household"], linked=False)
    _person(session, world, "พิม", v2, ["household"], consented=False)
    chai = _person(session, world, "ชัย", v3, ["household"], occupation="ทอเสื่อกก")
    far = _person(session, world, "ไกล", v9, ["household", "leader"], occupation="ทอเสื่อกก")
    officer_a = _person(session, world, "เอก", None, ["officer"])
    officer_s2 = _person(session, world, "โท", None, ["officer"])
    officer_b = _person(session, world, "ตรี", None, ["officer"])
    admin = _person(session, world, "ผู้ดูแล", None, ["officer"])
    treasurer = _person(session, world, "เหรัญญิก", None, ["committee"])

    session.add_all([GroupMember(group_id=g1.id, person_id=somsri.id), GroupMember(group_id=g1.id, person_id=mali.id),
                     GroupMember(group_id=g2.id, person_id=mali.id), GroupMember(group_id=g2.id, person_id=dang.id),
                     GroupMember(group_id=g9.id, person_id=far.id)])
    session.flush()
    _loan(session, f1, "A-1", -40, household=somsri)  # 40 days overdue
    _loan(session, f1, "A-2", 5, group=g2)  # due in five days: mali and dang borrow through their group
    _loan(session, f2, "A-3", -60, household=chai, paid=True)  # long past, but paid
    _loan(session, f9, "B-1", -40, household=far)

    week, month = thai.iso_week(clock.now()), thai.month_key(clock.now())
    session.add(WeeklyReport(leader_id=mali.id, week=week, visited_household_ids=[], activities=[],
                             households_practising=0, income_trend="same"))
    session.add(WeeklyReport(leader_id=boon.id, week=thai.previous_week(week), visited_household_ids=[],
                             activities=[], households_practising=0, income_trend="same"))
    session.add(HouseholdReport(household_id=dang.id, month=month, practised=True, income_vs_start="up"))
    session.flush()

    made = {"officer_a": accounts.create(session, officer_a, "officer-a", PASSWORD, "officer", district=district_a),
            "officer_s2": accounts.create(session, officer_s2, "officer-s2", PASSWORD, "officer", subdistrict=s2),
            "officer_b": accounts.create(session, officer_b, "officer-b", PASSWORD, "officer", district=district_b),
            "admin": accounts.create(session, admin, "admin", PASSWORD, "admin"),
            "committee": accounts.create(session, treasurer, "committee", PASSWORD, "committee", fund=f1)}
    world.accounts = {name: account.id for name, account in made.items()}
    session.flush()
    return world


def area(session, world: World, account: str) -> Area:
    from bot.models import ConsoleAccount

    return Area.of(session.get(ConsoleAccount, world.accounts[account]))
