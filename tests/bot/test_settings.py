"""Production refuses to start half-configured; development needs nothing."""
import pytest

from bot.settings import Settings, SettingsError

PRODUCTION = {"SAMMACHIP_ENV": "production", "LINE_CHANNEL_SECRET": "s3cret", "LINE_CHANNEL_ACCESS_TOKEN": "t0ken",
              "REDIS_URL": "redis://cache:6379/0", "DATABASE_URL": "postgresql+psycopg://bot@db/bot",
              "SAMMACHIP_SECRET_KEY": "a-long-random-console-key", "SAMMACHIP_CONSOLE_URL": "https://bot.example/console"}


def test_development_defaults_to_sqlite_embedded_redis_and_the_emulator():
    settings = Settings.from_env({})
    assert settings.database_url.startswith("sqlite:///") and settings.redis_url.startswith("unix://")
    assert settings.line_api_base == "http://127.0.0.1:5100" and settings.simulator_enabled


def test_production_with_everything_set_starts_against_line():
    settings = Settings.from_env(PRODUCTION)
    assert settings.line_api_base == "https://api.line.me"
    assert not settings.emulator_enabled and not settings.simulator_enabled


@pytest.mark.parametrize("missing", ["LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "REDIS_URL"])
def test_production_refuses_to_start_without(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    with pytest.raises(SettingsError, match=missing):
        Settings.from_env(env)


@pytest.mark.parametrize("switch", ["SAMMACHIP_EMULATOR", "SAMMACHIP_SIMULATOR"])
def test_production_refuses_the_emulator_or_simulator(switch):
    with pytest.raises(SettingsError, match="emulator and chat simulator"):
        Settings.from_env({**PRODUCTION, switch: "1"})
