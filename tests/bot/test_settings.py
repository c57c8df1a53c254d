"""Production refuses to start half-configured; development needs nothing."""
import pytest

from bot.settings import Settings, SettingsError

PRODUCTION = {"SAMMACHIP_ENV": "production", "LINE_CHANNEL_SECRET": "s3cret", "LINE_CHANNEL_ACCESS_TOKEN": "t0ken",
              "REDIS_URL": "redis://cache:6379/0", "DATABASE_URL": "postgresql+psycopg://bot@db/bot",
              "SAMMACHIP_PERSON_KEY_SECRET": "k" * 40, "SAMMACHIP_SECRET_KEY": "a-long-random-console-key",
              "SAMMACHIP_CONSOLE_URL": "https://bot.example/console"}


def test_development_defaults_to_sqlite_embedded_redis_and_the_emulator():
    settings = Settings.from_env({})
    assert settings.database_url.startswith("sqlite:///") and settings.redis_url.startswith("unix://")
    assert settings.line_api_base == "http://127.0.0.1:5100" and settings.simulator_enabled


def test_production_with_everything_set_starts_against_line():
    settings = Settings.from_env(PRODUCTION)
    assert settings.line_api_base == "https://api.line.me"
    assert not settings.emulator_enabled and not settings.simulator_enabled


@pytest.mark.parametrize("missing", ["LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN", "REDIS_URL",
                                     "SAMMACHIP_PERSON_KEY_SECRET"])
def test_production_refuses_to_start_without(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    with pytest.raises(SettingsError, match=missing):
        Settings.from_env(env)


@pytest.mark.parametrize("switch", ["SAMMACHIP_EMULATOR", "SAMMACHIP_SIMULATOR"])
def test_production_refuses_the_emulator_or_simulator(switch):
    with pytest.raises(SettingsError, match="emulator and chat simulator"):
        Settings.from_env({**PRODUCTION, switch: "1"})


@pytest.mark.parametrize("value", ["prod", "live", "staging", "dev"])
def test_unknown_environment_is_refused_not_taken_for_development(value):
    with pytest.raises(SettingsError, match="SAMMACHIP_ENV"):
        Settings.from_env({**PRODUCTION, "SAMMACHIP_ENV": value})


def test_procfile_processes_refuse_development_settings_unless_the_dev_runner_starts_them():
    development = Settings.from_env({})
    with pytest.raises(SettingsError, match="SAMMACHIP_ENV=production"):
        development.refuse_development_outside_dev_runner({})
    development.refuse_development_outside_dev_runner({"SAMMACHIP_DEV_RUNNER": "1"})
    Settings.from_env(PRODUCTION).refuse_development_outside_dev_runner({})


def test_web_app_and_worker_refuse_to_start_in_development_outside_the_dev_runner(monkeypatch):
    from sammachip import create_app
    from sammachip.worker import Worker

    monkeypatch.delenv("SAMMACHIP_ENV", raising=False)
    monkeypatch.delenv("SAMMACHIP_DEV_RUNNER", raising=False)
    with pytest.raises(SettingsError):
        create_app()
    with pytest.raises(SettingsError):
        Worker.refuse_unsafe_settings()


@pytest.mark.parametrize("value", ["0", "-3", "๙๐", "ninety"])
def test_retention_must_be_whole_days(value):
    with pytest.raises(SettingsError, match="RETENTION"):
        Settings.from_env({"SAMMACHIP_RETENTION_DAYS": value})
