"""Officers' figures against values worked out by hand."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from bot import clock
from bot.loans import payments
from bot.loans.report import loans_report, render_json, render_text
from bot.models import Loan
from tests.loans.world import build

D = Decimal


def test_figures_match_the_hand_computed_ones(rt):
    with rt.db.session() as session:
        # Two 0% loans, monthly from 15 Jan 2027: group 12,000 in 4 x 3,000; household 6,000 in 4 x 1,500.
        world = build(session, first_due=date(2027, 1, 15), count=4)
        group_loan, household_loan = session.get(Loan, world.group_loan), session.get(Loan, world.household_loan)
        payments.record_confirmed(session, group_loan, D("6000"), date(2027, 2, 10), None)  # Jan and Feb paid
        payments.record_confirmed(session, household_loan, D("1000.50"), date(2027, 1, 20), None)  # Jan partly
    with clock.frozen_at("2027-03-20T10:00"), rt.db.sessions() as session:
        report = loans_report(session)
        only_household_fund = loans_report(session, fund="no such fund")
    # Today 20 Mar. Group: Mar (5 days late) 3,000 left; Apr due soon. Household: Jan 64 days late 499.50 left,
    # Feb 33 days late 1,500, Mar 5 days late 1,500; Apr due soon.
    assert report["due_next_30_days"] == {"count": 2, "amount": D("4500.00")}
    assert report["overdue_by_age"] == {"1-30": {"count": 2, "amount": D("4500.00")},
                                        "31-90": {"count": 2, "amount": D("1999.50")},
                                        "90+": {"count": 0, "amount": D("0.00")}}
    # Outstanding principal: group 6,000; household 4,999.50, at risk (over 30 days late).
    assert report["outstanding_principal"] == D("10999.50") and report["principal_at_risk"] == D("4999.50")
    assert report["par30"] == (D("4999.50") / D("10999.50")).quantize(D("0.0001"))
    fund = report["repayment_rate"]["fund"]["กองทุนพัฒนาบทบาทสตรี ต.เขื่องใน"]
    # Due to date: 3 x 3,000 + 3 x 1,500 = 13,500; collected on them 6,000 + 1,000.50.
    assert fund == {"due": D("13500.00"), "collected": D("7000.50"), "rate": D("0.5186")}
    assert report["repayment_rate"]["village"]["หมู่ 3 บ้านโนนสวรรค์"]["rate"] == D("0.5186")
    assert only_household_fund["outstanding_principal"] == D("0.00") and only_household_fund["par30"] is None
    text = render_text(report)
    assert "51.9%" in text and "20 มีนาคม 2570" in text
    assert json.loads(render_json(report))["par30"] == "0.4545"
