"""The whole path as LINE and a villager see it: simulator -> emulator -> signed
webhook -> web -> RQ worker -> outbox -> emulator."""
from __future__ import annotations

import time

import requests
from sqlalchemy import select

from bot import runtime, texts, thai
from bot.models import LineUser
from tests.chat import chat_messages, cursor_of, linked_user, settled
from tests.polling import eventually


def _labels(message: dict) -> list[str]:
    return [item["action"]["label"] for item in message.get("quickReply", {}).get("items", [])]


def test_follow_gets_thai_welcome_then_the_consent_notice(stack):
    user = stack.new_user("ยายสมร")
    welcome, consent = stack.send(user, "follow")
    assert welcome["text"] == texts.WELCOME
    assert consent["text"] == texts.CONSENT_NOTICE
    assert _labels(consent)[:2] == [texts.CONSENT_AGREE, texts.CONSENT_LATER]


def test_menu_word_gets_quick_replies(stack):
    user = stack.new_user()
    stack.send(user, "follow")
    [menu] = stack.say(user, "เมนู")
    assert texts.MENU_ASK in _labels(menu) and texts.MENU_HELP in _labels(menu)


def test_tapping_a_menu_button_opens_it(stack):
    user = stack.new_user()
    stack.send(user, "follow")
    [answer] = stack.say(user, texts.MENU_HELP)
    assert answer["text"] == texts.HELP


def test_sticker_gets_a_kind_answer(stack):
    user = stack.new_user()
    stack.send(user, "follow")
    [answer] = stack.send(user, "sticker")
    assert answer["text"] == texts.NON_TEXT_THANKS


def test_unknown_postback_gets_the_fallback(stack):
    user = stack.new_user()
    stack.send(user, "follow")
    [answer] = stack.send(user, "postback", data="no-such-thing")
    assert answer["text"] == texts.FALLBACK


def test_unfollow_marks_user_blocked_and_refollow_welcomes_back(stack):
    user = stack.new_user()
    stack.send(user, "follow")
    stack.say(user, texts.CONSENT_LATER)
    assert stack.send(user, "unfollow") == []
    rt = runtime.Runtime(stack.settings)

    def blocked() -> LineUser | None:
        with rt.db.sessions() as session:
            row = session.scalar(select(LineUser).where(LineUser.line_user_id == user))
            return row if row is not None and not row.following else None

    row = eventually(blocked, "the unfollow to be recorded")
    assert row.following is False and row.blocked_at is not None
    again = stack.send(user, "follow")
    assert again[0]["text"] == texts.WELCOME_BACK
    assert again[1]["text"] == texts.CONSENT_NOTICE  # never agreed, so asked again
    rt.close()


def test_redelivered_event_gets_one_reply(stack):
    user = stack.new_user()
    stack.send(user, "follow")
    stack.say(user, texts.CONSENT_LATER)
    event = {
        "type": "message", "mode": "active", "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user}, "webhookEventId": "01JREDELIVERY" + user[-13:],
        "deliveryContext": {"isRedelivery": False},
        "message": {"id": "1", "type": "text", "quoteToken": "q", "text": "เมนู"},
    }
    before = cursor_of(stack, user)
    for redelivery in (False, True, True):
        event["deliveryContext"] = {"isRedelivery": redelivery}
        response = requests.post(f"{stack.emulator_url}/_emulator/webhook/raw", json={"events": [event]}, timeout=10)
        assert response.status_code == 200
    rt = runtime.Runtime(stack.settings)
    try:
        settled(rt, event["webhookEventId"], user)
    finally:
        rt.close()
    assert [message["text"] for message in chat_messages(stack, user, before)] == [texts.MENU_PROMPT]


def _group_event(stack, group: str, kind: str, **fields) -> dict:
    response = requests.post(f"{stack.emulator_url}/_emulator/groups/{group}/events", json={"type": kind, **fields},
                             timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["event"]


def _say_in_group(stack, user: str, group: str, text: str, **fields) -> dict:
    response = requests.post(f"{stack.emulator_url}/_emulator/users/{user}/events", timeout=10, json={
        "type": "text", "text": text, "source": {"type": "group", "groupId": group}, **fields})
    assert response.status_code == 200, response.text
    return response.json()["event"]


def test_group_join_introduces_the_bot_without_personal_data(stack, village):
    """A village group: the bot says hello once when added, stays quiet in the chatter,
    answers when called by name or @-mentioned, and keeps anyone's own data out of the group."""
    member, name = linked_user(stack, village, "household")  # a real villager, with her own data in the bot
    neighbour = stack.new_user("ลุงมา")
    group = requests.post(f"{stack.emulator_url}/_emulator/groups", timeout=10, json={
        "name": "กลุ่มทอเสื่อกก หมู่ 1", "members": [member, neighbour]}).json()["group_id"]
    said = []

    def answers(send) -> list[dict]:
        """What the bot said in the group about the event `send()` makes (the cursor is taken first)."""
        start = cursor_of(stack, group)
        event = send()
        settled(village, event["webhookEventId"], group)
        new = chat_messages(stack, group, start)
        said.extend(new)
        return new

    join = {}
    hello = answers(lambda: join.update(_group_event(stack, group, "join")) or join)
    assert [message["text"] for message in hello] == [texts.GROUP_HELLO]

    def redeliver_join() -> dict:
        response = requests.post(f"{stack.emulator_url}/_emulator/webhook/raw", timeout=10,
                                 json={"events": [join], "redeliver": True})
        assert response.status_code == 200
        return join

    assert answers(redeliver_join) == []  # introduced once, even when LINE delivers the join again
    newcomer = stack.new_user("ป้าจันทร์")
    assert answers(lambda: _group_event(stack, group, "memberJoined", user_ids=[newcomer])) == []
    assert answers(lambda: _say_in_group(stack, neighbour, group, "พรุ่งนี้ประชุมกี่โมง")) == []  # not called

    mentioned = answers(lambda: _say_in_group(stack, neighbour, group, "@น้องสัมมาชีพ กลุ่มอาชีพต้องมีกรรมการอะไรบ้าง",
                                              mention=["bot"]))
    assert len(mentioned) >= 1  # @-mentioned: answered in the group
    called = answers(lambda: _say_in_group(stack, neighbour, group, f"{texts.GROUP_CALL_NAME} ทอเสื่อกกทำอย่างไร"))
    assert len(called) >= 1  # called by name: answered too
    private = answers(lambda: _say_in_group(stack, member, group, f"@น้องสัมมาชีพ {texts.MY_LOANS_WORD}",
                                            mention=["bot"]))
    assert [message.get("text") for message in private] == [texts.GROUP_PRIVATE]

    shown = str(said)
    assert name not in shown and thai.call_name(name) not in shown  # nobody's own data in the group


def test_healthz_reports_database_and_redis(stack):
    body = requests.get(stack.web_url + "/healthz", timeout=5).json()
    assert body == {"status": "ok", "database": "ok", "redis": "ok"}
