"""Villages of my area, and a village's page: leaders, their households with the last report
of each, loans, and who is not yet linked in LINE (with phone, to call)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from bot import activities, clock, thai
from bot.texts import TRENDS
from bot.texts import console as texts
from bot.models import (
    Fund, HouseholdReport, LeaderHousehold, Loan, OccupationalGroup, Person, PersonRole, Subdistrict, Village,
    WeeklyReport,
)
from bot.people.roles import role_label
from console import web

bp = web.blueprint("console_villages", __name__, "/villages")


def _role_counts(role: str):
    return (select(Person.village_id, func.count(Person.id), func.count(Person.line_user_id))
            .join(PersonRole, PersonRole.person_id == Person.id)
            .where(PersonRole.role == role, Person.withdrawn_at.is_(None)).group_by(Person.village_id))


@bp.route("/")
@web.signed_in
def index():
    session = web.db()
    villages = session.execute(select(Village, Subdistrict.name).join(Subdistrict)
                               .where(Village.id.in_(web.area().village_ids()))
                               .order_by(Subdistrict.name, Village.moo)).all()
    leaders = {v: (n, linked) for v, n, linked in session.execute(_role_counts("leader"))}
    households = {v: (n, linked) for v, n, linked in session.execute(_role_counts("household"))}
    came = activities.attended_by_village(session, web.area().village_ids(), clock.now().date())
    table = web.Table("หมู่บ้าน", "หมู่บ้านในพื้นที่", ["หมู่บ้าน", "ตำบล", "ผู้นำ", "ครัวเรือน", "ผูก LINE แล้ว",
                                                       "มาร่วมกิจกรรม (12 เดือน)"],
                      [[web.village(v.moo, v.name), subdistrict, leaders.get(v.id, (0, 0))[0],
                        households.get(v.id, (0, 0))[0],
                        leaders.get(v.id, (0, 0))[1] + households.get(v.id, (0, 0))[1], came.get(v.id, 0)]
                       for v, subdistrict in villages],
                      [v.id for v, _ in villages])
    return web.page("console/villages.html", table)


@bp.route("/<int:village_id>")
@web.signed_in
def show(village_id: int):
    session = web.db()
    village = web.found(web.area().village_in(session, village_id))
    people = session.execute(select(Person, PersonRole.role).join(PersonRole, PersonRole.person_id == Person.id)
                             .where(Person.village_id == village.id, Person.withdrawn_at.is_(None))
                             .order_by(Person.full_name)).all()
    ids = [p.id for p, _ in people]
    last_week = dict(session.execute(select(WeeklyReport.leader_id, func.max(WeeklyReport.week))
                                     .where(WeeklyReport.leader_id.in_(ids)).group_by(WeeklyReport.leader_id)).all())
    newest = (select(HouseholdReport.household_id, func.max(HouseholdReport.month).label("month"))
              .where(HouseholdReport.household_id.in_(ids)).group_by(HouseholdReport.household_id).subquery())
    last_month = {r.household_id: r for r in session.scalars(select(HouseholdReport).join(
        newest, (HouseholdReport.household_id == newest.c.household_id) & (HouseholdReport.month == newest.c.month)))}
    leader = aliased(Person)
    leader_of = dict(session.execute(select(LeaderHousehold.household_id, leader.full_name)
                                     .join(leader, leader.id == LeaderHousehold.leader_id)
                                     .where(LeaderHousehold.household_id.in_(ids))).all())
    leaders = [p for p, role in people if role == "leader"]
    households = [p for p, role in people if role == "household"]
    leader_table = web.Table(f"ผู้นำ-หมู่{village.moo}", "ผู้นำสัมมาชีพ", ["ชื่อ", "โทรศัพท์", "LINE", "รายงานล่าสุด"],
                             [[p.full_name, p.phone or "-", texts.LINKED if p.line_user_id else texts.NOT_LINKED,
                               thai.week_label(last_week[p.id]) if p.id in last_week else texts.NEVER_REPORTED]
                              for p in leaders])
    household_table = web.Table(f"ครัวเรือน-หมู่{village.moo}", "ครัวเรือนเป้าหมาย",
                                ["ชื่อ", "ผู้นำที่ดูแล", "โทรศัพท์", "รายงานล่าสุด", "ทำอาชีพ", "รายได้เทียบตอนเริ่ม"],
                                [[p.full_name, leader_of.get(p.id, "-"), p.phone or "-",
                                  thai.month_label(last_month[p.id].month) if p.id in last_month else texts.NEVER_REPORTED,
                                  (texts.PRACTISED if last_month[p.id].practised else texts.NOT_PRACTISED) if p.id in last_month else "-",
                                  TRENDS.get(last_month[p.id].income_vs_start, "-") if p.id in last_month else "-"]
                                 for p in households])
    unlinked = [(p, role) for p, role in people if not p.line_user_id]
    unlinked_table = web.Table(f"ยังไม่ผูกLINE-หมู่{village.moo}", "ยังไม่ผูก LINE (โทรชวนได้)", ["ชื่อ", "บทบาท", "โทรศัพท์"],
                               [[p.full_name, role_label(role), p.phone or "-"] for p, role in unlinked])
    group, household = aliased(OccupationalGroup), aliased(Person)
    loans = session.execute(select(Loan.contract, Fund.name, func.coalesce(group.name, household.full_name),
                                   Loan.principal, Loan.approved_on)
                            .join(Fund, Fund.id == Loan.fund_id)
                            .outerjoin(group, group.id == Loan.group_id)
                            .outerjoin(household, household.id == Loan.household_id)
                            .where(Loan.fund_id.in_(web.area().fund_ids()),
                                   func.coalesce(group.village_id, household.village_id) == village.id)
                            .order_by(Loan.approved_on)).all()
    loan_table = web.Table(f"เงินกู้-หมู่{village.moo}", "เงินกู้", ["สัญญา", "กองทุน", "ผู้กู้", "เงินต้น (บาท)", "อนุมัติ"],
                           [[c, f, b, p, thai.thai_date_short(d)] for c, f, b, p, d in loans])
    held = activities.village_activities(session, village.id, clock.now())
    activity_table = web.Table(f"กิจกรรม-หมู่{village.moo}", "กิจกรรม (12 เดือน)",
                               ["กิจกรรม", "วันที่", "เชิญ", "ตอบว่าไป", "มาร่วม"],
                               [[a.title, thai.thai_date_short(a.day), invited, going, came_]
                                for a, invited, going, came_ in held])
    web.log("view", f"village:{village.id}")
    return web.page("console/village.html", leader_table, household_table, unlinked_table, loan_table,
                    activity_table, village=village)
