"""The overview's figures for one area, checked against the world the test built."""
from __future__ import annotations

from decimal import Decimal

from bot import overview
from bot.area import Area
from bot.models import ConsoleAccount
from sqlalchemy import select


def test_overview_counts_only_the_areas_reports_loans_questions_and_help(rt, world):
    with rt.db.session() as session:
        account = session.scalar(select(ConsoleAccount).where(ConsoleAccount.username == world.a.username))
        figures = overview.overview(session, Area.of(account))
    assert figures["reports"] == {"leaders": 2, "on_time": 1, "late": 0, "missing": 1}
    assert (figures["higher_income"].part, figures["higher_income"].whole, figures["higher_income"].percent) == (1, 1, 100.0)
    assert figures["questions_waiting"] == 1 and figures["help_open"] == 1
    loans = figures["loans"]
    # Six monthly instalments of 500 due 15 June to 15 November 2026, none paid; as of 2 December.
    assert loans["overdue_by_age"]["1-30"] == {"count": 1, "amount": Decimal("500.00")}
    assert loans["overdue_by_age"]["90+"]["count"] == 3
    assert loans["due_next_30_days"]["count"] == 1
    trend = dict(figures["repayment_trend"])
    assert trend["2026-06"] == 0.0 and trend["2026-11"] == 0.0 and trend["2026-12"] is None
    assert trend["2026-05"] is None
    compliance = dict(figures["compliance_trend"])
    assert compliance["2026-W49"] == 50.0 and compliance["2026-W48"] == 0.0
