"""Signing in: passwords, the rate limit, CSRF, one-time links from chat, disabled accounts,
and the production rules for the secret key and cookies."""
from __future__ import annotations

import re
import secrets
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot import accounts, clock
from bot.models import ConsoleAccount, SignInLink
from bot.settings import Settings, SettingsError
from bot.texts import console as texts
from handlers import events
from tests.console.conftest import Officer, csrf_of
from tests.console.world import PASSWORD
from tests.flows.helpers import Chat


def test_a_wrong_password_is_refused_and_the_page_says_so_in_thai(app, world):
    officer = Officer(app.test_client())
    response = officer.sign_in(world.a.username, "wrong password!")
    assert response.status_code == 401
    assert texts.SIGN_IN_FAILED in response.get_data(as_text=True)
    assert officer.get("/console/").status_code == 302  # still signed out


def test_five_failures_lock_the_account_name_even_for_the_right_password(app, world):
    officer = Officer(app.test_client())
    for _ in range(5):
        assert officer.sign_in(world.a.username, "wrong password!").status_code == 401
    response = officer.sign_in(world.a.username, PASSWORD)
    assert response.status_code == 429
    assert "กรุณารอ" in response.get_data(as_text=True)
    # Another account from the same address is not locked by these five.
    assert Officer(app.test_client()).sign_in(world.b.username).status_code == 302


def test_a_form_without_its_csrf_token_changes_nothing(app, world):
    client = app.test_client()
    client.get("/console/sign-in")
    response = client.post("/console/sign-in", data={"username": world.a.username, "password": PASSWORD})
    assert response.status_code == 302 and "/console/sign-in" in response.headers["Location"]
    assert client.get("/console/").status_code == 302


def test_every_console_page_has_a_strict_csp_and_no_outside_assets(officer_of, world):
    response = officer_of(world.a.username).get("/console/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    html = response.get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_a_disabled_account_is_signed_out_at_its_next_page(rt, officer_of, world):
    officer = officer_of(world.a.username)
    with rt.db.session() as session:
        accounts.disable(session, world.a.username)
    assert officer.get("/console/").status_code == 302
    assert Officer(officer.client.application.test_client()).sign_in(world.a.username).status_code == 401


def _say(rt, user_id: str, text: str) -> list[dict]:
    chat = Chat(rt, user_id)
    event = chat._event("message", message={"id": secrets.token_hex(4), "type": "text", "text": text})
    return chat.turn(event, events.route)


def test_typing_the_word_in_chat_gives_a_single_use_link_valid_ten_minutes(rt, app, world):
    replies = _say(rt, world.a.users["officer"], texts.CONSOLE_WORD)
    url = re.search(r"(http\S+/console/link/\S+)", replies[0]["text"]).group(1)
    path = url[url.index("/console/"):]
    client = app.test_client()
    page = client.get(path)  # what LINE's link preview does: it must not use the link up
    token = csrf_of(page.get_data(as_text=True))
    assert client.post(path, data={"csrf_token": token}).status_code == 302
    assert world.a.mark in client.get("/console/missing/").get_data(as_text=True)
    other = app.test_client()
    token = csrf_of(other.get(path).get_data(as_text=True))
    response = other.post(path, data={"csrf_token": token})
    assert "/console/sign-in" in response.headers["Location"]  # used once already
    assert other.get("/console/").status_code == 302


def test_a_link_older_than_ten_minutes_signs_nobody_in(rt, app, world):
    with rt.db.session() as session:
        account = session.scalar(select(ConsoleAccount).where(ConsoleAccount.username == world.a.username))
        token = accounts.issue_link_token(session, account)
    with clock.frozen_at(clock.now() + timedelta(minutes=10, seconds=1)):
        with rt.db.session() as session:
            assert accounts.redeem_link_token(session, token) is None
    with rt.db.session() as session:
        assert session.scalar(select(SignInLink.used_at)) is None


def test_the_word_from_someone_without_an_account_gives_a_polite_no(rt, world):
    replies = _say(rt, world.a.users["household"], texts.CONSOLE_WORD)
    assert replies[0]["text"] == texts.CONSOLE_NO_ACCOUNT


def test_passwords_are_stored_only_as_argon2_hashes(rt, world):
    with rt.db.session() as session:
        stored = session.scalar(select(ConsoleAccount.password_hash).where(ConsoleAccount.username == world.admin))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_production_refuses_the_development_secret_key():
    env = {"SAMMACHIP_ENV": "production", "LINE_CHANNEL_SECRET": "s", "LINE_CHANNEL_ACCESS_TOKEN": "t",
           "REDIS_URL": "redis://cache:6379/0", "SAMMACHIP_CONSOLE_URL": "https://bot.example/console"}
    with pytest.raises(SettingsError, match="SAMMACHIP_SECRET_KEY"):
        Settings.from_env(env)
    with pytest.raises(SettingsError, match="SAMMACHIP_SECRET_KEY"):
        Settings.from_env({**env, "SAMMACHIP_SECRET_KEY": "dev-console-secret-not-for-production"})


def test_production_session_cookies_are_secure(rt):
    from sammachip import create_app

    settings = Settings(**{**vars(rt.settings), "env": "production", "console_secret_key": "k" * 40})
    app = create_app(settings)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    app.extensions["sammachip"].close()


def test_officers_command_adds_lists_and_disables_accounts(rt, world):
    from sammachip.cli import main

    runner = CliRunner()
    env = {"DATABASE_URL": rt.settings.database_url, "REDIS_URL": rt.settings.redis_url, "SAMMACHIP_ENV": "test"}
    with rt.db.session() as session:
        from bot.models import Person
        leader = session.get(Person, world.a.leader)
        leader.phone = "0812223333"
    result = runner.invoke(main, ["officers", "add", "0812223333", "--username", "leader-a", "--district", "เขื่องใน",
                                  "--password", "a long password"], env=env)
    assert result.exit_code == 0, result.output
    assert "a long password" not in result.output
    listed = runner.invoke(main, ["officers", "list"], env=env).output
    assert "leader-a" in listed and "อ.เขื่องใน" in listed
    assert runner.invoke(main, ["officers", "disable", "leader-a"], env=env).exit_code == 0
    assert "disabled" in runner.invoke(main, ["officers", "list"], env=env).output
    bad = runner.invoke(main, ["officers", "add", "0899999999", "--username", "x", "--district", "เขื่องใน",
                               "--password", "a long password"], env=env)
    assert bad.exit_code != 0 and "no single imported person" in bad.output


def test_the_word_in_a_village_group_never_posts_a_link(rt, world):
    chat = Chat(rt, world.a.users["officer"])
    event = chat._event("message", message={"id": "1", "type": "text", "text": texts.CONSOLE_WORD})
    event["source"] = {"type": "group", "groupId": "C" + secrets.token_hex(16), "userId": world.a.users["officer"]}
    replies = chat.turn(event, events.route)
    assert not any("/console/link/" in reply.get("text", "") for reply in replies)
    with rt.db.session() as session:
        assert session.scalar(select(SignInLink.id)) is None
