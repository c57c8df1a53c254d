"""The sending side of LINE's Messaging API: reply, push, multicast, broadcast, narrowcast,
and the small calls around them (profile, loading animation, read receipts, content, quota).

Billing follows LINE: one message per recipient per request whatever the number of message
objects, replies are free, and a push to a user who has blocked the account is answered
200 like any other (LINE does not reveal blocks to senders) but neither delivered nor billed.
"""
from __future__ import annotations

import time

from flask import Blueprint, Response, g, jsonify, request

from devtools.emulator import identifiers, rules
from devtools.emulator.errors import (FAILED_TO_SEND, INVALID_REPLY_TOKEN, MONTHLY_LIMIT, NOT_FOUND, invalid_body,
                                      invalid_property, json_body, line_error, missing_parameter, refusal)
from devtools.emulator.state import EmulatorState, Narrowcast, current_state, utc_iso
from devtools.emulator.statistics import month_of
from devtools.emulator.targeting import FAILURES, narrowcast_targets

messaging = Blueprint("line_messaging", __name__)

DEFAULT_LOADING_SECONDS = 20
FOLLOWER_IDS_PAGE = 1000
NARROWCAST_PHASES = ("waiting", "sending", "succeeded")  # one step per progress poll
TOO_MANY_UNITS = (f"The number of aggregation units used this month would exceed "
                  f"{rules.AGGREGATION_UNITS_PER_MONTH}")


def _accepted(status: int = 200) -> Response:
    response = jsonify({})
    response.status_code = status
    return response


def _is_chat_id(value) -> bool:
    return isinstance(value, str) and any(pattern.match(value) for pattern in
                                          (identifiers.USER_ID, identifiers.GROUP_ID, identifiers.ROOM_ID))


@messaging.post("/v2/bot/message/reply")
def reply():
    body = json_body()
    refused = refusal(rules.reply_request(body))
    if refused:
        return refused
    state = current_state()
    with state.lock:
        token = state.live_reply_token(body["replyToken"])
        if token is None:
            return line_error(400, INVALID_REPLY_TOKEN)
        token.used = True
        state.open_send(g.request_id, "reply", body["messages"])
        return jsonify(sentMessages=state.deliver(token.chat_id, "reply", body["messages"],
                                                  silent=body.get("notificationDisabled") is True,
                                                  request_id=g.request_id))


@messaging.post("/v2/bot/message/push")
def push():
    body = json_body()
    refused = refusal(rules.push_request(body))
    if refused:
        return refused
    to = body["to"]
    if not _is_chat_id(to):
        return invalid_property("to")
    state = current_state()
    with state.lock:
        if not state.chat_exists(to) or (to in state.groups and not state.groups[to].bot_joined):
            return line_error(400, FAILED_TO_SEND)
        unit = _aggregation_unit(state, body)
        if isinstance(unit, Response):
            return unit
        if not state.consume_quota(state.recipient_count(to)):
            return line_error(429, MONTHLY_LIMIT)
        _count_unit(state, unit)
        state.open_send(g.request_id, "push", body["messages"], unit)
        return jsonify(sentMessages=state.deliver(to, "push", body["messages"],
                                                  silent=body.get("notificationDisabled") is True,
                                                  request_id=g.request_id))


def _aggregation_unit(state: EmulatorState, body: dict) -> str | Response | None:
    """The request's unit name, or LINE's 400 when a new name would pass the month's limit."""
    units = body.get("customAggregationUnits") or []
    if not units:
        return None
    used = state.aggregation_units.get(month_of(state.now()), [])
    if units[0] not in used and len(used) >= rules.AGGREGATION_UNITS_PER_MONTH:
        return invalid_body([{"message": TOO_MANY_UNITS, "property": "customAggregationUnits[0]"}])
    return units[0]


def _count_unit(state: EmulatorState, unit: str | None) -> None:
    """A unit name counts towards the month's limit from the first request LINE accepts with it."""
    if unit is None:
        return
    used = state.aggregation_units.setdefault(month_of(state.now()), [])
    if unit not in used:
        used.append(unit)


def _fan_out(state, users: list[str], via: str, body: dict, quota: int | None = None,
             unit: str | None = None) -> Response | None:
    """Deliver to every user, or refuse the lot with LINE's 429 when the month's quota cannot cover them."""
    if not state.consume_quota(len(users) if quota is None else quota):
        return line_error(429, MONTHLY_LIMIT)
    _count_unit(state, unit)
    state.open_send(g.request_id, via, body["messages"], unit)
    for user in users:
        state.deliver(user, via, body["messages"], silent=body.get("notificationDisabled") is True,
                      request_id=g.request_id)
    return None


@messaging.post("/v2/bot/message/multicast")
def multicast():
    body = json_body()
    refused = refusal(rules.multicast_request(body))
    if refused:
        return refused
    if not all(identifiers.USER_ID.match(user) for user in body["to"]):
        return invalid_property("to")
    state = current_state()
    with state.lock:
        unit = _aggregation_unit(state, body)
        if isinstance(unit, Response):
            return unit
        recipients = [user for user in dict.fromkeys(body["to"]) if user in state.users]
        refused = _fan_out(state, recipients, "multicast", body,
                           quota=sum(state.recipient_count(user) for user in recipients), unit=unit)
    return refused or _accepted()


@messaging.post("/v2/bot/message/broadcast")
def broadcast():
    body = json_body()
    refused = refusal(rules.messages_only_request(body))
    if refused:
        return refused
    state = current_state()
    with state.lock:
        refused = _fan_out(state, state.followers(), "broadcast", body)
    return refused or _accepted()


@messaging.post("/v2/bot/message/narrowcast")
def narrowcast():
    """Accepted (202) once the body keeps LINE's rules and names only audiences and narrowcasts
    that exist; who it reaches, and a failure found afterwards, show in its progress."""
    body = json_body()
    refused = refusal(rules.narrowcast_request(body))
    if refused:
        return refused
    state = current_state()
    with state.lock:
        targeting = narrowcast_targets(state, body)
        if isinstance(targeting, list):
            return invalid_body(targeting)
        job = Narrowcast(time.time(), targeting.targets, error_code=targeting.error_code,
                         failed_description=FAILURES.get(targeting.error_code))
        if targeting.targets:
            refused = _fan_out(state, targeting.targets, "narrowcast", body)
            if refused:
                return refused
            job.delivered = state.sends[g.request_id].delivered
        state.narrowcasts[g.request_id] = job
    return _accepted(202)


@messaging.get("/v2/bot/message/progress/narrowcast")
def narrowcast_progress():
    request_id = request.args.get("requestId")
    if not request_id:
        return missing_parameter("requestId")
    state = current_state()
    with state.lock:
        job = state.narrowcasts.get(request_id)
        if job is None:
            return line_error(404, NOT_FOUND)
        job.polls += 1
        phases = ("waiting", "failed") if job.error_code else NARROWCAST_PHASES
        phase = phases[min(job.polls, len(phases)) - 1]
        progress = {"phase": phase, "acceptedTime": utc_iso(job.accepted_at)}
        if phase == "succeeded":
            progress.update(successCount=job.delivered, failureCount=len(job.targets) - job.delivered,
                            targetCount=len(job.targets), completedTime=utc_iso())
        elif phase == "failed":
            progress.update(failedDescription=job.failed_description, errorCode=job.error_code,
                            completedTime=utc_iso())
        return jsonify(progress)


@messaging.post("/v2/bot/message/validate/<kind>")
def validate(kind: str):
    if kind not in ("reply", "push", "multicast", "narrowcast", "broadcast"):
        return line_error(404, NOT_FOUND)
    return refusal(rules.messages_only_request(json_body())) or _accepted()


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


@messaging.get("/v2/bot/info")
def bot_info():
    config = current_state().config
    return jsonify(userId=config.bot_user_id, basicId=config.bot_basic_id, displayName=config.bot_display_name,
                   chatMode="bot", markAsReadMode="auto")


@messaging.get("/v2/bot/followers/ids")
def follower_ids():
    """Friends who have not blocked the bot, up to `limit` (1-1000, default 1000) a page."""
    limit_text, start = request.args.get("limit", str(FOLLOWER_IDS_PAGE)), request.args.get("start")
    if not limit_text.isdigit() or not 1 <= int(limit_text) <= FOLLOWER_IDS_PAGE:
        return line_error(400, "The value for the 'limit' parameter is invalid")
    state = current_state()
    followers = state.followers()
    if start is not None and start not in followers:
        return line_error(400, "The value for the 'start' parameter is invalid")
    offset, limit = followers.index(start) if start else 0, int(limit_text)
    page = followers[offset:offset + limit]
    more = offset + limit < len(followers)
    return jsonify(userIds=page, **({"next": followers[offset + limit]} if more else {}))


@messaging.post("/v2/bot/chat/loading/start")
def loading_start():
    """The loading animation exists only in one-on-one chats with a friend."""
    body = json_body()
    refused = refusal(rules.loading_request(body))
    if refused:
        return refused
    chat_id = body["chatId"]
    state = current_state()
    if chat_id not in state.users or not state.can_receive(chat_id):
        return invalid_body([{"message": "invalid chatId", "property": "chatId"}])
    state.record(chat_id, "loading", seconds=body.get("loadingSeconds", DEFAULT_LOADING_SECONDS))
    return _accepted(202)


@messaging.post("/v2/bot/message/markAsRead")
def mark_as_read():
    body = json_body()
    refused = refusal(rules.mark_as_read_request(body))
    if refused:
        return refused
    user_id = body["chat"]["userId"]
    state = current_state()
    if user_id not in state.users:
        return invalid_body([{"message": "invalid userId", "property": "chat.userId"}])
    state.record(user_id, "read")
    return _accepted()


@messaging.post("/v2/bot/chat/markAsRead")
def mark_as_read_by_token():
    body = json_body()
    refused = refusal(rules.mark_as_read_by_token_request(body))
    if refused:
        return refused
    state = current_state()
    chat_id = state.mark_as_read_tokens.get(body["markAsReadToken"])
    if chat_id is None:
        return invalid_body([{"message": "invalid markAsReadToken", "property": "markAsReadToken"}])
    state.record(chat_id, "read")
    return _accepted()
