"""Webhook events shaped and signed exactly as LINE sends them to the bot's `/callback`.

The bot's signature check, its de-duplication on `webhookEventId` and its handling of
each event type are only tested if what arrives is what LINE would send (webhook.yml).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import requests

from devtools.emulator import identifiers

WEBHOOK_TIMEOUT_SECONDS = 10
# Message types LINE gives a quoteToken (webhook.yml: not audio, file or location).
QUOTABLE = ("text", "image", "video", "sticker")
DEFAULT_DURATION_MS = 8000
# LINE's sample sticker (package 446 "Moon: Special Edition"), when the caller names none.
DEFAULT_STICKER = ("446", "1988")
# Khon Kaen provincial hall: a plausible place for a community worker to share.
DEFAULT_LOCATION = {"title": "ศาลากลางจังหวัดขอนแก่น", "address": "ถนนศูนย์ราชการ อำเภอเมืองขอนแก่น ขอนแก่น",
                    "latitude": 16.4419, "longitude": 102.8360}


def signature(channel_secret: str, body: bytes) -> str:
    digest = hmac.new(channel_secret.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def base_event(kind: str, source: dict[str, str]) -> dict[str, Any]:
    return {"type": kind, "mode": "active", "timestamp": int(time.time() * 1000), "source": source,
            "webhookEventId": identifiers.webhook_event_id(), "deliveryContext": {"isRedelivery": False}}


def message_content(kind: str, fields: dict[str, Any], mark_as_read_token: str,
                    mention: dict[str, Any] | None = None) -> dict[str, Any]:
    """The `message` of a message event for what a simulated user sent."""
    content: dict[str, Any] = {"id": identifiers.message_id(), "type": kind}
    if kind == "text":
        content["text"] = fields["text"]
        if mention:
            content["mention"] = mention
    elif kind in ("image", "video", "audio"):
        content["contentProvider"] = {"type": "line"}
        if kind != "image":
            content["duration"] = int(fields.get("duration") or DEFAULT_DURATION_MS)
    elif kind == "file":
        content.update(fileName=fields["file_name"], fileSize=fields["file_size"])
    elif kind == "sticker":
        content.update(packageId=str(fields.get("packageId", DEFAULT_STICKER[0])),
                       stickerId=str(fields.get("stickerId", DEFAULT_STICKER[1])), stickerResourceType="STATIC")
    elif kind == "location":
        content.update({key: fields.get(key, value) for key, value in DEFAULT_LOCATION.items()})
    if kind in QUOTABLE:
        content["quoteToken"] = identifiers.quote_token()
    content["markAsReadToken"] = mark_as_read_token
    return content


def utf16_index(text: str, position: int) -> int:
    """LINE's mention indexes count UTF-16 code units, like the Java string they come from."""
    return len(text[:position].encode("utf-16-le")) // 2


def mention_of(text: str, targets: list[tuple[str, dict[str, Any]]]) -> dict[str, Any] | None:
    """The `mention` object for `@name` spans in `text`: (name, mentionee fields) each, in order found."""
    mentionees, searched_from = [], {}
    for name, fields in targets:
        tag = "@" + name
        position = text.find(tag, searched_from.get(tag, 0))
        if position < 0:
            return None
        searched_from[tag] = position + len(tag)
        mentionees.append({"index": utf16_index(text, position), "length": utf16_index(tag, len(tag)), **fields})
    return {"mentionees": sorted(mentionees, key=lambda item: item["index"])} if mentionees else None


def callback_body(destination: str, events: list[dict]) -> bytes:
    return json.dumps({"destination": destination, "events": events}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def post_webhook(url: str, channel_secret: str, body: bytes, bad_signature: bool = False) -> dict[str, Any]:
    """POST a signed body; returns `webhook_status` (None if unreachable) and any `webhook_error`."""
    signed = signature(channel_secret + "-wrong" if bad_signature else channel_secret, body)
    headers = {"Content-Type": "application/json; charset=utf-8", "x-line-signature": signed,
               "User-Agent": "LineBotWebhook/2.0"}
    try:
        response = requests.post(url, data=body, headers=headers, timeout=WEBHOOK_TIMEOUT_SECONDS)
    except requests.RequestException as error:
        return {"webhook_status": None, "webhook_error": str(error)}
    return {"webhook_status": response.status_code}


def post_events(state, events: list[dict], bad_signature: bool = False) -> dict:
    config = state.config
    if not config.webhook_url:
        return {"webhook_status": None}
    body = callback_body(config.bot_user_id, events)
    return post_webhook(config.webhook_url, config.channel_secret, body, bad_signature)
