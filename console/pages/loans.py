"""Loans: overdue borrowers by days and amount, per fund and village; payments waiting for
confirmation with their slip; confirm or reject (never by the person who recorded it)."""
from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from bot import clock, thai
from bot.loans import payments as payment_rules
from bot.models import Fund, Instalment, Loan, OccupationalGroup, Payment, Person, Village
from bot.texts import console as texts
from console import web

bp = web.blueprint("console_loans", __name__, "/loans")


def _borrowers():
    """(loan, fund, borrower name, phone, village) columns for loans of the area's funds."""
    group, household = aliased(OccupationalGroup), aliased(Person)
    village_id = func.coalesce(group.village_id, household.village_id)
    return (select(Loan.id, Loan.contract, Fund.name.label("fund"),
                   func.coalesce(group.name, household.full_name).label("borrower"), household.phone.label("phone"),
                   Village.moo.label("moo"), Village.name.label("village"))
            .join(Fund, Fund.id == Loan.fund_id)
            .outerjoin(group, group.id == Loan.group_id).outerjoin(household, household.id == Loan.household_id)
            .outerjoin(Village, Village.id == village_id)
            .where(Loan.fund_id.in_(web.area().fund_ids())))


@bp.route("/")
@web.signed_in
def index():
    today = clock.now().date()
    borrowers = _borrowers().subquery()
    rows = web.db().execute(
        select(borrowers, Instalment.due_on, Instalment.amount_due - Instalment.paid_amount)
        .join(Instalment, Instalment.loan_id == borrowers.c.id)
        .where(Instalment.due_on < today, Instalment.amount_due > Instalment.paid_amount)
        .order_by(Instalment.due_on)).all()
    overdue: OrderedDict[int, list] = OrderedDict()
    for loan_id, contract, fund, name, phone, moo, village, due_on, left in rows:
        entry = overdue.setdefault(loan_id, [name, fund, contract, web.village(moo, village) if moo else "-",
                                             phone or "-", (today - due_on).days, Decimal("0.00"), 0])
        entry[6] += left
        entry[7] += 1
    ordered = sorted(overdue.items(), key=lambda item: (-item[1][5], -item[1][6]))
    table = web.Table("ค้างชำระ", "ผู้กู้ที่ค้างชำระ", ["ผู้กู้", "กองทุน", "สัญญา", "หมู่บ้าน", "โทรศัพท์",
                                                      "ค้างนานสุด (วัน)", "ยอดค้าง (บาท)", "งวดที่ค้าง"],
                      [[*e[:6], e[6], e[7]] for _, e in ordered], [loan_id for loan_id, _ in ordered])
    by_fund: dict[str, list] = {}
    by_village: dict[str, list] = {}
    for _, e in ordered:
        for bucket, key in ((by_fund, e[1]), (by_village, e[3])):
            figures = bucket.setdefault(key, [0, Decimal("0.00")])
            figures[0] += 1
            figures[1] += e[6]
    fund_table = web.Table("ค้างชำระ-ตามกองทุน", "ค้างชำระตามกองทุน", ["กองทุน", "ผู้กู้ที่ค้าง", "ยอดค้าง (บาท)"],
                           [[k, v[0], v[1]] for k, v in sorted(by_fund.items())])
    village_table = web.Table("ค้างชำระ-ตามหมู่บ้าน", "ค้างชำระตามหมู่บ้าน", ["หมู่บ้าน", "ผู้กู้ที่ค้าง", "ยอดค้าง (บาท)"],
                              [[k, v[0], v[1]] for k, v in sorted(by_village.items())])
    web.log("view", "loans-overdue", loans=len(ordered))
    return web.page("console/loans.html", table, fund_table, village_table)


def _pending_query():
    borrowers = _borrowers().subquery()
    reporter = aliased(Person)
    return (select(Payment, borrowers, reporter.full_name).join(borrowers, borrowers.c.id == Payment.loan_id)
            .outerjoin(reporter, reporter.id == Payment.reported_by_id))


@bp.route("/payments")
@web.signed_in
def payments():
    rows = web.db().execute(_pending_query().where(Payment.status == "pending").order_by(Payment.reported_at)).all()
    table = web.Table("รอยืนยันการชำระ", "การชำระที่รอยืนยัน", ["ผู้กู้", "กองทุน", "สัญญา", "จำนวน (บาท)", "วันที่ชำระ",
                                                             "ผู้บันทึก", "สลิป"],
                      [[r[4], r[3], r[2], r[0].amount, thai.thai_date_short(r[0].paid_on), r[8] or "-",
                        texts.HAS_SLIP if r[0].slip_message_id else "-"] for r in rows], [r[0].id for r in rows])
    web.log("view", "payments-pending", count=len(rows))
    return web.page("console/payments.html", table, rows=rows, money=thai.money, thai=thai,
                    me=web.account().person_id)


@bp.route("/payments/<int:payment_id>/<any(confirm, reject):decision>", methods=["POST"])
@web.signed_in
def decide(payment_id: int, decision: str):
    row = web.found(web.db().execute(_pending_query().where(Payment.id == payment_id)).first())
    payment = row[0]
    me = web.account().person
    if decision == "confirm" and payment.reported_by_id == me.id:
        return web.back(texts.PAYMENT_OWN, "error")
    outcome = payment_rules.decide(web.db(), payment_id, decision == "confirm", me)
    if outcome == "already":
        return web.back(texts.PAYMENT_ALREADY, "error")
    web.log("change", f"payment:{payment_id}", decision=outcome)
    return web.back(texts.PAYMENT_CONFIRMED if outcome == "confirmed" else texts.PAYMENT_REJECTED)
