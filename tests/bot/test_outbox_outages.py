"""Answers under reply outages and rate limits: every one delivered exactly once.

Time is moved, not waited for: an event's timestamp is set back (the reply-token age
is LINE's timestamp against real time) and the emulator's token lifetime shortened,
which is what 75 seconds of waiting would do to both.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import requests
from sqlalchemy import select, update

from bot import clock
from bot.line import messages as m
from bot.line import outbox
from bot.models import OutboundMessage

REPLY_PATH = "/v2/bot/message/reply"


def _configure(rt, **config):
    requests.post(rt.settings.line_api_base + "/_emulator/config", json=config, timeout=5).raise_for_status()


def _user(rt) -> str:
    return requests.post(rt.settings.line_api_base + "/_emulator/users", json={"display_name": "แม่บุญมี"},
                         timeout=5).json()["user_id"]


def _delivered(rt, user_id) -> list[str]:
    items = requests.get(rt.settings.line_api_base + f"/_emulator/users/{user_id}/messages", timeout=5).json()
    return [item["message"]["text"] for item in items["messages"]]


def _answers(rt, count: int) -> dict[int, str]:
    """`count` users each asked something just now; their answers wait as replies. {outbox id: user}."""
    rows = {}
    for n in range(count):
        user = _user(rt)
        sent = requests.post(rt.settings.line_api_base + f"/_emulator/users/{user}/events",
                             json={"type": "text", "text": "ถาม"}, timeout=5).json()["event"]
        event_time = datetime.fromtimestamp(sent["timestamp"] / 1000, tz=timezone.utc)
        with rt.db.session() as session:
            [outbox_id] = outbox.queue_reply(session, f"reply:e{n}", user, sent["replyToken"], event_time,
                                             [m.text(f"ตอบข้อ {n} ค่ะ")])
        rows[outbox_id] = user
    return rows


def _deliver_due(rt, ids) -> None:
    """One sweep: every unsent row is due now (its back-off passed)."""
    with rt.db.session() as session:
        session.execute(update(OutboundMessage).where(OutboundMessage.id.in_(list(ids)))
                        .values(next_attempt_at=clock.utcnow() - timedelta(seconds=1)))
    for outbox_id in ids:
        outbox.deliver(rt, outbox_id)


def _time_passes(rt, seconds: int) -> None:
    """The events are now `seconds` older, and LINE's reply tokens (a minute) have lapsed with them."""
    with rt.db.session() as session:
        for row in session.scalars(select(OutboundMessage)):
            if row.event_timestamp is not None:
                row.event_timestamp = row.event_timestamp - timedelta(seconds=seconds)
    if seconds >= 60:
        _configure(rt, reply_token_ttl_seconds=0.001)  # lapsed at once


def _statuses(rt) -> dict[int, str]:
    with rt.db.sessions() as session:
        return dict(session.execute(select(OutboundMessage.id, OutboundMessage.status)).all())


def test_every_answer_arrives_once_after_a_75_second_reply_outage(rt):
    rows = _answers(rt, 20)
    # The reply endpoint answers 5xx for the whole outage: LINE refused every attempt.
    _configure(rt, fail=[{"path": REPLY_PATH, "status": status, "count": 10**6} for status in (500, 502, 503)])
    for _ in range(5):  # 75 seconds of retries
        _deliver_due(rt, [i for i, status in _statuses(rt).items() if status != "sent"])
        _time_passes(rt, 15)
    _configure(rt, fail=[])  # the outage is over; the tokens are long gone
    _deliver_due(rt, [i for i, status in _statuses(rt).items() if status != "sent"])
    assert set(_statuses(rt).values()) == {"sent"}
    for outbox_id, user in rows.items():
        assert len(_delivered(rt, user)) == 1, outbox_id


def test_every_answer_arrives_once_under_a_one_call_a_second_rate_limit(rt):
    rows = _answers(rt, 40)
    _configure(rt, rate_limit_per_second=1)
    for _ in range(3):  # a burst: nearly every call is refused with 429
        _deliver_due(rt, rows)
    _time_passes(rt, 61)
    _configure(rt, rate_limit_per_second=None)
    for _ in range(2):
        _deliver_due(rt, [i for i, status in _statuses(rt).items() if status != "sent"])
    assert set(_statuses(rt).values()) == {"sent"}
    assert sorted(len(_delivered(rt, user)) for user in rows.values()) == [1] * 40


def test_reply_with_no_answer_then_an_expired_token_is_marked_unknown_not_sent(rt):
    """The connection dropped after the request went out: LINE may have shown it, or not.
    Pushing could show it twice, calling it sent could hide a loss: it is counted as unknown."""
    [(outbox_id, user)] = _answers(rt, 1).items()
    _configure(rt, fail=[{"path": REPLY_PATH, "drop": True, "count": 1}])
    outbox.deliver(rt, outbox_id)
    assert _statuses(rt)[outbox_id] == "retry"
    _time_passes(rt, 75)
    _deliver_due(rt, [outbox_id])
    assert _statuses(rt)[outbox_id] == "unknown"
    assert _delivered(rt, user) == []


def test_reply_token_age_is_real_time_even_when_the_business_clock_is_moved(rt):
    """A demo with SAMMACHIP_NOW months ahead still answers by reply, not by push."""
    [(outbox_id, user)] = _answers(rt, 1).items()
    with clock.frozen_at("2027-03-01T10:00"):
        assert outbox.deliver(rt, outbox_id) == "sent"
    with rt.db.sessions() as session:
        assert session.get(OutboundMessage, outbox_id).kind == "reply"
    assert len(_delivered(rt, user)) == 1
