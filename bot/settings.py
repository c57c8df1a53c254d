"""Settings come from the environment only, so every process of a deployment agrees."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TIMEZONE = ZoneInfo("Asia/Bangkok")

# The emulator's development credentials: never valid on the real LINE platform.
DEV_CHANNEL_SECRET = "dev-channel-secret-not-for-production"
DEV_CHANNEL_ACCESS_TOKEN = "dev-channel-access-token-not-for-production"
DEV_EMULATOR_URL = "http://127.0.0.1:5100"
# LINE serves message content and rich-menu images from a separate data host; so does the emulator.
DEV_EMULATOR_DATA_URL = "http://127.0.0.1:5101"
LINE_API_URL = "https://api.line.me"
LINE_DATA_API_URL = "https://api-data.line.me"


class SettingsError(RuntimeError):
    """The environment does not describe a deployment that may start."""


def _flag(env: dict, name: str, default: bool) -> bool:
    value = env.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    env: str = "development"
    instance_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "instance")
    database_url: str = ""
    redis_url: str = ""
    line_channel_secret: str = DEV_CHANNEL_SECRET
    line_channel_access_token: str = DEV_CHANNEL_ACCESS_TOKEN
    line_api_base: str = DEV_EMULATOR_URL
    line_data_api_base: str = DEV_EMULATOR_DATA_URL
    emulator_enabled: bool = True
    simulator_enabled: bool = True
    # When leaders' weekly reports are due (Bangkok time): the first nudge goes then.
    weekly_report_due: str = "fri 17:00"
    # The official account's basic ID (like @sammachip): invite QR codes open a chat with it.
    line_basic_id: str = "@sammachip-dev"

    @property
    def production(self) -> bool:
        return self.env == "production"

    @classmethod
    def from_env(cls, env: dict | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        mode = env.get("SAMMACHIP_ENV", "development").strip().lower()
        production = mode == "production"
        instance_dir = Path(env.get("SAMMACHIP_INSTANCE_DIR") or PROJECT_ROOT / "instance")
        settings = cls(
            env=mode,
            instance_dir=instance_dir,
            database_url=env.get("DATABASE_URL") or f"sqlite:///{instance_dir / 'sammachip.sqlite3'}",
            # Without REDIS_URL, development uses the embedded server the dev runner starts.
            redis_url=env.get("REDIS_URL") or ("" if production else f"unix://{instance_dir / 'redis' / 'redis.sock'}"),
            line_channel_secret=env.get("LINE_CHANNEL_SECRET") or ("" if production else DEV_CHANNEL_SECRET),
            line_channel_access_token=env.get("LINE_CHANNEL_ACCESS_TOKEN")
            or ("" if production else DEV_CHANNEL_ACCESS_TOKEN),
            line_api_base=(env.get("LINE_API_BASE") or (LINE_API_URL if production else DEV_EMULATOR_URL)).rstrip("/"),
            line_data_api_base=(env.get("LINE_DATA_API_BASE")
                                or (LINE_DATA_API_URL if production else DEV_EMULATOR_DATA_URL)).rstrip("/"),
            emulator_enabled=_flag(env, "SAMMACHIP_EMULATOR", not production),
            simulator_enabled=_flag(env, "SAMMACHIP_SIMULATOR", not production),
            line_basic_id=env.get("LINE_BOT_BASIC_ID") or "@sammachip-dev",
            weekly_report_due=env.get("SAMMACHIP_WEEKLY_REPORT_DUE") or "fri 17:00",
        )
        settings.check()
        return settings

    def check(self) -> None:
        if not self.production:
            return
        problems = []
        if not self.line_channel_secret or self.line_channel_secret == DEV_CHANNEL_SECRET:
            problems.append("LINE_CHANNEL_SECRET is required in production")
        if not self.line_channel_access_token or self.line_channel_access_token == DEV_CHANNEL_ACCESS_TOKEN:
            problems.append("LINE_CHANNEL_ACCESS_TOKEN is required in production")
        if self.emulator_enabled or self.simulator_enabled:
            problems.append("the LINE emulator and chat simulator must be off in production")
        if not self.redis_url:
            problems.append("REDIS_URL is required in production")
        if problems:
            raise SettingsError("; ".join(problems))
