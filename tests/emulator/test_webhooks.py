"""Webhooks as the bot receives them: signed, shaped as webhook.yml says, one per user action."""
from __future__ import annotations

import threading
import time

import pytest

from devtools.emulator.webhooks import signature
from tests.emulator.conftest import BOT_USER_ID, CHANNEL_SECRET, requires_openapi
from tests.emulator.openapi import schema_errors

GROUP = "C" + "a1" * 16
EVERY_EVENT = [
    ("follow", {}),
    ("text", {"text": "สวัสดีค่ะ"}),
    ("text", {"text": "ในกลุ่ม", "source": {"type": "group", "groupId": GROUP}}),
    ("image", {}),
    ("sticker", {}),
    ("location", {}),
    ("postback", {"data": "action=menu"}),
    ("postback", {"data": "action=date", "params": {"date": "2026-12-01"}}),
    ("unfollow", {}),
    ("follow", {}),
]


def _every_event(admin, webhook) -> list[dict]:
    user = admin.new_user()
    for kind, fields in EVERY_EVENT:
        assert admin.send(user, kind, **fields)["webhook_status"] == 200
    return webhook.received


def test_webhooks_are_signed_with_the_channel_secret(admin, webhook):
    for received in _every_event(admin, webhook):
        assert received["headers"]["x-line-signature"] == signature(CHANNEL_SECRET, received["raw"])
        assert received["json"]["destination"] == BOT_USER_ID


@requires_openapi
def test_every_event_matches_webhook_yml(admin, webhook):
    for received in _every_event(admin, webhook):
        assert schema_errors("webhook.yml", "CallbackRequest", received["json"]) == []


def test_event_details(admin, webhook):
    user = admin.new_user()
    events = [admin.send(user, kind, **fields)["event"] for kind, fields in EVERY_EVENT]
    follow, text, group_text, image, sticker, location, postback, dated, unfollow, refollow = events
    assert follow["follow"] == {"isUnblocked": False} and refollow["follow"] == {"isUnblocked": True}
    assert "replyToken" not in unfollow
    assert text["message"]["text"] == "สวัสดีค่ะ" and text["message"]["quoteToken"]
    assert group_text["source"] == {"type": "group", "groupId": GROUP, "userId": user}
    assert image["message"]["contentProvider"] == {"type": "line"}
    assert sticker["message"]["stickerResourceType"] == "STATIC"
    assert isinstance(location["message"]["latitude"], float) and "quoteToken" not in location["message"]
    assert postback["postback"] == {"data": "action=menu"}
    assert dated["postback"] == {"data": "action=date", "params": {"date": "2026-12-01"}}
    ids = [event["webhookEventId"] for event in events]
    assert len(set(ids)) == len(ids) and all(len(i) == 26 for i in ids)
    assert all(event["mode"] == "active" and event["deliveryContext"] == {"isRedelivery": False} for event in events)
    [listed] = admin.call("GET", "/_emulator/users").json()["users"]
    assert (listed["followed"], listed["blocked"]) == (True, False)


def test_unfollow_marks_the_user_blocked(admin, webhook):
    user = admin.new_user()
    admin.send(user, "unfollow")
    [listed] = admin.call("GET", "/_emulator/users").json()["users"]
    assert (listed["followed"], listed["blocked"]) == (False, True)


def test_raw_events_redelivery_and_bad_signature(admin, webhook):
    user = admin.new_user()
    event = admin.send(user, text="ซ้ำ")["event"]
    webhook.received.clear()
    resent = admin.call("POST", "/_emulator/webhook/raw", json={"events": [event], "redeliver": True}).json()
    assert resent["webhook_status"] == 200
    [delivered] = webhook.received[0]["json"]["events"]
    assert delivered["webhookEventId"] == event["webhookEventId"]
    assert delivered["deliveryContext"] == {"isRedelivery": True}
    admin.call("POST", "/_emulator/webhook/raw", json={"events": [event], "bad_signature": True})
    forged = webhook.received[1]
    assert forged["headers"]["x-line-signature"] != signature(CHANNEL_SECRET, forged["raw"])


def test_bot_status_is_reported(admin, webhook):
    webhook.status = 400
    user = admin.new_user()
    assert admin.send(user, text="x")["webhook_status"] == 400


def test_no_bot_behind_the_emulator(admin):
    user = admin.new_user()
    result = admin.send(user, text="มีใครไหม")
    assert result["webhook_status"] is None and result["event"]["replyToken"]


def test_cursor_and_long_poll(admin, line_api):
    from linebot.v3.messaging import PushMessageRequest, TextMessage

    user = admin.new_user()
    cursor = admin.send(user, text="รอคำตอบ")["cursor"]

    def push_later():
        time.sleep(0.3)
        line_api.push_message(PushMessageRequest(to=user, messages=[TextMessage(text="มาแล้วค่ะ")]))

    threading.Thread(target=push_later).start()
    started = time.monotonic()
    batch = admin.messages(user, after=cursor, wait=5)
    assert 0.2 < time.monotonic() - started < 4
    assert [item["message"]["text"] for item in batch["messages"]] == ["มาแล้วค่ะ"]
    assert batch["cursor"] == batch["messages"][0]["seq"] > cursor
    assert admin.messages(user, after=batch["cursor"])["messages"] == []


def test_history_has_both_sides_in_order(admin, line_api):
    from linebot.v3.messaging import ReplyMessageRequest, TextMessage

    user = admin.new_user()
    token = admin.send(user, text="ถาม")["event"]["replyToken"]
    line_api.reply_message(ReplyMessageRequest(reply_token=token, messages=[TextMessage(text="ตอบ")]))
    history = admin.call("GET", f"/_emulator/users/{user}/history").json()["history"]
    assert [(entry["kind"], entry.get("via")) for entry in history] == [("event", None), ("message", "reply")]
    assert history[0]["seq"] < history[1]["seq"]


@pytest.mark.parametrize("body, status", [({"type": "dance"}, 400), ({"type": "text"}, 400),
                                          ({"type": "postback"}, 400),
                                          ({"type": "text", "text": "x", "source": {"type": "group"}}, 400)])
def test_bad_simulated_events_are_refused(admin, body, status):
    user = admin.new_user()
    assert admin.call("POST", f"/_emulator/users/{user}/events", json=body).status_code == status
