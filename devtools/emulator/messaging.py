"""The sending side of LINE's Messaging API: reply, push, multicast, broadcast, narrowcast,
and the small calls around them (profile, loading animation, read receipts, content, quota).

Billing follows LINE: one message per recipient per request whatever the number of message
objects, replies are free, and a push to a user who has blocked the account is answered
200 like any other (LINE does not reveal blocks to senders) but neither delivered nor billed.
"""
from __future__ import annotations

import time

from flask import Blueprint, Response, g, jsonify, request

from devtools.emulator import identifiers
from devtools.emulator.errors import (FAILED_TO_SEND, INVALID_REPLY_TOKEN, MONTHLY_LIMIT, NOT_FOUND, invalid_body,
                                 invalid_property, json_body, line_error)
from bot.line.limits import MAX_MULTICAST_RECIPIENTS, validate_loading_seconds, validate_messages
from devtools.emulator.state import Narrowcast, current_state, utc_iso

messaging = Blueprint("line_messaging", __name__)

DEFAULT_LOADING_SECONDS = 20
NARROWCAST_PHASES = ("waiting", "sending", "succeeded")  # one step per progress poll


def _accepted(status: int = 200) -> Response:
    response = jsonify({})
    response.status_code = status
    return response


def _checked_messages(body: dict, *required: str) -> list[dict] | Response:
    details = [{"message": "must be specified", "property": name} for name in required if body.get(name) is None]
    details += validate_messages(body.get("messages"))
    return invalid_body(details) if details else body["messages"]


def _is_chat_id(value) -> bool:
    return isinstance(value, str) and any(pattern.match(value) for pattern in
                                          (identifiers.USER_ID, identifiers.GROUP_ID, identifiers.ROOM_ID))


@messaging.post("/v2/bot/message/reply")
def reply():
    body = json_body()
    messages = _checked_messages(body, "replyToken")
    if isinstance(messages, Response):
        return messages
    state = current_state()
    with state.lock:
        token = state.live_reply_token(body["replyToken"])
        if token is None:
            return line_error(400, INVALID_REPLY_TOKEN)
        token.used = True
        return jsonify(sentMessages=state.deliver(token.chat_id, "reply", messages))


@messaging.post("/v2/bot/message/push")
def push():
    body = json_body()
    messages = _checked_messages(body, "to")
    if isinstance(messages, Response):
        return messages
    to = body["to"]
    if not _is_chat_id(to):
        return invalid_property("to")
    state = current_state()
    with state.lock:
        if not state.chat_exists(to):
            return line_error(400, FAILED_TO_SEND)
        if not state.consume_quota(state.recipient_count(to)):
            return line_error(429, MONTHLY_LIMIT)
        return jsonify(sentMessages=state.deliver(to, "push", messages,
                                                  silent=body.get("notificationDisabled") is True))


def _fan_out(state, users: list[str], via: str, messages: list[dict], quota: int | None = None) -> Response | None:
    """Deliver to every user, or refuse the lot with LINE's 429 when the month's quota cannot cover them."""
    if not state.consume_quota(len(users) if quota is None else quota):
        return line_error(429, MONTHLY_LIMIT)
    for user in users:
        state.deliver(user, via, messages)
    return None


@messaging.post("/v2/bot/message/multicast")
def multicast():
    body = json_body()
    messages = _checked_messages(body, "to")
    if isinstance(messages, Response):
        return messages
    to = body["to"]
    if not isinstance(to, list) or not 1 <= len(to) <= MAX_MULTICAST_RECIPIENTS:
        return invalid_body([{"message": f"Size must be between 1 and {MAX_MULTICAST_RECIPIENTS}", "property": "to"}])
    if not all(isinstance(user, str) and identifiers.USER_ID.match(user) for user in to):
        return invalid_property("to")
    state = current_state()
    with state.lock:
        recipients = [user for user in dict.fromkeys(to) if state.chat_exists(user)]
        refused = _fan_out(state, recipients, "multicast", messages,
                           quota=sum(state.recipient_count(user) for user in recipients))
    return refused or _accepted()


@messaging.post("/v2/bot/message/broadcast")
def broadcast():
    messages = _checked_messages(json_body())
    if isinstance(messages, Response):
        return messages
    state = current_state()
    with state.lock:
        refused = _fan_out(state, state.followers(), "broadcast", messages)
    return refused or _accepted()


@messaging.post("/v2/bot/message/narrowcast")
def narrowcast():
    """Audiences and demographic filters do not exist here: every follower is a target."""
    body = json_body()
    messages = _checked_messages(body)
    if isinstance(messages, Response):
        return messages
    limit = body.get("limit") or {}
    state = current_state()
    with state.lock:
        targets = state.followers()
        if isinstance(limit.get("max"), int):
            targets = targets[:limit["max"]]
        refused = _fan_out(state, targets, "narrowcast", messages)
        if refused:
            return refused
        state.narrowcasts[g.request_id] = Narrowcast(time.time(), len(targets))
    return _accepted(202)


@messaging.get("/v2/bot/message/progress/narrowcast")
def narrowcast_progress():
    state = current_state()
    with state.lock:
        job = state.narrowcasts.get(request.args.get("requestId", ""))
        if job is None:
            return line_error(404, NOT_FOUND)
        job.polls += 1
        phase = NARROWCAST_PHASES[min(job.polls, len(NARROWCAST_PHASES)) - 1]
        progress = {"phase": phase, "acceptedTime": utc_iso(job.accepted_at)}
        if phase == "succeeded":
            progress.update(successCount=job.target_count, failureCount=0, targetCount=job.target_count,
                            completedTime=utc_iso())
        return jsonify(progress)


@messaging.post("/v2/bot/message/validate/<kind>")
def validate(kind: str):
    if kind not in ("reply", "push", "multicast", "narrowcast", "broadcast"):
        return line_error(404, NOT_FOUND)
    messages = _checked_messages(json_body())
    return messages if isinstance(messages, Response) else _accepted()


@messaging.get("/v2/bot/message/quota")
def quota():
    limit = current_state().config.monthly_quota
    return jsonify({"type": "none"} if limit is None else {"type": "limited", "value": limit})


@messaging.get("/v2/bot/message/quota/consumption")
def quota_consumption():
    return jsonify(totalUsage=current_state().monthly_usage)


@messaging.get("/v2/bot/profile/<user_id>")
def profile(user_id: str):
    """Profiles are visible only for friends, as on LINE: unknown or blocking users are 404."""
    state = current_state()
    with state.lock:
        user = state.users.get(user_id)
        if user is None or not state.can_receive(user_id):
            return line_error(404, NOT_FOUND)
        return jsonify(displayName=user.display_name, userId=user.user_id, language=user.language)


@messaging.post("/v2/bot/chat/loading/start")
def loading_start():
    """The loading animation exists only in one-on-one chats with a friend."""
    body = json_body()
    seconds = body.get("loadingSeconds", DEFAULT_LOADING_SECONDS)
    details = validate_loading_seconds(seconds)
    chat_id = body.get("chatId")
    state = current_state()
    if not isinstance(chat_id, str) or chat_id not in state.users or not state.can_receive(chat_id):
        details.insert(0, {"message": "invalid chatId", "property": "chatId"})
    if details:
        return invalid_body(details)
    state.record(chat_id, "loading", seconds=seconds)
    return _accepted(202)


@messaging.post("/v2/bot/message/markAsRead")
def mark_as_read():
    chat = json_body().get("chat")
    user_id = chat.get("userId") if isinstance(chat, dict) else None
    state = current_state()
    if user_id not in state.users:
        return invalid_body([{"message": "invalid userId", "property": "chat.userId"}])
    state.record(user_id, "read")
    return _accepted()


@messaging.post("/v2/bot/chat/markAsRead")
def mark_as_read_by_token():
    token = json_body().get("markAsReadToken")
    state = current_state()
    chat_id = state.mark_as_read_tokens.get(token) if isinstance(token, str) else None
    if chat_id is None:
        return invalid_body([{"message": "invalid markAsReadToken", "property": "markAsReadToken"}])
    state.record(chat_id, "read")
    return _accepted()


@messaging.get("/v2/bot/message/<message_id>/content")
def message_content(message_id: str):
    content = current_state().contents.get(message_id)
    if content is None:
        return line_error(404, NOT_FOUND)
    data, content_type = content
    return Response(data, mimetype=content_type)
