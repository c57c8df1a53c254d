"""The whole path as LINE and a villager see it: simulator -> emulator -> signed
webhook -> web -> RQ worker -> outbox -> emulator."""
from __future__ import annotations

import time

import requests
from sqlalchemy import select

from bot import runtime, texts
from bot.models import LineUser, WebhookEvent


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
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with rt.db.sessions() as session:
            row = session.scalar(select(LineUser).where(LineUser.line_user_id == user))
            if row is not None and not row.following:
                break
        time.sleep(0.1)
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
    before = requests.get(f"{stack.emulator_url}/_emulator/users/{user}/messages", timeout=5).json()["cursor"]
    for redelivery in (False, True, True):
        event["deliveryContext"] = {"isRedelivery": redelivery}
        response = requests.post(f"{stack.emulator_url}/_emulator/webhook/raw", json={"events": [event]}, timeout=10)
        assert response.status_code == 200
    time.sleep(2)
    after = requests.get(f"{stack.emulator_url}/_emulator/users/{user}/messages",
                         params={"after": before}, timeout=5).json()["messages"]
    assert [item["message"]["text"] for item in after] == [texts.MENU_PROMPT]


def test_group_join_introduces_the_bot_without_personal_data(stack):
    user = stack.new_user()
    group = "C" + "1" * 32
    requests.post(f"{stack.emulator_url}/_emulator/users/{user}/events",
                  json={"type": "text", "text": "สวัสดี", "source": {"type": "group", "groupId": group, "userId": user}},
                  timeout=10)
    rt = runtime.Runtime(stack.settings)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with rt.db.sessions() as session:
            done = session.scalar(select(WebhookEvent).where(WebhookEvent.source_type == "group",
                                                             WebhookEvent.status == "done"))
        if done:
            break
        time.sleep(0.1)
    assert done is not None and done.error is None
    rt.close()


def test_healthz_reports_database_and_redis(stack):
    body = requests.get(stack.web_url + "/healthz", timeout=5).json()
    assert body == {"status": "ok", "database": "ok", "redis": "ok"}
