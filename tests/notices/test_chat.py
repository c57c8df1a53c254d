""""ส่งประกาศ" in chat: an officer picks who, where, the words and when, sees how many it reaches
and what it costs, confirms; it goes out once. Nobody else can, and never in a group."""
from __future__ import annotations

import secrets

from rq import Queue, SimpleWorker
from sqlalchemy import select

from bot import clock, texts
from bot.models import Notice, OutboundMessage
from bot.texts import notices as notice_texts
from flows.turn import Turn
from handlers.events import route
from tests.flows.helpers import Chat, buttons, chips
from workers.queues import DEFAULT


class OfficerChat(Chat):
    """A chat whose turns go through the router and run what waits for the commit, as the worker does."""

    def turn(self, event, action=route):
        with self.rt.db.session() as session:
            turn = Turn(runtime=self.rt, session=session, event=event, event_key=event["webhookEventId"])
            action(turn)
            turn.queue_messages()
        for call in turn.after_commit:
            call()
        return turn.replies

    def say(self, text: str):
        return self.turn(self._event("message", message={"id": secrets.token_hex(4), "type": "text", "text": text}))

    def tap(self, action: dict, params=None):
        return self.turn(self._event("postback", postback={"data": action["data"]}))


def _rows(rt) -> list[OutboundMessage]:
    """The notices' batches, once a worker has run the release jobs the chat handed on."""
    SimpleWorker([Queue(DEFAULT, connection=rt.redis)], connection=rt.redis).work(burst=True)
    with rt.db.sessions() as session:
        return list(session.scalars(select(OutboundMessage).where(OutboundMessage.notice_id.is_not(None))))


def _compose(chat: OfficerChat, who: str, where: str, words: str, image: str | None = None) -> list[dict]:
    replies = chat.say(notice_texts.NOTICE_WORD)
    assert replies[-1]["text"] == notice_texts.NOTICE_ASK_WHO
    replies = chat.tap(chips(replies[-1])[who])
    replies = chat.tap(chips(replies[-1])[where])
    assert notice_texts.NOTICE_ASK_TEXT in replies[-1]["text"]
    replies = chat.say(words)
    assert replies[-1]["text"] == notice_texts.NOTICE_ASK_IMAGE
    return chat.tap(chips(replies[-1])[texts.FLOW_SKIP]) if image is None else chat.say(image)


def test_an_officer_sends_a_notice_to_the_leaders_of_one_subdistrict_now(rt, world):
    chat = OfficerChat(rt, user_id=world.users["เอก"])
    replies = _compose(chat, "ผู้นำสัมมาชีพ", "ต.ก่อเอ้", "ประชุมผู้นำวันศุกร์ 9 โมงค่ะ")
    assert "ส่งถึง 2 คน" in replies[-1]["text"] and "ใช้ 2 ข้อความ" in replies[-1]["text"]
    summary = chat.tap(chips(replies[-1])[notice_texts.NOTICE_NOW])[-1]
    assert "ประชุมผู้นำวันศุกร์ 9 โมงค่ะ" in summary["altText"] and "ต.ก่อเอ้" in summary["altText"]
    done = chat.tap(buttons(summary)[texts.FLOW_CONFIRM])
    assert "ถึง 2 คน" in done[-1]["text"]
    [row] = _rows(rt)
    assert world.names(row.recipients) == {"บุญ", "มะลิ"} and row.messages[0]["text"] == "ประชุมผู้นำวันศุกร์ 9 โมงค่ะ"
    chat.tap(buttons(summary)[texts.FLOW_CONFIRM])  # a repeated tap sends nothing more
    assert len(_rows(rt)) == 1


def test_a_picture_link_goes_first_and_anything_but_an_https_link_is_asked_again(rt, world):
    chat = OfficerChat(rt, user_id=world.users["เอก"])
    replies = chat.say(notice_texts.NOTICE_WORD)
    replies = chat.tap(chips(replies[-1])["ผู้นำสัมมาชีพ"])
    replies = chat.tap(chips(replies[-1])["ทั้งพื้นที่"])
    chat.say("อบรมเพาะเห็ดค่ะ")
    assert notice_texts.NOTICE_IMAGE_URL in chat.say("http://example.org/a.jpg")[-1]["text"]
    replies = chat.say("https://example.org/a.jpg")
    summary = chat.tap(chips(replies[-1])[notice_texts.NOTICE_NOW])[-1]
    chat.tap(buttons(summary)[texts.FLOW_CONFIRM])
    [row] = _rows(rt)
    assert [message["type"] for message in row.messages] == ["image", "text"]
    assert row.messages[0]["originalContentUrl"] == "https://example.org/a.jpg"


def test_tomorrow_morning_is_scheduled_and_released_by_the_cron_at_nine(rt, world):
    from bot import notices

    chat = OfficerChat(rt, user_id=world.users["เอก"])
    replies = _compose(chat, "ทุกคน", "ทั้งพื้นที่", "พรุ่งนี้มีอบรมค่ะ")
    summary = chat.tap(chips(replies[-1])[notice_texts.NOTICE_TOMORROW_MORNING])[-1]
    done = chat.tap(buttons(summary)[texts.FLOW_CONFIRM])
    assert "ตั้งเวลาส่ง" in done[-1]["text"] and "09:00" in done[-1]["text"]
    assert _rows(rt) == []
    with clock.frozen_at("2026-12-03T09:00"):
        assert notices.release_due(rt) == 1
    assert len(_rows(rt)) == 1


def test_at_night_sending_now_is_refused_with_seven_oclock_offered(rt, world):
    chat = OfficerChat(rt, user_id=world.users["เอก"])
    with clock.frozen_at("2026-12-02T21:00"):
        replies = _compose(chat, "ทุกคน", "ทั้งพื้นที่", "ประกาศค่ะ")
        summary = chat.tap(chips(replies[-1])[notice_texts.NOTICE_NOW])[-1]
        done = chat.tap(buttons(summary)[texts.FLOW_CONFIRM])
    assert "07:00" in done[-1]["text"]
    with rt.db.sessions() as session:
        assert session.scalar(select(Notice.id)) is None


def test_only_officers_with_a_console_account_can_and_never_in_a_group(rt, world):
    household = OfficerChat(rt, user_id=world.users["สมศรี"])
    assert household.say(notice_texts.NOTICE_WORD)[-1]["text"] == notice_texts.NOTICE_ONLY_OFFICERS
    officer = OfficerChat(rt, user_id=world.users["เอก"])
    event = officer._event("message", message={"id": "9", "type": "text", "text": notice_texts.NOTICE_WORD},
                           source={"type": "group", "groupId": "C" + secrets.token_hex(16),
                                   "userId": world.users["เอก"]})
    replies = officer.turn(event)
    assert all(notice_texts.NOTICE_ASK_WHO not in (reply.get("text") or "") for reply in replies)


def test_a_saved_template_can_be_chosen_instead_of_typing(rt, world):
    from bot.line import messages as m
    from bot.models import ConsoleAccount
    from bot.notices import templates

    with rt.db.session() as session:
        templates.save(session, session.get(ConsoleAccount, world.accounts["officer_a"]), "ประชุมประจำเดือน",
                       [m.text("ประชุมประจำเดือนวันที่ 5 ค่ะ")])
    chat = OfficerChat(rt, user_id=world.users["เอก"])
    replies = chat.say(notice_texts.NOTICE_WORD)
    replies = chat.tap(chips(replies[-1])["ครัวเรือนเป้าหมาย"])
    replies = chat.tap(chips(replies[-1])["ทั้งพื้นที่"])
    replies = chat.tap(chips(replies[-1])["ประชุมประจำเดือน"])
    summary = chat.tap(chips(replies[-1])[notice_texts.NOTICE_NOW])[-1]
    chat.tap(buttons(summary)[texts.FLOW_CONFIRM])
    [row] = _rows(rt)
    assert row.messages[0]["text"] == "ประชุมประจำเดือนวันที่ 5 ค่ะ"
    assert world.names(row.recipients) == {"สมศรี", "มะลิ", "ชัย"}
