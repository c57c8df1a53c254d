"""Everything the emulated LINE platform remembers, behind one lock.

The werkzeug server is threaded and the bot calls back into the emulator while a webhook
is still in flight, so every read and write goes through `EmulatorState.lock`, a
condition variable that also wakes long-polling readers when a message is delivered.

What a person would notice losing (users, groups, chats, content, rich menus, audience
groups, the month's aggregation unit names) can be saved as JSON and loaded again, so a
development restart keeps the people the database knows. Short-lived things (reply tokens,
retry keys, rate counters) start afresh, as they would have expired anyway, and so do the
statistics of sends (who displayed or tapped what).
"""
from __future__ import annotations

import base64
import dataclasses
import threading
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from devtools.emulator import identifiers
from devtools.emulator.config import EmulatorConfig
from devtools.emulator.ratelimits import limit_for

RETRY_KEY_LIFETIME_SECONDS = 24 * 60 * 60
REQUEST_LOG_SIZE = 1000
# Message types a user can quote, so LINE returns a quoteToken for them.
QUOTABLE_TYPES = frozenset({"text", "textV2", "sticker", "image", "video"})


def utc_iso(moment: float | None = None) -> str:
    stamp = datetime.fromtimestamp(time.time() if moment is None else moment, tz=timezone.utc)
    return stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class SimulatedUser:
    """A LINE user. The demographic attributes are what LINE estimates for narrowcast filters;
    None means LINE is not sure of it, and a filter on it then leaves the user out."""

    user_id: str
    display_name: str
    language: str = "th"
    followed: bool = True
    blocked: bool = False
    rich_menu_id: str | None = None
    age: int | None = None
    gender: str | None = None  # male, female
    app_type: str | None = None  # ios, android
    area: str | None = None  # LINE's area code, e.g. th_07 (north-east Thailand)
    friend_since: float | None = None  # when they last added the bot (Unix time)

    def as_json(self) -> dict[str, Any]:
        return {"user_id": self.user_id, "display_name": self.display_name, "language": self.language,
                "followed": self.followed, "blocked": self.blocked, "rich_menu_id": self.rich_menu_id,
                "age": self.age, "gender": self.gender, "app_type": self.app_type, "area": self.area,
                "friend_since": self.friend_since}


@dataclass
class Group:
    """A group (C...) or multi-person chat (R...): who is in it, and whether the bot is."""

    name: str
    members: set[str] = dataclasses.field(default_factory=set)
    bot_joined: bool = True

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "members": sorted(self.members), "bot_joined": self.bot_joined}


@dataclass
class ReplyToken:
    chat_id: str
    issued_at: float
    used: bool = False


@dataclass
class RetryKeyRecord:
    request_id: str
    claimed_at: float
    accepted: bool = False
    sent_messages: list[dict] | None = None


@dataclass
class RichMenu:
    body: dict[str, Any]
    image: bytes | None = None
    content_type: str | None = None


@dataclass
class Narrowcast:
    accepted_at: float
    targets: list[str]  # who it went to: what a redelivery recipient sends to again
    delivered: int = 0
    error_code: int | None = None  # LINE's errorCode when the send failed after being accepted
    failed_description: str | None = None
    polls: int = 0


@dataclass
class Send:
    """One accepted sending request, what its statistics are counted over."""

    via: str  # reply, push, multicast, broadcast, narrowcast
    at: float  # platform time (`EmulatorState.now`)
    messages: list[dict]
    unit: str | None = None  # its customAggregationUnits name
    delivered: int = 0  # messages billed: one per receiving user (a group counts its members)


@dataclass
class Interaction:
    """A user displaying a bubble of a sent message (`url` None) or opening a URL in it."""

    request_id: str
    user_id: str
    bubble: int  # 1-based position of the message object in the request
    url: str | None = None


@dataclass
class InjectedFailure:
    """Answer the next `count` calls to `path` with `status` (or drop the connection).

    `after_accept` lets the call do its work first, like a response lost on the way back.
    """

    path: str
    status: int = 500
    count: int = 1
    after_accept: bool = False
    drop: bool = False


class EmulatorState:
    def __init__(self, config: EmulatorConfig):
        self.initial_config = config
        self.lock = threading.Condition()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.config = dataclasses.replace(self.initial_config)
            self.users: dict[str, SimulatedUser] = {}
            self.groups: dict[str, Group] = {}  # group and room ids
            self.timeline: dict[str, list[dict]] = {}  # chat id -> events and deliveries, in order
            self.seq = 0
            self.reply_tokens: dict[str, ReplyToken] = {}
            self.mark_as_read_tokens: dict[str, str] = {}
            self.retry_keys: dict[str, RetryKeyRecord] = {}
            self.contents: dict[str, tuple[bytes, str]] = {}
            self.sent_by: dict[str, set[str]] = {}  # user id -> ids of messages they sent (what they may unsend)
            self.rich_menus: dict[str, RichMenu] = {}
            self.aliases: dict[str, str] = {}
            self.default_rich_menu_id: str | None = None
            self.narrowcasts: dict[str, Narrowcast] = {}
            self.sends: dict[str, Send] = {}  # request id -> what was sent
            self.interactions: list[Interaction] = []
            self.displayed: dict[str, set[int]] = {}  # user id -> seqs of the deliveries they have displayed
            self.audiences: dict[int, set[str]] = {}  # audience group id -> user ids
            self.aggregation_units: dict[str, list[str]] = {}  # yyyyMM (UTC+9) -> unit names, first use first
            self.requests: deque[dict] = deque(maxlen=REQUEST_LOG_SIZE)
            self.recent_calls: dict[str, deque[float]] = {}  # rate-limited function -> its recent calls
            self.monthly_usage = 0
            self.failures: list[InjectedFailure] = []
            self.lock.notify_all()

    # Chats and what happens in them

    def now(self) -> float:
        """The platform's clock: real time moved by the `clock_offset_seconds` knob, so tests can
        read tomorrow's statistics of today's sends."""
        return time.time() + self.config.clock_offset_seconds

    def add_user(self, user_id: str, display_name: str, language: str) -> SimulatedUser:
        with self.lock:
            user = SimulatedUser(user_id, display_name, language, friend_since=self.now())
            self.users[user_id] = user
            self.timeline.setdefault(user_id, [])
            return user

    def chat_exists(self, chat_id: str) -> bool:
        with self.lock:
            return chat_id in self.users or chat_id in self.groups

    def group(self, group_id: str) -> Group:
        """The group or room, made when first spoken in (the bot is taken to be in it)."""
        with self.lock:
            self.timeline.setdefault(group_id, [])
            return self.groups.setdefault(group_id, Group(name=f"กลุ่ม {group_id[-4:]}"))

    def note_group_member(self, group_id: str, user_id: str) -> None:
        with self.lock:
            self.group(group_id).members.add(user_id)

    def can_receive(self, chat_id: str) -> bool:
        """Users receive while they are friends who have not blocked the bot; groups while the bot is in them."""
        with self.lock:
            user = self.users.get(chat_id)
            if user is None:
                group = self.groups.get(chat_id)
                return group is not None and group.bot_joined
            return user.followed and not user.blocked

    def recipient_count(self, chat_id: str) -> int:
        """How many messages LINE bills for one message request to this chat."""
        with self.lock:
            if chat_id in self.groups:
                return max(1, len(self.groups[chat_id].members)) if self.can_receive(chat_id) else 0
            return 1 if self.can_receive(chat_id) else 0

    def followers(self) -> list[str]:
        with self.lock:
            return [user_id for user_id in self.users if self.can_receive(user_id)]

    def _append(self, chat_id: str, entry: dict) -> dict:
        self.seq += 1
        entry = {"seq": self.seq, "at": utc_iso(), **entry}
        self.timeline.setdefault(chat_id, []).append(entry)
        self.lock.notify_all()
        return entry

    def record(self, chat_id: str, kind: str, **fields: Any) -> None:
        """Note something other than a delivery in the chat: a user's `event`, `loading`, `read`."""
        with self.lock:
            self._append(chat_id, {"kind": kind, **fields})

    def deliver(self, chat_id: str, via: str, messages: list[dict], silent: bool = False,
                request_id: str | None = None) -> list[dict]:
        """Record `messages` as received in the chat (`silent`: notificationDisabled); returns `sentMessages`.

        With the `request_id` of an accepted request, the delivery also counts in its statistics."""
        with self.lock:
            sent = [{"id": identifiers.message_id(), "quoteToken": identifiers.quote_token()}
                    if message.get("type") in QUOTABLE_TYPES else {"id": identifiers.message_id()}
                    for message in messages]
            if self.can_receive(chat_id):
                send = self.sends.get(request_id) if request_id else None
                if send is not None:
                    send.delivered += self.recipient_count(chat_id)
                for bubble, (message, receipt) in enumerate(zip(messages, sent), start=1):
                    self._append(chat_id, {"kind": "message", "via": via, "message": message, "id": receipt["id"],
                                           "silent": silent, "request_id": request_id, "bubble": bubble})
            return sent

    def open_send(self, request_id: str, via: str, messages: list[dict], unit: str | None = None) -> Send:
        """Start counting a request's statistics; its deliveries add to it."""
        with self.lock:
            send = self.sends[request_id] = Send(via, self.now(), messages, unit)
            return send

    def delivery(self, chat_id: str, seq: int) -> dict | None:
        """The delivered message at `seq` in the chat, if there is one."""
        with self.lock:
            return next((entry for entry in self.timeline.get(chat_id, [])
                         if entry["seq"] == seq and entry["kind"] == "message"), None)

    def see(self, user_id: str, seq: int | None = None) -> list[dict]:
        """The user opens the chat and displays what they have not seen yet (or, with `seq`, scrolls
        back to one message). Each displayed bubble of a counted send is an impression."""
        with self.lock:
            displayed = self.displayed.setdefault(user_id, set())
            if seq is not None:
                entry = self.delivery(user_id, seq)
                shown = [] if entry is None else [entry]
            else:
                shown = [entry for entry in self.timeline.get(user_id, [])
                         if entry["kind"] == "message" and entry["seq"] not in displayed]
            for entry in shown:
                displayed.add(entry["seq"])
                if entry.get("request_id") in self.sends:
                    self.interactions.append(Interaction(entry["request_id"], user_id, entry["bubble"]))
            return shown

    def open_url(self, user_id: str, entry: dict, url: str) -> None:
        """The user taps a link in a delivered message (displaying it first, if they had not)."""
        with self.lock:
            if entry["seq"] not in self.displayed.get(user_id, set()):
                self.see(user_id, entry["seq"])
            if entry.get("request_id") in self.sends:
                self.interactions.append(Interaction(entry["request_id"], user_id, entry["bubble"], url))

    def current_seq(self) -> int:
        with self.lock:
            return self.seq

    def messages_after(self, chat_id: str, after: int, wait: float = 0.0) -> list[dict]:
        deadline = time.monotonic() + wait
        with self.lock:
            while True:
                found = [{key: entry[key] for key in ("seq", "via", "message", "at", "silent")}
                         for entry in self.timeline.get(chat_id, [])
                         if entry["kind"] == "message" and entry["seq"] > after]
                remaining = deadline - time.monotonic()
                if found or remaining <= 0:
                    return found
                self.lock.wait(remaining)

    def history(self, chat_id: str) -> list[dict]:
        with self.lock:
            return list(self.timeline.get(chat_id, []))

    # Tokens handed out with webhook events

    def issue_reply_token(self, chat_id: str) -> str:
        with self.lock:
            token = identifiers.reply_token()
            self.reply_tokens[token] = ReplyToken(chat_id, time.monotonic())
            return token

    def adopt_reply_token(self, token: str, chat_id: str) -> None:
        """Make a token from a hand-written event usable, unless it is already known."""
        with self.lock:
            self.reply_tokens.setdefault(token, ReplyToken(chat_id, time.monotonic()))

    def live_reply_token(self, token: str) -> ReplyToken | None:
        with self.lock:
            record = self.reply_tokens.get(token)
            if record is None or record.used:
                return None
            if time.monotonic() - record.issued_at > self.config.reply_token_ttl_seconds:
                return None
            return record

    def issue_mark_as_read_token(self, chat_id: str) -> str:
        with self.lock:
            token = identifiers.quote_token()
            self.mark_as_read_tokens[token] = chat_id
            return token

    # Retry keys: one accepted request per key for 24 hours

    def claim_retry_key(self, key: str, request_id: str) -> RetryKeyRecord | None:
        """None when the key is free (now held for this request), else the earlier holder."""
        now = time.monotonic()
        with self.lock:
            held = self.retry_keys.get(key)
            if held is not None and now - held.claimed_at < RETRY_KEY_LIFETIME_SECONDS:
                return held
            self.retry_keys[key] = RetryKeyRecord(request_id, now)
            return None

    def settle_retry_key(self, key: str, accepted: bool, sent_messages: list[dict] | None) -> None:
        with self.lock:
            record = self.retry_keys.get(key)
            if record is None or record.accepted:
                return
            if accepted:
                record.accepted, record.sent_messages = True, sent_messages
            else:
                del self.retry_keys[key]

    # Limits

    def within_rate_limit(self, method: str, path: str) -> bool:
        """Count this call against its function's limit (LINE's, or the tighter test override)."""
        limit = limit_for(method, path)
        requests, window = limit.requests, limit.per_seconds
        if self.config.rate_limit_per_second is not None and self.config.rate_limit_per_second < requests / window:
            requests, window = self.config.rate_limit_per_second, 1.0
        with self.lock:
            calls = self.recent_calls.setdefault(limit.function, deque())
            now = time.monotonic()
            while calls and now - calls[0] >= window:
                calls.popleft()
            if len(calls) >= requests:
                return False
            calls.append(now)
            return True

    def consume_quota(self, count: int) -> bool:
        """Count `count` billed messages; False (and nothing counted) when it would pass the quota."""
        with self.lock:
            quota = self.config.monthly_quota
            if quota is not None and count and self.monthly_usage + count > quota:
                return False
            self.monthly_usage += count
            return True

    def take_failure(self, path: str, after_accept: bool) -> InjectedFailure | None:
        with self.lock:
            for failure in self.failures:
                if failure.path == path and failure.after_accept == after_accept and failure.count > 0:
                    failure.count -= 1
                    return failure
            return None

    def log_request(self, entry: dict) -> None:
        with self.lock:
            self.requests.append(entry)


    # Keeping what matters across restarts

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "bot_user_id": self.config.bot_user_id, "seq": self.seq, "monthly_usage": self.monthly_usage,
                "users": [dataclasses.asdict(user) for user in self.users.values()],
                "groups": {group_id: group.as_json() for group_id, group in self.groups.items()},
                "timeline": self.timeline,
                "contents": {key: [_b64(data), kind] for key, (data, kind) in self.contents.items()},
                "rich_menus": {key: {"body": menu.body, "image": _b64(menu.image), "content_type": menu.content_type}
                               for key, menu in self.rich_menus.items()},
                "aliases": self.aliases, "default_rich_menu_id": self.default_rich_menu_id,
                "sent_by": {user_id: sorted(ids) for user_id, ids in self.sent_by.items()},
                "audiences": {str(key): sorted(users) for key, users in self.audiences.items()},
                "aggregation_units": self.aggregation_units,
            }

    def restore(self, saved: dict[str, Any]) -> None:
        with self.lock:
            self.reset()
            # The bot keeps its user id across restarts, as on LINE (it is the webhooks' destination).
            self.initial_config.bot_user_id = self.config.bot_user_id = saved["bot_user_id"]
            self.seq, self.monthly_usage = saved["seq"], saved["monthly_usage"]
            self.users = {user["user_id"]: SimulatedUser(**user) for user in saved["users"]}
            self.groups = {group_id: Group(group["name"], set(group["members"]), group["bot_joined"])
                           for group_id, group in saved["groups"].items()}
            self.timeline = saved["timeline"]
            self.contents = {key: (_unb64(data), kind) for key, (data, kind) in saved["contents"].items()}
            self.rich_menus = {key: RichMenu(menu["body"], _unb64(menu["image"]), menu["content_type"])
                               for key, menu in saved["rich_menus"].items()}
            self.aliases, self.default_rich_menu_id = saved["aliases"], saved["default_rich_menu_id"]
            self.sent_by = {user_id: set(ids) for user_id, ids in saved["sent_by"].items()}
            self.audiences = {int(key): set(users) for key, users in saved.get("audiences", {}).items()}
            self.aggregation_units = saved.get("aggregation_units", {})


def _b64(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(data).decode("ascii")


def _unb64(text: str | None) -> bytes | None:
    return None if text is None else base64.b64decode(text)


def current_state() -> EmulatorState:
    """The state of the emulator app serving the current request."""
    from flask import current_app

    return current_app.extensions["line_emulator"]
