"""LINE's documented message limits, checked before anything is queued.

A message LINE would refuse with 400 is a bug in the bot: failing here, at the
line that built it, beats a silent failure in a worker later.
"""
from __future__ import annotations

from typing import Any

MAX_MESSAGES_PER_REQUEST = 5
MAX_MULTICAST_RECIPIENTS = 500


class MessageLimitError(ValueError):
    def __init__(self, details: list[dict[str, str]]):
        self.details = details
        super().__init__("; ".join(f"{d['property']}: {d['message']}" for d in details))


def check_messages(messages: list[dict[str, Any]]) -> None:
    from bot.emulator.limits import validate_messages

    details = validate_messages(messages)
    if details:
        raise MessageLimitError(details)
