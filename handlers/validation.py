"""Is this what LINE sends? Checked before an event is stored, so nothing the worker
cannot run is ever queued.

A webhook body is read as strict JSON (no NaN, no nesting deeper than LINE uses);
each event must then parse with line-bot-sdk's webhook models (bot.line.events) and carry ids,
tokens and a timestamp in LINE's formats. An event that fails is still stored,
as `rejected` with its reason, and never queued: LINE gets its 200 and does not
redeliver the valid events that came with it.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from bot.line.events import schema_problem

# LINE's own events nest about six levels; anything far deeper is not from LINE.
MAX_DEPTH = 24
# Ids as LINE writes them: U (user), C (group) or R (room) and 32 hex digits.
CHAT_ID = re.compile(r"[UCR][0-9a-f]{32}")
EVENT_ID = re.compile(r"[0-9A-Za-z]{1,64}")
EVENT_TYPE = re.compile(r"[A-Za-z]{1,32}")
REPLY_TOKEN = re.compile(r"[0-9A-Za-z]{1,64}")
# Milliseconds since the epoch, from 2001 to 2286: a timestamp outside is not LINE's.
TIMESTAMP_RANGE = (10**12, 10**13)
MAX_POSTBACK_DATA = 300
MAX_TEXT = 5000


class BadBody(ValueError):
    """The body is not a JSON object LINE could have sent (answered 400)."""


class _NonFinite(float):
    """NaN, Infinity or a number too big for a float, kept only to be refused."""


def _non_finite(text: str) -> float:
    return _NonFinite("nan")


def _parse_float(text: str) -> float:
    value = float(text)
    return value if math.isfinite(value) else _NonFinite(value)


def read_body(body: bytes) -> list[Any]:
    """The events list of a webhook body; BadBody if it is not JSON with one."""
    try:
        payload = json.loads(body, parse_constant=_non_finite, parse_float=_parse_float)
    except (ValueError, RecursionError) as error:  # RecursionError: nesting too deep to parse
        raise BadBody("body is not JSON") from error
    events = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(events, list):
        raise BadBody("no events list")
    return events


@dataclass(frozen=True)
class CheckedEvent:
    """What may be stored of one event: safe column values, and why it was rejected (if it was)."""

    event_id: str
    event_type: str
    source_type: str | None
    line_user_id: str | None
    payload: dict[str, Any]
    problem: str | None

    @property
    def valid(self) -> bool:
        return self.problem is None


def check_event(event: Any) -> CheckedEvent | None:
    """The event as it may be stored, or None when it has no usable id (nothing to store it under)."""
    if not isinstance(event, dict):
        return None
    event_id = event.get("webhookEventId")
    if not isinstance(event_id, str) or not EVENT_ID.fullmatch(event_id):
        return None
    problem = _structure_problem(event, 0) or schema_problem(event) or _format_problem(event)
    source = event.get("source") if isinstance(event.get("source"), dict) else {}
    valid = problem is None
    event_type = event.get("type")
    user_id = source.get("userId")
    return CheckedEvent(
        event_id=event_id,
        event_type=event_type if valid else (event_type if isinstance(event_type, str)
                                             and EVENT_TYPE.fullmatch(event_type) else "invalid"),
        source_type=source.get("type") if valid else None,
        line_user_id=user_id if isinstance(user_id, str) and CHAT_ID.fullmatch(user_id) else None,
        # A rejected payload is kept only as far as it is safe to store and show.
        payload=event if valid else {"webhookEventId": event_id},
        problem=problem,
    )


def _structure_problem(value: Any, depth: int) -> str | None:
    """JSON any database stores: finite numbers, text that is valid UTF-8 without NUL, sane depth."""
    if depth > MAX_DEPTH:
        return "nested too deep"
    if isinstance(value, dict):
        for key, item in value.items():
            problem = _text_problem(key) or _structure_problem(item, depth + 1)
            if problem:
                return problem
    elif isinstance(value, list):
        for item in value:
            problem = _structure_problem(item, depth + 1)
            if problem:
                return problem
    elif isinstance(value, _NonFinite):
        return "a number that is not finite"
    elif isinstance(value, str):
        return _text_problem(value)
    return None


def _text_problem(text: str) -> str | None:
    if "\x00" in text:
        return "text with a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "text that is not valid Unicode"
    return None


def _format_problem(event: dict) -> str | None:
    timestamp = event.get("timestamp")
    if not isinstance(timestamp, int) or not TIMESTAMP_RANGE[0] <= timestamp < TIMESTAMP_RANGE[1]:
        return "timestamp out of range"
    source = event.get("source")
    if isinstance(source, dict):
        for key in ("userId", "groupId", "roomId"):
            if key in source and not (isinstance(source[key], str) and CHAT_ID.fullmatch(source[key])):
                return f"source.{key} is not a LINE id"
    token = event.get("replyToken")
    if token is not None and not (isinstance(token, str) and REPLY_TOKEN.fullmatch(token)):
        return "replyToken is not a LINE reply token"
    if event.get("type") == "postback":
        data = event["postback"].get("data")
        if not isinstance(data, str) or len(data) > MAX_POSTBACK_DATA:
            return "postback data is not text of at most 300 characters"
    elif "postback" in event:
        return "postback on an event of another type"
    message = event.get("message")
    if isinstance(message, dict) and isinstance(message.get("text"), str) and len(message["text"]) > MAX_TEXT:
        return "text too long"
    return None
