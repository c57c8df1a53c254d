"""Faults lose nothing and send nothing twice: a database down at the webhook, a turn that
fails half-way and is run again."""
from __future__ import annotations

from datetime import timedelta

from redis import Redis
from rq import Queue
from sqlalchemy import func, select

from bot import clock, texts
from bot.db import Database
from bot.models import Consent, Conversation, LineUser, OutboundMessage, WebhookEvent
from handlers.events import process_event
from tests.signing import body_of, post, text_event
from workers.queues import EVENTS

DEAD_REDIS = "redis://127.0.0.1:1"


def _count(rt, model) -> int:
    with rt.db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_webhook_answers_500_when_the_database_is_down_so_line_redelivers(app, rt):
    real = rt.db
    rt.__dict__["db"] = Database("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
    try:
        response = post(app.test_client(), body_of(text_event()))
    finally:
        rt.__dict__["db"].dispose()
        rt.__dict__["db"] = real
    assert response.status_code == 500
    assert Queue(EVENTS, connection=rt.redis).count == 0  # nothing handed on that was not stored


def test_turn_that_fails_half_way_leaves_nothing_and_replies_once_when_run_again(client, rt):
    user = "U" + "7" * 32
    with rt.db.session() as session:
        session.add(LineUser(line_user_id=user, following=True))
        session.add(Consent(line_user_id=user, notice_version=texts.CONSENT_NOTICE_VERSION, agreed=True,
                            answered_at=clock.utcnow()))
    event = text_event(user_id=user, text="รหัส K7QP3X")  # a code: counted against the hourly limit in Redis
    assert post(client, body_of(event)).status_code == 200
    with rt.db.sessions() as session:
        event_row = session.scalar(select(WebhookEvent.id))

    working = rt.__dict__["redis"]
    rt.__dict__["redis"] = Redis.from_url(DEAD_REDIS, socket_connect_timeout=0.2)
    try:
        process_event(rt, event_row)
        raise AssertionError("the turn should have failed with Redis down")
    except Exception as error:
        assert "Connection" in type(error).__name__ or "connect" in str(error).lower()
    finally:
        rt.__dict__["redis"] = working
    with rt.db.sessions() as session:
        failed = session.get(WebhookEvent, event_row)
        assert failed.status == "processing" and failed.error
    assert _count(rt, OutboundMessage) == 0 and _count(rt, Conversation) == 0  # nothing half done

    with rt.db.session() as session:  # the lease runs out; the sweeper runs the turn again
        session.get(WebhookEvent, event_row).locked_until = clock.utcnow() - timedelta(seconds=1)
    assert len(process_event(rt, event_row)) == 1
    assert process_event(rt, event_row) == []  # done: a third run does nothing
    with rt.db.sessions() as session:
        [reply] = session.scalars(select(OutboundMessage)).all()
        assert texts.LINK_CODE_WRONG in reply.messages[0]["text"]
        assert session.get(WebhookEvent, event_row).status == "done"
