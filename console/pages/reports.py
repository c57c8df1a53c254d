"""Weekly (leaders') and monthly (households') reports, by week or month and village, with
answers and photos; and the monthly district summary workbook an office sends upward."""
from __future__ import annotations

import io
from datetime import date, timedelta

from flask import Response, request
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select

from bot import clock, thai
from bot.texts import TRENDS
from bot.loans.report import loans_report
from bot.models import HouseholdReport, Person, Subdistrict, Village, WeeklyReport
from bot.overview import people_with_role
from bot.texts import console as texts
from console import web

bp = web.blueprint("console_reports", __name__, "/reports")



def _month() -> str:
    month = request.args.get("month", "")
    try:
        year, number = (int(part) for part in month.split("-"))
        date(year, number, 1)
        return f"{year}-{number:02d}"
    except ValueError:
        return thai.month_key(clock.now())


def _village_filter():
    """The chosen village if it is in the area; else the whole area."""
    value = request.args.get("village", "")
    village = web.area().village_in(web.db(), number) if (number := web.as_id(value)) is not None else None
    return village, (select(Village.id).where(Village.id == village.id) if village else web.area().village_ids())


@bp.route("/weekly")
@web.signed_in
def weekly():
    week = web.requested_week()
    village, villages = _village_filter()
    rows = web.db().execute(select(WeeklyReport, Person, Village).join(Person, Person.id == WeeklyReport.leader_id)
                            .join(Village, Village.id == Person.village_id)
                            .where(WeeklyReport.week == week, Person.village_id.in_(villages),
                                   WeeklyReport.leader_id.in_(people_with_role(web.area(), "leader")))
                            .order_by(Village.subdistrict_id, Village.moo, Person.full_name)).all()
    table = web.Table(f"รายงานผู้นำ-{week}", "รายงานผู้นำ", ["ผู้นำ", "หมู่บ้าน", "ส่งเมื่อ", "ช้า", "ครัวเรือนที่ทำ",
                                                        "รายได้", "กิจกรรม", "ปัญหา", "ขอความช่วยเหลือ", "รูป"],
                      [[p.full_name, web.village(v.moo, v.name), thai.thai_date_short(r.submitted_at),
                        texts.LATE_MARK if r.late else "", r.households_practising, TRENDS.get(r.income_trend, "-"),
                        ", ".join(r.activities or []), r.problems or "", r.help_needed or "",
                        len(r.photo_message_ids or [])] for r, p, v in rows], [r.id for r, _, _ in rows])
    web.log("view", "weekly-reports", week=week)
    return web.page("console/reports.html", table, kind="weekly", label=thai.week_label(week), value=week,
                    previous=f"?week={thai.previous_week(week)}" + (f"&village={village.id}" if village else ""),
                    village=village)


@bp.route("/weekly/<int:report_id>")
@web.signed_in
def weekly_report(report_id: int):
    row = web.found(web.db().execute(
        select(WeeklyReport, Person).join(Person, Person.id == WeeklyReport.leader_id)
        .where(WeeklyReport.id == report_id, WeeklyReport.leader_id.in_(people_with_role(web.area(), "leader")))
    ).first())
    report, leader = row
    visited = web.db().scalars(select(Person.full_name).where(Person.id.in_(report.visited_household_ids or []))).all()
    web.log("view", f"weekly-report:{report.id}")
    return web.page("console/weekly_report.html", report=report, leader=leader, visited=visited, thai=thai,
                    trend=TRENDS.get(report.income_trend, "-"))


@bp.route("/monthly")
@web.signed_in
def monthly():
    month = _month()
    village, villages = _village_filter()
    rows = web.db().execute(select(HouseholdReport, Person, Village)
                            .join(Person, Person.id == HouseholdReport.household_id)
                            .join(Village, Village.id == Person.village_id)
                            .where(HouseholdReport.month == month, Person.village_id.in_(villages),
                                   HouseholdReport.household_id.in_(people_with_role(web.area(), "household")))
                            .order_by(Village.subdistrict_id, Village.moo, Person.full_name)).all()
    table = web.Table(f"รายงานครัวเรือน-{month}", "รายงานครัวเรือน", ["ครัวเรือน", "หมู่บ้าน", "ส่งเมื่อ", "ทำอาชีพ",
                                                               "รายได้ (บาท)", "ประหยัดได้ (บาท)", "รายได้เทียบตอนเริ่ม",
                                                               "ปัญหา", "ขอความช่วยเหลือ"],
                      [[p.full_name, web.village(v.moo, v.name), thai.thai_date_short(r.submitted_at),
                        texts.PRACTISED if r.practised else texts.NOT_PRACTISED, r.income,
                        r.expenses_saved,
                        TRENDS.get(r.income_vs_start, "-"), r.problems or "", texts.HELP_ASKED_MARK if r.needs_help else ""]
                       for r, p, v in rows])
    year, number = (int(part) for part in month.split("-"))
    previous = date(year, number, 1) - timedelta(days=1)
    web.log("view", "household-reports", month=month)
    return web.page("console/reports.html", table, kind="monthly", label=thai.month_label(month), value=month,
                    previous=f"?month={thai.month_key(previous)}" + (f"&village={village.id}" if village else ""),
                    village=village)


def _month_weeks(month: str) -> list[str]:
    """The ISO weeks whose Thursday falls in the month (how a week is given to a month)."""
    year, number = (int(part) for part in month.split("-"))
    day, weeks = date(year, number, 1), []
    while day.month == number:
        if day.weekday() == 3:
            weeks.append(thai.iso_week(day))
        day += timedelta(days=1)
    return weeks


def summary_rows(session, area, month: str) -> list[list]:
    """One row per village: leaders, weekly reports sent in the month, households, practising, higher income."""
    weeks = _month_weeks(month)
    villages = session.execute(select(Village, Subdistrict.name).join(Subdistrict)
                               .where(Village.id.in_(area.village_ids()))
                               .order_by(Subdistrict.name, Village.moo)).all()
    leaders = dict(session.execute(select(Person.id, Person.village_id).where(
        Person.id.in_(people_with_role(area, "leader")))).all())
    households = dict(session.execute(select(Person.id, Person.village_id).where(
        Person.id.in_(people_with_role(area, "household")))).all())
    sent = session.execute(select(WeeklyReport.leader_id).where(WeeklyReport.week.in_(weeks),
                                                                 WeeklyReport.leader_id.in_(list(leaders)))).scalars()
    reports = session.scalars(select(HouseholdReport).where(HouseholdReport.month == month,
                                                             HouseholdReport.household_id.in_(list(households))))
    counts: dict[int, list[int]] = {v.id: [0, 0, 0, 0, 0, 0] for v, _ in villages}
    for village_id in leaders.values():
        counts[village_id][0] += 1
    for leader_id in sent:
        counts[leaders[leader_id]][1] += 1
    for village_id in households.values():
        counts[village_id][2] += 1
    for report in reports:
        row = counts[households[report.household_id]]
        row[3] += 1
        row[4] += int(report.practised)
        row[5] += int(report.income_vs_start == "up")
    return [[subdistrict, web.village(v.moo, v.name), c[0], len(weeks) * c[0], c[1], c[2], c[3], c[4], c[5]]
            for (v, subdistrict), c in ((vs, counts[vs[0].id]) for vs in villages)]


SUMMARY_HEADERS = ["ตำบล", "หมู่บ้าน", "ผู้นำ", "รายงานที่ต้องส่ง", "รายงานที่ส่งแล้ว", "ครัวเรือนเป้าหมาย",
                   "ครัวเรือนที่รายงาน", "ยังทำอาชีพ", "รายได้สูงกว่าตอนเริ่ม"]


@bp.route("/summary")
@web.signed_in
def summary():
    month = _month()
    session = web.db()
    rows = summary_rows(session, web.area(), month)
    table = web.Table(f"สรุปรายหมู่บ้าน-{month}", "สรุปรายหมู่บ้าน", SUMMARY_HEADERS, rows)
    if request.args.get("format") == "workbook":
        return _workbook(session, month, rows)
    return web.page("console/summary.html", table, month=month, label=thai.month_label(month))


def _workbook(session, month: str, rows: list[list]) -> Response:
    """The office's monthly summary: totals, the village table, and loans per fund."""
    web.log("export", "district-summary", month=month)
    book = Workbook()
    totals = book.active
    totals.title = "สรุป"
    totals.append([texts.SUMMARY_TITLE.format(area=web.area().label(session), month=thai.month_label(month))])
    totals["A1"].font = Font(bold=True, size=14)
    totals.append([texts.SUMMARY_MADE_ON.format(date=thai.thai_date(clock.now().date()))])
    totals.append([])
    for index, header in enumerate(SUMMARY_HEADERS[2:], start=2):
        totals.append([header, sum(row[index] for row in rows)])
    villages = book.create_sheet("รายหมู่บ้าน")
    villages.append(SUMMARY_HEADERS)
    for row in rows:
        villages.append(row)
    loans = loans_report(session, fund_ids=web.area().fund_ids())
    funds = book.create_sheet("เงินกู้")
    funds.append(["กองทุน", "ต้องชำระถึงวันนี้ (บาท)", "ชำระแล้ว (บาท)", "อัตราชำระคืน (%)"])
    for name, figures in loans["repayment_rate"]["fund"].items():
        funds.append([name, float(figures["due"]), float(figures["collected"]),
                      round(float(figures["rate"]) * 100, 1) if figures["rate"] is not None else None])
    funds.append([])
    funds.append(["ค้างชำระ", "จำนวนงวด", "ยอดค้าง (บาท)"])
    for bucket, figures in loans["overdue_by_age"].items():
        funds.append([f"{bucket} วัน", figures["count"], float(figures["amount"])])
    funds.append(["PAR30 (%)", round(float(loans["par30"]) * 100, 1) if loans["par30"] is not None else None])
    for sheet in book.worksheets:
        for cell in sheet[1 if sheet.title != "สรุป" else 4]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return Response(buffer.getvalue(), mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="district-summary-{month}.xlsx"'})
