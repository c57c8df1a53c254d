"""Money as a borrower and a treasurer read it through the simulator, against figures worked
out by hand: a 6,000 baht loan in 4 instalments of 1,500, three of them already past due."""
from __future__ import annotations

import secrets
import time
from datetime import timedelta
from decimal import Decimal

import pytest
import requests
from sqlalchemy import select

from bot import clock, runtime, texts, thai
from bot.models import Fund, Instalment, InviteCode
from bot.people import invites
from tests.builders import Place, person
from tests.chat import card_buttons, wait_for_push
from tests.loans.world import open_loan


@pytest.fixture(scope="module")
def fund(stack, village):
    """A borrower whose loan is 3 instalments behind, a treasurer who borrows too, and a committee member."""
    rt = runtime.Runtime(stack.settings)
    today = clock.now().date()
    first_due = today - timedelta(days=75)  # monthly: about 75, 45 and 15 days ago, and 15 days ahead
    with rt.db.session() as session:
        place = Place(session, district="เขื่องใน", subdistrict="ค้อทอง")
        moo = place.village(7, "หนองเป็ด")
        borrower = person(session, "นางบุญมา ทดสอบเงิน", ["household"], moo, linked=False)
        treasurer = person(session, "นางสมร ใจดี", ["committee", "household"], moo, linked=False)
        committee = person(session, "นางแสงเดือน บุญมา", ["committee"], moo, linked=False)
        money = Fund(name=f"กองทุนทดสอบ {secrets.token_hex(3)}", kind="womens", subdistrict_id=place.subdistrict.id,
                     treasurer_id=treasurer.id)
        session.add(money)
        session.flush()
        for who, contract in ((borrower, "T-1"), (treasurer, "T-2")):
            open_loan(session, money, first_due, 4, "monthly", contract=f"{contract}-{money.id}",
                      principal=Decimal("6000.00"), household_id=who.id, committee_id=committee.id)
        invites.issue_codes(session)
        codes = {p.full_name: session.scalar(select(InviteCode.code).where(InviteCode.person_id == p.id))
                 for p in (borrower, treasurer)}
        dues = [i.due_on for i in session.scalars(select(Instalment).join(Instalment.loan)
                                                  .where(Instalment.loan.has(household_id=borrower.id))
                                                  .order_by(Instalment.number))]
    yield codes, dues, today
    rt.close()


def _link(stack, code: str) -> str:
    user = stack.new_user()
    stack.send(user, "follow")
    stack.say(user, texts.CONSENT_AGREE)
    stack.say(user, code)
    return user


def test_card_payment_and_thanks_never_mislead(stack, fund):
    codes, dues, today = fund
    assert dues[2] < today <= dues[3]  # three past due, the fourth still to come
    borrower = _link(stack, codes["นางบุญมา ทดสอบเงิน"])
    treasurer = _link(stack, codes["นางสมร ใจดี"])

    [card] = stack.say(borrower, texts.MY_LOANS_WORD)
    shown = card["altText"]
    assert "ยอดคงเหลือ: 6,000 บาท" in shown
    assert f"ค้างชำระ: 3 งวด รวม 4,500 บาท (ค้างตั้งแต่ {thai.thai_date(dues[0])})" in shown
    assert f"งวดถัดไป: งวดที่ 4 ยอด 1,500 บาท ภายใน {thai.thai_date(dues[3])}" in shown
    assert "งวดที่ 1 " not in shown and "ชำระที่: คุณสมร ใจดี" in shown

    stack.say(borrower, texts.REPORT_PAYMENT_WORD)
    stack.say(borrower, "พันห้า")
    stack.say(borrower, texts.FLOW_SKIP)
    [reported] = stack.say(borrower, texts.FLOW_CONFIRM)
    assert "ตรงเวลา" not in reported["text"] and "คุณสมร ใจดี ยืนยัน" in reported["text"]

    request = _flex_push(stack, treasurer, "แจ้งชำระเงินกู้ 1,500 บาท")
    stack.send(treasurer, "postback", data=card_buttons(request)[texts.PAYMENT_CONFIRM_BUTTON]["data"])
    told = wait_for_push(stack, borrower, "ยืนยันรับเงิน")
    # 1,500 paid covers instalment 1: instalments 2 and 3 (3,000) are still overdue, 4,500 left in all.
    assert told.startswith("คุณสมร ใจดี ยืนยันรับเงิน 1,500 บาท แล้วค่ะ ยอดคงเหลือ 4,500 บาท")
    assert "ยังค้างชำระอีก 2 งวด รวม 3,000 บาท" in told and "ตรงเวลา" not in told

    [own] = stack.say(treasurer, texts.MY_LOANS_WORD)  # the treasurer's own loan
    assert "ชำระที่: คุณแสงเดือน บุญมา" in own["altText"] and "ชำระที่: คุณสมร ใจดี" not in own["altText"]


def _flex_push(stack, user: str, needle: str, timeout: float = 10) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        items = requests.get(f"{stack.emulator_url}/_emulator/users/{user}/messages", timeout=5).json()["messages"]
        for item in items:
            if item["via"] == "push" and needle in item["message"].get("altText", ""):
                return item["message"]
        time.sleep(0.2)
    raise AssertionError(f"no flex push containing {needle!r}")
