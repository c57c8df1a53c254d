"""One event's worth of conversation: who spoke, what they said, what we answer.

A flow adds replies and pushes to the turn; the handler writes them to the
outbox in the same transaction as every other change the flow made.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.line import outbox
from bot.line.messages import Message
from bot.models import LineUser, Person
from bot.runtime import Runtime

# LINE sends these in console verification requests; they can never be replied to.
DUMMY_REPLY_TOKENS = {"00000000000000000000000000000000", "ffffffffffffffffffffffffffffffff"}


@dataclass
class Turn:
    runtime: Runtime
    session: Session
    event: dict[str, Any]
    event_key: str
    user: LineUser | None = None
    replies: list[Message] = field(default_factory=list)
    pushes: list[tuple[str, str, list[Message]]] = field(default_factory=list)
    # Calls to LINE that are not messages (rich menu links), made once the turn is committed.
    after_commit: list[Callable[[], None]] = field(default_factory=list)
    _person: Any = field(default=False, repr=False)

    @property
    def person(self) -> Person | None:
        """The person this LINE account is linked to, if any."""
        if self._person is False:
            self._person = None if not self.user_id else self.session.scalar(
                select(Person).where(Person.line_user_id == self.user_id, Person.withdrawn_at.is_(None)))
        return self._person

    def forget_person(self) -> None:
        self._person = False

    @property
    def source(self) -> dict[str, Any]:
        source = self.event.get("source")
        return source if isinstance(source, dict) else {}

    @property
    def user_id(self) -> str | None:
        return self.source.get("userId")

    @property
    def in_group(self) -> bool:
        return self.source.get("type") in {"group", "room"}

    @property
    def chat_id(self) -> str | None:
        return self.source.get("groupId") or self.source.get("roomId") or self.user_id

    @property
    def text(self) -> str:
        message = self.event.get("message") or {}
        return (message.get("text") or "").strip() if message.get("type") == "text" else ""

    @property
    def postback_data(self) -> str:
        return str((self.event.get("postback") or {}).get("data") or "")

    @property
    def event_time(self) -> datetime:
        millis = self.event.get("timestamp")
        if isinstance(millis, (int, float)):
            return datetime.fromtimestamp(millis / 1000, tz=timezone.utc)
        return datetime.now(timezone.utc)

    def reply(self, *messages: Message) -> None:
        self.replies.extend(messages)

    def push(self, key: str, user_id: str, *messages: Message) -> None:
        """A message to someone else (an officer, a leader), sent once per key."""
        self.pushes.append((key, user_id, list(messages)))

    def queue_messages(self) -> list[int]:
        ids: list[int] = []
        token = self.event.get("replyToken")
        # A console verification event has no one behind it: nothing is sent at all.
        if self.replies and token not in DUMMY_REPLY_TOKENS:
            ids += outbox.queue_reply(self.session, f"reply:{self.event_key}", self.chat_id, token,
                                      self.event_time, self.replies)
        for key, user_id, messages in self.pushes:
            ids += outbox.queue_push(self.session, key, user_id, messages)
        return ids
