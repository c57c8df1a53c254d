"""Guessing invite codes: per user (atomic, with its window), per code and for everybody,
so rotating LINE user ids does not get a guesser more tries; a burst raises an alert."""
from __future__ import annotations

import logging
import secrets

from bot.people import invites


def _user() -> str:
    return "U" + secrets.token_hex(16)


def test_user_tries_are_counted_with_their_window_in_one_step(rt):
    user = _user()
    allowed = [invites.may_try(rt.redis, user, "ACD34E") for _ in range(invites.TRIES_PER_USER + 1)]
    assert allowed == [True] * invites.TRIES_PER_USER + [False]
    assert 0 < rt.redis.ttl(f"link-tries:user:{user}") <= invites.TRY_WINDOW_SECONDS


def test_one_code_tried_from_many_accounts_is_locked(rt):
    for _ in range(invites.FAILURES_PER_CODE):
        assert invites.may_try(rt.redis, _user(), "ACD34E")
        invites.record_failure(rt.redis, "ACD34E")
    assert not invites.may_try(rt.redis, _user(), "ACD34E")  # a fresh account does not help
    assert invites.may_try(rt.redis, _user(), "KMN679")  # other codes still work


def test_a_burst_of_failures_alerts_and_then_pauses_linking_for_everybody(rt, caplog):
    logging.getLogger("bot.people.invites").disabled = False  # see tests/test_poison_events.py
    with caplog.at_level(logging.ERROR, logger="bot.people.invites"):
        for n in range(invites.FAILURES_EVERYWHERE):
            invites.record_failure(rt.redis, None)
    alerts = [record.message for record in caplog.records if "ALERT" in record.message]
    assert len(alerts) == 2 and "paused" in alerts[-1]
    assert not invites.may_try(rt.redis, _user(), "KMN679")
