"""What a borrower reads about money, against figures worked out by hand.

The household loan of the test world: 6,000 baht, no interest, 4 monthly instalments of
1,500 due 15 March, 15 April, 15 May and 15 June 2570. On 20 May 2570 three are due.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot import clock, texts
from bot.loans import ledger, messages, payments, planner
from bot.models import Fund, Loan, Payment, Person
from bot.settings import TIMEZONE
from flows import loans
from tests.loans.test_flows import _postback, _pushes_to, _say, as_person
from tests.loans.world import build

TODAY = datetime(2027, 5, 20, 10, tzinfo=TIMEZONE)


@pytest.fixture
def world(rt):
    with clock.frozen_at(TODAY), rt.db.session() as session:
        return build(session, first_due=date(2027, 3, 15), count=4)


def _pay(rt, world, amount: str, day: date) -> None:
    with rt.db.session() as session:
        loan = session.get(Loan, world.household_loan)
        payments.record_confirmed(session, loan, Decimal(amount), day, session.get(Person, world.treasurer))


def _card(rt, world) -> str:
    with clock.frozen_at(TODAY):
        [card] = _say(as_person(rt, world, world.household), loans.my_loans, texts.MY_LOANS_WORD)
    return card["altText"]


@pytest.mark.parametrize("paid, expected, absent", [
    # On time: 3 × 1,500 = 4,500 paid, nothing overdue; instalment 4 is next, 1,500 left.
    ("4500", ["ยอดคงเหลือ: 1,500 บาท", "งวดถัดไป: งวดที่ 4 ยอด 1,500 บาท ภายใน 15 มิถุนายน 2570"], ["ค้างชำระ"]),
    # Partly paid: 2,000 covers instalment 1 and 500 of instalment 2; 1,000 + 1,500 = 2,500 overdue
    # on 2 instalments, the oldest unpaid since 15 April; 6,000 - 2,000 = 4,000 left.
    ("2000", ["ยอดคงเหลือ: 4,000 บาท", "ค้างชำระ: 2 งวด รวม 2,500 บาท (ค้างตั้งแต่ 15 เมษายน 2570)",
              "งวดถัดไป: งวดที่ 4 ยอด 1,500 บาท ภายใน 15 มิถุนายน 2570"], ["ตรงเวลา"]),
    # Overdue: nothing paid; 3 × 1,500 = 4,500 overdue since 15 March, and the next is still instalment 4.
    (None, ["ยอดคงเหลือ: 6,000 บาท", "ค้างชำระ: 3 งวด รวม 4,500 บาท (ค้างตั้งแต่ 15 มีนาคม 2570)",
            "งวดถัดไป: งวดที่ 4 ยอด 1,500 บาท ภายใน 15 มิถุนายน 2570"], ["งวดที่ 1 "]),
    # Paid ahead: 5,000 covers 3 instalments and 500 of the 4th, which asks 1,000 more.
    ("5000", ["ยอดคงเหลือ: 1,000 บาท", "งวดถัดไป: งวดที่ 4 ยอด 1,000 บาท ภายใน 15 มิถุนายน 2570"], ["ค้างชำระ"]),
    # Over-paid: 6,500 is 500 beyond the loan: all paid, 500 credit, nothing to pay and nobody to pay.
    ("6500", [texts.LOAN_LINE_ALL_PAID, "ชำระเกินไว้: 500 บาท"], ["งวดถัดไป", "ค้างชำระ", "ชำระที่:"]),
])
def test_loan_card_shows_arrears_apart_from_the_next_instalment(rt, world, paid, expected, absent):
    if paid:
        _pay(rt, world, paid, date(2027, 5, 1))
    card = _card(rt, world)
    for line in expected:
        assert line in card
    for line in absent:
        assert line not in card


def test_a_borrower_behind_is_not_thanked_for_paying_on_time(rt, world):
    chat = as_person(rt, world, world.household)
    with clock.frozen_at(TODAY):
        _say(chat, loans.report_payment, texts.REPORT_PAYMENT_WORD)
        chat.say("1500")
        chat.say(texts.FLOW_SKIP)
        [reported] = chat.say(texts.FLOW_CONFIRM)
        assert "ตรงเวลา" not in reported["text"]
        with rt.db.sessions() as session:
            payment_id = session.scalar(select(Payment.id))
        _postback(as_person(rt, world, world.treasurer), f"loan:ok:{payment_id}")
    told = _pushes_text(rt, world.users[world.household])
    # 1,500 paid covers instalment 1; instalments 2 and 3 are still overdue: 3,000.
    assert "ยังค้างชำระอีก 2 งวด รวม 3,000 บาท" in told and "ตรงเวลา" not in told
    assert "คุณสมร ใจดี ยืนยันรับเงิน 1,500 บาท" in told  # a space after the name


def test_on_time_payment_is_thanked_on_time(rt, world):
    _pay(rt, world, "3000", date(2027, 4, 1))
    with rt.db.session() as session:
        loan = session.get(Loan, world.household_loan)
        payment = payments.report(session, loan, Decimal("1500"), date(2027, 5, 14),
                                  session.get(Person, world.household))
        payment_id = payment.id
    with clock.frozen_at(TODAY):
        _postback(as_person(rt, world, world.treasurer), f"loan:ok:{payment_id}")
    assert texts.PAYMENT_THANKS_ON_TIME in _pushes_text(rt, world.users[world.household])


def test_treasurer_is_not_told_to_pay_herself(rt, world):
    with rt.db.session() as session:
        loan = session.get(Loan, world.household_loan)
        loan.household_id = world.treasurer  # the treasurer borrows from her own fund
    with clock.frozen_at(TODAY):
        [card] = _say(as_person(rt, world, world.treasurer), loans.my_loans, texts.MY_LOANS_WORD)
    assert "ชำระที่: คุณแสงเดือน บุญมา" in card["altText"]  # the loan's committee member
    assert "ชำระที่: คุณสมร ใจดี" not in card["altText"]
    with rt.db.session() as session:
        session.get(Loan, world.household_loan).committee_id = None
    with clock.frozen_at(TODAY):
        [card] = _say(as_person(rt, world, world.treasurer), loans.my_loans, texts.MY_LOANS_WORD)
    assert "ชำระที่: " + texts.LOAN_PAY_TO_COMMITTEE in card["altText"]


def test_reminder_tells_the_amount_already_overdue(rt, world):
    # 31 May 09:00 is 15 days before instalment 4 (15 June); instalments 1-3 (4,500) are overdue.
    with clock.frozen_at(datetime(2027, 5, 31, 9, 30, tzinfo=TIMEZONE)), rt.db.sessions() as session:
        reminders = planner.find_reminders(session, clock.now())
    [reminder] = [r for r in reminders if r.person.id == world.household and r.details["step"] == -15]
    text = reminder.messages[0]["text"]
    assert "อีก 15 วันถึงงวดที่ 4 ของคุณค่ะ" in text and "ยอด 1,500 บาท ภายใน 15 มิถุนายน 2570" in text
    assert "ยังค้างจากงวดก่อน 3 งวด รวม 4,500 บาท (ค้างตั้งแต่ 15 มีนาคม 2570)" in text
    assert "ชำระที่คุณสมร ใจดี นะคะ" in text  # the name is not glued to นะคะ


def test_pay_to_skips_the_payer_and_withdrawn_people(rt, world):
    with rt.db.sessions() as session:
        fund = session.get(Fund, world.fund)
        treasurer, committee = fund.treasurer, session.get(Person, world.committee)
        assert messages.pay_to(treasurer, committee) == "คุณสมร ใจดี"
        assert messages.pay_to(treasurer, committee, payer_id=treasurer.id) == "คุณแสงเดือน บุญมา"
        assert messages.pay_to(treasurer, None, payer_id=treasurer.id) == texts.LOAN_PAY_TO_COMMITTEE


def _pushes_text(rt, user_id: str) -> str:
    return "\n".join(message.get("text") or message.get("altText", "") for message in _pushes_to(rt, user_id))
