"""POST /callback: answer LINE fast and own every event before saying 200.

Only cheap work happens here: the signature, then the events are inserted (committed
before the 200, so a stored event is ours even if Redis is down) and handed on, in one
INSERT and one Redis round trip together with the events of concurrent requests
(handlers/intake.py); the conversation runs in an RQ worker, well inside LINE's 2 s.
"""
from __future__ import annotations

import logging

from flask import Blueprint, abort, current_app, request

from bot import clock
from bot.line.signature import signature_is_valid
from bot.runtime import Runtime
from handlers import validation
from handlers.intake import INTAKE

log = logging.getLogger(__name__)
webhook = Blueprint("webhook", __name__)
# LINE's webhook bodies are a few kilobytes; a megabyte is generous and keeps a
# hostile body from filling a web worker's memory before its signature is checked.
MAX_BODY_BYTES = 1_000_000

def _runtime() -> Runtime:
    return current_app.extensions["sammachip"]


def _event_rows(events: list) -> tuple[list[dict], list[dict]]:
    """Rows to store and hand on, and rows to store as rejected (see handlers.validation)."""
    rows, rejected, seen = [], [], set()
    now = clock.utcnow()
    for event in events:
        checked = validation.check_event(event)
        if checked is None or checked.event_id in seen:
            continue
        seen.add(checked.event_id)
        row = {
            "webhook_event_id": checked.event_id,
            "event_type": checked.event_type,
            "source_type": checked.source_type,
            "line_user_id": checked.line_user_id,
            "payload": checked.payload,
            "status": "received" if checked.valid else "rejected",
            "error": checked.problem,
            "attempts": 0,
            "received_at": now,
        }
        if checked.valid:
            rows.append(row)
        else:
            log.warning("webhook event %s rejected: %s", checked.event_id, checked.problem)
            rejected.append(row)
    return rows, rejected


def _read_body(limit: int) -> bytes:
    """The body, refused (413) past `limit` bytes before more than that is read."""
    if request.content_length is not None and request.content_length > limit:
        abort(413)
    chunks, size = [], 0
    while chunk := request.stream.read(min(65536, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            abort(413)
    return b"".join(chunks)


@webhook.post("/callback")
def callback():
    runtime = _runtime()
    body = _read_body(MAX_BODY_BYTES)
    # Flask's headers are case-insensitive, as HTTP header names are.
    if not signature_is_valid(runtime.settings.line_channel_secret, body, request.headers.get("X-Line-Signature")):
        abort(400, description="invalid signature")
    try:
        events = validation.read_body(body)
    except validation.BadBody as error:
        abort(400, description=str(error))

    rows, rejected = _event_rows(events)
    if rows or rejected:
        # Committed and handed on together with concurrent requests' events; the rejected
        # ones are kept for operators (`sammachip events`) and never handed on.
        INTAKE.store(runtime, rows + rejected)
    return "", 200
