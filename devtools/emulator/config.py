"""The emulator's knobs, in one place, so tests and the CLI start it the same way.

The mutable copy lives in the emulator state: `/_emulator/config` changes that copy at
run time, and `/_emulator/reset` puts these start values back.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field


def _new_bot_user_id() -> str:
    return "U" + secrets.token_hex(16)


@dataclass
class EmulatorConfig:
    channel_secret: str
    access_token: str
    webhook_url: str | None  # the bot's `POST /callback`; None: no bot behind the emulator
    bot_user_id: str = field(default_factory=_new_bot_user_id)  # webhook `destination`
    bot_display_name: str = "น้องสัมมาชีพ"  # what users type after @ to mention the bot
    bot_basic_id: str = "@sammachip-dev"
    reply_token_ttl_seconds: float = 60.0
    latency_ms: int = 0
    monthly_quota: int | None = None
    rate_limit_per_second: float | None = None
    clock_offset_seconds: float = 0.0  # the platform's clock runs this far ahead (statistics by date)
