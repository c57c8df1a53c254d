"""Signed webhook bodies, built exactly as LINE builds them."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time

from bot.settings import DEV_CHANNEL_SECRET


def sign(body: bytes, secret: str = DEV_CHANNEL_SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def event_id() -> str:
    return "01" + secrets.token_hex(12).upper()


def text_event(user_id: str = "U" + "a" * 32, text: str = "เมนู", **overrides) -> dict:
    event = {
        "type": "message",
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user_id},
        "webhookEventId": event_id(),
        "deliveryContext": {"isRedelivery": False},
        "replyToken": secrets.token_hex(16),
        "message": {"id": str(secrets.randbelow(10**18)), "type": "text", "quoteToken": secrets.token_hex(8),
                    "text": text},
    }
    event.update(overrides)
    return event


def body_of(*events: dict, destination: str = "U" + "0" * 32) -> bytes:
    return json.dumps({"destination": destination, "events": list(events)}, ensure_ascii=False).encode()


def post(client, body: bytes, signature: str | None = "auto", header: str = "X-Line-Signature"):
    headers = {"Content-Type": "application/json"}
    if signature == "auto":
        signature = sign(body)
    if signature is not None:
        headers[header] = signature
    return client.post("/callback", data=body, headers=headers)
