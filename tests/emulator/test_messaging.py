"""Sending through line-bot-sdk against the emulator: what LINE accepts, refuses and counts."""
from __future__ import annotations

import time
import uuid

import pytest
from linebot.v3.messaging import (ApiException, BroadcastRequest, MulticastRequest, NarrowcastRequest,
                                  PushMessageRequest, ReplyMessageRequest, ShowLoadingAnimationRequest, TextMessage)

from devtools.emulator.images import image_size


def _text(body: str = "สวัสดีค่ะ") -> TextMessage:
    return TextMessage(text=body)


def _push(line_api, to: str, retry_key: str | None = None, body: str = "สวัสดีค่ะ"):
    return line_api.push_message_with_http_info(PushMessageRequest(to=to, messages=[_text(body)]),
                                                x_line_retry_key=retry_key)


def _refused(call) -> ApiException:
    with pytest.raises(ApiException) as raised:
        call()
    return raised.value


def test_reply_token_works_once(admin, line_api):
    user = admin.new_user()
    token = admin.send(user, text="ขอเมนู")["event"]["replyToken"]
    sent = line_api.reply_message(ReplyMessageRequest(reply_token=token, messages=[_text("เมนูค่ะ")]))
    assert len(sent.sent_messages) == 1 and sent.sent_messages[0].quote_token
    again = _refused(lambda: line_api.reply_message(ReplyMessageRequest(reply_token=token, messages=[_text()])))
    assert again.status == 400 and '"Invalid reply token"' in again.body
    assert admin.texts(user) == ["เมนูค่ะ"]


def test_reply_token_expires(admin, line_api):
    admin.configure(reply_token_ttl_seconds=0.2)
    user = admin.new_user()
    token = admin.send(user, text="ถาม")["event"]["replyToken"]
    time.sleep(0.3)
    late = _refused(lambda: line_api.reply_message(ReplyMessageRequest(reply_token=token, messages=[_text()])))
    assert late.status == 400 and "Invalid reply token" in late.body
    assert admin.texts(user) == []


def test_unknown_reply_token(admin, line_api):
    unknown = _refused(lambda: line_api.reply_message(ReplyMessageRequest(reply_token="0" * 32, messages=[_text()])))
    assert unknown.status == 400


def test_every_response_has_a_request_id(admin, line_api):
    user = admin.new_user()
    response = _push(line_api, user)
    assert response.status_code == 200 and len(response.headers["X-Line-Request-Id"]) == 36
    refused = admin.api("GET", "/v2/bot/profile/nobody")
    assert refused.status_code == 404 and refused.headers["X-Line-Request-Id"]


def test_retry_key_accepts_a_push_once(admin, line_api):
    user = admin.new_user()
    key = str(uuid.uuid4())
    first = _push(line_api, user, key)
    conflict = _refused(lambda: _push(line_api, user, key))
    assert conflict.status == 409
    assert '"The retry key is already accepted"' in conflict.body
    assert conflict.headers["X-Line-Accepted-Request-Id"] == first.headers["X-Line-Request-Id"]
    assert first.data.sent_messages[0].id in conflict.body  # LINE repeats sentMessages for a push
    assert admin.texts(user) == ["สวัสดีค่ะ"]


def test_retry_key_must_be_a_uuid(admin, line_api):
    user = admin.new_user()
    refused = _refused(lambda: _push(line_api, user, "not-a-uuid"))
    assert refused.status == 400 and admin.texts(user) == []


def test_refused_request_does_not_use_up_its_retry_key(admin, line_api):
    user = admin.new_user()
    key = str(uuid.uuid4())
    admin.configure(fail=[{"path": "/v2/bot/message/push", "status": 503, "count": 1}])
    assert _refused(lambda: _push(line_api, user, key)).status == 503
    assert _push(line_api, user, key).status_code == 200
    assert admin.texts(user) == ["สวัสดีค่ะ"]


@pytest.mark.parametrize("drop", [False, True], ids=["500", "dropped-connection"])
def test_lost_response_then_retry_delivers_once(admin, line_api, drop):
    user = admin.new_user()
    key = str(uuid.uuid4())
    admin.configure(fail=[{"path": "/v2/bot/message/push", "status": 500, "count": 1, "after_accept": True,
                           "drop": drop}])
    with pytest.raises(Exception) as lost:
        _push(line_api, user, key)
    if not drop:
        assert lost.value.status == 500
    retried = _refused(lambda: _push(line_api, user, key))
    assert retried.status == 409
    assert admin.texts(user) == ["สวัสดีค่ะ"]


def test_wrong_access_token_is_401(admin):
    from linebot.v3.messaging import ApiClient, Configuration, MessagingApi

    user = admin.new_user()
    with ApiClient(Configuration(host=admin.base_url, access_token="wrong-token")) as client:
        refused = _refused(lambda: MessagingApi(client).push_message(PushMessageRequest(to=user, messages=[_text()])))
    assert refused.status == 401 and "Authentication failed due to the following reason: invalid token" in refused.body
    assert admin.texts(user) == []


def test_missing_authorization_is_401(admin):
    refused = admin.call("GET", "/v2/bot/message/quota")
    assert refused.status_code == 401 and refused.json()["message"].startswith("Authorization header required")


def test_rate_limit(admin, line_api):
    admin.configure(rate_limit_per_second=2)
    assert line_api.get_message_quota().type == "none"
    assert line_api.get_message_quota().type == "none"
    limited = _refused(line_api.get_message_quota)
    assert limited.status == 429 and "The API rate limit has been exceeded. Try again later." in limited.body
    time.sleep(1.05)
    assert line_api.get_message_quota().type == "none"


def test_monthly_quota_counts_recipients_not_replies(admin, line_api):
    admin.configure(monthly_quota=3)
    users = [admin.new_user(f"คนที่ {n}") for n in range(3)]
    line_api.multicast(MulticastRequest(to=users[:2], messages=[_text(), _text("สองข้อความ นับครั้งเดียว")]))
    token = admin.send(users[0], text="ขอบคุณ")["event"]["replyToken"]
    line_api.reply_message(ReplyMessageRequest(reply_token=token, messages=[_text("ยินดีค่ะ")]))
    assert line_api.get_message_quota_consumption().total_usage == 2
    full = _refused(lambda: line_api.broadcast(BroadcastRequest(messages=[_text()])))
    assert full.status == 429 and "You have reached your monthly limit." in full.body
    _push(line_api, users[2])
    assert _refused(lambda: _push(line_api, users[2])).status == 429
    quota = line_api.get_message_quota()
    assert (quota.type, quota.value) == ("limited", 3)


def test_multicast_and_broadcast_reach_friends_only(admin, line_api):
    friend, blocker = admin.new_user("เพื่อน"), admin.new_user("บล็อก")
    admin.send(blocker, "unfollow")
    line_api.multicast(MulticastRequest(to=[friend, blocker], messages=[_text("ประกาศ")]))
    line_api.broadcast(BroadcastRequest(messages=[_text("ข่าว")]))
    assert admin.texts(friend) == ["ประกาศ", "ข่าว"]
    assert admin.texts(blocker) == []
    vias = [item["via"] for item in admin.messages(friend)["messages"]]
    assert vias == ["multicast", "broadcast"]


def test_push_to_a_user_who_blocked_is_accepted_but_not_delivered(admin, line_api):
    user = admin.new_user()
    admin.send(user, "unfollow")
    assert _push(line_api, user).status_code == 200
    assert admin.texts(user) == []


def test_push_to_unknown_or_malformed_ids(admin, line_api):
    assert _refused(lambda: _push(line_api, "U" + "0" * 32)).status == 400
    malformed = _refused(lambda: _push(line_api, "somebody"))
    assert malformed.status == 400 and "'to'" in malformed.body


def test_profile(admin, line_api):
    user = admin.new_user("แม่บุญมี", language="th")
    profile = line_api.get_profile(user)
    assert (profile.display_name, profile.user_id, profile.language) == ("แม่บุญมี", user, "th")
    assert _refused(lambda: line_api.get_profile("U" + "1" * 32)).status == 404
    admin.send(user, "unfollow")
    assert _refused(lambda: line_api.get_profile(user)).status == 404


def test_loading_animation(admin, line_api):
    user = admin.new_user()
    response = line_api.show_loading_animation_with_http_info(ShowLoadingAnimationRequest(chat_id=user,
                                                                                          loading_seconds=10))
    assert response.status_code == 202
    odd = admin.api("POST", "/v2/bot/chat/loading/start", json={"chatId": user, "loadingSeconds": 7})
    assert odd.status_code == 400 and odd.json()["details"][0]["property"] == "loadingSeconds"
    stranger = admin.api("POST", "/v2/bot/chat/loading/start", json={"chatId": "U" + "2" * 32})
    assert stranger.status_code == 400
    history = admin.call("GET", f"/_emulator/users/{user}/history").json()["history"]
    assert [(entry["kind"], entry.get("seconds")) for entry in history] == [("loading", 10)]


def test_narrowcast_progress_moves_to_succeeded(admin, line_api):
    users = [admin.new_user(f"คนที่ {n}") for n in range(3)]
    response = line_api.narrowcast_with_http_info(NarrowcastRequest(messages=[_text("เชิญประชุม")]))
    assert response.status_code == 202
    request_id = response.headers["X-Line-Request-Id"]
    phases = [line_api.get_narrowcast_progress(request_id) for _ in range(3)]
    assert [progress.phase for progress in phases] == ["waiting", "sending", "succeeded"]
    assert (phases[-1].success_count, phases[-1].failure_count, phases[-1].target_count) == (3, 0, 3)
    assert all(admin.texts(user) == ["เชิญประชุม"] for user in users)


def test_content_of_an_image_the_user_sent(admin, line_blob):
    user = admin.new_user()
    event = admin.send(user, "image")["event"]
    data = line_blob.get_message_content(event["message"]["id"])
    assert image_size(bytes(data), "image/png") == (320, 240)
    assert _refused(lambda: line_blob.get_message_content("1")).status == 404


def test_mark_as_read(admin, line_api):
    from linebot.v3.messaging import MarkMessagesAsReadByTokenRequest

    user = admin.new_user()
    token = admin.send(user, text="อ่านแล้วหรือยัง")["event"]["message"]["markAsReadToken"]
    line_api.mark_messages_as_read_by_token(MarkMessagesAsReadByTokenRequest(mark_as_read_token=token))
    assert admin.api("POST", "/v2/bot/chat/markAsRead", json={"markAsReadToken": "nope"}).status_code == 400
    history = admin.call("GET", f"/_emulator/users/{user}/history").json()["history"]
    assert [entry["kind"] for entry in history] == ["event", "read"]


def test_latency_is_added(admin, line_api):
    admin.configure(latency_ms=150)
    started = time.monotonic()
    line_api.get_message_quota()
    assert time.monotonic() - started >= 0.15


def test_request_log(admin, line_api):
    user = admin.new_user()
    key = str(uuid.uuid4())
    response = _push(line_api, user, key)
    [entry] = admin.call("GET", "/_emulator/requests").json()["requests"]
    assert entry == {**entry, "method": "POST", "path": "/v2/bot/message/push", "status": 200, "retry_key": key,
                     "request_id": response.headers["X-Line-Request-Id"]}


def test_many_users_at_once_and_who_received_what(admin, line_api):
    users = [{"user_id": f"U{n:032x}", "display_name": f"คน {n}", "area": "th_07"} for n in range(1, 1201)]
    created = admin.call("POST", "/_emulator/users/bulk", json={"users": users})
    assert created.status_code == 201 and created.json() == {"created": 1200}
    ids = [user["user_id"] for user in users]
    for start in range(0, 1200, 500):
        line_api.multicast(MulticastRequest(to=ids[start:start + 500], messages=[_text("ประกาศ 7")]))
    line_api.push_message(PushMessageRequest(to=ids[0], messages=[_text("ประกาศ 7 อีกครั้ง")]))
    delivered = admin.call("GET", "/_emulator/deliveries", params={"text": "ประกาศ 7"}).json()
    counts = delivered["chats"]
    assert len(counts) == 1200 and counts[ids[0]] == 2 and set(counts.values()) == {1, 2}
    # the push came last: when the emulator accepted it is when the fan-out was done
    pushed = admin.call("GET", f"/_emulator/users/{ids[0]}/messages").json()["messages"][-1]
    assert delivered["last_at"] == pushed["at"]
    assert admin.call("GET", "/_emulator/deliveries", params={"text": "ไม่มีใครได้"}).json() == {"chats": {},
                                                                                              "last_at": None}
    assert admin.call("GET", "/_emulator/deliveries").status_code == 400
    again = admin.call("POST", "/_emulator/users/bulk", json={"users": users[:1]})
    assert again.status_code == 409
    for bad in ([], [{"user_id": "U1", "display_name": "x"}], [{"user_id": f"U{'a' * 32}", "display_name": ""}],
                [{"user_id": f"U{'a' * 32}", "display_name": "x", "age": "old"}], ["x"], "everyone"):
        assert admin.call("POST", "/_emulator/users/bulk", json={"users": bad}).status_code == 400, bad
    assert len(admin.call("GET", "/_emulator/users").json()["users"]) == 1200  # nothing half-made
