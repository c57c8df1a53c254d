"""The simulator's JSON API: ids checked and quoted before they reach the emulator, taps
that read the same after a reload, blocked users who cannot write, stickers with LINE's ids
and photos the bot fetches from the data host."""
from __future__ import annotations

import base64

import pytest
import requests

from devtools.emulator.images import solid_png


def _user(client, name="ยายสมร") -> str:
    response = client.post("/simulator/api/users", json={"display_name": name})
    assert response.status_code == 201
    return response.get_json()["user_id"]


@pytest.mark.parametrize("user_id", ["../config?", "..%2Fconfig%3F", "U" + "g" * 32, "", "U123", "../../_emulator/reset"])
def test_malformed_user_ids_never_reach_the_emulator(rt, client, user_id):
    config_before = requests.get(rt.settings.line_api_base + "/_emulator/config", timeout=5).json()
    log_before = len(requests.get(rt.settings.line_api_base + "/_emulator/requests", timeout=5).json()["requests"])
    for response in (client.get("/simulator/api/history", query_string={"user_id": user_id}),
                     client.get("/simulator/api/messages", query_string={"user_id": user_id}),
                     client.get("/simulator/api/richmenu", query_string={"user_id": user_id}),
                     client.post("/simulator/api/events", json={"user_id": user_id, "type": "text", "text": "x",
                                                                "wait": 0})):
        assert response.status_code == 400 and "user_id" in response.get_json()["error"]
    assert requests.get(rt.settings.line_api_base + "/_emulator/config", timeout=5).json() == config_before
    log = requests.get(rt.settings.line_api_base + "/_emulator/requests", timeout=5).json()["requests"]
    assert len(log) == log_before


def test_a_tap_shows_its_display_text_after_a_reload(rt, client):
    user = _user(client)
    sent = client.post("/simulator/api/events", json={"user_id": user, "type": "postback", "data": "f:1:2:agree",
                                                      "display_text": "ยินยอม", "wait": 0})
    assert sent.status_code == 200 and "displayText" not in str(sent.get_json()["event"])  # the bot never sees it
    [entry] = [item for item in client.get("/simulator/api/history", query_string={"user_id": user})
               .get_json()["history"] if item["kind"] == "event"]
    assert entry["shown"] == "ยินยอม" and entry["event"]["postback"] == {"data": "f:1:2:agree"}


def test_a_blocked_user_cannot_send(rt, client):
    user = _user(client)
    client.post("/simulator/api/events", json={"user_id": user, "type": "unfollow", "wait": 0})
    refused = client.post("/simulator/api/events", json={"user_id": user, "type": "text", "text": "สวัสดี", "wait": 0})
    assert refused.status_code == 409 and "blocked" in refused.get_json()["error"]


def test_a_sticker_is_sent_with_the_ids_picked(rt, client):
    user = _user(client)
    sent = client.post("/simulator/api/events", json={"user_id": user, "type": "sticker", "packageId": "11537",
                                                      "stickerId": "52002734", "wait": 0}).get_json()
    assert (sent["event"]["message"]["packageId"], sent["event"]["message"]["stickerId"]) == ("11537", "52002734")


def test_an_attached_photo_is_served_from_the_data_host(rt, client):
    user = _user(client)
    photo = solid_png(30, 20, (1, 2, 3))
    sent = client.post("/simulator/api/events", json={"user_id": user, "type": "image", "wait": 0,
                                                      "content": base64.b64encode(photo).decode(),
                                                      "content_type": "image/png"}).get_json()
    message_id = sent["event"]["message"]["id"]
    shown = client.get(f"/simulator/content/{message_id}")
    assert shown.status_code == 200 and shown.data == photo and shown.mimetype == "image/png"
    assert client.get("/simulator/content/..%2Fconfig").status_code == 404
    log = requests.get(rt.settings.line_api_base + "/_emulator/requests", timeout=5).json()["requests"]
    assert [entry["host"] for entry in log if entry["path"].endswith(f"{message_id}/content")] == ["api-data.line.me"]


def test_what_the_page_shows_is_seen_and_a_link_tap_is_counted(rt, client):
    user = _user(client)
    card = {"type": "template", "altText": "ประชุม", "template": {"type": "buttons", "text": "ประชุมกลุ่ม", "actions": [
        {"type": "uri", "label": "แผนที่", "uri": "https://maps.example.org/sala"}]}}
    pushed = requests.post(rt.settings.line_api_base + "/v2/bot/message/push", timeout=5, json={
        "to": user, "messages": [card]}, headers={"Authorization": f"Bearer {rt.settings.line_channel_access_token}"})
    assert pushed.status_code == 200
    [delivered] = client.get("/simulator/api/messages", query_string={"user_id": user}).get_json()["messages"]
    assert client.post("/simulator/api/seen", json={"user_id": user}).get_json() == {"seen": [delivered["seq"]]}
    assert client.post("/simulator/api/seen", json={"user_id": user}).get_json() == {"seen": []}  # nothing new
    tapped = client.post("/simulator/api/click", json={"user_id": user, "uri": "https://maps.example.org/sala"})
    assert tapped.status_code == 200 and tapped.get_json() == {"seq": delivered["seq"]}
    assert client.post("/simulator/api/click", json={"user_id": user, "uri": "https://other.example"}).status_code == 404
    assert client.post("/simulator/api/click", json={"user_id": user}).status_code == 400
    assert client.post("/simulator/api/seen", json={"user_id": "../config?"}).status_code == 400
