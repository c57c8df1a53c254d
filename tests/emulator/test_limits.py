"""LINE's message limits: the emulator's 400 details and `validate_messages` the bot reuses."""
from __future__ import annotations

import pytest
from linebot.v3.messaging import ApiException, PushMessageRequest

from bot.line.limits import grapheme_length, validate_messages


def _quick_reply(count: int, label: str = "ใช่") -> dict:
    return {"items": [{"type": "action", "action": {"type": "message", "label": label, "text": label}}] * count}


def _bubble(filler: int = 0) -> dict:
    return {"type": "bubble", "body": {"type": "box", "layout": "vertical",
                                       "contents": [{"type": "text", "text": "ก" * max(1, filler)}]}}


def _buttons(label: str = "ตกลง", data: str = "ok") -> dict:
    return {"type": "template", "altText": "เลือก",
            "template": {"type": "buttons", "text": "เลือกหนึ่งข้อ",
                         "actions": [{"type": "postback", "label": label, "data": data}]}}


VALID = [
    {"type": "text", "text": "ก" * 5000, "quickReply": _quick_reply(13, "ก" * 20)},
    _buttons("น้ำ" * 10),  # Thai marks combine: 20 grapheme clusters
    {"type": "flex", "altText": "ก" * 1500, "contents": _bubble(9000)},
    {"type": "flex", "altText": "บัตร", "contents": {"type": "carousel", "contents": [_bubble()] * 12}},
    {"type": "sticker", "packageId": "446", "stickerId": "1988"},
]

INVALID = {
    "empty text": ({"type": "text", "text": ""}, "messages[0].text"),
    "text over 5000": ({"type": "text", "text": "ก" * 5001}, "messages[0].text"),
    "14 quick replies": ({"type": "text", "text": "x", "quickReply": _quick_reply(14)}, "messages[0].quickReply.items"),
    "quick reply label over 20": ({"type": "text", "text": "x", "quickReply": _quick_reply(1, "ก" * 21)},
                                  "messages[0].quickReply.items[0].action.label"),
    "template label over 20": (_buttons("ก" * 21), "messages[0].template.actions[0].label"),
    "postback data over 300": (_buttons(data="d" * 301), "messages[0].template.actions[0].data"),
    "template altText over 400": ({**_buttons(), "altText": "ก" * 401}, "messages[0].altText"),
    "flex altText over 1500": ({"type": "flex", "altText": "ก" * 1501, "contents": _bubble()}, "messages[0].altText"),
    "bubble over 30 KB": ({"type": "flex", "altText": "x", "contents": _bubble(11000)}, "messages[0].contents"),
    "13 bubbles": ({"type": "flex", "altText": "x", "contents": {"type": "carousel", "contents": [_bubble()] * 13}},
                   "messages[0].contents.contents"),
    "carousel over 50 KB": ({"type": "flex", "altText": "x",
                             "contents": {"type": "carousel", "contents": [_bubble(6000)] * 3}},
                            "messages[0].contents"),
    "unknown type": ({"type": "hologram"}, "messages[0].type"),
}


def test_valid_messages_pass():
    assert validate_messages(VALID) == []


@pytest.mark.parametrize("message, prop", INVALID.values(), ids=INVALID.keys())
def test_each_limit_is_reported_at_its_property(admin, message, prop):
    assert [detail["property"] for detail in validate_messages([message])] == [prop]
    user = admin.new_user()
    response = admin.api("POST", "/v2/bot/message/push", json={"to": user, "messages": [message]})
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "The request body has 1 error(s)"
    assert [detail["property"] for detail in body["details"]] == [prop]
    assert admin.texts(user) == []


@pytest.mark.parametrize("count", [0, 6])
def test_one_to_five_messages(admin, count):
    user = admin.new_user()
    response = admin.api("POST", "/v2/bot/message/push",
                         json={"to": user, "messages": [{"type": "text", "text": "x"}] * count})
    assert response.status_code == 400 and response.json()["details"][0]["property"] == "messages"


def test_sdk_requests_get_the_same_details(admin, line_api):
    user = admin.new_user()
    request = PushMessageRequest.from_dict({"to": user, "messages": [INVALID["template label over 20"][0]]})
    with pytest.raises(ApiException) as refused:
        line_api.push_message(request)
    assert refused.value.status == 400 and "messages[0].template.actions[0].label" in refused.value.body


def test_multicast_recipient_limit(admin):
    response = admin.api("POST", "/v2/bot/message/multicast",
                         json={"to": ["U" + "0" * 32] * 501, "messages": [{"type": "text", "text": "x"}]})
    assert response.status_code == 400 and response.json()["details"][0]["property"] == "to"


def test_validate_endpoint(admin):
    ok = admin.api("POST", "/v2/bot/message/validate/push", json={"messages": VALID})
    bad = admin.api("POST", "/v2/bot/message/validate/reply", json={"messages": [{"type": "text", "text": ""}]})
    assert ok.status_code == 200 and bad.status_code == 400


def test_thai_labels_count_grapheme_clusters():
    assert grapheme_length("สวัสดี") == 4
    assert grapheme_length("น้ำ") == 1


def test_fit_label_counts_as_line_does_and_never_splits_a_thai_syllable():
    from bot.line.limits import fit_label

    assert fit_label("สัปดาห์ที่แล้ว (ส่งช้า)") == "สัปดาห์ที่แล้ว (ส่งช้า)"  # 23 code points, 16 for LINE
    cut = fit_label("นางสาวพัชรินทร์ วงศ์ใหญ่มากมายหลายคำ")
    assert grapheme_length(cut) == 20 and cut.endswith("…") and cut.startswith("นางสาวพัชรินทร์ วงศ์")
    assert validate_messages([{"type": "text", "text": "x", "quickReply": {"items": [
        {"type": "action", "action": {"type": "message", "label": cut, "text": "x"}}]}}]) == []
