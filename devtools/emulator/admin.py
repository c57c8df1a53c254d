"""The emulator's own control API under `/_emulator/`: the simulated LINE users' side.

Tests and the chat simulator act as villagers here (add a friend, type, tap, send a
photo, block the bot), read what the bot delivered, and bend the platform (latency,
limits, injected failures). None of it exists on LINE, so it has no auth and plain JSON.
"""
from __future__ import annotations

import base64
import binascii
import dataclasses
import re

from flask import Blueprint, Response, jsonify, request

from devtools.emulator import identifiers
from devtools.emulator.images import image_size, solid_png
from devtools.emulator.state import EmulatorState, InjectedFailure, current_state
from devtools.emulator.webhooks import base_event, mention_of, message_content, post_events

admin = Blueprint("line_emulator_admin", __name__, url_prefix="/_emulator")

EVENT_TYPES = ("text", "postback", "follow", "unfollow", "image", "video", "audio", "file", "sticker", "location",
               "unsend")
MESSAGE_EVENT_TYPES = ("text", "image", "video", "audio", "file", "sticker", "location")
MAX_WAIT_SECONDS = 30.0
SENT_IMAGE_SIZE = (320, 240)
MAX_NAME_LENGTH = 100  # a generous bound: LINE's own is 20, but tests name people in full
LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
# What a user may attach, and what is sent when a test attaches nothing.
SENDABLE_CONTENT_TYPES = {"image": ("image/jpeg", "image/png"), "video": ("video/mp4",),
                          "audio": ("audio/x-m4a", "audio/mp4", "audio/mpeg"),
                          "file": ("application/pdf", "application/octet-stream", "text/plain")}
DEFAULT_CONTENT = {"image": (solid_png(*SENT_IMAGE_SIZE), "image/png"),
                   "video": (b"\x00\x00\x00\x18ftypmp42" + bytes(64), "video/mp4"),
                   "audio": (b"\x00\x00\x00\x18ftypM4A " + bytes(64), "audio/x-m4a"),
                   "file": (b"%PDF-1.4\n%sammachip\n", "application/pdf")}
MAX_SENT_CONTENT_BYTES = 10 * 1024 * 1024
TUNABLE = ("latency_ms", "rate_limit_per_second", "monthly_quota", "reply_token_ttl_seconds", "webhook_url")


def _problem(status: int, message: str) -> tuple[Response, int]:
    return jsonify(error=message), status


def _body() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


@admin.post("/users")
def create_user():
    body = _body()
    user_id = body.get("user_id") or identifiers.user_id()
    name = body.get("display_name")
    if not isinstance(user_id, str) or not identifiers.USER_ID.match(user_id):
        return _problem(400, "user_id must be U followed by 32 lowercase hex digits")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_LENGTH:
        return _problem(400, f"display_name is required (at most {MAX_NAME_LENGTH} characters)")
    language = body.get("language") or "th"
    if not isinstance(language, str) or not LANGUAGE.match(language):
        return _problem(400, "language is a language tag such as th or en")
    state = current_state()
    with state.lock:
        if user_id in state.users:
            return _problem(409, f"user {user_id} already exists")
        user = state.add_user(user_id, name.strip(), language)
    return jsonify(user.as_json()), 201


@admin.get("/users")
def list_users():
    state = current_state()
    with state.lock:
        return jsonify(users=[user.as_json() for user in state.users.values()])


def _event_source(user_id: str, requested) -> dict | None:
    """The webhook `source`: the user's own chat, or a group or room they speak in."""
    if requested is not None and not isinstance(requested, dict):
        return None
    if not requested or requested.get("type", "user") == "user":
        return {"type": "user", "userId": user_id}
    kind = requested.get("type")
    key, pattern = {"group": ("groupId", identifiers.GROUP_ID), "room": ("roomId", identifiers.ROOM_ID)}.get(
        kind, (None, None))
    chat_id = requested.get(key) if key else None
    if not isinstance(chat_id, str) or not pattern.match(chat_id):
        return None
    return {"type": kind, key: chat_id, "userId": user_id}


def _content(kind: str, body: dict) -> tuple[bytes, str] | str:
    """The bytes a user sends with a media message (given as base64, or made up), or why they are refused."""
    if body.get("content") is None:
        return DEFAULT_CONTENT[kind]
    content_type = body.get("content_type")
    if not isinstance(body["content"], str) or content_type not in SENDABLE_CONTENT_TYPES[kind]:
        return f"content must be base64 with content_type one of {', '.join(SENDABLE_CONTENT_TYPES[kind])}"
    try:
        data = base64.b64decode(body["content"], validate=True)
    except (binascii.Error, ValueError):
        return "content is not valid base64"
    if not data or len(data) > MAX_SENT_CONTENT_BYTES:
        return f"content must be 1 byte to {MAX_SENT_CONTENT_BYTES // (1024 * 1024)} MB"
    if kind == "image" and image_size(data, content_type) is None:
        return f"content is not a {content_type} image"
    return data, content_type


def _mention(state: EmulatorState, body: dict, chat_id: str) -> dict | None | str:
    """The `mention` for `@name` tags of `body["mention"]` ("bot", "all" or member user ids), or why not."""
    wanted = body.get("mention")
    if not wanted:
        return None
    if not isinstance(wanted, list) or chat_id not in state.groups:
        return "mention is a list of \"bot\", \"all\" or user ids, in a group or room"
    targets = []
    for who in wanted:
        if who == "bot":
            targets.append((state.config.bot_display_name, {"type": "user", "isSelf": True}))
        elif who == "all":
            targets.append(("All", {"type": "all"}))
        elif isinstance(who, str) and who in state.users:
            targets.append((state.users[who].display_name, {"type": "user", "userId": who, "isSelf": False}))
        else:
            return f"cannot mention {who!r}"
    mention = mention_of(body["text"], targets)
    return mention or "the text must contain @name for each one mentioned (@All for all)"


def _check_user_event(state: EmulatorState, user_id: str, kind: str, body: dict) -> str | None:
    if kind not in EVENT_TYPES:
        return f"type must be one of {', '.join(EVENT_TYPES)}"
    if kind == "text" and not (isinstance(body.get("text"), str) and body["text"]):
        return "text is required"
    if kind == "postback" and not isinstance(body.get("data"), str):
        return "data is required"
    if body.get("params") is not None and not isinstance(body["params"], dict):
        return "params must be an object"
    if kind == "file" and not (isinstance(body.get("file_name"), str) and body["file_name"].strip()):
        return "file_name is required"
    if kind == "sticker" and not all(str(body.get(key, "1")).isdigit() for key in ("packageId", "stickerId")):
        return "packageId and stickerId are LINE's decimal ids"
    shown = body.get("display_text")
    if shown is not None and (kind != "postback" or not isinstance(shown, str) or not 0 < len(shown) <= 300):
        return "display_text (what a tap showed in the chat) is 1-300 characters, for a postback"
    if kind in ("video", "audio") and body.get("duration") is not None and not _positive_int(body["duration"]):
        return "duration is a whole number of milliseconds"
    if kind == "location" and not _location_fields(body):
        return "title and address are text, latitude and longitude numbers"
    message_id = body.get("message_id")
    if kind == "unsend" and (not isinstance(message_id, str) or message_id not in state.sent_by.get(user_id, ())):
        return "message_id must be a message this user sent"
    return None


def _positive_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _location_fields(body: dict) -> bool:
    texts_ok = all(isinstance(body.get(key, ""), str) for key in ("title", "address"))
    numbers_ok = all(isinstance(body.get(key, 0.0), (int, float)) and not isinstance(body.get(key), bool)
                     for key in ("latitude", "longitude"))
    return texts_ok and numbers_ok


def _user_event(state: EmulatorState, user_id: str, kind: str, body: dict, source: dict, chat_id: str,
                media: tuple[bytes, str] | None, mention: dict | None) -> dict:
    event = base_event("message" if kind in MESSAGE_EVENT_TYPES else kind, source)
    if kind not in ("unfollow", "unsend"):
        event["replyToken"] = state.issue_reply_token(chat_id)
    if kind in MESSAGE_EVENT_TYPES:
        fields = {**body, "file_size": len(media[0])} if kind == "file" else body
        event["message"] = message_content(kind, fields, state.issue_mark_as_read_token(chat_id), mention)
        state.sent_by.setdefault(user_id, set()).add(event["message"]["id"])
        if media:
            state.contents[event["message"]["id"]] = media
    elif kind == "unsend":
        event["unsend"] = {"messageId": body["message_id"]}
        state.contents.pop(body["message_id"], None)  # LINE no longer serves unsent content
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
    problem = _check_user_event(state, user_id, kind, body)
    if problem:
        return _problem(400, problem)
    # Following and blocking happen in the one-on-one chat whatever the caller says.
    source = _event_source(user_id, None if kind in ("follow", "unfollow") else body.get("source"))
    if source is None:
        return _problem(400, "source must be {type: group, groupId: C...} or {type: room, roomId: R...}")
    chat_id = source.get("groupId") or source.get("roomId") or user_id
    if chat_id == user_id and kind != "follow" and state.users[user_id].blocked:
        return _problem(409, "this user has blocked the bot: LINE lets them send nothing until they add it again")
    if chat_id != user_id and chat_id in state.groups and not state.groups[chat_id].bot_joined:
        return _problem(409, "the bot is not in this group: nothing said there reaches it")
    media = _content(kind, body) if kind in SENDABLE_CONTENT_TYPES else None
    if isinstance(media, str):
        return _problem(400, media)
    with state.lock:
        if chat_id != user_id:
            state.note_group_member(chat_id, user_id)
        mention = _mention(state, body, chat_id) if kind == "text" else None
        if isinstance(mention, str):
            return _problem(400, mention)
        cursor = state.current_seq()
        event = _user_event(state, user_id, kind, body, source, chat_id, media, mention)
        # LINE shows a postback's displayText in the chat but does not send it to the bot:
        # the history keeps it beside the event, so the chat reads the same after a reload.
        shown = {"shown": body["display_text"]} if body.get("display_text") else {}
        state.record(chat_id, "event", event=event, **shown)
    return jsonify(event=event, cursor=cursor, **post_events(state, [event]))


@admin.post("/webhook/raw")
def raw_webhook():
    """Send events exactly as given (duplicates, redeliveries, a bad signature)."""
    body = _body()
    events = body.get("events")
    if not isinstance(events, list) or not all(isinstance(event, dict) for event in events):
        return _problem(400, "events must be a list of event objects")
    if body.get("redeliver"):
        events = [{**event, "deliveryContext": {"isRedelivery": True}} for event in events]
    if any(not isinstance(event.get("source", {}), dict) for event in events):
        return _problem(400, "an event's source must be an object")
    state = current_state()
    for event in events:
        source = event.get("source") or {}
        chat_id = source.get("groupId") or source.get("roomId") or source.get("userId")
        if isinstance(event.get("replyToken"), str) and isinstance(chat_id, str):
            state.adopt_reply_token(event["replyToken"], chat_id)
    return jsonify(events=events, **post_events(state, events, bad_signature=bool(body.get("bad_signature"))))


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


def _number(minimum: float, allow_none: bool = False):
    return lambda value: (allow_none and value is None) or (
        isinstance(value, (int, float)) and not isinstance(value, bool) and value >= minimum)


CONFIG_RULES = {
    "latency_ms": (_number(0), "milliseconds, 0 or more"),
    "rate_limit_per_second": (_number(0.001, allow_none=True), "a number above 0, or null for LINE's own limits"),
    "monthly_quota": (_number(0, allow_none=True), "messages a month, or null for no limit"),
    "reply_token_ttl_seconds": (_number(0.001), "seconds, above 0"),
    "webhook_url": (lambda value: value is None or (isinstance(value, str) and value.startswith(("http://", "https://"))),
                    "an http(s) URL, or null for no bot behind the emulator"),
}
FAILURE_FIELDS = {"path": str, "status": int, "count": int, "after_accept": bool, "drop": bool}


def _valid_failure(failure: dict) -> bool:
    if not set(failure) <= set(FAILURE_FIELDS) or "path" not in failure:
        return False
    typed = all(type(failure[key]) is kind for key, kind in FAILURE_FIELDS.items() if key in failure)
    return typed and 400 <= failure.get("status", 500) <= 599 and failure.get("count", 1) >= 1


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
    problem = next((f"{key}: {CONFIG_RULES[key][1]}" for key in TUNABLE
                    if key in body and not CONFIG_RULES[key][0](body[key])), None)
    failures = body.get("fail", [])
    if not isinstance(failures, list) or not all(isinstance(failure, dict) and _valid_failure(failure)
                                                 for failure in failures):
        problem = problem or ("fail: a list of {path, status 400-599, count >= 1, after_accept, drop}")
    if problem:
        return _problem(400, problem)
    failures = [InjectedFailure(**failure) for failure in failures]
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
