"""Who has not reported this week: every leader of the area without a report, with phone,
linked to LINE or not; a button nudges the linked ones now through the send-once gate."""
from __future__ import annotations

from sqlalchemy import select

from bot import clock, scheduling, texts as bot_texts, thai
from bot.line import messages as m
from bot.models import Person, Village, WeeklyReport
from bot.overview import people_with_role
from bot.texts import console as texts
from console import web

bp = web.blueprint("console_missing", __name__, "/missing")



def missing_leaders(session, area, week: str) -> list[tuple[Person, Village]]:
    reported = select(WeeklyReport.leader_id).where(WeeklyReport.week == week)
    return list(session.execute(
        select(Person, Village).join(Village, Village.id == Person.village_id)
        .where(Person.id.in_(people_with_role(area, "leader")), Person.id.not_in(reported))
        .order_by(Village.subdistrict_id, Village.moo, Person.full_name)))


@bp.route("/")
@web.signed_in
def index():
    week = web.requested_week()
    rows = missing_leaders(web.db(), web.area(), week)
    table = web.Table("ยังไม่ส่งรายงาน-" + week, "ผู้นำที่ยังไม่ส่งรายงาน",
                      ["ชื่อ", "หมู่บ้าน", "โทรศัพท์", "LINE"],
                      [[p.full_name, v.label, p.phone or "-", texts.LINKED if p.line_user_id else texts.NOT_LINKED]
                       for p, v in rows], [p.id for p, _ in rows])
    web.log("view", "missing-reports", week=week, people=len(rows))
    linked = sum(1 for p, _ in rows if p.line_user_id)
    return web.page("console/missing.html", table, week=week, week_label=thai.week_label(week), linked=linked,
                    previous=thai.previous_week(week))


@bp.route("/nudge", methods=["POST"])
@web.signed_in
def nudge():
    week = web.requested_week()
    session = web.db()
    if clock.quiet_hours(clock.now()):
        return web.back(texts.NUDGE_QUIET, "error")
    web.log("change", "nudge", week=week)
    plans = [scheduling.Plan(f"nudge:{week}:console:{leader.id}", "nudge", leader, [m.text(
        bot_texts.NUDGE_FIRST.format(name=thai.call_name(leader.full_name), week=thai.week_label(week)),
        [m.say(bot_texts.REPORT_WORD)])]) for leader, _ in missing_leaders(session, web.area(), week)
        if leader.line_user_id]
    decisions = scheduling.decide_all(session, plans)
    session.commit()
    outcomes: dict[str, int] = {}
    for decision in decisions:
        outcomes[decision.outcome] = outcomes.get(decision.outcome, 0) + 1
        scheduling.enqueue_deliveries(web.runtime(), decision.outbox_ids)
    sent, duplicate = outcomes.pop("queued", 0), outcomes.pop("duplicate", 0) + outcomes.pop("capped", 0)
    return web.back(texts.NUDGE_RESULT.format(queued=sent, duplicate=duplicate, other=sum(outcomes.values())),
                    endpoint="console_missing.index", week=week)
