"""Officers' loan figures, for `sammachip loans report [--fund NAME] [--json]`.

- due in the next 30 days: instalments due from today to today + 30 with money left on them;
- overdue by age: money left on instalments past their due date, by days late 1-30, 31-90, over 90;
- portfolio at risk (PAR30): outstanding principal of loans with any instalment more than
  30 days late, over all outstanding principal (a payment covers interest before principal);
- repayment rate per fund and per village: what was paid on instalments due up to today,
  over what those instalments asked (an early payment counts once its instalment falls due).
"""
from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from bot import clock, texts, thai
from bot.models import Fund, Instalment, Loan, OccupationalGroup, Person, Village

ZERO = Decimal("0.00")
AGE_BUCKETS = (("1-30", 1, 30), ("31-90", 31, 90), ("90+", 91, None))


def loans_report(session: Session, fund: str | None = None, fund_ids=None) -> dict[str, Any]:
    """`fund_ids` (ids or a subquery of them) narrows it to the funds a console user may see."""
    today = clock.now().date()
    group, household = aliased(OccupationalGroup), aliased(Person)
    village_id = func.coalesce(group.village_id, household.village_id)
    query = (select(Instalment.loan_id, Instalment.due_on, Instalment.amount_due, Instalment.paid_amount,
                    Instalment.principal_due, Instalment.interest_due, Fund.name, Village.moo, Village.name)
             .join(Loan, Loan.id == Instalment.loan_id).join(Fund, Fund.id == Loan.fund_id)
             .outerjoin(group, group.id == Loan.group_id).outerjoin(household, household.id == Loan.household_id)
             .join(Village, Village.id == village_id))
    if fund is not None:
        query = query.where(Fund.name == fund)
    if fund_ids is not None:
        query = query.where(Fund.id.in_(fund_ids))
    due_soon = {"count": 0, "amount": ZERO}
    overdue = {name: {"count": 0, "amount": ZERO} for name, _, _ in AGE_BUCKETS}
    principal_left: dict[int, Decimal] = defaultdict(lambda: ZERO)
    at_risk: set[int] = set()
    rates: dict[str, dict[str, dict[str, Decimal]]] = {"fund": {}, "village": {}}
    for loan_id, due_on, amount_due, paid, principal_due, interest_due, fund_name, moo, village_name in \
            session.execute(query):
        left = amount_due - paid
        principal_left[loan_id] += max(principal_due - max(paid - interest_due, ZERO), ZERO)
        if left > 0 and today <= due_on <= today + timedelta(days=30):
            due_soon["count"] += 1
            due_soon["amount"] += left
        days_late = (today - due_on).days
        if left > 0 and days_late >= 1:
            bucket = next(name for name, low, high in AGE_BUCKETS if days_late >= low and (high is None or days_late <= high))
            overdue[bucket]["count"] += 1
            overdue[bucket]["amount"] += left
            if days_late > 30:
                at_risk.add(loan_id)
        if due_on <= today:
            for kind, name in (("fund", fund_name), ("village", texts.VILLAGE_SHORT_LABEL.format(moo=moo, name=village_name))):
                figures = rates[kind].setdefault(name, {"due": ZERO, "collected": ZERO})
                figures["due"] += amount_due
                figures["collected"] += paid
    outstanding = sum(principal_left.values(), ZERO)
    risky = sum((principal_left[loan] for loan in at_risk), ZERO)
    return {
        "as_of": today.isoformat(),
        "fund": fund,
        "due_next_30_days": due_soon,
        "overdue_by_age": overdue,
        "outstanding_principal": outstanding,
        "principal_at_risk": risky,
        "par30": _ratio(risky, outstanding),
        "repayment_rate": {kind: {name: {**figures, "rate": _ratio(figures["collected"], figures["due"])}
                                  for name, figures in sorted(by_name.items())}
                           for kind, by_name in rates.items()},
    }


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part / whole).quantize(Decimal("0.0001")) if whole else None


def _percent(ratio: Decimal | None) -> str:
    return "-" if ratio is None else f"{ratio * 100:.1f}%"


def render_text(report: dict[str, Any]) -> str:
    lines = [texts.LOANS_REPORT_TITLE.format(date=thai.thai_date(date.fromisoformat(report["as_of"])))]
    if report["fund"]:
        lines.append(texts.LOANS_REPORT_FUND.format(fund=report["fund"]))
    soon = report["due_next_30_days"]
    lines.append(texts.LOANS_REPORT_DUE_SOON.format(count=soon["count"], amount=thai.money(soon["amount"])))
    for bucket, figures in report["overdue_by_age"].items():
        lines.append(texts.LOANS_REPORT_OVERDUE.format(bucket=bucket, count=figures["count"],
                                                       amount=thai.money(figures["amount"])))
    lines.append(texts.LOANS_REPORT_PAR.format(outstanding=thai.money(report["outstanding_principal"]),
                                               at_risk=thai.money(report["principal_at_risk"]),
                                               par=_percent(report["par30"])))
    for kind in ("fund", "village"):
        for name, figures in report["repayment_rate"][kind].items():
            lines.append(texts.LOANS_REPORT_RATE.format(name=name, rate=_percent(figures["rate"]),
                                                        collected=thai.money(figures["collected"]),
                                                        due=thai.money(figures["due"])))
    return "\n".join(lines)


def render_json(report: dict[str, Any]) -> str:
    """Money and ratios as exact decimal strings, never floats."""
    return json.dumps(report, ensure_ascii=False, indent=2, default=str)
