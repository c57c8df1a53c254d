"""The weekly report's week rules: late reports early in a week, edits while the week is open."""
from __future__ import annotations

from sqlalchemy import select

from bot import clock, texts
from bot.models import WeeklyReport
from flows import reports
from tests.builders import Place, person
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
