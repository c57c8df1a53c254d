"""Every request line-bot-sdk makes and every answer the emulator gives, checked against
LINE's messaging-api.yml: what passes here must be what LINE itself would exchange."""
from __future__ import annotations

import threading
import uuid

import pytest
import requests
from flask import request
from linebot.v3.messaging import (ApiClient, ApiException, BroadcastRequest, Configuration,
                                  CreateRichMenuAliasRequest, MessagingApi, MessagingApiBlob, MulticastRequest,
                                  NarrowcastRequest, PushMessageRequest, ReplyMessageRequest, RichMenuBulkLinkRequest,
                                  RichMenuRequest, ShowLoadingAnimationRequest, ValidateMessageRequest)
from werkzeug.serving import make_server

from devtools.emulator import create_emulator_apps
from devtools.emulator.images import solid_png
from tests.emulator.conftest import ACCESS_TOKEN, emulator_config, requires_openapi
from tests.emulator.openapi import exchange_errors

pytestmark = requires_openapi

QUICK_REPLY = {"items": [{"type": "action", "action": {"type": "postback", "label": "ใช่", "data": "yes",
                                                       "displayText": "ใช่"}},
                         {"type": "action", "action": {"type": "message", "label": "ไม่", "text": "ไม่"}}]}
MESSAGES = [
    {"type": "text", "text": "สวัสดีค่ะ", "quickReply": QUICK_REPLY},
    {"type": "sticker", "packageId": "446", "stickerId": "1988"},
    {"type": "flex", "altText": "บัตรนัด", "contents": {
        "type": "bubble", "body": {"type": "box", "layout": "vertical",
                                   "contents": [{"type": "text", "text": "ประชุมกลุ่ม", "weight": "bold"}]},
        "footer": {"type": "box", "layout": "vertical", "contents": [
            {"type": "button", "style": "primary", "action": {"type": "uri", "label": "แผนที่",
                                                              "uri": "https://maps.google.com"}}]}}},
    {"type": "template", "altText": "ยืนยัน", "template": {
        "type": "confirm", "text": "มาร่วมประชุมไหม",
        "actions": [{"type": "postback", "label": "มา", "data": "rsvp=yes"},
                    {"type": "datetimepicker", "label": "เลือกวัน", "data": "rsvp=date", "mode": "date"}]}},
]


@pytest.fixture
def recorded():
    exchanges: list[tuple] = []

    def record(response):
        if request.path.startswith("/v2/"):
            body = response.get_json(silent=True) if response.is_json else None
            exchanges.append((request.method, request.path, request.get_json(silent=True), response.status_code, body))
        return response

    servers = []
    for app in create_emulator_apps(emulator_config()):  # api.line.me, then api-data.line.me
        app.after_request(record)
        servers.append(make_server("127.0.0.1", 0, app, threaded=True))
        threading.Thread(target=servers[-1].serve_forever, daemon=True).start()
    base_url, data_url = (f"http://127.0.0.1:{server.port}" for server in servers)
    with ApiClient(Configuration(host=base_url, access_token=ACCESS_TOKEN)) as client, \
            ApiClient(Configuration(host=data_url, access_token=ACCESS_TOKEN)) as data_client:
        yield base_url, MessagingApi(client), MessagingApiBlob(data_client), exchanges
    for server in servers:
        server.shutdown()
        server.server_close()


def _user(base_url: str, name: str) -> str:
    return requests.post(base_url + "/_emulator/users", json={"display_name": name}, timeout=5).json()["user_id"]


def _messaging_scenario(base_url, api, blob):
    users = [_user(base_url, name) for name in ("ยายสมร", "ลุงมา")]
    sent = requests.post(f"{base_url}/_emulator/users/{users[0]}/events", json={"type": "image"}, timeout=5).json()
    api.reply_message(ReplyMessageRequest.from_dict({"replyToken": sent["event"]["replyToken"], "messages": MESSAGES}))
    blob.get_message_content(sent["event"]["message"]["id"])
    key = str(uuid.uuid4())
    api.push_message(PushMessageRequest.from_dict({"to": users[0], "messages": MESSAGES[:1]}), x_line_retry_key=key)
    with pytest.raises(ApiException):
        api.push_message(PushMessageRequest.from_dict({"to": users[0], "messages": MESSAGES[:1]}),
                         x_line_retry_key=key)
    api.multicast(MulticastRequest.from_dict({"to": users, "messages": MESSAGES[1:2]}))
    api.broadcast(BroadcastRequest.from_dict({"messages": MESSAGES[2:3]}))
    narrowcast = api.narrowcast_with_http_info(NarrowcastRequest.from_dict({"messages": MESSAGES[:1]}))
    for _ in range(3):
        api.get_narrowcast_progress(narrowcast.headers["X-Line-Request-Id"])
    targeted = api.narrowcast_with_http_info(NarrowcastRequest.from_dict({
        "messages": MESSAGES[:1],
        "recipient": {"type": "operator", "or": [
            {"type": "redelivery", "requestId": narrowcast.headers["X-Line-Request-Id"]},
            {"type": "operator", "not": {"type": "redelivery", "requestId": narrowcast.headers["X-Line-Request-Id"]}}]},
        "filter": {"demographic": {"type": "operator", "and": [
            {"type": "age", "gte": "age_60"}, {"type": "gender", "oneOf": ["female"]}]}},
        "limit": {"max": 100, "upToRemainingQuota": True}}))
    for _ in range(2):  # nobody is known to be 60 or over: accepted, then failed
        api.get_narrowcast_progress(targeted.headers["X-Line-Request-Id"])
    api.push_message(PushMessageRequest.from_dict({"to": users[1], "messages": MESSAGES[:1],
                                                   "customAggregationUnits": ["notice_1"]}))
    api.get_aggregation_unit_usage()
    api.get_aggregation_unit_name_list(limit="10")
    api.validate_push(ValidateMessageRequest.from_dict({"messages": MESSAGES}))
    api.get_message_quota()
    api.get_message_quota_consumption()
    api.get_profile(users[1])
    api.show_loading_animation(ShowLoadingAnimationRequest(chat_id=users[1], loading_seconds=5))
    for call in (lambda: api.get_profile("U" + "9" * 32),
                 lambda: api.reply_message(ReplyMessageRequest.from_dict({"replyToken": "x", "messages": MESSAGES})),
                 lambda: api.push_message(PushMessageRequest.from_dict(
                     {"to": users[0], "messages": [{"type": "text", "text": "ก" * 5001}]}))):
        with pytest.raises(ApiException):
            call()
    return users


def _rich_menu_scenario(api, blob, users):
    menu = {"size": {"width": 2500, "height": 843}, "selected": False, "name": "หลัก", "chatBarText": "เมนู",
            "areas": [{"bounds": {"x": 0, "y": 0, "width": 2500, "height": 843},
                       "action": {"type": "postback", "label": "ถาม", "data": "menu=ask"}}]}
    api.validate_rich_menu_object(RichMenuRequest.from_dict(menu))
    rich_menu_id = api.create_rich_menu(RichMenuRequest.from_dict(menu)).rich_menu_id
    blob.set_rich_menu_image(rich_menu_id, body=solid_png(2500, 843), _headers={"Content-Type": "image/png"})
    blob.get_rich_menu_image(rich_menu_id)
    api.get_rich_menu(rich_menu_id)
    api.get_rich_menu_list()
    api.link_rich_menu_id_to_user(users[0], rich_menu_id)
    api.get_rich_menu_id_of_user(users[0])
    api.link_rich_menu_id_to_users(RichMenuBulkLinkRequest(rich_menu_id=rich_menu_id, user_ids=users))
    api.set_default_rich_menu(rich_menu_id)
    api.get_default_rich_menu_id()
    api.create_rich_menu_alias(CreateRichMenuAliasRequest(rich_menu_alias_id="main", rich_menu_id=rich_menu_id))
    api.get_rich_menu_alias("main")
    api.get_rich_menu_alias_list()
    api.delete_rich_menu_alias("main")
    api.unlink_rich_menu_id_from_user(users[0])
    api.delete_rich_menu(rich_menu_id)


def test_every_exchange_matches_messaging_api_yml(recorded):
    base_url, api, blob, exchanges = recorded
    users = _messaging_scenario(base_url, api, blob)
    _rich_menu_scenario(api, blob, users)
    assert len(exchanges) >= 35
    assert {status for *_, status, _ in exchanges} >= {200, 202, 400, 404, 409}
    problems = [problem for exchange in exchanges for problem in exchange_errors(*exchange)]
    assert problems == [], "\n".join(problems)
