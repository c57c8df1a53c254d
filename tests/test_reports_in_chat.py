"""Progress reports through the simulator, as a leader and a household would send them."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import runtime, texts
from bot.models import HouseholdReport, InviteCode, Person, WeeklyReport
from bot.people import invites
from tests.builders import Place, follows, officer_of, person
from tests.chat import card_buttons, chip, labels, tap, wait_for_push


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


def test_household_report_with_isan_and_thai_words_alerts_the_leader_and_officer(stack, team):
    rt, codes = team
    household = _link(stack, codes["นายดำ ขยันทำ"])
    officer = _link(stack, codes["นายชาติ พัฒนากร"])
    leader = _leader_user(rt)
    first = _step(stack.say(household, texts.REPORT_WORD))
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
