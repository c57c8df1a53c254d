"""The chat simulator (development only): a LINE-like chat page and its JSON API.

Every call goes through the LINE emulator, so a message typed here reaches the
bot exactly as a real villager's would: a signed webhook, a worker, a reply.
"""
from __future__ import annotations

import re
import time
from urllib.parse import quote

import requests
from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request

simulator = Blueprint("simulator", __name__, url_prefix="/simulator",
                      template_folder="templates", static_folder="static")

EVENT_TYPES = {"text", "postback", "follow", "unfollow", "image", "video", "audio", "file", "sticker", "location",
               "unsend"}
# What the page may pass on to the emulator with an event (all checked there).
EVENT_FIELDS = ("type", "text", "data", "params", "source", "mention", "packageId", "stickerId", "content",
                "content_type", "file_name", "message_id", "display_text")
# Ids are checked before they go into an emulator URL, and quoted there too: a crafted id
# such as `../config?` must never reach another emulator endpoint.
USER_ID = re.compile(r"^U[0-9a-f]{32}$")
CHAT_ID = re.compile(r"^[UCR][0-9a-f]{32}$")
MESSAGE_ID = re.compile(r"^[0-9]{1,32}$")
# After the first message arrives, wait this long for the rest of the answer (one turn's
# replies arrive in one request; this only catches a push that follows it).
QUIET_SECONDS = 0.3


def _settings():
    return current_app.extensions["sammachip"].settings


def _emulator(path: str) -> str:
    return _settings().line_api_base + path


def _get(path: str, **params) -> requests.Response:
    return requests.get(_emulator(path), params=params, timeout=30)


def _id(value: str | None, pattern: re.Pattern = USER_ID) -> str:
    """The id quoted for a URL path, or a 400 when it is not shaped like LINE's."""
    if not isinstance(value, str) or not pattern.match(value):
        abort(400, description="user_id must be U followed by 32 lowercase hex digits")
    return quote(value, safe="")


@simulator.errorhandler(400)
def bad_request(error):
    return jsonify(error=error.description), 400


@simulator.get("")
@simulator.get("/")
def page():
    return render_template("simulator.html")


@simulator.get("/api/users")
def users():
    return jsonify(_get("/_emulator/users").json())


@simulator.post("/api/users")
def create_user():
    body = request.get_json(silent=True) or {}
    response = requests.post(_emulator("/_emulator/users"), json=body, timeout=10)
    return jsonify(response.json()), response.status_code


@simulator.post("/api/events")
def send_event():
    body = request.get_json(silent=True)
    body = body if isinstance(body, dict) else {}
    user_id, kind = body.get("user_id"), body.get("type")
    if kind not in EVENT_TYPES:
        return jsonify(error=f"user_id and type ({', '.join(sorted(EVENT_TYPES))}) are required"), 400
    if kind == "text" and not (isinstance(body.get("text"), str) and body["text"].strip()):
        return jsonify(error="text is required"), 400
    try:
        wait = min(max(float(body.get("wait", 5)), 0.0), 30.0)
    except (TypeError, ValueError):
        return jsonify(error="wait is a number of seconds"), 400
    event = {key: body[key] for key in EVENT_FIELDS if key in body}
    sent = requests.post(_emulator(f"/_emulator/users/{_id(user_id)}/events"), json=event, timeout=10)
    if sent.status_code >= 400:
        problem = sent.json().get("error") if sent.headers.get("Content-Type", "").startswith("application/json") \
            else sent.text
        return jsonify(error=problem), sent.status_code
    cursor = sent.json().get("cursor", 0)
    delivered_event = sent.json().get("event", {})
    source = delivered_event.get("source", {})
    # In a group the bot answers the group, not the sender's own chat.
    chat_id = source.get("groupId") or source.get("roomId") or user_id
    messages = [] if kind in ("unfollow", "unsend") else _collect(chat_id, cursor, wait)
    return jsonify(event=delivered_event, messages=[item["message"] for item in messages],
                   cursor=messages[-1]["seq"] if messages else cursor)


def _collect(chat_id: str, cursor: int, wait: float) -> list[dict]:
    """Messages delivered to the chat after `cursor`: wait for the first, then for quiet."""
    collected: list[dict] = []
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        poll = QUIET_SECONDS if collected else max(0.1, deadline - time.monotonic())
        batch = _get(f"/_emulator/users/{quote(chat_id, safe='')}/messages", after=cursor, wait=poll).json()
        items = batch.get("messages", [])
        if not items:
            if collected:
                break
            continue
        collected += items
        cursor = items[-1]["seq"]
    return collected


@simulator.get("/api/messages")
def messages():
    chat_id = _id(request.args.get("user_id"), CHAT_ID)
    try:
        after, wait = int(request.args.get("after", 0)), min(float(request.args.get("wait", 0)), 25.0)
    except ValueError:
        abort(400, description="after is a number and wait a number of seconds")
    response = _get(f"/_emulator/users/{chat_id}/messages", after=after, wait=wait)
    return jsonify(response.json()), response.status_code


@simulator.post("/api/seen")
def seen():
    """The page shows the user's chat: what arrived counts as opened in LINE's statistics."""
    body = request.get_json(silent=True)
    user_id = body.get("user_id") if isinstance(body, dict) else None
    response = requests.post(_emulator(f"/_emulator/users/{_id(user_id)}/seen"), json={}, timeout=10)
    return jsonify(response.json()), response.status_code


@simulator.post("/api/click")
def click():
    """The user tapped a link in the chat: LINE counts the tap in its statistics."""
    body = request.get_json(silent=True)
    body = body if isinstance(body, dict) else {}
    if not isinstance(body.get("uri"), str):
        return jsonify(error="uri is required"), 400
    response = requests.post(_emulator(f"/_emulator/users/{_id(body.get('user_id'))}/click"),
                             json={"uri": body["uri"]}, timeout=10)
    return jsonify(response.json()), response.status_code


@simulator.get("/api/history")
def history():
    response = _get(f"/_emulator/users/{_id(request.args.get('user_id'), CHAT_ID)}/history")
    return jsonify(response.json()), response.status_code


@simulator.get("/api/richmenu")
def richmenu():
    response = _get(f"/_emulator/users/{_id(request.args.get('user_id'))}/richmenu")
    return jsonify(response.json() if response.status_code == 200 else {}), response.status_code


@simulator.get("/richmenu/<rich_menu_id>/image")
def richmenu_image(rich_menu_id: str):
    if not re.match(r"^richmenu-[0-9a-f]{32}$", rich_menu_id):
        abort(404)
    response = _get(f"/_emulator/richmenu/{rich_menu_id}/image")
    if response.status_code != 200:
        abort(404)
    return Response(response.content, mimetype=response.headers.get("Content-Type", "image/png"))


@simulator.get("/content/<message_id>")
def content(message_id: str):
    """What a user sent, fetched as the bot fetches it: from LINE's data host, with the channel's token."""
    if not MESSAGE_ID.match(message_id):
        abort(404)
    settings = _settings()
    response = requests.get(f"{settings.line_data_api_base}/v2/bot/message/{message_id}/content", timeout=30,
                            headers={"Authorization": f"Bearer {settings.line_channel_access_token}"})
    if response.status_code != 200:
        abort(404)
    return Response(response.content, mimetype=response.headers.get("Content-Type", "application/octet-stream"))
