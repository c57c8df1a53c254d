"""Group life as LINE plays it: the bot joins and leaves, members come and go, people
mention the bot, unsend, and send video, audio and files; LINE's group member endpoints."""
from __future__ import annotations

import base64

import pytest

from devtools.emulator.images import solid_png
from tests.emulator.conftest import BOT_USER_ID, requires_openapi
from tests.emulator.openapi import schema_errors


def _group(admin, *members, name="กลุ่มทอเสื่อกก บ้านหนองบัว") -> str:
    response = admin.call("POST", "/_emulator/groups", json={"name": name, "members": list(members)})
    assert response.status_code == 201
    return response.json()["group_id"]


def _event(admin, group, kind, **fields) -> dict:
    response = admin.call("POST", f"/_emulator/groups/{group}/events", json={"type": kind, **fields})
    assert response.status_code == 200, response.text
    return response.json()["event"]


def test_join_leave_and_members_coming_and_going(admin, webhook):
    somsri, mali = admin.new_user("สมศรี"), admin.new_user("มะลิ")
    group = _group(admin, somsri)
    assert admin.api("GET", f"/v2/bot/group/{group}/summary").status_code == 404  # the bot is not in it yet
    join = _event(admin, group, "join")
    assert join["source"] == {"type": "group", "groupId": group} and join["replyToken"]
    joined = _event(admin, group, "memberJoined", user_ids=[mali])
    assert joined["joined"] == {"members": [{"type": "user", "userId": mali}]} and joined["replyToken"]
    assert admin.api("GET", f"/v2/bot/group/{group}/members/count").json() == {"count": 2}
    left = _event(admin, group, "memberLeft", user_ids=[somsri])
    assert left["left"] == {"members": [{"type": "user", "userId": somsri}]} and "replyToken" not in left
    assert admin.api("GET", f"/v2/bot/group/{group}/members/ids").json() == {"memberIds": [mali]}
    leave = _event(admin, group, "leave")
    assert "replyToken" not in leave
    assert admin.api("GET", f"/v2/bot/group/{group}/members/count").status_code == 404
    assert [item["json"]["events"][0]["type"] for item in webhook.received] == [
        "join", "memberJoined", "memberLeft", "leave"]
    refused = admin.call("POST", f"/_emulator/users/{mali}/events",
                         json={"type": "text", "text": "ยังอยู่ไหม", "source": {"type": "group", "groupId": group}})
    assert refused.status_code == 409  # nothing said in a group the bot left reaches it


def test_group_member_endpoints(admin, line_api, webhook):
    somsri = admin.new_user("สมศรี")
    group = _group(admin, somsri, name="กองทุนสตรี หมู่ 3")
    _event(admin, group, "join")
    assert line_api.get_group_summary(group).group_name == "กองทุนสตรี หมู่ 3"
    assert line_api.get_group_member_count(group).count == 1
    assert line_api.get_group_member_profile(group, somsri).display_name == "สมศรี"
    assert line_api.get_group_members_ids(group).member_ids == [somsri]
    assert admin.api("GET", f"/v2/bot/group/{group}/member/U{'0' * 32}").status_code == 404
    line_api.leave_group(group)
    assert [item["json"]["events"][0]["type"] for item in webhook.received] == ["join", "leave"]  # LINE tells the bot
    assert admin.api("POST", f"/v2/bot/group/{group}/leave").status_code == 404
    pushed = admin.api("POST", "/v2/bot/message/push", json={"to": group, "messages": [{"type": "text", "text": "x"}]})
    assert pushed.status_code == 400


def test_member_ids_come_a_hundred_a_page(admin):
    users = [admin.new_user(f"คน{n}") for n in range(130)]
    group = _group(admin, *users)
    _event(admin, group, "join")
    first = admin.api("GET", f"/v2/bot/group/{group}/members/ids").json()
    second = admin.api("GET", f"/v2/bot/group/{group}/members/ids", params={"start": first["next"]}).json()
    assert len(first["memberIds"]) == 100 and "next" not in second
    assert sorted(first["memberIds"] + second["memberIds"]) == sorted(users)


def test_mentions_of_the_bot_a_member_and_everyone(admin):
    somsri, mali = admin.new_user("สมศรี"), admin.new_user("มะลิ")
    group = _group(admin, somsri, mali)
    _event(admin, group, "join")
    text = "@น้องสัมมาชีพ ช่วยบอก @มะลิ และ @All หน่อย"
    event = admin.send(somsri, "text", text=text, mention=["bot", mali, "all"],
                       source={"type": "group", "groupId": group})["event"]
    bot, member, everyone = event["message"]["mention"]["mentionees"]
    assert bot == {"index": 0, "length": 13, "type": "user", "isSelf": True}
    assert text[member["index"]:member["index"] + member["length"]] == "@มะลิ" and member["userId"] == mali
    assert everyone["type"] == "all" and text[everyone["index"]:].startswith("@All")
    refused = admin.call("POST", f"/_emulator/users/{somsri}/events",
                         json={"type": "text", "text": "ไม่มีแท็ก", "mention": ["bot"],
                               "source": {"type": "group", "groupId": group}})
    assert refused.status_code == 400


def test_video_audio_file_and_unsend(admin, line_blob):
    user = admin.new_user()
    video = admin.send(user, "video", duration=12000)["event"]["message"]
    audio = admin.send(user, "audio")["event"]["message"]
    document = admin.send(user, "file", file_name="สรุปผล.pdf")["event"]["message"]
    assert video["duration"] == 12000 and video["contentProvider"] == {"type": "line"} and video["quoteToken"]
    assert "quoteToken" not in audio and audio["duration"] > 0
    assert document["fileName"] == "สรุปผล.pdf" and document["fileSize"] > 0
    assert bytes(line_blob.get_message_content(document["id"])).startswith(b"%PDF")
    assert bytes(line_blob.get_message_content_preview(video["id"])).startswith(b"\x89PNG")
    assert line_blob.get_message_content_transcoding_by_message_id(audio["id"]).status == "succeeded"
    assert admin.data("GET", f"/v2/bot/message/{audio['id']}/content/preview").status_code == 404
    unsent = admin.send(user, "unsend", message_id=document["id"])["event"]
    assert unsent["unsend"] == {"messageId": document["id"]} and "replyToken" not in unsent
    assert admin.data("GET", f"/v2/bot/message/{document['id']}/content").status_code == 404
    assert admin.call("POST", f"/_emulator/users/{user}/events",
                      json={"type": "unsend", "message_id": "12345"}).status_code == 400


def test_an_attached_image_is_what_the_bot_fetches(admin, line_blob):
    user = admin.new_user()
    photo = solid_png(40, 30, (10, 20, 30))
    event = admin.send(user, "image", content=base64.b64encode(photo).decode(), content_type="image/png")["event"]
    assert bytes(line_blob.get_message_content(event["message"]["id"])) == photo
    assert admin.api("GET", f"/v2/bot/message/{event['message']['id']}/content").status_code == 404  # api host
    for bad in ({"content": "%%%", "content_type": "image/png"}, {"content": "R0lGODlh", "content_type": "image/gif"},
                {"content": base64.b64encode(b"not a png").decode(), "content_type": "image/png"}):
        assert admin.call("POST", f"/_emulator/users/{user}/events", json={"type": "image", **bad}).status_code == 400


def test_a_user_who_blocked_the_bot_cannot_send(admin):
    user = admin.new_user()
    admin.send(user, "unfollow")
    blocked = admin.call("POST", f"/_emulator/users/{user}/events", json={"type": "text", "text": "ฮัลโหล"})
    assert blocked.status_code == 409
    assert admin.send(user, "follow")["event"]["follow"] == {"isUnblocked": True}
    assert admin.send(user, "text", text="กลับมาแล้ว")["event"]["message"]["text"] == "กลับมาแล้ว"


def test_bot_info_and_follower_ids(admin, line_api):
    info = line_api.get_bot_info()
    assert info.user_id == BOT_USER_ID and info.display_name == "น้องสัมมาชีพ"
    users = [admin.new_user(f"คน{n}") for n in range(5)]
    admin.send(users[0], "unfollow")
    first = line_api.get_followers(limit=3)
    rest = line_api.get_followers(start=first.next, limit=3)
    assert first.user_ids + rest.user_ids == users[1:] and rest.next is None
    assert admin.api("GET", "/v2/bot/followers/ids", params={"limit": 1001}).status_code == 400


@requires_openapi
def test_group_events_match_webhook_yml(admin, webhook):
    somsri, mali = admin.new_user("สมศรี"), admin.new_user("มะลิ")
    group = _group(admin, somsri)
    _event(admin, group, "join")
    _event(admin, group, "memberJoined", user_ids=[mali])
    admin.send(somsri, "text", text="@น้องสัมมาชีพ สวัสดี", mention=["bot"], source={"type": "group", "groupId": group})
    sent = admin.send(mali, "file", file_name="a.pdf", source={"type": "group", "groupId": group})["event"]
    admin.send(mali, "video", source={"type": "group", "groupId": group})
    admin.send(mali, "audio", source={"type": "group", "groupId": group})
    admin.send(mali, "unsend", message_id=sent["message"]["id"], source={"type": "group", "groupId": group})
    _event(admin, group, "memberLeft", user_ids=[mali])
    _event(admin, group, "leave")
    assert len(webhook.received) == 9
    for received in webhook.received:
        assert schema_errors("webhook.yml", "CallbackRequest", received["json"]) == []


@pytest.mark.parametrize("body", [{"group_id": "G123"}, {"members": ["U" + "0" * 32]}, {"name": 5}])
def test_bad_groups_are_refused(admin, body):
    assert admin.call("POST", "/_emulator/groups", json=body).status_code == 400


def test_pushes_reach_only_groups_and_rooms_the_bot_is_in(admin, line_api, webhook):
    from linebot.v3.messaging import ApiException, PushMessageRequest, TextMessage

    somsri, mali = admin.new_user("สมศรี"), admin.new_user("มะลิ")
    never_joined = _group(admin, somsri, mali)
    room = admin.call("POST", "/_emulator/groups", json={"group_id": "R" + "a" * 32, "members": [somsri]}).json()
    joined = _group(admin, somsri, mali)
    _event(admin, joined, "join")
    _event(admin, room["group_id"], "join")
    _event(admin, room["group_id"], "leave")

    def push(to: str, **extra):
        return admin.api("POST", "/v2/bot/message/push", json={"to": to, "messages": [{"type": "text", "text": "ข่าว"}],
                                                              **extra})

    for chat in (never_joined, room["group_id"], "C" + "f" * 32, "R" + "f" * 32):
        refused = push(chat)
        assert refused.status_code == 400 and refused.json() == {"message": "Failed to send messages"}, chat
    assert admin.texts(never_joined) == admin.texts(room["group_id"]) == []
    line_api.push_message(PushMessageRequest(to=joined, messages=[TextMessage(text="ประชุมพรุ่งนี้")]))
    assert admin.texts(joined) == ["ประชุมพรุ่งนี้"]
    assert admin.api("GET", "/v2/bot/message/quota/consumption").json() == {"totalUsage": 2}  # one per member
    _event(admin, joined, "memberLeft", user_ids=[mali])
    assert line_api.get_group_members_ids(joined).member_ids == [somsri]
    assert admin.api("GET", f"/v2/bot/group/{joined}/member/{mali}").status_code == 404  # no longer a member
    with pytest.raises(ApiException) as raised:
        line_api.push_message(PushMessageRequest(to=never_joined, messages=[TextMessage(text="x")]))
    assert raised.value.status == 400
    multicast = admin.api("POST", "/v2/bot/message/multicast",
                          json={"to": [somsri, joined], "messages": [{"type": "text", "text": "x"}]})
    assert multicast.status_code == 400 and "'to'" in multicast.json()["message"]  # multicast is for users only
    assert admin.texts(somsri) == []
