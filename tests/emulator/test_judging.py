"""The emulator judges requests with its own reading of LINE's rules: it disagrees with the
bot when the bot is wrong, answers wrong types and missing parameters with LINE's 400 (never
an HTML 500), and rate-limits each endpoint function as LINE documents."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.line import limits

TEXT = {"type": "text", "text": "สวัสดีค่ะ"}
JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner,
                                                                                       max_size=3), max_leaves=8)


def test_a_wrong_limit_in_the_bot_is_caught_not_mirrored(admin, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_LENGTH", 6000)  # a deliberate bug: LINE allows 5,000
    too_long = {"type": "text", "text": "ก" * 5500}
    assert limits.validate_messages([too_long]) == []  # the bot believes it
    user = admin.new_user()
    refused = admin.api("POST", "/v2/bot/message/push", json={"to": user, "messages": [too_long]})
    assert refused.status_code == 400
    assert refused.json()["details"] == [{"message": "Length must be between 1 and 5000",
                                         "property": "messages[0].text"}]
    assert admin.texts(user) == []


def test_a_wrong_label_limit_in_the_bot_is_caught_too(admin, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ACTION_LABEL_LENGTH", 30)
    chip = {"type": "action", "action": {"type": "message", "label": "ก" * 25, "text": "x"}}
    message = {**TEXT, "quickReply": {"items": [chip]}}
    assert limits.validate_messages([message]) == []
    refused = admin.api("POST", "/v2/bot/message/push", json={"to": admin.new_user(), "messages": [message]})
    assert refused.status_code == 400
    assert refused.json()["details"][0]["property"] == "messages[0].quickReply.items[0].action.label"


WRONG_TYPES = [
    ("/v2/bot/message/reply", {"replyToken": {}, "messages": [TEXT]}, "replyToken"),
    ("/v2/bot/message/markAsRead", {"chat": {"userId": {}}}, "chat.userId"),
    ("/v2/bot/message/markAsRead", {"chat": "U" + "0" * 32}, "chat"),
    ("/v2/bot/chat/markAsRead", {"markAsReadToken": []}, "markAsReadToken"),
    ("/v2/bot/richmenu/alias", {"richMenuAliasId": "main", "richMenuId": {}}, "richMenuId"),
    ("/v2/bot/richmenu/alias/main", {"richMenuId": {}}, "richMenuId"),
    ("/v2/bot/message/push", {"to": "U" + "0" * 32, "messages": [TEXT], "notificationDisabled": "yes"},
     "notificationDisabled"),
    ("/v2/bot/message/broadcast", {"messages": [{"type": "text", "text": 5}]}, "messages[0].text"),
    ("/v2/bot/message/narrowcast", {"messages": [TEXT], "recipient": "everyone"}, "recipient"),
    ("/v2/bot/chat/loading/start", {"chatId": "U" + "0" * 32, "loadingSeconds": "5"}, "loadingSeconds"),
    ("/v2/bot/richmenu/bulk/link", {"richMenuId": "x", "userIds": "U" + "0" * 32}, "userIds"),
]


@pytest.mark.parametrize("path, body, prop", WRONG_TYPES, ids=[f"{p} {w}" for p, _, w in WRONG_TYPES])
def test_a_value_of_the_wrong_type_is_lines_400(admin, path, body, prop):
    response = admin.api("POST", path, json=body)
    assert response.status_code == 400 and response.headers["Content-Type"] == "application/json"
    assert response.json() == {"message": f"The property, '{prop}', in the request body is invalid "
                                          "(line: -, column: -)"}


def test_missing_required_parameters_are_400_not_404(admin, line_api):
    progress = admin.api("GET", "/v2/bot/message/progress/narrowcast")
    assert progress.status_code == 400 and progress.json()["details"][0]["property"] == "requestId"
    bulk = admin.api("POST", "/v2/bot/richmenu/bulk/link", json={"userIds": [admin.new_user()]})
    assert bulk.status_code == 400 and bulk.json()["details"] == [{"message": "must be specified",
                                                                   "property": "richMenuId"}]
    assert admin.api("GET", "/v2/bot/message/progress/narrowcast", params={"requestId": "nope"}).status_code == 404


def test_a_body_that_is_not_json_is_lines_400(admin):
    response = admin.api("POST", "/v2/bot/message/push", data=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["message"].startswith("The request body")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["/v2/bot/message/reply", "/v2/bot/message/push", "/v2/bot/message/multicast",
                             "/v2/bot/message/broadcast", "/v2/bot/message/narrowcast", "/v2/bot/richmenu",
                             "/v2/bot/richmenu/alias", "/v2/bot/richmenu/bulk/link", "/v2/bot/chat/loading/start",
                             "/v2/bot/message/markAsRead", "/v2/bot/chat/markAsRead",
                             "/v2/bot/message/validate/push", "/v2/bot/richmenu/validate"]),
       body=st.dictionaries(st.sampled_from(["to", "messages", "replyToken", "recipient", "filter", "limit",
                                             "notificationDisabled", "size", "areas", "selected", "name",
                                             "chatBarText", "richMenuId", "richMenuAliasId", "userIds", "chat",
                                             "chatId", "loadingSeconds", "markAsReadToken"]), JSON_VALUES,
                            max_size=5))
def test_hostile_bodies_never_get_a_5xx(admin, path, body):
    response = admin.api("POST", path, data=json.dumps(body), headers={"Content-Type": "application/json"})
    assert response.status_code < 500, response.text
    assert response.headers["Content-Type"].startswith("application/json")


# Narrowcast

def _narrowcast(admin, **body):
    return admin.api("POST", "/v2/bot/message/narrowcast", json={"messages": [TEXT], **body})


def test_narrowcast_is_validated_as_line_does(admin):
    admin.new_user()
    for body in ({"recipient": {"type": "everyone"}}, {"recipient": {"type": "audience"}},
                 {"limit": {"max": 0}}, {"limit": {"forbidPartialDelivery": True}},
                 {"recipient": {"type": "operator", "and": []}},
                 {"filter": {"demographic": {"type": "age", "gte": "age_40", "lt": "age_20"}}}):
        assert _narrowcast(admin, **body).status_code == 400, body
    assert admin.api("GET", "/_emulator/requests").json()["requests"][-1]["status"] == 400


def test_narrowcast_refuses_audiences_and_narrowcasts_that_do_not_exist(admin):
    admin.new_user()
    audience = _narrowcast(admin, recipient={"type": "operator", "or": [
        {"type": "audience", "audienceGroupId": 4389303728991}, {"type": "redelivery", "requestId": "nope"}]})
    assert audience.status_code == 400
    assert [detail["property"] for detail in audience.json()["details"]] == [
        "recipient.or[0].audienceGroupId", "recipient.or[1].requestId"]
    area = _narrowcast(admin, filter={"demographic": {"type": "area", "oneOf": ["th_07", "th_99"]}})
    assert area.status_code == 400 and area.json()["details"][0]["property"] == "filter.demographic.oneOf[1]"


def test_narrowcast_limit_and_redelivery_are_applied(admin):
    users = [admin.new_user(f"คน{n}") for n in range(4)]
    first = _narrowcast(admin, limit={"max": 2})
    assert first.status_code == 202
    reached = [user for user in users if admin.texts(user)]
    assert len(reached) == 2
    again = _narrowcast(admin, recipient={"type": "redelivery", "requestId": first.headers["X-Line-Request-Id"]})
    assert again.status_code == 202
    assert sorted(user for user in users if len(admin.texts(user)) == 2) == sorted(reached)
    others = _narrowcast(admin, recipient={"type": "operator", "not": {
        "type": "redelivery", "requestId": first.headers["X-Line-Request-Id"]}})
    assert others.status_code == 202
    assert all(len(admin.texts(user)) == (2 if user in reached else 1) for user in users)


# Rate limits, per function

def test_rate_limits_are_per_endpoint_function(admin):
    user = admin.new_user()
    statuses = [admin.api("POST", "/v2/bot/message/broadcast", json={"messages": [TEXT]}).status_code
                for _ in range(61)]
    assert statuses[:60] == [200] * 60 and statuses[60] == 429  # LINE: 60 broadcasts an hour
    assert admin.api("POST", "/v2/bot/message/push", json={"to": user, "messages": [TEXT]}).status_code == 200
