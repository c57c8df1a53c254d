"""Help requests from households and leaders, followed as cases with notes."""
from __future__ import annotations

from flask import request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot import help_cases, thai
from bot.models import HelpCase, Person, Village
from bot.texts import console as texts
from console import web

bp = web.blueprint("console_help", __name__, "/help")
SOURCES = {"weekly": "รายงานผู้นำ", "household": "รายงานครัวเรือน"}


def _cases():
    return (select(HelpCase, Person, Village).join(Person, Person.id == HelpCase.person_id)
            .outerjoin(Village, Village.id == HelpCase.village_id)
            .where(HelpCase.village_id.in_(web.area().village_ids())))


@bp.route("/")
@web.signed_in
def index():
    help_cases.raise_from_reports(web.db(), web.area())
    status = request.args.get("status", "active")
    query = _cases()
    query = query.where(HelpCase.status != "closed") if status == "active" else query.where(HelpCase.status == "closed")
    rows = web.db().execute(query.order_by(HelpCase.created_at.desc())).all()
    table = web.Table("ขอความช่วยเหลือ", "ขอความช่วยเหลือ", ["เรื่อง", "ผู้ขอ", "โทรศัพท์", "หมู่บ้าน", "จาก", "สถานะ", "เมื่อ"],
                      [[c.summary, p.full_name, p.phone or "-", web.village(v.moo, v.name) if v else "-",
                        SOURCES.get(c.source, c.source), texts.CASE_STATUSES[c.status],
                        thai.thai_date_short(c.created_at)] for c, p, v in rows], [c.id for c, _, _ in rows])
    web.log("view", "help-cases", count=len(rows))
    return web.page("console/help.html", table, status=status)


@bp.route("/<int:case_id>", methods=["GET", "POST"])
@web.signed_in
def case(case_id: int):
    row = web.found(web.db().execute(_cases().where(HelpCase.id == case_id)
                                     .options(selectinload(HelpCase.notes))).first())
    help_case, person, village = row
    if request.method == "POST":
        try:
            help_cases.update(web.db(), help_case, web.account(), request.form.get("status"),
                              request.form.get("note", "")[:4000])
        except help_cases.CaseError as error:
            return web.back(str(error), "error", "console_help.case", case_id=case_id)
        web.log("change", f"help-case:{case_id}", status=help_case.status)
        return web.back(texts.CASE_SAVED, endpoint="console_help.case", case_id=case_id)
    web.log("view", f"help-case:{case_id}")
    return web.page("console/help_case.html", case=help_case, person=person, village=village, thai=thai,
                    statuses=texts.CASE_STATUSES, source=SOURCES.get(help_case.source, help_case.source))
