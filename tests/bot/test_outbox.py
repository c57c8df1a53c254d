"""The outbox against the LINE emulator: every message once, whatever fails."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import requests
from sqlalchemy import select

from bot import clock
from bot.line import messages as m
from bot.line import outbox
from bot.line.limits import MessageLimitError
from bot.models import OutboundMessage


def _user(rt, name="แม่บุญมี") -> str:
    response = requests.post(rt.settings.line_api_base + "/_emulator/users", json={"display_name": name}, timeout=5)
    return response.json()["user_id"]


def _delivered(rt, user_id) -> list[dict]:
    response = requests.get(rt.settings.line_api_base + f"/_emulator/users/{user_id}/messages", timeout=5)
    return [item["message"] for item in response.json()["messages"]]


def _configure(rt, **config):
    requests.post(rt.settings.line_api_base + "/_emulator/config", json=config, timeout=5).raise_for_status()


def _row(rt, outbox_id) -> OutboundMessage:
    with rt.db.sessions() as session:
        return session.get(OutboundMessage, outbox_id)


def _push(rt, key="k1", user_id=None, messages=None) -> list[int]:
    with rt.db.session() as session:
        return outbox.queue_push(session, key, user_id, messages or [m.text("สวัสดีค่ะ")])


def test_push_is_delivered_once_and_marked_sent(rt):
    user = _user(rt)
    [outbox_id] = _push(rt, user_id=user)
    assert outbox.deliver(rt, outbox_id) == "sent"
    assert outbox.deliver(rt, outbox_id) is None  # already sent: nothing to do
    assert [msg["text"] for msg in _delivered(rt, user)] == ["สวัสดีค่ะ"]


def test_same_cause_queued_twice_makes_one_row(rt):
    user = _user(rt)
    first = _push(rt, key="reminder:7:-15", user_id=user)
    second = _push(rt, key="reminder:7:-15", user_id=user)
    assert len(first) == 1 and second == []


def test_more_than_five_messages_are_split(rt):
    user = _user(rt)
    ids = _push(rt, key="many", user_id=user, messages=[m.text(f"ข้อ {n}") for n in range(7)])
    assert len(ids) == 2
    for outbox_id in ids:
        outbox.deliver(rt, outbox_id)
    assert [msg["text"] for msg in _delivered(rt, user)] == [f"ข้อ {n}" for n in range(7)]


def test_lost_response_is_retried_with_same_key_and_delivered_once(rt):
    """LINE accepted the push but the answer never came back: the retry gets 409, no duplicate."""
    user = _user(rt)
    _configure(rt, fail=[{"path": "/v2/bot/message/push", "status": 500, "count": 1, "after_accept": True}])
    [outbox_id] = _push(rt, user_id=user)
    assert outbox.deliver(rt, outbox_id) == "retry"
    with rt.db.session() as session:
        session.get(OutboundMessage, outbox_id).next_attempt_at = clock.utcnow() - timedelta(seconds=1)
    assert outbox.deliver(rt, outbox_id) == "sent"
    assert len(_delivered(rt, user)) == 1


def test_server_error_backs_off_then_delivers(rt):
    user = _user(rt)
    _configure(rt, fail=[{"path": "/v2/bot/message/push", "status": 503, "count": 2}])
    [outbox_id] = _push(rt, user_id=user)
    assert outbox.deliver(rt, outbox_id) == "retry"
    row = _row(rt, outbox_id)
    assert row.next_attempt_at > clock.utcnow()
    assert outbox.deliver(rt, outbox_id) is None  # not yet due
    for _ in range(2):
        with rt.db.session() as session:
            session.get(OutboundMessage, outbox_id).next_attempt_at = clock.utcnow() - timedelta(seconds=1)
        status = outbox.deliver(rt, outbox_id)
    assert status == "sent"
    assert len(_delivered(rt, user)) == 1


def test_monthly_quota_holds_the_message_for_officers(rt):
    user = _user(rt)
    _configure(rt, monthly_quota=0)
    [outbox_id] = _push(rt, user_id=user)
    assert outbox.deliver(rt, outbox_id) == "quota_exceeded"
    assert "monthly limit" in _row(rt, outbox_id).last_error
    assert _delivered(rt, user) == []


def test_rate_limit_is_retried_not_dropped(rt):
    user = _user(rt)
    _configure(rt, fail=[{"path": "/v2/bot/message/push", "status": 429, "count": 1}])
    [outbox_id] = _push(rt, user_id=user)
    assert outbox.deliver(rt, outbox_id) == "retry"


def test_worker_killed_mid_send_is_redelivered_without_duplicate(rt):
    """A worker claimed the row, LINE delivered, the worker died before recording it."""
    user = _user(rt)
    [outbox_id] = _push(rt, user_id=user)
    row = _row(rt, outbox_id)
    rt.line.push(user, row.messages, row.retry_key)  # what the dead worker got through
    with rt.db.session() as session:
        stuck = session.get(OutboundMessage, outbox_id)
        stuck.status, stuck.locked_until = "sending", clock.utcnow() - timedelta(seconds=1)
    with rt.db.sessions() as session:
        assert outbox.due_for_delivery(session, clock.utcnow()) == [outbox_id]
    assert outbox.deliver(rt, outbox_id) == "sent"
    assert len(_delivered(rt, user)) == 1


def test_row_held_by_a_live_worker_is_not_sent_again(rt):
    user = _user(rt)
    [outbox_id] = _push(rt, user_id=user)
    with rt.db.session() as session:
        held = session.get(OutboundMessage, outbox_id)
        held.status, held.locked_until = "sending", clock.utcnow() + timedelta(seconds=30)
    assert outbox.deliver(rt, outbox_id) is None
    assert _delivered(rt, user) == []


def _event_reply(rt, user, age=timedelta(0), key="reply:e1"):
    # The emulator issues a live reply token with each event it sends (no bot behind it here).
    sent = requests.post(rt.settings.line_api_base + f"/_emulator/users/{user}/events",
                         json={"type": "text", "text": "ถาม"}, timeout=5)
    token = sent.json()["event"]["replyToken"]
    with rt.db.session() as session:
        # LINE's timestamp is real time, whatever the business clock says.
        event_time = datetime.now(timezone.utc) - age
        return outbox.queue_reply(session, key, user, token, event_time, [m.text("ตอบค่ะ")]), token


def test_old_event_is_answered_by_push(rt):
    user = _user(rt)
    [outbox_id], _ = _event_reply(rt, user, age=timedelta(seconds=55))
    assert outbox.deliver(rt, outbox_id) == "sent"
    assert _row(rt, outbox_id).kind == "push"
    assert len(_delivered(rt, user)) == 1


def test_used_reply_token_after_crash_is_not_pushed_again(rt):
    """The reply went out, the worker died before recording it; the retry must not push a copy."""
    user = _user(rt)
    [outbox_id], token = _event_reply(rt, user)
    rt.line.reply(token, [m.text("ตอบค่ะ")])
    with rt.db.session() as session:
        row = session.get(OutboundMessage, outbox_id)
        row.status, row.reply_maybe_used = "sending", True
        row.locked_until = clock.utcnow() - timedelta(seconds=1)
    assert outbox.deliver(rt, outbox_id) == "sent"
    assert len(_delivered(rt, user)) == 1


def test_reply_token_refused_before_use_falls_back_to_push(rt):
    user = _user(rt)
    with rt.db.session() as session:
        [outbox_id] = outbox.queue_reply(session, "reply:e2", user, "f" * 32 + "0", clock.utcnow(), [m.text("ตอบค่ะ")])
    assert outbox.deliver(rt, outbox_id) == "sent"
    assert _row(rt, outbox_id).kind == "push"
    assert len(_delivered(rt, user)) == 1


def test_message_over_line_limits_is_refused_before_queueing(rt):
    user = _user(rt)
    too_many_chips = m.text("เลือกค่ะ", [m.say(f"ข้อ {n}") for n in range(14)])
    with pytest.raises(MessageLimitError):
        _push(rt, key="bad", user_id=user, messages=[too_many_chips])
    with pytest.raises(MessageLimitError):
        _push(rt, key="bad2", user_id=user, messages=[m.text("x" * 5001)])
    with rt.db.sessions() as session:
        assert session.scalars(select(OutboundMessage)).all() == []


def test_push_at_night_arrives_silently_and_by_day_with_a_sound(rt):
    user = _user(rt)
    for moment, key in (("2026-11-27T22:30", "night"), ("2026-11-28T09:00", "day")):
        with clock.frozen_at(moment):
            [outbox_id] = _push(rt, key=key, user_id=user)
            assert outbox.deliver(rt, outbox_id) == "sent"
    items = requests.get(rt.settings.line_api_base + f"/_emulator/users/{user}/messages", timeout=5).json()["messages"]
    assert [item["silent"] for item in items] == [True, False]


def test_claimed_rows_whose_lease_runs_low_are_left_for_the_sweeper_and_sent_once(rt):
    """A turn's rows are claimed in its commit and sent after it; when sending the first ones
    took so long that a later row's lease is nearly out, that row waits for the sweeper's
    claim instead of racing it."""
    user = _user(rt)
    start = clock.utcnow()
    with clock.frozen_at(start):
        with rt.db.session() as session:
            ids = outbox.queue_push(session, "slow", user, [m.text("หนึ่ง")]) + \
                outbox.queue_push(session, "slow-2", user, [m.text("สอง")])
            claimed = outbox.claim_queued(session, ids)
    assert [row.status for row in claimed] == ["sending", "sending"]
    with clock.frozen_at(start + outbox.LEASE - outbox.SEND_WITHIN_LEASE + timedelta(seconds=1)):
        outbox.deliver_claimed(rt, claimed)
    assert _delivered(rt, user) == []
    assert [_row(rt, outbox_id).status for outbox_id in ids] == ["sending", "sending"]
    with clock.frozen_at(start + outbox.LEASE + timedelta(seconds=1)):
        with rt.db.sessions() as session:
            assert outbox.due_for_delivery(session, clock.utcnow()) == ids
        assert [outbox.deliver(rt, outbox_id) for outbox_id in ids] == ["sent", "sent"]
        assert [outbox.deliver(rt, outbox_id) for outbox_id in ids] == [None, None]
    assert [msg["text"] for msg in _delivered(rt, user)] == ["หนึ่ง", "สอง"]
