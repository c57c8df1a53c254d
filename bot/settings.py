"""Settings come from the environment only, so every process of a deployment agrees."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TIMEZONE = ZoneInfo("Asia/Bangkok")

# The emulator's development credentials: never valid on the real LINE platform.
DEV_CHANNEL_SECRET = "dev-channel-secret-not-for-production"
DEV_CHANNEL_ACCESS_TOKEN = "dev-channel-access-token-not-for-production"
DEV_EMULATOR_URL = "http://127.0.0.1:5100"
DEV_PERSON_KEY_SECRET = "dev-person-key-secret-not-for-production"
ENVIRONMENTS = ("development", "test", "production")
# Set by `sammachip dev` for the processes it starts: the only place development may run them.
DEV_RUNNER_FLAG = "SAMMACHIP_DEV_RUNNER"
# Signs the console's session cookies in development only; production refuses it.
DEV_CONSOLE_SECRET = "dev-console-secret-not-for-production"
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
    # Key of the hash that matches imported people (person_key): kept out of the source,
    # so a stolen database cannot be matched to phone numbers by trying them all.
    person_key_secret: str = DEV_PERSON_KEY_SECRET
    # Event payloads and delivered message bodies are redacted after this many days.
    retention_days: int = 90
    # Officers' console: the session-signing key, and where LINE photos and slips are kept.
    console_secret_key: str = DEV_CONSOLE_SECRET
    # The console's public address, for the sign-in links sent in chat.
    console_url: str = "http://127.0.0.1:5000/console"
    media_dir: Path | None = None
    # Object storage instead of the folder: s3://bucket/prefix, and the endpoint of a non-AWS service.
    media_url: str | None = None
    media_endpoint: str | None = None

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def media_folder(self) -> Path:
        return self.media_dir or self.instance_dir / "media"

    @classmethod
    def from_env(cls, env: dict | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        mode = (env.get("SAMMACHIP_ENV") or "development").strip().lower()
        if mode not in ENVIRONMENTS:
            # "prod" must not quietly mean development, with its public secrets.
            raise SettingsError(f"SAMMACHIP_ENV={mode!r} is not one of {', '.join(ENVIRONMENTS)}")
        production = mode == "production"
        retention = env.get("SAMMACHIP_RETENTION_DAYS") or "90"
        if not retention.isascii() or not retention.isdigit() or int(retention) < 1:
            raise SettingsError(f"SAMMACHIP_RETENTION_DAYS must be a whole number of days, not {retention!r}")
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
            person_key_secret=env.get("SAMMACHIP_PERSON_KEY_SECRET") or ("" if production else DEV_PERSON_KEY_SECRET),
            retention_days=int(retention),
            console_secret_key=env.get("SAMMACHIP_SECRET_KEY") or ("" if production else DEV_CONSOLE_SECRET),
            media_dir=Path(env["SAMMACHIP_MEDIA_DIR"]) if env.get("SAMMACHIP_MEDIA_DIR") else None,
            media_url=env.get("SAMMACHIP_MEDIA_URL") or None,
            media_endpoint=env.get("SAMMACHIP_MEDIA_ENDPOINT") or None,
            console_url=(env.get("SAMMACHIP_CONSOLE_URL") or ("" if production else cls.console_url)).rstrip("/"),
        )
        settings.check()
        return settings

    def refuse_development_outside_dev_runner(self, env: dict | None = None) -> None:
        """The Procfile's processes (web, worker, cron) never run with development settings:
        an unset SAMMACHIP_ENV there would mean the public dev secret and the simulator."""
        env = os.environ if env is None else env
        if self.env == "development" and not env.get(DEV_RUNNER_FLAG):
            raise SettingsError("development settings outside `sammachip dev`: set SAMMACHIP_ENV=production "
                                "(and its settings) for the Procfile's processes")

    def check(self) -> None:
        if self.media_url and not re.fullmatch(r"s3://[a-z0-9][a-z0-9.\-]{1,62}(/[^\s]*)?", self.media_url):
            raise SettingsError("SAMMACHIP_MEDIA_URL must look like s3://bucket/prefix")
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
        if len(self.person_key_secret) < 32 or self.person_key_secret == DEV_PERSON_KEY_SECRET:
            problems.append("SAMMACHIP_PERSON_KEY_SECRET (32 characters or more) is required in production")
        if not self.console_secret_key or self.console_secret_key == DEV_CONSOLE_SECRET:
            problems.append("SAMMACHIP_SECRET_KEY is required in production (not the development key)")
        if not self.console_url.startswith("https://"):
            problems.append("SAMMACHIP_CONSOLE_URL (https://...) is required in production")
        if problems:
            raise SettingsError("; ".join(problems))
