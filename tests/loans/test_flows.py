"""The loan chat driven directly: my loans, reporting a payment, the treasurer's confirm
(once, and only by the right people), and asking the committee for advice."""
from __future__ import annotations

import secrets
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot import clock, postbacks, texts
from bot.loans import payments
from bot.models import Instalment, Loan, OutboundMessage, Payment
from bot.settings import TIMEZONE
from flows import loans
from flows.turn import Turn
from tests.flows.helpers import Chat, buttons, last_chips
from tests.loans.world import build

NOW = datetime(2027, 3, 20, 10, tzinfo=TIMEZONE)


@pytest.fixture
def world(rt):
    with clock.frozen_at(NOW), rt.db.session() as session:
        return build(session, first_due=date(2027, 3, 15), count=4)


@pytest.fixture(autouse=True)
def frozen():
    with clock.frozen_at(NOW):
        yield


class QueueingChat(Chat):
    """Chat that also writes the turn's pushes to the outbox, as the event handler does."""

    def turn(self, event: dict, action) -> list[dict]:
        with self.rt.db.session() as session:
            turn = Turn(runtime=self.rt, session=session, event=event, event_key=event["webhookEventId"])
            action(turn)
            turn.queue_messages()
            return turn.replies


def as_person(rt, world, person_id: int) -> QueueingChat:
    chat = QueueingChat.__new__(QueueingChat)  # the world already made this person's LINE account
    chat.rt, chat.user_id = rt, world.users[person_id]
    return chat


def _say(chat: Chat, action, text: str = "x", group: bool = False) -> list[dict]:
    event = chat._event("message", message={"id": secrets.token_hex(4), "type": "text", "text": text})
    if group:
        event["source"] = {"type": "group", "groupId": "C" + secrets.token_hex(16), "userId": chat.user_id}
    return chat.turn(event, action)


def _postback(chat: Chat, data: str) -> list[dict]:
    return chat.turn(chat._event("postback", postback={"data": data}), lambda turn: loans.on_postback(turn, postbacks.parse(data)))


def _pushes_to(rt, user_id: str) -> list[dict]:
    with rt.db.sessions() as session:
        return [message for row in session.scalars(select(OutboundMessage.messages)
                                                   .where(OutboundMessage.recipient == user_id,
                                                          OutboundMessage.kind == "push"))
                for message in row]


def test_member_sees_the_group_loan_only(rt, world):
    [card] = _say(as_person(rt, world, world.member), loans.my_loans, texts.MY_LOANS_WORD)
    assert "กลุ่มทอเสื่อกกบ้านโนนสวรรค์" in card["altText"] and "W-001" in card["altText"]
    assert "W-002" not in card["altText"]
    assert "ยอดคงเหลือ: 12,000 บาท" in card["altText"]
    assert "ค้างชำระ: 1 งวด รวม 3,000 บาท (ค้างตั้งแต่ 15 มีนาคม 2570)" in card["altText"]
    assert "งวดถัดไป: งวดที่ 2 ยอด 3,000 บาท ภายใน 15 เมษายน 2570" in card["altText"]


def test_outsider_and_group_chat_see_nothing(rt, world):
    [none] = _say(as_person(rt, world, world.officer), loans.my_loans)
    assert none["text"] == texts.MY_LOANS_NONE
    [private] = _say(as_person(rt, world, world.household), loans.my_loans, group=True)
    assert private["text"] == texts.GROUP_PRIVATE
    [guest] = _say(Chat(rt), loans.my_loans)
    assert guest["text"] == texts.MY_LOANS_GUEST


def _report(rt, world, amount_text: str = "พันห้า") -> int:
    chat = as_person(rt, world, world.household)
    [ask] = _say(chat, loans.report_payment, texts.REPORT_PAYMENT_WORD)
    assert ask["text"] == texts.ASK_PAYMENT_AMOUNT  # one loan: no question which
    [slip] = chat.say(amount_text)
    assert slip["text"] == texts.ASK_PAYMENT_SLIP
    chat.photo()
    summary = chat.say(texts.FLOW_CONFIRM)
    assert summary[-1]["text"].startswith("น้องส่งเรื่องให้คุณสมร ใจดี")
    with rt.db.sessions() as session:
        return session.scalar(select(Payment.id).order_by(Payment.id.desc()))


def test_reported_payment_is_pending_until_the_treasurer_confirms_once(rt, world):
    payment_id = _report(rt, world)
    with rt.db.sessions() as session:
        payment = session.get(Payment, payment_id)
        assert payment.amount == Decimal("1500.00") and payment.status == "pending" and payment.slip_message_id
        assert session.scalar(select(Instalment.paid_amount).where(Instalment.loan_id == world.household_loan,
                                                                   Instalment.number == 1)) == Decimal("0.00")
    [request] = _pushes_to(rt, world.users[world.treasurer])
    assert "1,500 บาท" in request["altText"]
    confirm = buttons(request)[texts.PAYMENT_CONFIRM_BUTTON]
    assert len(_pushes_to(rt, world.users[world.committee])) == 1  # the committee member may decide too

    [refused] = _postback(as_person(rt, world, world.member), confirm["data"])
    assert refused["text"] == texts.PAYMENT_NOT_YOURS
    [done] = _postback(as_person(rt, world, world.treasurer), confirm["data"])
    assert "1,500 บาท" in done["text"] and "4,500 บาท" in done["text"]
    [again] = _postback(as_person(rt, world, world.committee), confirm["data"])
    assert again["text"] == texts.PAYMENT_ALREADY_DECIDED
    with rt.db.sessions() as session:
        assert session.scalar(select(Instalment.paid_amount).where(Instalment.loan_id == world.household_loan,
                                                                   Instalment.number == 1)) == Decimal("1500.00")
    [told] = _pushes_to(rt, world.users[world.household])
    assert "ยืนยันรับเงิน 1,500 บาท" in told["text"]


def test_rejected_payment_counts_for_nothing(rt, world):
    payment_id = _report(rt, world, "๑,๐๐๐")
    _postback(as_person(rt, world, world.committee), f"loan:no:{payment_id}")
    with rt.db.sessions() as session:
        assert session.get(Payment, payment_id).status == "rejected"
        assert session.scalar(select(Instalment.paid_amount).where(Instalment.loan_id == world.household_loan,
                                                                   Instalment.number == 1)) == Decimal("0.00")


def test_member_of_a_group_with_two_loans_chooses_one(rt, world):
    with rt.db.session() as session:
        from tests.loans.world import open_loan

        from bot.models import Fund
        open_loan(session, session.get(Fund, world.fund), date(2027, 6, 1), 2, "monthly", "W-003",
                  group_id=session.get(Loan, world.group_loan).group_id, committee_id=world.committee)
    chat = as_person(rt, world, world.member)
    [ask] = _say(chat, loans.report_payment)
    assert ask["text"] == texts.ASK_WHICH_LOAN
    chips = last_chips([ask])
    choice = next(action for label, action in chips.items() if label.startswith("W-003"))
    [amount] = chat.tap(choice)
    assert amount["text"] == texts.ASK_PAYMENT_AMOUNT
    [again] = chat.say("0")
    assert texts.FLOW_MONEY_INVALID in again["text"]


def test_advice_button_alerts_the_committee_member_once_a_day(rt, world):
    chat = as_person(rt, world, world.household)
    [reply] = _postback(chat, f"loan:advice:{world.household_loan}")
    assert reply["text"] == texts.LOAN_ADVICE_SENT.format(committee="คุณแสงเดือน บุญมา")
    _postback(chat, f"loan:advice:{world.household_loan}")
    [alert] = _pushes_to(rt, world.users[world.committee])
    assert "คุณเคน สีดา (นายเคน สีดา)" in alert["text"] and "1,500 บาท" in alert["text"]
    outsider = as_person(rt, world, world.member)
    [no] = _postback(outsider, f"loan:advice:{world.household_loan}")  # not their loan
    assert no["text"] != reply["text"]


def test_payments_module_refuses_floats(rt, world):
    with rt.db.session() as session, pytest.raises(ValueError):
        payments.report(session, session.get(Loan, world.group_loan), 1500.0, date(2027, 3, 20), None)


def test_treasurer_records_cash_received_and_the_borrower_is_told(rt, world):
    treasurer = as_person(rt, world, world.treasurer)
    choose = _say(treasurer, loans.record_payment)[-1]
    household_loan = next(action for label, action in last_chips([choose]).items()
                          if label.startswith(_contract(rt, world.household_loan)))
    treasurer.tap(household_loan)
    assert texts.FLOW_MONEY_INVALID in treasurer.say("0")[-1]["text"]  # nothing received is not a payment
    treasurer.say("พันห้า")
    summary = treasurer.say("18/3/2570")[-1]  # typed in the Buddhist era: 18 March 2027
    assert "วันที่รับ: 18 มีนาคม 2570" in summary["altText"] and "1,500 บาท" in summary["altText"]
    confirm = buttons(summary)[texts.FLOW_CONFIRM]
    [done] = treasurer.tap(confirm)
    assert "1,500 บาท" in done["text"] and "4,500 บาท" in done["text"]
    assert treasurer.tap(confirm)[-1]["text"] == texts.FLOW_STALE_TAP  # a second tap records nothing
    with rt.db.sessions() as session:
        [payment] = session.scalars(select(Payment).where(Payment.loan_id == world.household_loan)).all()
        assert (payment.status, payment.paid_on, payment.amount) == ("confirmed", date(2027, 3, 18), Decimal("1500.00"))
    [told] = _pushes_to(rt, world.users[world.household])
    assert "บันทึกรับเงิน 1,500 บาท" in told["text"] and "4,500 บาท" in told["text"]


def test_only_the_treasurer_or_committee_member_may_record(rt, world):
    [refused] = _say(as_person(rt, world, world.member), loans.record_payment)
    assert refused["text"] == texts.RECORD_NOT_TREASURER


def _contract(rt, loan_id: int) -> str:
    with rt.db.sessions() as session:
        return session.get(Loan, loan_id).contract
