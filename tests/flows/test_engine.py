"""The flow engine: buttons and typing, back / cancel / pause, expiry, repeated taps."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import clock, texts
from bot.models import Conversation
from flows import engine
from flows.steps import Choose, DateStep, Money, Number, Option, Photo, Text, YesNo
from tests.flows.helpers import Chat, buttons, chips, last_chips

saved: list[dict] = []


def _save(ctx):
    saved.append(dict(ctx.answers))
    return [{"type": "text", "text": "บันทึกแล้ว"}]


HARVEST = engine.Flow(
    name="test_harvest",
    title="รายงานทดสอบ",
    register=False,
    steps=[
        Choose("crop", "ปลูกอะไรคะ", label="พืช", options=[Option("rice", "ข้าว"), Option("mat", "เสื่อกก")]),
        Number("households", "กี่ครัวเรือนคะ", label="ครัวเรือน", low=0, high=lambda ctx: 20, suggestions=[1, 2, 3]),
        Money("income", "รายได้เท่าไรคะ", label="รายได้", optional=True),
        YesNo("help", "ต้องการความช่วยเหลือไหมคะ", label="ช่วยเหลือ"),
        Text("problem", "ปัญหาคืออะไรคะ", label="ปัญหา", when=lambda ctx: ctx.answers.get("help") is True),
    ],
    on_done=_save,
)

MANY = engine.Flow(
    name="test_many",
    title="เลือกหลายอย่าง",
    register=False,
    steps=[
        Choose("visited", "ไปเยี่ยมใครบ้างคะ", label="เยี่ยม", many=True,
               options=[Option("1", "บ้านสมร"), Option("2", "บ้านบุญมี"), Option("3", "บ้านคำ")]),
        Photo("photos", "ส่งรูปได้เลยค่ะ", label="รูป", optional=True, many=True),
        DateStep("day", "วันไหนคะ", label="วันที่"),
    ],
    on_done=_save,
)


@pytest.fixture(autouse=True)
def test_flows():
    """This module's flows are known to the engine during its tests only."""
    with engine.using(HARVEST, MANY):
        yield


def _finish_happy_path(chat: Chat) -> list[dict]:
    chat.start(HARVEST)
    chat.say("ข้าว")
    chat.say("๑๒")
    chat.say("พันห้า")
    return chat.say("บ่")


def test_whole_flow_by_typing_thai_ends_in_summary_and_saves_once(rt):
    saved.clear()
    chat = Chat(rt)
    replies = _finish_happy_path(chat)
    summary = replies[-1]
    assert summary["type"] == "flex"
    text = summary["altText"]
    assert "พืช: ข้าว" in text and "ครัวเรือน: 12" in text and "รายได้: 1,500 บาท" in text
    assert "ปัญหา" not in text  # skipped: no help needed
    confirm = buttons(summary)[texts.FLOW_CONFIRM]
    assert chat.tap(confirm)[-1]["text"] == "บันทึกแล้ว"
    assert saved == [{"crop": "rice", "households": 12, "income": "1500.00", "help": False, "problem": None}]
    # The same confirm button tapped again records nothing.
    assert chat.tap(confirm)[-1]["text"] == texts.FLOW_STALE_TAP
    assert len(saved) == 1


def test_buttons_carry_the_conversation_version(rt):
    chat = Chat(rt)
    first = chat.start(HARVEST)
    rice = chips(first[-1])["ข้าว"]
    assert rice["data"].startswith(engine.PREFIX)
    chat.tap(rice)
    # A second tap on the same, older button is recognised and changes nothing.
    assert chat.tap(rice)[-1]["text"] == texts.FLOW_STALE_TAP
    with rt.db.sessions() as session:
        conversation = session.scalar(select(Conversation).where(Conversation.line_user_id == chat.user_id))
        assert conversation.step == "households"


def test_out_of_range_and_nonsense_get_a_kind_reprompt(rt):
    chat = Chat(rt)
    chat.start(HARVEST)
    chat.say("ข้าว")
    reply = chat.say("25")[-1]["text"]
    assert texts.FLOW_NUMBER_RANGE.format(low=0, high=20) in reply and "กี่ครัวเรือนคะ" in reply
    reply = chat.say("หลายหลัง")[-1]["text"]
    assert "ขอเป็นตัวเลข" in reply
    chat.say("3")
    assert texts.FLOW_MONEY_INVALID in chat.say("ห้าสิบสตางค์ครึ่ง")[-1]["text"]


def test_back_goes_one_step_and_keeps_earlier_answers(rt):
    chat = Chat(rt)
    chat.start(HARVEST)
    chat.say("ข้าว")
    chat.say("3")
    reply = chat.say(texts.FLOW_BACK_WORD)[-1]
    assert "กี่ครัวเรือนคะ" in reply["text"]
    chat.say("4")
    reprompt = chat.say("ไม่รู้จัก")  # not an amount: asked again, with a skip chip
    chat.tap(last_chips(reprompt)[texts.FLOW_SKIP])
    problem = chat.say("ใช่")[-1]  # needs help -> asks the problem
    assert "ปัญหาคืออะไรคะ" in problem["text"]
    final = chat.say("น้ำไม่พอ")[-1]
    assert "ครัวเรือน: 4" in final["altText"] and "รายได้: -" in final["altText"] and "ปัญหา: น้ำไม่พอ" in final["altText"]


def test_cancel_saves_nothing_and_ends_the_conversation(rt):
    saved.clear()
    chat = Chat(rt)
    chat.start(HARVEST)
    chat.say("ข้าว")
    assert chat.say(texts.FLOW_CANCEL_WORD)[-1]["text"] == texts.FLOW_CANCELLED
    assert saved == []
    with rt.db.sessions() as session:
        assert session.scalar(select(Conversation).where(Conversation.line_user_id == chat.user_id)) is None


def test_menu_pauses_and_resume_continues_where_it_was(rt):
    chat = Chat(rt)
    chat.start(HARVEST)
    chat.say("ข้าว")
    paused = chat.say(texts.MENU_WORD)[-1]
    resume = next(a for label, a in chips(paused).items() if label.startswith("ทำต่อ"))
    reply = chat.tap(resume)[-1]
    assert texts.FLOW_RESUMING in reply["text"] and "กี่ครัวเรือนคะ" in reply["text"]


def test_edit_from_summary_changes_one_answer_and_returns_to_summary(rt):
    saved.clear()
    chat = Chat(rt)
    summary = _finish_happy_path(chat)[-1]
    which = chat.tap(buttons(summary)[texts.FLOW_EDIT])[-1]
    chat.tap(chips(which)["พืช"])
    again = chat.say("เสื่อกก")[-1]
    assert again["type"] == "flex" and "พืช: เสื่อกก" in again["altText"] and "ครัวเรือน: 12" in again["altText"]
    chat.tap(buttons(again)[texts.FLOW_CONFIRM])
    assert saved[-1]["crop"] == "mat"


def test_expired_conversation_is_dropped_with_a_notice(rt):
    chat = Chat(rt)
    with clock.frozen_at(clock.now()):
        chat.start(HARVEST)
        clock.advance(timedelta(hours=25))
        reply = chat.say("ข้าว")
    assert reply[-1]["text"] == texts.FLOW_EXPIRED.format(title="รายงานทดสอบ")


def test_many_choice_toggles_then_photos_then_date_picker(rt):
    saved.clear()
    chat = Chat(rt)
    first = chat.start(MANY)[-1]
    chat.tap(chips(first)["บ้านสมร"])
    second = chat.say("3")[-1]  # the number in the list counts too
    assert "บ้านสมร, บ้านคำ" in second["text"]
    photos = chat.tap(chips(second)[texts.FLOW_DONE_CHOOSING])[-1]
    assert {"ถ่ายรูป", "เลือกรูป"} <= set(chips(photos))
    chat.photo()
    after_two = chat.photo()[-1]
    assert texts.FLOW_PHOTO_ASK_MORE.format(count=2) in after_two["text"]
    day = chat.tap(chips(after_two)[texts.FLOW_PHOTO_DONE])[-1]
    picker = chips(day)[texts.FLOW_DATE_PICK]
    assert picker["type"] == "datetimepicker"
    today = clock.now().date().isoformat()
    summary = chat.tap(picker, params={"date": today})[-1]
    chat.tap(buttons(summary)[texts.FLOW_CONFIRM])
    assert saved[-1]["visited"] == ["1", "3"] and len(saved[-1]["photos"]) == 2 and saved[-1]["day"] == today


def test_typed_buddhist_era_date_is_understood(rt):
    chat = Chat(rt)
    chat.start(MANY)
    chat.say("1")
    chat.say(texts.FLOW_DONE_CHOOSING)
    assert texts.FLOW_PHOTO_INVALID in chat.say("สวัสดี")[-1]["text"]
    chat.say(texts.FLOW_SKIP)  # typing the chip's word works like tapping it
    today = clock.now().date()
    summary = chat.say(f"{today.day}/{today.month}/{today.year + 543}")[-1]
    assert summary["type"] == "flex" and "วันที่: " in summary["altText"]


# ---- edges: a flow changed under a stored conversation, another flow started mid-way --------

def _conversation(rt, user_id: str) -> Conversation | None:
    with rt.db.sessions() as session:
        return session.scalar(select(Conversation).where(Conversation.line_user_id == user_id))


def test_a_conversation_on_a_renamed_step_starts_over_kindly(rt):
    chat = Chat(rt)
    chat.start(HARVEST)
    chat.say("ข้าว")
    with rt.db.session() as session:  # a release renamed the step this user is on
        session.scalar(select(Conversation).where(Conversation.line_user_id == chat.user_id)).step = "old_households"
    [reply] = chat.say("3")
    assert reply["text"] == texts.FLOW_CHANGED.format(title=HARVEST.title)
    assert _conversation(rt, chat.user_id) is None  # gone, so the next message is handled as usual
    first = chat.start(HARVEST)[-1]
    assert first["text"] == "ปลูกอะไรคะ"


def test_another_flow_started_midway_pauses_the_first_and_takes_it_up_after(rt):
    saved.clear()
    chat = Chat(rt)
    chat.start(HARVEST)
    chat.say("ข้าว")
    chat.say("12")
    started = chat.start(MANY)
    assert started[0]["text"] == texts.FLOW_PAUSED_FOR.format(paused=HARVEST.title, title=MANY.title)
    chat.say("บ้านสมร")
    chat.say(texts.FLOW_DONE_CHOOSING)
    chat.say(texts.FLOW_SKIP)
    summary = chat.say(texts.FLOW_TODAY)[-1]
    done = chat.tap(buttons(summary)[texts.FLOW_CONFIRM])
    assert done[0]["text"] == "บันทึกแล้ว"
    assert done[1]["text"].startswith(texts.FLOW_BACK_TO.format(title=HARVEST.title))
    assert "รายได้เท่าไรคะ" in done[1]["text"]  # where the first one was
    chat.say("500")
    summary = chat.say("ไม่")[-1]
    chat.tap(buttons(summary)[texts.FLOW_CONFIRM])
    assert [answers.get("crop") for answers in saved] == [None, "rice"]
    assert saved[1]["households"] == 12


def test_asking_for_the_same_flow_again_carries_on_where_it_was(rt):
    chat = Chat(rt)
    chat.start(HARVEST)
    chat.say("ข้าว")
    again = chat.start(HARVEST)[-1]
    assert again["text"].startswith(texts.FLOW_RESUMING) and "กี่ครัวเรือนคะ" in again["text"]


def test_asking_for_the_paused_flow_takes_it_up_and_the_other_waits(rt):
    saved.clear()
    chat = Chat(rt)
    chat.start(HARVEST)
    chat.say("ข้าว")
    chat.start(MANY)
    chat.say("บ้านคำ")
    chat.say(texts.FLOW_DONE_CHOOSING)
    back = chat.start(HARVEST)[-1]  # the rich menu's report button, say, while in the other flow
    assert "กี่ครัวเรือนคะ" in back["text"]
    chat.say("3")
    chat.say(texts.FLOW_SKIP)
    summary = chat.say("ไม่")[-1]
    done = chat.tap(buttons(summary)[texts.FLOW_CONFIRM])
    assert done[1]["text"].startswith(texts.FLOW_BACK_TO.format(title=MANY.title))  # now the other one
    assert saved == [{"crop": "rice", "households": 3, "income": None, "help": False, "problem": None}]


def test_an_empty_conversation_is_simply_replaced(rt):
    chat = Chat(rt)
    chat.start(HARVEST)  # nothing answered yet
    started = chat.start(MANY)
    assert all(texts.FLOW_PAUSED_FOR.split("{")[0] not in (m.get("text") or "") for m in started)
    assert "_paused" not in _conversation(rt, chat.user_id).context



def test_typed_choices_are_found_the_same_way_everywhere():
    from flows.steps import match_option

    trends = [Option(key, label) for key, label in texts.TRENDS.items()]
    assert match_option(trends, "เพิ่ม").value == "up" and match_option(trends, "ลดลงค่ะ").value == "down"
    assert match_option(trends, "ไม่ทราบ").value == "unknown" and match_option(trends, "เท่า เดิม").value == "same"
    people = [Option("1", "นายเคน สีดา"), Option("2", "นางแดง ใจงาม"), Option("3", "นายเคนจิ ยาวนาน")]
    assert match_option(people, "เคน").value == "1"  # a first name, exactly, before any prefix
    assert match_option(people, "แดง").value == "2" and match_option(people, "แดง ใจงาม").value == "2"
    assert match_option(people, "เค") is None  # the start of two names: ask again rather than guess
    assert match_option(people, "สมชาย") is None and match_option(people, "") is None
