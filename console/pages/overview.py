"""The overview of my area: reports this week, households, loans, questions, help, trends."""
from __future__ import annotations

from bot import overview as figures
from bot import thai
from console import charts, web

bp = web.blueprint("console_overview", __name__)


@bp.route("/")
@web.signed_in
def index():
    data = figures.overview(web.db(), web.area())
    compliance = [(thai.week_label(week).split(" (")[0].replace("สัปดาห์ที่ ", "สัปดาห์ "), value)
                  for week, value in data["compliance_trend"]]
    repayment = [(thai.month_label(month), value) for month, value in data["repayment_trend"]]
    return web.page("console/overview.html", data=data, money=thai.money,
                    compliance_chart=charts.line_chart(compliance, "การส่งรายงานรายสัปดาห์ 12 สัปดาห์"),
                    repayment_chart=charts.line_chart(repayment, "อัตราการชำระคืนรายเดือน"))
