"""The emulator's own control API under `/_emulator/`: the simulated LINE users' side.

Tests and the chat simulator act as villagers here (add a friend, type, tap, send a
photo, block the bot), read what the bot delivered, and bend the platform (latency,
limits, injected failures). None of it exists on LINE, so it has no auth and plain JSON.
"""
from __future__ import annotations

import dataclasses

from flask import Blueprint, Response, jsonify, request

from devtools.emulator import identifiers
from devtools.emulator.images import solid_png
from devtools.emulator.state import EmulatorState, InjectedFailure, current_state
from devtools.emulator.webhooks import base_event, callback_body, message_content, post_webhook

admin = Blueprint("line_emulator_admin", __name__, url_prefix="/_emulator")

EVENT_TYPES = ("text", "postback", "follow", "unfollow", "image", "sticker", "location")
MESSAGE_EVENT_TYPES = ("text", "image", "sticker", "location")
MAX_WAIT_SECONDS = 30.0
SENT_IMAGE_SIZE = (320, 240)
TUNABLE = ("latency_ms", "rate_limit_per_second", "monthly_quota", "reply_token_ttl_seconds", "webhook_url")


def _problem(status: int, message: str) -> tuple[Response, int]:
    return jsonify(error=message), status


def _body() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def _post_events(state: EmulatorState, events: list[dict], bad_signature: bool = False) -> dict:
    config = state.config
    if not config.webhook_url:
        return {"webhook_status": None}
    body = callback_body(config.bot_user_id, events)
    return post_webhook(config.webhook_url, config.channel_secret, body, bad_signature)


@admin.post("/users")
def create_user():
    body = _body()
    user_id = body.get("user_id") or identifiers.user_id()
    name = body.get("display_name")
    if not isinstance(user_id, str) or not identifiers.USER_ID.match(user_id):
        return _problem(400, "user_id must be U followed by 32 lowercase hex digits")
    if not isinstance(name, str) or not name.strip():
        return _problem(400, "display_name is required")
    state = current_state()
    with state.lock:
        if user_id in state.users:
            return _problem(409, f"user {user_id} already exists")
        user = state.add_user(user_id, name.strip(), str(body.get("language") or "th"))
    return jsonify(user.as_json()), 201


@admin.get("/users")
def list_users():
    state = current_state()
    with state.lock:
        return jsonify(users=[user.as_json() for user in state.users.values()])


def _event_source(user_id: str, requested) -> dict | None:
    """The webhook `source`: the user's own chat, or a group or room they speak in."""
    if not requested or requested.get("type", "user") == "user":
        return {"type": "user", "userId": user_id}
    kind = requested.get("type")
    key, pattern = {"group": ("groupId", identifiers.GROUP_ID), "room": ("roomId", identifiers.ROOM_ID)}.get(
        kind, (None, None))
    chat_id = requested.get(key) if key else None
    if not isinstance(chat_id, str) or not pattern.match(chat_id):
        return None
    return {"type": kind, key: chat_id, "userId": user_id}


def _user_event(state: EmulatorState, user_id: str, kind: str, body: dict, source: dict, chat_id: str) -> dict:
    event = base_event("message" if kind in MESSAGE_EVENT_TYPES else kind, source)
    if kind != "unfollow":
        event["replyToken"] = state.issue_reply_token(chat_id)
    if kind in MESSAGE_EVENT_TYPES:
        event["message"] = message_content(kind, body, state.issue_mark_as_read_token(chat_id))
        if kind == "image":
            state.contents[event["message"]["id"]] = (solid_png(*SENT_IMAGE_SIZE), "image/png")
    elif kind == "postback":
        event["postback"] = {"data": body["data"]}
        if body.get("params"):
            event["postback"]["params"] = {key: str(value) for key, value in body["params"].items()}
    elif kind == "follow":
        user = state.users[user_id]
        event["follow"] = {"isUnblocked": user.blocked}
        user.followed, user.blocked = True, False
    elif kind == "unfollow":
        user = state.users[user_id]
        user.followed, user.blocked = False, True
    return event


@admin.post("/users/<user_id>/events")
def send_event(user_id: str):
    body = _body()
    kind = body.get("type")
    state = current_state()
    if user_id not in state.users:
        return _problem(404, f"no user {user_id}")
    if kind not in EVENT_TYPES:
        return _problem(400, f"type must be one of {', '.join(EVENT_TYPES)}")
    if kind == "text" and not (isinstance(body.get("text"), str) and body["text"]):
        return _problem(400, "text is required")
    if kind == "postback" and not isinstance(body.get("data"), str):
        return _problem(400, "data is required")
    if body.get("params") is not None and not isinstance(body["params"], dict):
        return _problem(400, "params must be an object")
    # Following and blocking happen in the one-on-one chat whatever the caller says.
    source = _event_source(user_id, None if kind in ("follow", "unfollow") else body.get("source"))
    if source is None:
        return _problem(400, "source must be {type: group, groupId: C...} or {type: room, roomId: R...}")
    chat_id = source.get("groupId") or source.get("roomId") or user_id
    with state.lock:
        if chat_id != user_id:
            state.note_group_member(chat_id, user_id)
        cursor = state.current_seq()
        event = _user_event(state, user_id, kind, body, source, chat_id)
        state.record(chat_id, "event", event=event)
    return jsonify(event=event, cursor=cursor, **_post_events(state, [event]))


@admin.post("/webhook/raw")
def raw_webhook():
    """Send events exactly as given (duplicates, redeliveries, a bad signature)."""
    body = _body()
    events = body.get("events")
    if not isinstance(events, list) or not all(isinstance(event, dict) for event in events):
        return _problem(400, "events must be a list of event objects")
    if body.get("redeliver"):
        events = [{**event, "deliveryContext": {"isRedelivery": True}} for event in events]
    state = current_state()
    for event in events:
        source = event.get("source") or {}
        chat_id = source.get("groupId") or source.get("roomId") or source.get("userId")
        if isinstance(event.get("replyToken"), str) and chat_id:
            state.adopt_reply_token(event["replyToken"], chat_id)
    return jsonify(events=events, **_post_events(state, events, bad_signature=bool(body.get("bad_signature"))))


@admin.get("/users/<chat_id>/messages")
def messages(chat_id: str):
    state = current_state()
    if not state.chat_exists(chat_id):
        return _problem(404, f"no chat {chat_id}")
    try:
        after = int(request.args.get("after") or 0)
        wait = min(float(request.args.get("wait") or 0), MAX_WAIT_SECONDS)
    except ValueError:
        return _problem(400, "after must be an integer and wait a number of seconds")
    found = state.messages_after(chat_id, after, wait)
    return jsonify(messages=found, cursor=max([after] + [item["seq"] for item in found]))


@admin.get("/users/<chat_id>/history")
def history(chat_id: str):
    state = current_state()
    if not state.chat_exists(chat_id):
        return _problem(404, f"no chat {chat_id}")
    return jsonify(history=state.history(chat_id))


@admin.get("/users/<user_id>/richmenu")
def user_rich_menu(user_id: str):
    """The rich menu the user sees: their own, else the default."""
    state = current_state()
    with state.lock:
        user = state.users.get(user_id)
        if user is None:
            return _problem(404, f"no user {user_id}")
        rich_menu_id = user.rich_menu_id or state.default_rich_menu_id
        menu = state.rich_menus.get(rich_menu_id) if rich_menu_id else None
        if menu is None:
            return _problem(404, "no rich menu")
        return jsonify(richMenuId=rich_menu_id, richMenu={"richMenuId": rich_menu_id, **menu.body},
                       image_url=f"/_emulator/richmenu/{rich_menu_id}/image")


@admin.get("/richmenu/<rich_menu_id>/image")
def rich_menu_image(rich_menu_id: str):
    menu = current_state().rich_menus.get(rich_menu_id)
    if menu is None or menu.image is None:
        return _problem(404, "no image")
    return Response(menu.image, mimetype=menu.content_type)


def _config_json(state: EmulatorState) -> dict:
    return {**{key: getattr(state.config, key) for key in TUNABLE}, "bot_user_id": state.config.bot_user_id,
            "fail": [dataclasses.asdict(failure) for failure in state.failures]}


@admin.get("/config")
def get_config():
    state = current_state()
    with state.lock:
        return jsonify(_config_json(state))


@admin.post("/config")
def set_config():
    body = _body()
    unknown = set(body) - set(TUNABLE) - {"fail"}
    if unknown:
        return _problem(400, f"unknown settings: {', '.join(sorted(unknown))}")
    try:
        failures = [InjectedFailure(**failure) for failure in body.get("fail", [])]
    except TypeError as error:
        return _problem(400, f"fail: {error}")
    state = current_state()
    with state.lock:
        for key in TUNABLE:
            if key in body:
                setattr(state.config, key, body[key])
        if "fail" in body:
            state.failures = failures
        return jsonify(_config_json(state))


@admin.get("/requests")
def request_log():
    state = current_state()
    with state.lock:
        return jsonify(requests=list(state.requests))


@admin.post("/reset")
def reset():
    current_state().reset()
    return jsonify({})
