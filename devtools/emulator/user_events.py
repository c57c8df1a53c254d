"""What a simulated user does, turned into the webhook event LINE would send for it.

Checked first, so a test or the simulator that asks for something LINE could not send
(a blocked user writing, an unsend of someone else's message, a mention without its
`@name` in the text) gets a reason instead of an event the bot could never receive.
"""
from __future__ import annotations

import base64
import binascii

from devtools.emulator import identifiers
from devtools.emulator.images import image_size, solid_png
from devtools.emulator.state import EmulatorState
from devtools.emulator.webhooks import base_event, mention_of, message_content

EVENT_TYPES = ("text", "postback", "follow", "unfollow", "image", "video", "audio", "file", "sticker", "location",
               "unsend")
MESSAGE_EVENT_TYPES = ("text", "image", "video", "audio", "file", "sticker", "location")
SENT_IMAGE_SIZE = (320, 240)
# What a user may attach, and what is sent when a test attaches nothing.
SENDABLE_CONTENT_TYPES = {"image": ("image/jpeg", "image/png"), "video": ("video/mp4",),
                          "audio": ("audio/x-m4a", "audio/mp4", "audio/mpeg"),
                          "file": ("application/pdf", "application/octet-stream", "text/plain")}
DEFAULT_CONTENT = {"image": (solid_png(*SENT_IMAGE_SIZE), "image/png"),
                   "video": (b"\x00\x00\x00\x18ftypmp42" + bytes(64), "video/mp4"),
                   "audio": (b"\x00\x00\x00\x18ftypM4A " + bytes(64), "audio/x-m4a"),
                   "file": (b"%PDF-1.4\n%sammachip\n", "application/pdf")}
MAX_SENT_CONTENT_BYTES = 10 * 1024 * 1024


def event_source(user_id: str, requested) -> dict | None:
    """The webhook `source`: the user's own chat, or a group or room they speak in."""
    if requested is not None and not isinstance(requested, dict):
        return None
    if not requested or requested.get("type", "user") == "user":
        return {"type": "user", "userId": user_id}
    kind = requested.get("type")
    key, pattern = {"group": ("groupId", identifiers.GROUP_ID), "room": ("roomId", identifiers.ROOM_ID)}.get(
        kind, (None, None))
    chat_id = requested.get(key) if key else None
    if not isinstance(chat_id, str) or not pattern.match(chat_id):
        return None
    return {"type": kind, key: chat_id, "userId": user_id}


def sent_content(kind: str, body: dict) -> tuple[bytes, str] | str:
    """The bytes a user sends with a media message (given as base64, or made up), or why they are refused."""
    if body.get("content") is None:
        return DEFAULT_CONTENT[kind]
    content_type = body.get("content_type")
    if not isinstance(body["content"], str) or content_type not in SENDABLE_CONTENT_TYPES[kind]:
        return f"content must be base64 with content_type one of {', '.join(SENDABLE_CONTENT_TYPES[kind])}"
    try:
        data = base64.b64decode(body["content"], validate=True)
    except (binascii.Error, ValueError):
        return "content is not valid base64"
    if not data or len(data) > MAX_SENT_CONTENT_BYTES:
        return f"content must be 1 byte to {MAX_SENT_CONTENT_BYTES // (1024 * 1024)} MB"
    if kind == "image" and image_size(data, content_type) is None:
        return f"content is not a {content_type} image"
    return data, content_type


def sent_mention(state: EmulatorState, body: dict, chat_id: str) -> dict | None | str:
    """The `mention` for `@name` tags of `body["mention"]` ("bot", "all" or member user ids), or why not."""
    wanted = body.get("mention")
    if not wanted:
        return None
    if not isinstance(wanted, list) or chat_id not in state.groups:
        return "mention is a list of \"bot\", \"all\" or user ids, in a group or room"
    targets = []
    for who in wanted:
        if who == "bot":
            targets.append((state.config.bot_display_name, {"type": "user", "isSelf": True}))
        elif who == "all":
            targets.append(("All", {"type": "all"}))
        elif isinstance(who, str) and who in state.users:
            targets.append((state.users[who].display_name, {"type": "user", "userId": who, "isSelf": False}))
        else:
            return f"cannot mention {who!r}"
    mention = mention_of(body["text"], targets)
    return mention or "the text must contain @name for each one mentioned (@All for all)"


def check_user_event(state: EmulatorState, user_id: str, kind: str, body: dict) -> str | None:
    if kind not in EVENT_TYPES:
        return f"type must be one of {', '.join(EVENT_TYPES)}"
    if kind == "text" and not (isinstance(body.get("text"), str) and body["text"]):
        return "text is required"
    if kind == "postback" and not isinstance(body.get("data"), str):
        return "data is required"
    if body.get("params") is not None and not isinstance(body["params"], dict):
        return "params must be an object"
    if kind == "file" and not (isinstance(body.get("file_name"), str) and body["file_name"].strip()):
        return "file_name is required"
    if kind == "sticker" and not all(str(body.get(key, "1")).isdigit() for key in ("packageId", "stickerId")):
        return "packageId and stickerId are LINE's decimal ids"
    shown = body.get("display_text")
    if shown is not None and (kind != "postback" or not isinstance(shown, str) or not 0 < len(shown) <= 300):
        return "display_text (what a tap showed in the chat) is 1-300 characters, for a postback"
    if kind in ("video", "audio") and body.get("duration") is not None and not _positive_int(body["duration"]):
        return "duration is a whole number of milliseconds"
    if kind == "location" and not _location_fields(body):
        return "title and address are text, latitude and longitude numbers"
    message_id = body.get("message_id")
    if kind == "unsend" and (not isinstance(message_id, str) or message_id not in state.sent_by.get(user_id, ())):
        return "message_id must be a message this user sent"
    return None


def _positive_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _location_fields(body: dict) -> bool:
    texts_ok = all(isinstance(body.get(key, ""), str) for key in ("title", "address"))
    numbers_ok = all(isinstance(body.get(key, 0.0), (int, float)) and not isinstance(body.get(key), bool)
                     for key in ("latitude", "longitude"))
    return texts_ok and numbers_ok


def user_event(state: EmulatorState, user_id: str, kind: str, body: dict, source: dict, chat_id: str,
                media: tuple[bytes, str] | None, mention: dict | None) -> dict:
    event = base_event("message" if kind in MESSAGE_EVENT_TYPES else kind, source)
    if kind not in ("unfollow", "unsend"):
        event["replyToken"] = state.issue_reply_token(chat_id)
    if kind in MESSAGE_EVENT_TYPES:
        fields = {**body, "file_size": len(media[0])} if kind == "file" else body
        event["message"] = message_content(kind, fields, state.issue_mark_as_read_token(chat_id), mention)
        state.sent_by.setdefault(user_id, set()).add(event["message"]["id"])
        if media:
            state.contents[event["message"]["id"]] = media
    elif kind == "unsend":
        event["unsend"] = {"messageId": body["message_id"]}
        state.contents.pop(body["message_id"], None)  # LINE no longer serves unsent content
    elif kind == "postback":
        event["postback"] = {"data": body["data"]}
        if body.get("params"):
            event["postback"]["params"] = {key: str(value) for key, value in body["params"].items()}
    elif kind == "follow":
        user = state.users[user_id]
        event["follow"] = {"isUnblocked": user.blocked}
        if not user.followed or user.blocked:
            user.friend_since = state.now()
        user.followed, user.blocked = True, False
    elif kind == "unfollow":
        user = state.users[user_id]
        user.followed, user.blocked = False, True
    return event
