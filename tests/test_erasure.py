"""PDPA withdrawal through the whole bot: a household chats through every flow it has
(consent, link, questions and feedback, its monthly report with a call for help that
alerts its leader and officer, my data, a question in the village group), withdraws,
and then no column of any table holds their name, phone, LINE id or anything they typed.
"""
from __future__ import annotations

import json
import secrets
import time

import pytest
from sqlalchemy import String, Text, cast, func, select

from bot import erasure, runtime, texts, thai
from bot.db import Base
from bot.models import InviteCode, LineUser, OutboundMessage, WebhookEvent
from bot.people import invites
from tests.builders import Place, follows, officer_of, person
from tests.chat import card_buttons, chip, labels, tap, wait_for_push

TYPED_QUESTION = "บ่อกบของป้าศรีนวลน้ำเสีย เฮ็ดจั่งใด๋ดี"
TYPED_PROBLEM = "ป้าศรีนวลป่วย ขาดทุนค่าอาหารกบ โทร 0891234567"


@pytest.fixture(scope="module")
def family(stack, village):
    """A household (with a name and phone of its own), its leader and its officer."""
    rt = runtime.Runtime(stack.settings)
    with rt.db.session() as session:
        place = Place(session, district="วารินชำราบ", subdistrict="คำน้ำแซบ")
        moo = place.village(9, "หนองกินเพล")
        leader = person(session, "นางพิมพ์ สอนดี", ["leader"], moo, linked=False)
        household = person(session, "นางศรีนวล ทดลองลบ", ["household"], moo, linked=False, occupation="เลี้ยงกบ")
        household.phone = "0891234567"
        follows(session, leader, household)
        officer = person(session, "นายเอก พัฒนาการ", ["officer"], linked=False)
        officer_of(session, officer, place)
        invites.issue_codes(session)
        codes = {p.full_name: session.scalar(select(InviteCode.code).where(InviteCode.person_id == p.id))
                 for p in (leader, household, officer)}
    yield rt, codes
    rt.close()


def _link(stack, code: str) -> str:
    user = stack.new_user(name="ป้าศรีนวล")
    stack.send(user, "follow")
    stack.say(user, texts.CONSENT_AGREE)
    [done] = stack.say(user, code)
    assert done["text"].startswith(texts.LINK_DONE.split("{")[0])
    return user


def _hits(rt, needles: list[str]) -> list[str]:
    """Every (table.column, needle) where a needle appears, raw or as JSON escapes it."""
    forms = {needle: {needle, json.dumps(needle)[1:-1]} for needle in needles}
    found = []
    with rt.db.sessions() as session:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                as_text = column if isinstance(column.type, (String, Text)) else cast(column, Text)
                for needle, variants in forms.items():
                    for variant in variants:
                        query = select(as_text).where(as_text.contains(variant, autoescape=True)).limit(1)
                        if session.execute(query).first() is not None:
                            found.append(f"{table.name}.{column.name}: {needle}")
    return found


def test_after_withdrawal_no_table_holds_anything_of_the_person(stack, family):
    rt, codes = family
    name, phone = "นางศรีนวล ทดลองลบ", "0891234567"
    household = _link(stack, codes[name])
    leader, officer = _link(stack, codes["นางพิมพ์ สอนดี"]), _link(stack, codes["นายเอก พัฒนาการ"])

    # A question, with feedback that hands it to an officer.
    answer = stack.say(household, TYPED_QUESTION)[-1]
    chips = labels(answer)
    tap(stack, household, chip(answer, texts.KB_NO if texts.KB_NO in chips else texts.KB_SEND_TO_OFFICER))
    # The monthly report, with a call for help that alerts the leader and the officer.
    if any(texts.HH_WHICH_MONTH in (message.get("text") or "") for message in stack.say(household, texts.REPORT_WORD)):
        stack.say(household, "1")  # the first days of a month: this month, not the last
    stack.say(household, "แม่น")
    stack.say(household, "สองพันบาท")
    stack.say(household, texts.FLOW_SKIP)
    stack.say(household, "เพิ่มขึ้น")
    stack.say(household, TYPED_PROBLEM)
    summary = stack.say(household, "ใช่")[-1]
    tap(stack, household, card_buttons(summary)[texts.FLOW_CONFIRM])
    assert thai.call_name(name) in wait_for_push(stack, leader, TYPED_PROBLEM[:10])
    wait_for_push(stack, officer, TYPED_PROBLEM[:10])
    stack.say(household, texts.MY_DATA_WORD)
    # In the village group, called by name.
    stack.send(household, "text", text=f"{texts.GROUP_CALL_NAME} {TYPED_QUESTION}",
               source={"type": "group", "groupId": "C" + secrets.token_hex(16)}, wait=4)
    needles = [name, thai.call_name(name), phone, household, TYPED_QUESTION, TYPED_PROBLEM]
    assert _hits(rt, needles), "the seeding left nothing to find: the scan could not fail"

    stack.say(household, texts.WITHDRAW_WORD)
    [done] = stack.say(household, texts.FLOW_YES)
    assert done["text"] == texts.WITHDRAW_DONE
    _wait_until_delivered(rt)
    with rt.db.session() as session:  # the periodic privacy job forgets the farewell's recipient
        erasure.redact_expired(session, rt.settings.retention_days)

    assert _hits(rt, needles) == []
    with rt.db.sessions() as session:  # counts kept: the event and message rows are still there
        assert session.scalar(select(WebhookEvent.id).where(WebhookEvent.payload["redacted"].as_boolean())) \
            is not None
        assert session.scalar(select(OutboundMessage.id).where(OutboundMessage.redacted_at.is_not(None))) \
            is not None


def _wait_until_delivered(rt, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with rt.db.sessions() as session:
            waiting = session.scalar(select(OutboundMessage.id).where(
                OutboundMessage.status.in_(("pending", "sending", "retry"))).limit(1))
        if waiting is None:
            return
        time.sleep(0.2)
    raise AssertionError("messages still waiting to be sent")


def test_payloads_and_delivered_bodies_past_retention_are_redacted_and_rows_kept(rt):
    from datetime import timedelta

    from bot import clock
    from bot.line import messages as m
    from bot.line import outbox

    now = clock.utcnow()
    old, recent = now - timedelta(days=rt.settings.retention_days + 1), now - timedelta(days=1)
    with rt.db.session() as session:
        session.add(LineUser(line_user_id="U" + "1" * 32, following=True))
        for n, when in enumerate((old, recent)):
            session.add(WebhookEvent(webhook_event_id=f"ev{n}", event_type="message", source_type="user",
                                     line_user_id="U" + "1" * 32, payload={"message": {"text": "ความลับ"}},
                                     status="done", attempts=1, received_at=when))
            [outbox_id] = outbox.queue_push(session, f"push{n}", "U" + "1" * 32, [m.text("ความลับ")])
            row = session.get(OutboundMessage, outbox_id)
            row.status, row.created_at = "sent", when
    with rt.db.session() as session:
        assert erasure.redact_expired(session, rt.settings.retention_days)["events"] == 1
    with rt.db.sessions() as session:
        events = {row.webhook_event_id: row for row in session.scalars(select(WebhookEvent))}
        bodies = {row.dedup_key: row.messages for row in session.scalars(select(OutboundMessage))}
    assert events["ev0"].payload == {"redacted": True} and events["ev1"].payload["message"]["text"] == "ความลับ"
    assert bodies["push0"] == [erasure.ERASED_MESSAGE] and bodies["push1"][0]["text"] == "ความลับ"


def test_withdrawal_erases_a_borrower_from_the_committees_alert_and_their_payment_report(rt):
    """The loan chat: an advice alert to the committee names the borrower and gives their phone;
    a reported payment carries their slip. After withdrawal none of it points to them."""
    from datetime import date, datetime
    from decimal import Decimal

    from bot import clock, postbacks
    from bot.loans import payments
    from bot.models import Loan, Payment, Person
    from bot.settings import TIMEZONE
    from flows.turn import Turn
    from handlers.events import route
    from tests.flows.helpers import Chat
    from tests.loans.world import build

    with clock.frozen_at(datetime(2027, 4, 20, 10, tzinfo=TIMEZONE)):
        with rt.db.session() as session:
            world = build(session, first_due=date(2027, 3, 15), count=4)
            borrower = session.get(Person, world.household)
            borrower.phone = "0867776655"
            name, user = borrower.full_name, borrower.line_user_id
            payments.report(session, session.get(Loan, world.household_loan), Decimal("500"), clock.now().date(),
                            borrower, "slip-" + secrets.token_hex(6))
        chat = Chat(rt, user_id=user)
        event = chat._event("postback", postback={"data": postbacks.tap("loan", "advice", world.household_loan)})
        with rt.db.session() as session:
            turn = Turn(runtime=rt, session=session, event=event, event_key=event["webhookEventId"])
            route(turn)
            turn.queue_messages()
        needles = [name, thai.call_name(name), "0867776655", user]
        assert _hits(rt, needles), "the alert and the payment should name the borrower before withdrawal"
        with rt.db.session() as session:
            erasure.withdraw(session, user)
        assert _hits(rt, needles) == []
        with rt.db.sessions() as session:
            assert session.scalars(select(Payment.slip_message_id)).all() == [None]


def test_withdrawal_removes_the_kept_copy_of_their_payment_slip(rt):
    from datetime import date
    from decimal import Decimal

    from bot import clock, media
    from bot.loans import payments
    from bot.models import Loan, Person, StoredMedia
    from tests.loans.world import build

    slip = "slip-" + secrets.token_hex(6)
    kept = media.storage(rt.settings)
    with rt.db.session() as session:
        world = build(session, first_due=date(2027, 3, 15), count=4)
        borrower = session.get(Person, world.household)
        user = borrower.line_user_id
        payments.report(session, session.get(Loan, world.household_loan), Decimal("500"), date(2027, 3, 15),
                        borrower, slip)
        location = kept.write("slip-copy.png", b"\x89PNG a photo of a slip")
        session.add(StoredMedia(message_id=slip, content_type="image/png", location=location, size=23,
                                fetched_at=clock.utcnow()))
    with rt.db.session() as session:
        erased = erasure.withdraw(session, user)
    assert erased.media_locations == [location]
    for each in erased.media_locations:
        kept.remove(each)
    with rt.db.sessions() as session:
        assert session.scalar(select(StoredMedia).where(StoredMedia.message_id == slip)) is None
    assert kept.read(location) is None


def test_withdrawal_forgets_activity_answers_keeps_the_counts_and_clears_mentions(rt):
    """An invited household that answered and came, and the leader who recorded it: after
    each withdraws, nothing of the activity tables points to them, and invited and came still count."""
    from bot import activities, clock
    from bot.models import Activity, ActivityAttendance, ActivityInvitee, Person
    from handlers.events import route
    from tests.activities.world import NOW, build, create
    from tests.flows.helpers import Chat

    with clock.frozen_at(NOW), rt.db.session() as session:
        world = build(session)
    with clock.frozen_at(NOW):
        # An officer's activity that names the household in its details ("at Samorn's house").
        activity_id, _ = create(rt, world, "2026-12-05T09:00", title="สาธิตที่บ้านนางสมร ไปแน่")
        chat = Chat(rt, user_id=world.users["going"])
        chat.turn(chat._event("postback", postback={"data": f"act:go:{activity_id}"}), route)
    with clock.frozen_at("2026-12-05T15:00"), rt.db.session() as session:
        leader = session.get(Person, world.leader)
        activities.record_attendance(session, session.get(Activity, activity_id), {world.going, world.silent},
                                     {world.going}, leader=leader)
    name, user = "นางสมร ไปแน่", world.users["going"]
    assert _hits(rt, [name, user])
    with rt.db.session() as session:
        erasure.withdraw(session, user)
        erasure.withdraw(session, world.users["leader"])
    assert _hits(rt, [name, user]) == []
    with rt.db.sessions() as session:
        invitee = session.scalar(select(ActivityInvitee).where(ActivityInvitee.person_id == world.going))
        assert (invitee.answer, invitee.first_answered_at, invitee.answered_at) == (None, None, None)
        rows = session.scalars(select(ActivityAttendance)).all()
        assert {(row.person_id, row.attended) for row in rows} == {(world.going, True), (world.silent, False)}
        assert {row.recorded_by_person_id for row in rows} == {None}
        assert session.scalar(select(func.count()).select_from(ActivityInvitee)) == 4


def test_withdrawal_takes_a_person_out_of_every_notice_sent_or_waiting(rt):
    """A notice released to them (one batch sent, one waiting): afterwards neither its
    recipient list nor any batch holds their LINE id, and the others still get it."""
    from bot import clock, notices
    from bot.audience import AudienceSpec
    from bot.line import messages as m
    from bot.line import outbox
    from bot.models import ConsoleAccount, Notice
    from bot.notices import templates
    from tests.notices import world as notice_world

    with clock.frozen_at(notice_world.NOW):
        with rt.db.session() as session:
            world = notice_world.build(session)
        user, name = world.users["บุญ"], "บุญ ทดสอบ"
        ids = []
        for title in ("ประชุม", "อบรม"):
            with rt.db.session() as session:
                account = session.get(ConsoleAccount, world.accounts["officer_a"])
                words = [m.text(f"{title}วันศุกร์ค่ะ ติดต่อ{name}")]
                notice = notices.create(session, account, title=title, spec=AudienceSpec(), messages=words,
                                        line=rt.line)
                templates.save(session, account, title, words)
            ids += notices.release(rt, notice.id)
        assert outbox.deliver(rt, ids[0]) == "sent"
        assert _hits(rt, [user, name])
        with rt.db.session() as session:
            erasure.withdraw(session, user)
        assert _hits(rt, [user, name]) == []
        with rt.db.sessions() as session:
            assert [len(row.recipients) for row in session.scalars(
                select(OutboundMessage).where(OutboundMessage.id.in_(ids)).order_by(OutboundMessage.id))] == [3, 3]
            assert session.scalar(select(Notice.recipient_count).where(Notice.title == "ประชุม")) == 4
