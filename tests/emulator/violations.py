"""Requests that break messaging-api.yml, made from the file itself, to measure how the
emulator answers them: one valid request per endpoint and message kind, then every single
violation the schema allows to be named (a required property left out, a value of another
JSON type, a string too long or short, a number or list out of range, a value outside its
enum), and random mixtures of several for the schema-invalid count.

Each request runs against a fresh emulator state (in-process, through Flask's test client)
so one case's rate limit or used reply token never decides another's answer.
"""
from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from devtools.emulator import EmulatorConfig, create_emulator_apps
from devtools.emulator.images import solid_png
from tests.emulator.openapi import REF_PREFIX, components, operation

TOKEN = "conformance-token"
USER = "U" + "5" * 32
MENU_BOUNDS = {"x": 0, "y": 0, "width": 2500, "height": 843}
RICH_MENU = {"size": {"width": 2500, "height": 843}, "selected": False, "name": "หลัก", "chatBarText": "เมนู",
             "areas": [{"bounds": MENU_BOUNDS, "action": {"type": "postback", "label": "ถาม", "data": "ask"}}]}
POSTBACK = {"type": "postback", "label": "ใช่", "data": "yes", "displayText": "ใช่"}
MESSAGES = {
    "text": {"type": "text", "text": "สวัสดีค่ะ", "quickReply": {"items": [
        {"type": "action", "imageUrl": "https://example.com/i.png", "action": POSTBACK},
        {"type": "action", "action": {"type": "message", "label": "ไม่", "text": "ไม่"}},
        {"type": "action", "action": {"type": "uri", "label": "เว็บ", "uri": "https://example.com"}},
        {"type": "action", "action": {"type": "datetimepicker", "label": "วัน", "data": "d", "mode": "date"}},
        {"type": "action", "action": {"type": "clipboard", "label": "คัดลอก", "clipboardText": "123"}},
        {"type": "action", "action": {"type": "camera", "label": "กล้อง"}}]},
        "sender": {"name": "น้อง", "iconUrl": "https://example.com/icon.png"}},
    "sticker": {"type": "sticker", "packageId": "446", "stickerId": "1988"},
    "image": {"type": "image", "originalContentUrl": "https://example.com/a.jpg",
              "previewImageUrl": "https://example.com/p.jpg"},
    "video": {"type": "video", "originalContentUrl": "https://example.com/a.mp4",
              "previewImageUrl": "https://example.com/p.jpg", "trackingId": "t1"},
    "audio": {"type": "audio", "originalContentUrl": "https://example.com/a.m4a", "duration": 6000},
    "location": {"type": "location", "title": "ศาลา", "address": "หมู่ 3", "latitude": 16.44, "longitude": 102.83},
    "buttons": {"type": "template", "altText": "เลือก", "template": {
        "type": "buttons", "title": "หัวข้อ", "text": "เลือกหนึ่งข้อ", "thumbnailImageUrl": "https://example.com/t.jpg",
        "defaultAction": {"type": "uri", "label": "ดู", "uri": "https://example.com"}, "actions": [POSTBACK]}},
    "confirm": {"type": "template", "altText": "ยืนยัน", "template": {
        "type": "confirm", "text": "มาไหม", "actions": [POSTBACK, {"type": "message", "label": "ไม่", "text": "ไม่"}]}},
    "carousel": {"type": "template", "altText": "การ์ด", "template": {"type": "carousel", "columns": [
        {"title": "ก", "text": "ข", "actions": [POSTBACK]}]}},
    "image_carousel": {"type": "template", "altText": "รูป", "template": {"type": "image_carousel", "columns": [
        {"imageUrl": "https://example.com/a.jpg", "action": POSTBACK}]}},
    "flex": {"type": "flex", "altText": "บัตร", "contents": {
        "type": "bubble", "size": "mega", "body": {"type": "box", "layout": "vertical", "contents": [
            {"type": "text", "text": "ประชุม", "weight": "bold"},
            {"type": "button", "style": "primary", "action": {"type": "uri", "label": "แผนที่",
                                                              "uri": "https://example.com"}}]}}},
    "flex carousel": {"type": "flex", "altText": "บัตร", "contents": {"type": "carousel", "contents": [
        {"type": "bubble", "body": {"type": "box", "layout": "vertical", "contents": [{"type": "text", "text": "ก"}]}}]}},
    "imagemap": {"type": "imagemap", "baseUrl": "https://example.com/map", "altText": "แผนที่",
                 "baseSize": {"width": 1040, "height": 1040}, "actions": [
                     {"type": "uri", "linkUri": "https://example.com", "area": {"x": 0, "y": 0, "width": 520,
                                                                                "height": 1040}},
                     {"type": "message", "text": "ก", "area": {"x": 520, "y": 0, "width": 520, "height": 1040}}]},
}


@dataclass
class World:
    """A fresh emulator with one friend, one reply token, one rich menu with its image, one alias,
    an audience group and an earlier narrowcast to redeliver."""

    api: Any
    data: Any
    reply_token: str
    mark_as_read_token: str
    rich_menu_id: str
    audience_group_id: int
    narrowcast_request_id: str

    def call(self, method: str, path: str, body: Any) -> int:
        client = self.data if path.endswith("/content") else self.api
        return client.open(path, method=method, json=body, headers={"Authorization": f"Bearer {TOKEN}"}).status_code


@cache
def _apps():
    api_app, data_app = create_emulator_apps(EmulatorConfig(channel_secret="s", access_token=TOKEN, webhook_url=None))
    return api_app, data_app, solid_png(2500, 843)


def new_world() -> World:
    api_app, data_app, menu_image = _apps()
    api_app.extensions["line_emulator"].reset()  # one state behind both apps
    api, data = api_app.test_client(), data_app.test_client()
    api.post("/_emulator/users", json={"user_id": USER, "display_name": "ยายสมร"})
    event = api.post(f"/_emulator/users/{USER}/events", json={"type": "text", "text": "สวัสดี"}).get_json()["event"]
    auth = {"Authorization": f"Bearer {TOKEN}"}
    menu = api.post("/v2/bot/richmenu", json=RICH_MENU, headers=auth).get_json()["richMenuId"]
    data.post(f"/v2/bot/richmenu/{menu}/content", data=menu_image, headers={**auth, "Content-Type": "image/png"})
    api.post("/v2/bot/richmenu/alias", json={"richMenuAliasId": "main", "richMenuId": menu}, headers=auth)
    audience = api.post("/_emulator/audiences", json={"user_ids": [USER]}).get_json()["audienceGroupId"]
    earlier = api.post("/v2/bot/message/narrowcast", json={"messages": [MESSAGES["sticker"]]}, headers=auth)
    return World(api, data, event["replyToken"], event["message"]["markAsReadToken"], menu, audience,
                 earlier.headers["X-Line-Request-Id"])


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: str
    body: Callable[[World], Any]


def _cases() -> list[Case]:
    cases = []
    for kind, message in MESSAGES.items():
        cases.append(Case(f"push {kind}", "POST", "/v2/bot/message/push",
                          lambda w, m=message: {"to": USER, "messages": [m], "notificationDisabled": False}))
    cases += [
        Case("reply", "POST", "/v2/bot/message/reply",
             lambda w: {"replyToken": w.reply_token, "messages": [MESSAGES["text"]], "notificationDisabled": True}),
        Case("multicast", "POST", "/v2/bot/message/multicast", lambda w: {"to": [USER], "messages": [MESSAGES["sticker"]]}),
        Case("multicast with a unit", "POST", "/v2/bot/message/multicast",
             lambda w: {"to": [USER], "messages": [MESSAGES["text"]], "customAggregationUnits": ["notice_1"]}),
        Case("push with a unit", "POST", "/v2/bot/message/push",
             lambda w: {"to": USER, "messages": [MESSAGES["text"]], "customAggregationUnits": ["notice_1"]}),
        Case("broadcast", "POST", "/v2/bot/message/broadcast", lambda w: {"messages": [MESSAGES["text"]]}),
        Case("narrowcast", "POST", "/v2/bot/message/narrowcast",
             lambda w: {"messages": [MESSAGES["text"]], "limit": {"max": 10, "upToRemainingQuota": False}}),
        Case("targeted narrowcast", "POST", "/v2/bot/message/narrowcast", lambda w: {
            "messages": [MESSAGES["text"]],
            "recipient": {"type": "operator", "and": [
                {"type": "audience", "audienceGroupId": w.audience_group_id},
                {"type": "operator", "not": {"type": "redelivery", "requestId": w.narrowcast_request_id}}]},
            "filter": {"demographic": {"type": "operator", "or": [
                {"type": "age", "gte": "age_20", "lt": "age_60"}, {"type": "appType", "oneOf": ["ios"]},
                {"type": "subscriptionPeriod", "gte": "day_7"},
                {"type": "operator", "not": {"type": "gender", "oneOf": ["male"]}}]}},
            "limit": {"max": 5, "upToRemainingQuota": True, "forbidPartialDelivery": True}}),
        Case("validate push", "POST", "/v2/bot/message/validate/push", lambda w: {"messages": [MESSAGES["flex"]]}),
        Case("loading", "POST", "/v2/bot/chat/loading/start", lambda w: {"chatId": USER, "loadingSeconds": 10}),
        Case("mark as read", "POST", "/v2/bot/message/markAsRead", lambda w: {"chat": {"userId": USER}}),
        Case("mark as read by token", "POST", "/v2/bot/chat/markAsRead",
             lambda w: {"markAsReadToken": w.mark_as_read_token}),
        Case("create rich menu", "POST", "/v2/bot/richmenu", lambda w: copy.deepcopy(RICH_MENU)),
        Case("validate rich menu", "POST", "/v2/bot/richmenu/validate", lambda w: copy.deepcopy(RICH_MENU)),
        Case("create alias", "POST", "/v2/bot/richmenu/alias",
             lambda w: {"richMenuAliasId": "second", "richMenuId": w.rich_menu_id}),
        Case("update alias", "POST", "/v2/bot/richmenu/alias/main", lambda w: {"richMenuId": w.rich_menu_id}),
        Case("bulk link", "POST", "/v2/bot/richmenu/bulk/link",
             lambda w: {"richMenuId": w.rich_menu_id, "userIds": [USER]}),
        Case("bulk unlink", "POST", "/v2/bot/richmenu/bulk/unlink", lambda w: {"userIds": [USER]}),
    ]
    return cases


CASES = _cases()


# Reading the schema

def _schemas() -> dict[str, Any]:
    return components("messaging-api.yml")["spec"]["components"]["schemas"]


def _deref(schema: dict) -> dict:
    while "$ref" in schema:
        schema = _schemas()[schema["$ref"].removeprefix(REF_PREFIX)]
    return schema


def flat(schema: dict, instance: Any, dispatch: bool = True) -> dict:
    """One schema with its allOf parts merged and, for a discriminated one, the subtype `instance` names."""
    schema = _deref(schema)
    merged = {key: value for key, value in schema.items() if key not in ("allOf", "properties", "required")}
    merged["properties"], merged["required"] = dict(schema.get("properties", {})), list(schema.get("required", []))
    parts = [flat(part, instance, dispatch=False) for part in schema.get("allOf", [])]
    discriminator = schema.get("discriminator")
    if dispatch and discriminator and isinstance(instance, dict):
        target = discriminator.get("mapping", {}).get(instance.get(discriminator["propertyName"]))
        if target:
            parts.append(flat({"$ref": target}, instance, dispatch=False))
    for part in parts:
        merged["properties"].update(part["properties"])
        merged["required"] += part["required"]
        for key, value in part.items():
            merged.setdefault(key, value)
    return merged


WRONG_TYPE = {"string": {}, "integer": "1", "number": "1.5", "boolean": "yes", "object": "x", "array": {}}
LEAVE_OUT = object()


def single_violations(schema: dict, instance: Any, path: tuple = ()) -> Iterator[tuple[str, tuple, Any]]:
    """(what, path, value) for each way to break the schema at one place inside `instance`."""
    resolved = flat(schema, instance)
    kind = resolved.get("type") or ("object" if resolved["properties"] else None)
    if kind in WRONG_TYPE:
        yield f"{kind} of another type", path, WRONG_TYPE[kind]
    if "enum" in resolved:
        yield "outside its enum", path, "not-one-of-them"
    if kind == "string":
        if "maxLength" in resolved:
            yield "too long", path, "a" * (resolved["maxLength"] + 1)
        if resolved.get("minLength"):
            yield "too short", path, "a" * (resolved["minLength"] - 1)
    if kind in ("integer", "number"):
        if "minimum" in resolved:
            yield "below its minimum", path, resolved["minimum"] - 1
        if "maximum" in resolved:
            yield "above its maximum", path, resolved["maximum"] + 1
    if kind == "array" and isinstance(instance, list):
        if "maxItems" in resolved and instance:
            yield "too many items", path, instance * (resolved["maxItems"] // len(instance) + 1)
        if resolved.get("minItems"):
            yield "too few items", path, []
        for index, item in enumerate(instance):
            yield from single_violations(resolved.get("items", {}), item, path + (index,))
    if kind == "object" and isinstance(instance, dict):
        for key in resolved["required"]:
            if key in instance:
                yield f"required {key} left out", path + (key,), LEAVE_OUT
        for key, value in instance.items():
            if key in resolved["properties"]:
                yield from single_violations(resolved["properties"][key], value, path + (key,))


def replaced(instance: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    copied = copy.deepcopy(instance)
    holder = copied
    for step in path[:-1]:
        holder = holder[step]
    if value is LEAVE_OUT:
        del holder[path[-1]]
    else:
        holder[path[-1]] = value
    return copied


def request_schema(case: Case) -> dict:
    found = operation(case.method, case.path)
    return found["requestBody"]["content"]["application/json"]["schema"]


@dataclass(frozen=True)
class Outcome:
    case: str
    what: str
    path: tuple
    status: int


def run_single_violations() -> tuple[list[Outcome], list[str]]:
    """Every single violation's answer, and the baselines that were not accepted (which would spoil the count)."""
    outcomes, spoiled = [], []
    for case in CASES:
        world = new_world()
        baseline = case.body(world)
        if not 200 <= world.call(case.method, case.path, baseline) < 300:
            spoiled.append(case.name)
            continue
        for what, path, value in single_violations(request_schema(case), baseline):
            world = new_world()
            body = replaced(case.body(world), path, value)
            outcomes.append(Outcome(case.name, what, path, world.call(case.method, case.path, body)))
    return outcomes, spoiled


def run_schema_invalid(count: int, seed: int = 16) -> list[Outcome]:
    """`count` requests with one to four violations each (schema-invalid by construction), answers recorded."""
    chooser = random.Random(seed)
    pools = []
    for case in CASES:
        world = new_world()
        pools.append((case, list(single_violations(request_schema(case), case.body(world)))))
    outcomes = []
    for _ in range(count):
        case, pool = chooser.choice(pools)
        world = new_world()
        body = case.body(world)
        picked = chooser.sample(pool, min(len(pool), chooser.randint(1, 4)))
        for what, path, value in sorted(picked, key=lambda item: -len(item[1])):  # deepest first: paths stay valid
            try:
                body = replaced(body, path, value)
            except (KeyError, IndexError, TypeError):
                continue  # an earlier change removed this place
        outcomes.append(Outcome(case.name, "; ".join(what for what, _, _ in picked), (), world.call(
            case.method, case.path, body)))
    return outcomes
