"""The chat simulator (development only): a LINE-like chat page and its JSON API.

Every call goes through the LINE emulator, so a message typed here reaches the
bot exactly as a real villager's would: a signed webhook, a worker, a reply.
"""
from __future__ import annotations

import time

import requests
from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request

simulator = Blueprint("simulator", __name__, url_prefix="/simulator",
                      template_folder="templates", static_folder="static")

EVENT_TYPES = {"text", "postback", "follow", "unfollow", "image", "sticker", "location"}
# After the first message arrives, wait this long for the rest of the answer (one turn's
# replies arrive in one request; this only catches a push that follows it).
QUIET_SECONDS = 0.3


def _emulator(path: str) -> str:
    return current_app.extensions["sammachip"].settings.line_api_base + path


def _get(path: str, **params) -> requests.Response:
    return requests.get(_emulator(path), params=params, timeout=30)


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
    body = request.get_json(silent=True) or {}
    user_id, kind = body.get("user_id"), body.get("type")
    if not user_id or kind not in EVENT_TYPES:
        return jsonify(error=f"user_id and type ({', '.join(sorted(EVENT_TYPES))}) are required"), 400
    if kind == "text" and not (body.get("text") or "").strip():
        return jsonify(error="text is required"), 400
    event = {key: body[key] for key in ("type", "text", "data", "params", "source") if key in body}
    sent = requests.post(_emulator(f"/_emulator/users/{user_id}/events"), json=event, timeout=10)
    if sent.status_code >= 400:
        return jsonify(error=sent.text), sent.status_code
    cursor = sent.json().get("cursor", 0)
    source = sent.json().get("event", {}).get("source", {})
    # In a group the bot answers the group, not the sender's own chat.
    chat_id = source.get("groupId") or source.get("roomId") or user_id
    wait = min(float(body.get("wait", 5)), 30.0)
    messages = [] if kind == "unfollow" else _collect(chat_id, cursor, wait)
    return jsonify(messages=[item["message"] for item in messages],
                   cursor=messages[-1]["seq"] if messages else cursor)


def _collect(chat_id: str, cursor: int, wait: float) -> list[dict]:
    """Messages delivered to the chat after `cursor`: wait for the first, then for quiet."""
    collected: list[dict] = []
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        poll = QUIET_SECONDS if collected else max(0.1, deadline - time.monotonic())
        batch = _get(f"/_emulator/users/{chat_id}/messages", after=cursor, wait=poll).json()
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
    user_id = request.args.get("user_id") or abort(400)
    return jsonify(_get(f"/_emulator/users/{user_id}/messages", after=request.args.get("after", 0),
                        wait=min(float(request.args.get("wait", 0)), 25)).json())


@simulator.get("/api/history")
def history():
    user_id = request.args.get("user_id") or abort(400)
    return jsonify(_get(f"/_emulator/users/{user_id}/history").json())


@simulator.get("/api/richmenu")
def richmenu():
    user_id = request.args.get("user_id") or abort(400)
    response = _get(f"/_emulator/users/{user_id}/richmenu")
    return jsonify(response.json() if response.status_code == 200 else {}), response.status_code


@simulator.get("/richmenu/<rich_menu_id>/image")
def richmenu_image(rich_menu_id: str):
    response = _get(f"/_emulator/richmenu/{rich_menu_id}/image")
    if response.status_code != 200:
        abort(404)
    return Response(response.content, mimetype=response.headers.get("Content-Type", "image/png"))
