"""POST /callback: answer LINE fast and own every event before saying 200.

Only cheap work happens here: the signature, then the events are inserted (committed
before the 200, so a stored event is ours even if Redis is down) and handed on, in one
INSERT and one Redis round trip together with the events of concurrent requests
(handlers/intake.py); the conversation runs in an RQ worker, well inside LINE's 2 s.
"""
from __future__ import annotations

import json
import logging

from flask import Blueprint, abort, current_app, request

from bot import clock
from bot.line.signature import signature_is_valid
from bot.runtime import Runtime
from handlers.intake import INTAKE

log = logging.getLogger(__name__)
webhook = Blueprint("webhook", __name__)

def _runtime() -> Runtime:
    return current_app.extensions["sammachip"]


def _event_rows(events: list) -> list[dict]:
    rows, seen = [], set()
    now = clock.utcnow()
    for event in events:
        if not isinstance(event, dict):
            continue
        event_id = event.get("webhookEventId")
        if not isinstance(event_id, str) or not event_id or event_id in seen:
            continue
        seen.add(event_id)
        source = event.get("source") if isinstance(event.get("source"), dict) else {}
        rows.append({
            "webhook_event_id": event_id[:64],
            "event_type": str(event.get("type") or "unknown")[:32],
            "source_type": (source.get("type") or None),
            "line_user_id": source.get("userId"),
            "payload": event,
            "status": "received",
            "attempts": 0,
            "received_at": now,
        })
    return rows


@webhook.post("/callback")
def callback():
    runtime = _runtime()
    body = request.get_data(cache=False)
    # Flask's headers are case-insensitive, as HTTP header names are.
    if not signature_is_valid(runtime.settings.line_channel_secret, body, request.headers.get("X-Line-Signature")):
        abort(400, description="invalid signature")
    try:
        payload = json.loads(body)
    except ValueError:
        abort(400, description="body is not JSON")
    events = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(events, list):
        abort(400, description="no events list")

    rows = _event_rows(events)
    if rows:
        INTAKE.store(runtime, rows)  # committed and handed on, together with concurrent requests' events
    return "", 200
