"""Progress reports through the simulator, as a leader and a household would send them."""
from __future__ import annotations

import secrets
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from bot import clock, nudges, runtime, texts, thai
from bot.models import HouseholdReport, InviteCode, OutboundMessage, Person, StoredMedia, WeeklyReport
from bot.people import invites
from tests.builders import Place, follows, officer_of, person
from tests.chat import card_buttons, chip, labels, tap, wait_for_push
from tests.polling import eventually


@pytest.fixture(scope="module")
def team(stack, village):
    """A leader who follows two households, and their district officer, not yet linked."""
    rt = runtime.Runtime(stack.settings)
    with rt.db.session() as session:
        place = Place(session, district="ตระการพืชผล", subdistrict="ขามเปี้ย")
        moo = place.village(4, "หนองบัว")
        leader = person(session, "นางเพ็ญ รายงานดี", ["leader"], moo, linked=False)
        h1 = person(session, "นายดำ ขยันทำ", ["household"], moo, linked=False, occupation="เลี้ยงกบ")
        h2 = person(session, "นางแดง ตั้งใจ", ["household"], moo, linked=False)
        follows(session, leader, h1, h2)
        officer = person(session, "นายชาติ พัฒนากร", ["officer"], linked=False)
        officer_of(session, officer, place)
        invites.issue_codes(session)
        codes = {p.full_name: session.scalar(select(InviteCode.code).where(InviteCode.person_id == p.id))
                 for p in (leader, h1, h2, officer)}
    yield rt, codes
    rt.close()


def _link(stack, code: str) -> str:
    user = stack.new_user()
    stack.send(user, "follow")
    stack.say(user, texts.CONSENT_AGREE)
    [done] = stack.say(user, code)
    assert done["text"].startswith(texts.LINK_DONE.split("{")[0])
    return user


def _step(messages: list[dict]) -> dict:
    return messages[-1]


def test_leader_sends_the_weekly_report_with_taps_typing_and_a_question_midway(stack, team):
    rt, codes = team
    leader = _link(stack, codes["นางเพ็ญ รายงานดี"])
    prompt = _step(stack.say(leader, texts.REPORT_WORD))
    if texts.WEEKLY_THIS_WEEK in labels(prompt):  # early in a week, last week may still be sent late
        prompt = _step(tap(stack, leader, chip(prompt, texts.WEEKLY_THIS_WEEK)))
    assert "ครัวเรือนไหนบ้าง" in prompt["text"]
    prompt = _step(tap(stack, leader, chip(prompt, "นายดำ ขยันทำ")))
    prompt = _step(tap(stack, leader, chip(prompt, "นางแดง ตั้งใจ")))
    assert "นายดำ ขยันทำ, นางแดง ตั้งใจ" in prompt["text"]
    prompt = _step(tap(stack, leader, chip(prompt, texts.FLOW_DONE_CHOOSING)))
    assert prompt["text"].startswith(texts.WEEKLY_ASK_ACTIVITIES)
    stack.say(leader, "1")  # the first activity by its number
    prompt = _step(tap(stack, leader, chip(_step(stack.say(leader, "สาธิต")), texts.FLOW_DONE_CHOOSING)))
    assert "กี่ครัวเรือน" in prompt["text"]
    assert "ขอเป็นตัวเลข" in _step(stack.say(leader, "สองสามบ้าน"))["text"]  # nonsense: asked again kindly
    assert "ตั้งแต่ 0 ถึง 2" in _step(stack.say(leader, "5"))["text"]
    prompt = _step(stack.say(leader, "๒"))  # Thai digit
    assert prompt["text"] == texts.WEEKLY_ASK_TREND
    answer, resumed = stack.say(leader, "กลุ่มอาชีพต้องมีกรรมการอะไรบ้าง")  # a question midway
    assert answer["type"] == "flex" and resumed["text"] == texts.WEEKLY_ASK_TREND
    stack.say(leader, "เพิ่มขึ้น")
    stack.say(leader, "พันห้า")
    stack.say(leader, "ขาดตลาดขายเสื่อ")
    prompt = _step(stack.say(leader, texts.FLOW_SKIP))
    assert prompt["text"] == texts.WEEKLY_ASK_PHOTOS
    stack.send(leader, "image")
    summary = _step(tap(stack, leader, chip(_step(stack.send(leader, "image")), texts.FLOW_PHOTO_DONE)))
    assert summary["type"] == "flex" and "ประมาณ: 1,500 บาท" in summary["altText"]
    confirm = card_buttons(summary)[texts.FLOW_CONFIRM]
    [saved] = tap(stack, leader, confirm)
    assert "ได้รับรายงาน" in saved["text"] and texts.PRAISE_INCOME_UP in saved["text"]
    [again] = tap(stack, leader, confirm)  # the same button twice records nothing more
    assert again["text"] == texts.FLOW_STALE_TAP
    with rt.db.sessions() as session:
        leader_id = session.scalar(select(Person.id).where(Person.line_user_id == leader))
        [report] = session.scalars(select(WeeklyReport).where(WeeklyReport.leader_id == leader_id)).all()
    assert len(report.visited_household_ids) == 2 and report.activities == ["training", "demo"]
    assert report.households_practising == 2 and str(report.income_change) == "1500.00"
    assert report.problems == "ขาดตลาดขายเสื่อ" and report.help_needed is None and len(report.photo_message_ids) == 2
    # The photos are kept in our storage at once, while LINE still has them.
    eventually(lambda: _stored_media(rt, report.photo_message_ids) == 2, "the report's photos to be kept")


def _stored_media(rt, message_ids: list[str]) -> int:
    with rt.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(StoredMedia)
                              .where(StoredMedia.message_id.in_(message_ids)))


def test_household_report_with_isan_and_thai_words_alerts_the_leader_and_officer(stack, team):
    rt, codes = team
    household = _link(stack, codes["นายดำ ขยันทำ"])
    officer = _link(stack, codes["นายชาติ พัฒนากร"])
    leader = _leader_user(rt)
    first = _step(stack.say(household, texts.REPORT_WORD))
    if first["text"] == texts.HH_WHICH_MONTH:  # the first days of a month: last month may still be sent
        first = _step(stack.say(household, "1"))
    assert "เลี้ยงกบ" in first["text"]
    stack.say(household, "แม่น")  # Isan: yes
    stack.say(household, "สองพันบาท")
    stack.say(household, texts.FLOW_SKIP)
    prompt = _step(stack.say(household, "เพิ่มขึ้น"))
    assert prompt["text"] == texts.ASK_PROBLEMS
    stack.say(household, "กบตายช่วงหนาว")
    summary = _step(stack.say(household, "ใช่"))
    assert "รายได้ในเดือน: 2,000 บาท" in summary["altText"]
    [saved] = tap(stack, household, card_buttons(summary)[texts.FLOW_CONFIRM])
    assert texts.HH_HELP_SENT in saved["text"] and "2,000 บาท" in saved["text"]
    for recipient in filter(None, (leader, officer)):
        assert "กบตายช่วงหนาว" in wait_for_push(stack, recipient, "นายดำ ขยันทำ")
    with rt.db.sessions() as session:
        report = session.scalar(select(HouseholdReport).join(Person, Person.id == HouseholdReport.household_id)
                                .where(Person.line_user_id == household))
    assert str(report.income) == "2000.00" and report.income_vs_start == "up" and report.needs_help


def test_cancel_in_the_middle_saves_nothing(stack, team):
    rt, codes = team
    household = _link(stack, codes["นางแดง ตั้งใจ"])
    stack.say(household, texts.REPORT_WORD)
    stack.say(household, "ใช่")
    [cancelled] = stack.say(household, texts.FLOW_CANCEL_WORD)
    assert cancelled["text"] == texts.FLOW_CANCELLED
    with rt.db.sessions() as session:
        assert session.scalar(select(HouseholdReport).join(Person, Person.id == HouseholdReport.household_id)
                              .where(Person.line_user_id == household)) is None


def test_guest_is_told_to_register_first(stack, village):
    user = stack.new_user()
    stack.send(user, "follow")
    stack.say(user, texts.CONSENT_LATER)
    [reply] = stack.say(user, texts.REPORT_WORD)
    assert reply["text"] == texts.REPORT_NOT_LINKED


def _leader_user(rt) -> str | None:
    with rt.db.sessions() as session:
        return session.scalar(select(Person.line_user_id).where(Person.full_name == "นางเพ็ญ รายงานดี"))


@pytest.fixture
def leader_with_last_week(stack, village):
    """A leader who follows two households and sent last week's report: the usual week."""
    rt = runtime.Runtime(stack.settings)
    with rt.db.session() as session:
        place = Place(session, district="ตระการพืชผล", subdistrict="กุดยาลวน")
        moo = place.village(9, "โนนแดง")
        leader = person(session, f"นางอร ผู้นำ{secrets.token_hex(2)}", ["leader"], moo, linked=False)
        ken = person(session, "นายเคน ขยันดี", ["household"], moo, linked=False)
        daeng = person(session, "นางแดง ใจงาม", ["household"], moo, linked=False)
        follows(session, leader, ken, daeng)
        last_week = thai.previous_week(thai.iso_week(clock.now()))
        session.add(WeeklyReport(leader_id=leader.id, week=last_week, visited_household_ids=[ken.id, daeng.id],
                                 activities=["training"], households_practising=2, income_trend="up",
                                 income_change=Decimal("1000"), submitted_at=clock.utcnow()))
        invites.issue_codes(session)
        code = session.scalar(select(InviteCode.code).where(InviteCode.person_id == leader.id))
    yield rt, _link(stack, code), leader.id
    rt.close()


def test_the_usual_week_takes_three_taps_through_the_simulator(stack, leader_with_last_week):
    rt, leader, leader_id = leader_with_last_week
    taps = 0

    def tapped(messages: list[dict]) -> dict:
        nonlocal taps
        taps += 1
        return _step(messages)

    week = thai.iso_week(clock.now())
    start = tapped(stack.say(leader, texts.REPORT_WORD))  # the rich menu's "ส่งรายงาน"
    assert "เยี่ยม เคน, แดง" in start["text"] and thai.week_label(week) in start["text"]
    summary = tapped(tap(stack, leader, chip(start, texts.WEEKLY_SAME)))
    assert f"สัปดาห์: {thai.week_label(week)}" in summary["altText"]  # the week and its dates, not "สัปดาห์นี้"
    assert "เยี่ยม/สอน: นายเคน ขยันดี, นางแดง ใจงาม" in summary["altText"] and "ประมาณ: 1,000 บาท" in summary["altText"]
    saved = tapped(tap(stack, leader, card_buttons(summary)[texts.FLOW_CONFIRM]))
    assert saved["text"].startswith(texts.WEEKLY_SAVED.format(week=thai.week_label(week)).split(" 🙏")[0])
    assert taps == 3  # the target is at most 6
    with rt.db.sessions() as session:
        report = session.scalar(select(WeeklyReport).where(WeeklyReport.leader_id == leader_id,
                                                           WeeklyReport.week == week))
    assert report.households_practising == 2 and report.activities == ["training"] and report.answers["start"] == "same"


def test_a_leader_types_answers_as_people_type_them(stack, leader_with_last_week):
    rt, leader, leader_id = leader_with_last_week
    stack.say(leader, texts.REPORT_WORD)
    visited = _step(stack.say(leader, "มีอะไรเปลี่ยน"))
    assert "เลือกได้หลายบ้าน" in visited["text"]
    assert "เลือกแล้ว: นายเคน ขยันดี" in _step(stack.say(leader, "เคน"))["text"]  # a first name
    activities = _step(stack.say(leader, "เสร็จแล้ว"))  # the photo step's word
    assert activities["text"].startswith(texts.WEEKLY_ASK_ACTIVITIES)
    stack.say(leader, "สาธิต")
    stack.say(leader, "เสร็จแล้ว")
    stack.say(leader, "1")
    change = _step(stack.say(leader, "เพิ่ม"))  # the start of "เพิ่มขึ้น"
    assert change["text"] == texts.WEEKLY_ASK_CHANGE
    for typed in ("ไม่ทราบ", "ไม่มี", "ไม่มี"):
        stack.say(leader, typed)
    summary = _step(stack.say(leader, "ไม่มี"))  # no photos
    assert summary["type"] == "flex" and "กิจกรรม: สาธิต" in summary["altText"]
    tap(stack, leader, card_buttons(summary)[texts.FLOW_CONFIRM])
    with rt.db.sessions() as session:
        report = session.scalar(select(WeeklyReport).where(WeeklyReport.leader_id == leader_id,
                                                           WeeklyReport.week == thai.iso_week(clock.now())))
    assert report.income_trend == "up" and len(report.visited_household_ids) == 1 and report.activities == ["demo"]


def test_the_officers_monday_list_names_leaders_without_line_with_their_phone(rt):
    with rt.db.session() as session:
        place = Place(session)
        village = place.village(3)
        linked = person(session, "นางสมศรี ผู้นำ", ["leader"], village)
        unlinked = person(session, "นายทองดี ไม่มีไลน์", ["leader"], village, linked=False)
        unlinked.phone = "0811110021"
        officer = person(session, "นางสาวพร พัฒนากร", ["officer"])
        officer_of(session, officer, place)
        officer_user = officer.line_user_id
    with clock.frozen_at("2026-11-30T09:00"):  # Monday: the list for 2026-W48
        nudges.plan_officer_lists(rt)
    with rt.db.sessions() as session:
        [message] = [m for row in session.scalars(select(OutboundMessage.messages)
                                                  .where(OutboundMessage.recipient == officer_user)) for m in row]
    assert "ยังไม่ได้รับรายงานจากผู้นำ 2 คนค่ะ" in message["text"]
    assert "• นายทองดี ไม่มีไลน์ (หมู่ 3" in message["text"] and "ยังไม่ได้ใช้ LINE โทร 081-111-0021" in message["text"]
    assert linked.full_name in message["text"]
