"""The report flows: the week and month rules, the usual week in three taps, answers typed as
people type them, and every answer kept whole."""
from __future__ import annotations

from sqlalchemy import select

from bot import clock, texts
from bot.models import HouseholdReport, WeeklyReport
from flows import engine, reports
from flows.steps import Text
from tests.builders import Place, follows, person
from tests.flows.helpers import Chat, buttons, chips


def _leader(rt) -> Chat:
    with rt.db.session() as session:
        leader = person(session, "นางเพ็ญ ทดสอบ", ["leader"], Place(session).village(1))
        return Chat(rt, user_id=leader.line_user_id)


def _answer_rest(chat: Chat, first: dict) -> dict:
    """From the activities question to the summary, the shortest way."""
    assert first["text"].startswith(texts.WEEKLY_ASK_ACTIVITIES)
    chat.say("1")
    chat.say(texts.FLOW_DONE_CHOOSING)
    chat.say(texts.TRENDS["unknown"])
    for _ in range(3):  # problems, help, photos
        last = chat.say(texts.FLOW_SKIP)
    return last[-1]


def _reports(rt) -> list[WeeklyReport]:
    with rt.db.sessions() as session:
        return list(session.scalars(select(WeeklyReport).order_by(WeeklyReport.id)))


def test_monday_offers_last_week_and_marks_it_late(rt):
    chat = _leader(rt)
    with clock.frozen_at("2026-11-30T08:00"):  # Monday of 2026-W49; W48 was never reported
        choice = chat.run(reports.start_weekly)[-1]
        assert set(chips(choice)) >= {texts.WEEKLY_THIS_WEEK, texts.WEEKLY_LAST_WEEK}
        first = chat.tap(chips(choice)[texts.WEEKLY_LAST_WEEK])[-1]
        summary = _answer_rest(chat, first)
        saved = chat.tap(buttons(summary)[texts.FLOW_CONFIRM])[-1]
    assert texts.WEEKLY_LATE_NOTE in saved["text"]
    [report] = _reports(rt)
    assert (report.week, report.late) == ("2026-W48", True)


def test_midweek_goes_straight_to_this_week_and_a_second_report_edits_it(rt):
    chat = _leader(rt)
    with clock.frozen_at("2026-12-02T10:00"):  # Wednesday of 2026-W49
        for expected in (texts.WEEKLY_SAVED, texts.WEEKLY_UPDATED):
            summary = _answer_rest(chat, chat.run(reports.start_weekly)[-1])
            saved = chat.tap(buttons(summary)[texts.FLOW_CONFIRM])[-1]
            assert saved["text"].startswith(expected.split("{")[0])
    [report] = _reports(rt)
    assert (report.week, report.late) == ("2026-W49", False)


# ---- the usual week in few taps, typed answers, every answer kept -----------------------------

def _leader_with_households(rt, *names: str) -> tuple[Chat, list[int]]:
    with rt.db.session() as session:
        village = Place(session).village(2)
        leader = person(session, "นางเพ็ญ ทดสอบ", ["leader"], village)
        households = [person(session, name, ["household"], village) for name in names]
        follows(session, leader, *households)
        return Chat(rt, user_id=leader.line_user_id), [h.id for h in households]


def _taps_and_typing(chat: Chat, first: list[dict], *answers: str) -> list[dict]:
    """Answer each prompt by its chip when one has that label, else by typing it; returns the last replies."""
    replies = first
    for answer in answers:
        offered = chips(replies[-1]) if replies[-1].get("quickReply") else {}
        replies = chat.tap(offered[answer]) if answer in offered else chat.say(answer)
    return replies


def test_a_week_like_last_week_takes_three_taps_and_shows_the_week_and_the_answers(rt):
    chat, households = _leader_with_households(rt, "นายเคน สีดา", "นางแดง ตั้งใจ")
    with clock.frozen_at("2026-11-25T10:00"):  # Wednesday of W48: a full report, the long way
        replies = chat.run(reports.start_weekly)
        replies = _taps_and_typing(chat, replies, texts.WEEKLY_ALL_HOUSEHOLDS, "อบรม", texts.FLOW_DONE_CHOOSING,
                                   "2", texts.TRENDS["up"], "1000", texts.FLOW_SKIP, texts.FLOW_SKIP,
                                   texts.FLOW_SKIP)
        chat.tap(buttons(replies[-1])[texts.FLOW_CONFIRM])
    taps = 0
    with clock.frozen_at("2026-12-02T10:00"):  # Wednesday of W49: the week looks like last week
        replies = chat.run(reports.start_weekly)  # 1: "ส่งรายงาน" on the rich menu
        taps += 1
        start = replies[-1]
        assert "เยี่ยม เคน, แดง" in start["text"] and "อบรม" in start["text"]  # last week, said back
        summary = chat.tap(chips(start)[texts.WEEKLY_SAME])[-1]  # 2
        taps += 1
        shown = summary["altText"]
        assert "สัปดาห์: สัปดาห์ที่ 49 (30 พ.ย.–6 ธ.ค. 2569)" in shown and texts.WEEKLY_THIS_WEEK not in shown
        assert "เยี่ยม/สอน: นายเคน สีดา, นางแดง ตั้งใจ" in shown and "ลงมือทำแล้ว: 2" in shown
        assert "ประมาณ: 1,000 บาท" in shown and "ปัญหา: -" in shown
        chat.tap(buttons(summary)[texts.FLOW_CONFIRM])  # 3
        taps += 1
    assert taps == 3 <= 6
    last, this = _reports(rt)
    assert (this.week, this.visited_household_ids, this.activities) == ("2026-W49", households, ["training"])
    assert (this.households_practising, this.income_trend, str(this.income_change)) == (2, "up", "1000.00")
    assert this.problems is None and this.help_needed is None and this.photo_message_ids == []


def test_typed_answers_a_leader_would_type_are_taken_in_every_step(rt):
    chat, households = _leader_with_households(rt, "นายเคน สีดา", "นางแดง ตั้งใจ")
    with clock.frozen_at("2026-11-30T08:00"):  # Monday: last week may still be sent
        chat.run(reports.start_weekly)
        visited = chat.say("สัปดาห์ที่แล้ว")[-1]  # a choice, not a question for the knowledge base
        assert "สัปดาห์ที่ 48" in visited["text"]
        assert "เลือกแล้ว: นายเคน สีดา" in chat.say("เคน")[-1]["text"]  # a household's first name
        activities = chat.say("เสร็จแล้วค่ะ")[-1]  # the photo step's word ends a multi-choice too
        assert activities["text"].startswith(texts.WEEKLY_ASK_ACTIVITIES)
        chat.say("สาธิต, ประชุม")  # several at once
        chat.say("1")
        trend = chat.say("เพิ่ม")[-1]  # the start of "เพิ่มขึ้น"
        assert trend["text"] == texts.WEEKLY_ASK_CHANGE
        chat.say("ไม่มี")  # skips an optional step
        chat.say("ไม่มี")
        chat.say("ข้ามค่ะ")
        summary = chat.say("เสร็จแล้ว")[-1]  # no photo: done
        assert summary["type"] == "flex"
        chat.say(texts.FLOW_CONFIRM)
    [report] = _reports(rt)
    assert report.week == "2026-W48" and report.visited_household_ids == households[:1]
    assert report.activities == ["demo", "meeting"] and report.income_trend == "up" and report.income_change is None


def test_an_unclear_typed_choice_is_asked_again_with_examples(rt):
    chat, _ = _leader_with_households(rt, "นายเคน สีดา", "นายเคน ใจดี")
    with clock.frozen_at("2026-12-02T10:00"):
        chat.run(reports.start_weekly)
        again = chat.say("เคน")[-1]  # two households called เคน: not guessed
    assert again["text"].startswith(texts.FLOW_PICK_ONE_TYPED.split("{")[0])


def test_every_step_of_every_report_flow_is_kept_whole(rt):
    """Each report flow, answered with every step asked; the report keeps every step's answer."""
    chat, _ = _leader_with_households(rt, "นายเคน สีดา")
    with clock.frozen_at("2026-11-30T08:00"):
        chat.run(reports.start_weekly)
        chat.say(texts.WEEKLY_THIS_WEEK)
        _taps_and_typing(chat, chat.say("เคน"), texts.FLOW_DONE_CHOOSING, "อบรม", texts.FLOW_DONE_CHOOSING, "1",
                         "ลดลง", "500", "ขาดน้ำ", "ขอพันธุ์ปลา")
        chat.photo()
        chat.say(texts.FLOW_PHOTO_DONE)
        chat.say(texts.FLOW_CONFIRM)
    [report] = _reports(rt)
    assert set(step.name for step in reports.WEEKLY.steps) <= set(report.answers)
    assert report.answers["problems"] == "ขาดน้ำ" and report.answers["help"] == "ขอพันธุ์ปลา"
    household = Chat(rt, user_id=_household_user(rt))
    with clock.frozen_at("2026-12-03T10:00"):
        household.run(reports.start_household)
        for answer in ("1", "ใช่", "2000", "300", "เพิ่มขึ้น", "ขาดน้ำ", "ไม่"):  # "1": this month
            household.say(answer)
        household.say(texts.FLOW_CONFIRM)
    with rt.db.sessions() as session:
        saved = session.scalar(select(HouseholdReport))
    assert set(step.name for step in reports.HOUSEHOLD.steps) <= set(saved.answers)
    assert saved.answers["saved"] == "300.00" and saved.month == "2026-12"


def test_a_new_question_is_one_line_and_is_kept(rt):
    extended = engine.Flow(name="test_weekly_extended", title="ทดสอบ", register=False,
                           steps=[*reports.WEEKLY.steps, Text("seeds", "ได้แจกพันธุ์อะไรไหมคะ", label="พันธุ์")],
                           on_done=reports.WEEKLY.on_done)
    chat, _ = _leader_with_households(rt)
    with engine.using(extended), clock.frozen_at("2026-12-02T10:00"):
        chat.start(extended, context={"week": "2026-W49", "late_week": None, "households": [], "previous": {}})
        for answer in ("อบรม", texts.FLOW_DONE_CHOOSING, "เท่าเดิม", texts.FLOW_SKIP, texts.FLOW_SKIP,
                       texts.FLOW_SKIP, "ถั่วเขียว"):
            chat.say(answer)
        chat.say(texts.FLOW_CONFIRM)
    [report] = _reports(rt)
    assert report.answers["seeds"] == "ถั่วเขียว"
    assert "test_weekly_extended" not in engine.REGISTRY


def test_household_may_send_last_month_in_the_first_days(rt):
    household = Chat(rt, user_id=_household_user(rt))
    with clock.frozen_at("2026-12-01T09:00"):
        choice = household.run(reports.start_household)[-1]
        assert set(chips(choice)) >= {"ธ.ค. 2569", "พ.ย. 2569 (ส่งช้า)"}
        first = household.tap(chips(choice)["พ.ย. 2569 (ส่งช้า)"])[-1]
        assert first["text"].startswith("พฤศจิกายน 2569")
        for answer in ("ใช่", "1500", texts.FLOW_SKIP, "เท่าเดิม", texts.FLOW_SKIP):
            summary = household.say(answer)[-1]
        summary = household.say("ไม่")[-1]
        assert "เดือน: พฤศจิกายน 2569" in summary["altText"]
        household.say(texts.FLOW_CONFIRM)
    with clock.frozen_at("2026-12-10T09:00"):  # later in the month: this month only
        assert household.run(reports.start_household)[-1]["text"].startswith("ธันวาคม 2569")
    with rt.db.sessions() as session:
        assert session.scalar(select(HouseholdReport.month)) == "2026-11"


def _household_user(rt) -> str:
    with rt.db.session() as session:
        return person(session, "นางจันทร์ ครัวเรือน", ["household"], Place(session).village(5)).line_user_id
