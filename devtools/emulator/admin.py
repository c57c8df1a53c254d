"""The emulator's own control API under `/_emulator/`: the simulated LINE users' side.

Tests and the chat simulator act as villagers here (add a friend, type, tap, send a
photo, block the bot), read what the bot delivered, and bend the platform (latency,
limits, injected failures). None of it exists on LINE, so it has no auth and plain JSON.
"""
from __future__ import annotations

import dataclasses
import json
import re

from flask import Blueprint, Response, jsonify, request

from devtools.emulator import identifiers
from devtools.emulator.rules import AREAS
from devtools.emulator.state import EmulatorState, InjectedFailure, current_state
from devtools.emulator.statistics import uris
from devtools.emulator.user_events import (SENDABLE_CONTENT_TYPES, check_user_event, event_source, sent_content,
                                           sent_mention, user_event)
from devtools.emulator.webhooks import post_events

admin = Blueprint("line_emulator_admin", __name__, url_prefix="/_emulator")

MAX_WAIT_SECONDS = 30.0
MAX_NAME_LENGTH = 100  # a generous bound: LINE's own is 20, but tests name people in full
LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
TUNABLE = ("latency_ms", "rate_limit_per_second", "monthly_quota", "reply_token_ttl_seconds", "webhook_url",
           "clock_offset_seconds")
DAY = 24 * 60 * 60
# What LINE estimates about a user, for narrowcast's demographic filters: (check, what it must be).
ATTRIBUTES = {
    "age": (lambda v: type(v) is int and 0 <= v <= 130, "whole years, 0-130"),
    "gender": (lambda v: v in ("male", "female"), "male or female"),
    "app_type": (lambda v: v in ("ios", "android"), "ios or android"),
    "area": (lambda v: isinstance(v, str) and v in AREAS, "a LINE area code such as th_07"),
    "friend_days": (lambda v: type(v) in (int, float) and 0 <= v <= 36500, "days since adding the bot, 0 or more"),
}
AUDIENCE_MAX = 1_500_000
BULK_USERS_MAX = 200_000  # a province's villagers in one call, for benchmarks and fault tests


def _problem(status: int, message: str) -> tuple[Response, int]:
    return jsonify(error=message), status


def _body() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


@admin.post("/users")
def create_user():
    body = _body()
    body = {**body, "user_id": body.get("user_id") or identifiers.user_id()}
    problem = _new_user_problem(body)
    if problem:
        return _problem(400, problem)
    user_id = body["user_id"]
    state = current_state()
    with state.lock:
        if user_id in state.users:
            return _problem(409, f"user {user_id} already exists")
        user = state.add_user(user_id, body["display_name"].strip(), body.get("language") or "th")
        _set_attributes(state, user, body)
    return jsonify(user.as_json()), 201


def _attribute_problem(body: dict) -> str | None:
    unknown = set(body) - set(ATTRIBUTES)
    if unknown:
        return f"unknown fields: {', '.join(sorted(unknown))}"
    return next((f"{key}: {rule[1]}, or null for unknown" for key, rule in ATTRIBUTES.items()
                 if body.get(key) is not None and not rule[0](body[key])), None)


def _set_attributes(state: EmulatorState, user, body: dict) -> None:
    for key in ("age", "gender", "app_type", "area"):
        if key in body:
            setattr(user, key, body[key])
    if "friend_days" in body:
        user.friend_since = None if body["friend_days"] is None else state.now() - body["friend_days"] * DAY


@admin.post("/users/<user_id>/attributes")
def set_attributes(user_id: str):
    """Set what LINE knows of a user (age, gender, app_type, area, friend_days); null makes it unknown."""
    body = _body()
    problem = _attribute_problem(body)
    if problem:
        return _problem(400, problem)
    state = current_state()
    with state.lock:
        user = state.users.get(user_id)
        if user is None:
            return _problem(404, f"no user {user_id}")
        _set_attributes(state, user, body)
        return jsonify(user.as_json())


@admin.post("/users/<user_id>/seen")
def seen(user_id: str):
    """The user opens the chat: every message they had not displayed yet is displayed (an
    impression for statistics), or, with `seq`, the one delivered message at that seq."""
    body = _body()
    seq = body.get("seq")
    if seq is not None and type(seq) is not int:
        return _problem(400, "seq must be the seq of a delivered message")
    state = current_state()
    with state.lock:
        if user_id not in state.users:
            return _problem(404, f"no user {user_id}")
        if seq is not None and state.delivery(user_id, seq) is None:
            return _problem(404, f"no message delivered to {user_id} at seq {seq}")
        shown = state.see(user_id, seq)
    return jsonify(seen=[entry["seq"] for entry in shown])


@admin.post("/users/<user_id>/click")
def click(user_id: str):
    """The user taps a link (`uri`) in the delivered message at `seq` (without `seq`: the latest
    message delivered to them with that link); the link must be in it."""
    body = _body()
    seq, uri = body.get("seq"), body.get("uri")
    if (seq is not None and type(seq) is not int) or not isinstance(uri, str):
        return _problem(400, "uri (a link in a delivered message) is required, and seq must be that message's seq")
    state = current_state()
    with state.lock:
        if user_id not in state.users:
            return _problem(404, f"no user {user_id}")
        if seq is None:
            entry = next((entry for entry in reversed(state.history(user_id))
                          if entry["kind"] == "message" and uri in uris(entry["message"])), None)
            if entry is None:
                return _problem(404, f"no message delivered to {user_id} has a link to this uri")
        else:
            entry = state.delivery(user_id, seq)
            if entry is None:
                return _problem(404, f"no message delivered to {user_id} at seq {seq}")
            if uri not in uris(entry["message"]):
                return _problem(400, "that message has no link to this uri")
        state.open_url(user_id, entry, uri)
    return jsonify(seq=entry["seq"])


@admin.post("/audiences")
def create_audience():
    """An audience group of known users, as LINE's audience management would make one; narrowcast
    recipients name it by the returned audienceGroupId."""
    body = _body()
    user_ids = body.get("user_ids")
    state = current_state()
    with state.lock:
        if not isinstance(user_ids, list) or not 1 <= len(user_ids) <= AUDIENCE_MAX or not all(
                isinstance(user_id, str) and user_id in state.users for user_id in user_ids):
            return _problem(400, "user_ids must list known users")
        group_id = identifiers.audience_group_id()
        state.audiences[group_id] = set(user_ids)
    return jsonify(audienceGroupId=group_id, size=len(set(user_ids))), 201


@admin.post("/users/bulk")
def create_users():
    """Many users at once (`users`: a list of what `POST /users` takes, each with its user_id),
    all or none: a benchmark's 100,000 villagers without 100,000 requests."""
    given = _body().get("users")
    if not isinstance(given, list) or not 1 <= len(given) <= BULK_USERS_MAX:
        return _problem(400, f"users must be a list of 1 to {BULK_USERS_MAX:,} users")
    for number, user in enumerate(given):
        problem = _new_user_problem(user)
        if problem:
            return _problem(400, f"users[{number}]: {problem}")
    state = current_state()
    with state.lock:
        ids = [user["user_id"] for user in given]
        if len(set(ids)) != len(ids) or any(user_id in state.users for user_id in ids):
            return _problem(409, "user ids must be new and different")
        for user in given:
            _set_attributes(state, state.add_user(user["user_id"], user["display_name"].strip(),
                                                  user.get("language") or "th"), user)
    return jsonify(created=len(given)), 201


def _new_user_problem(user) -> str | None:
    if not isinstance(user, dict):
        return "a user is an object"
    if not isinstance(user.get("user_id"), str) or not identifiers.USER_ID.match(user["user_id"]):
        return "user_id must be U followed by 32 lowercase hex digits"
    name = user.get("display_name")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_LENGTH:
        return f"display_name is required (at most {MAX_NAME_LENGTH} characters)"
    language = user.get("language") or "th"
    if not isinstance(language, str) or not LANGUAGE.match(language):
        return "language is a language tag such as th or en"
    return _attribute_problem({key: value for key, value in user.items() if key in ATTRIBUTES})


@admin.get("/deliveries")
def deliveries():
    """How many message objects containing `text` each chat received: a test of a fan-out reads
    every recipient's count in one call (chats that received none are left out). `last_at` is
    when the last of them was accepted (UTC, to the millisecond), so a benchmark times a fan-out
    by the platform's clock, not by how often it asked whether the fan-out was done."""
    marker = request.args.get("text")
    if not marker:
        return _problem(400, "text is required")
    state = current_state()
    counts: dict[str, int] = {}
    last_at = None
    with state.lock:
        for chat_id, entries in state.timeline.items():
            found = [entry["at"] for entry in entries if entry["kind"] == "message"
                     and marker in json.dumps(entry["message"], ensure_ascii=False)]
            if found:
                counts[chat_id] = len(found)
                last_at = max(found + [last_at or ""])
    return jsonify(chats=counts, last_at=last_at)


@admin.get("/users")
def list_users():
    state = current_state()
    with state.lock:
        return jsonify(users=[user.as_json() for user in state.users.values()])


@admin.post("/users/<user_id>/events")
def send_event(user_id: str):
    body = _body()
    kind = body.get("type")
    state = current_state()
    if user_id not in state.users:
        return _problem(404, f"no user {user_id}")
    problem = check_user_event(state, user_id, kind, body)
    if problem:
        return _problem(400, problem)
    # Following and blocking happen in the one-on-one chat whatever the caller says.
    source = event_source(user_id, None if kind in ("follow", "unfollow") else body.get("source"))
    if source is None:
        return _problem(400, "source must be {type: group, groupId: C...} or {type: room, roomId: R...}")
    chat_id = source.get("groupId") or source.get("roomId") or user_id
    if chat_id == user_id and kind != "follow" and state.users[user_id].blocked:
        return _problem(409, "this user has blocked the bot: LINE lets them send nothing until they add it again")
    if chat_id != user_id and chat_id in state.groups and not state.groups[chat_id].bot_joined:
        return _problem(409, "the bot is not in this group: nothing said there reaches it")
    media = sent_content(kind, body) if kind in SENDABLE_CONTENT_TYPES else None
    if isinstance(media, str):
        return _problem(400, media)
    with state.lock:
        if chat_id != user_id:
            state.note_group_member(chat_id, user_id)
        mention = sent_mention(state, body, chat_id) if kind == "text" else None
        if isinstance(mention, str):
            return _problem(400, mention)
        cursor = state.current_seq()
        event = user_event(state, user_id, kind, body, source, chat_id, media, mention)
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
    "clock_offset_seconds": (lambda value: type(value) in (int, float) and abs(value) <= 400 * DAY,
                             "seconds the platform's clock runs ahead (negative: behind), within 400 days"),
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
