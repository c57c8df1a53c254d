"""Loans end to end through the simulator and a real worker: a demo borrower links, sees
their loan and reports a payment. Needs MY_LOANS_WORD / REPORT_PAYMENT_WORD routed to
flows.loans (the router's wiring)."""
from __future__ import annotations

from sqlalchemy import select

from bot import texts
from devtools.demo.loans import load_demo_loans
from bot.models import InviteCode, Payment, Person

BORROWERS = ["นายเคน สีดา", "นางหนูพิน มณีวงศ์", "นางบัวไข ทองดี"]


def _unlinked_borrower(rt) -> tuple[str, str]:
    with rt.db.session() as session:
        load_demo_loans(session)
    with rt.db.sessions() as session:
        for name in BORROWERS:
            code = session.scalar(select(InviteCode.code).join(Person).where(
                Person.full_name == name, Person.line_user_id.is_(None), InviteCode.used_at.is_(None)))
            if code:
                return code, name
    raise AssertionError("every demo borrower is linked already")


def test_borrower_sees_the_loan_and_reports_a_payment(stack, village):
    code, name = _unlinked_borrower(village)
    user = stack.new_user()
    stack.send(user, "follow")
    stack.say(user, texts.CONSENT_AGREE)
    stack.say(user, code)
    [card] = stack.say(user, texts.MY_LOANS_WORD)
    assert card["type"] == "flex" and name in card["altText"] and "ยอดคงเหลือ" in card["altText"]
    [ask] = stack.say(user, texts.REPORT_PAYMENT_WORD)
    assert ask["text"] == texts.ASK_PAYMENT_AMOUNT
    [slip] = stack.say(user, "พันห้า")
    assert slip["text"] == texts.ASK_PAYMENT_SLIP
    stack.say(user, texts.FLOW_SKIP)
    [done] = stack.say(user, texts.FLOW_CONFIRM)
    assert "ยืนยัน" in done["text"]
    with village.db.sessions() as session:
        payment = session.scalar(select(Payment).join(Person, Person.id == Payment.reported_by_id)
                                 .where(Person.full_name == name))
        assert payment.status == "pending" and str(payment.amount) == "1500.00"
