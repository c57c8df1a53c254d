"""An event that fails on every attempt is parked as failed after MAX_ATTEMPTS, with its
error, shown to operators and alerted on; it is never re-queued forever."""
from __future__ import annotations

import json
import logging
import secrets
from datetime import timedelta

from click.testing import CliRunner
from rq import Queue, SimpleWorker
from sqlalchemy import select, update

from bot import clock
from bot.models import WebhookEvent
from handlers.events import ALERT_FAILED_PER_HOUR, MAX_ATTEMPTS, process_event
from sammachip.cli import main as cli
from workers import jobs
from workers.queues import WORKER_QUEUES


def _poison(rt, count: int) -> list[int]:
    """Events stored before the webhook checked them: a message that is a string, not an object."""
    with rt.db.session() as session:
        rows = [WebhookEvent(webhook_event_id=secrets.token_hex(13), event_type="message", source_type="user",
                             line_user_id="U" + "5" * 32, status="received", attempts=0,
                             received_at=clock.utcnow() - timedelta(minutes=5),
                             payload={"type": "message", "message": "hello", "replyToken": "a" * 32,
                                      "source": {"type": "user", "userId": "U" + "5" * 32}})
                for _ in range(count)]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def _leases_run_out(rt) -> None:
    with rt.db.session() as session:
        session.execute(update(WebhookEvent).where(WebhookEvent.status == "processing")
                        .values(locked_until=clock.utcnow() - timedelta(seconds=1)))


def _drain(rt) -> int:
    """Run every queued job; returns how many event jobs ran."""
    queues = [Queue(name, connection=rt.redis) for name in WORKER_QUEUES]
    waiting = sum(queue.count for queue in queues)
    SimpleWorker(queues, connection=rt.redis).work(burst=True)
    return waiting


def test_poison_events_are_parked_after_max_attempts_and_the_sweeper_stops(rt, caplog):
    ids = _poison(rt, 12)
    runs = 0
    for _ in range(MAX_ATTEMPTS + 3):  # more sweeps than attempts allowed
        jobs.sweep()
        runs += _drain(rt)
        _leases_run_out(rt)
    # import-linter's CLI (tests/test_layers.py) configures logging and disables existing loggers.
    logging.getLogger("workers.jobs").disabled = False
    with caplog.at_level(logging.ERROR):
        outcome = jobs.sweep()
    assert outcome["events"] == 0  # nothing left to re-queue
    assert runs == len(ids) * MAX_ATTEMPTS
    with rt.db.sessions() as session:
        parked = session.scalars(select(WebhookEvent).where(WebhookEvent.id.in_(ids))).all()
    assert {row.status for row in parked} == {"failed"}
    assert {row.attempts for row in parked} == {MAX_ATTEMPTS}
    assert all("AttributeError" in row.error for row in parked)
    assert outcome["failed_last_hour"] == len(ids) >= ALERT_FAILED_PER_HOUR
    assert any("ALERT" in record.message for record in caplog.records if record.levelno == logging.ERROR)
    assert process_event(rt, ids[0]) == []  # a stray job for a parked event does nothing


def test_event_whose_worker_dies_every_time_is_parked_by_the_sweeper(rt):
    [event_id] = _poison(rt, 1)
    with rt.db.session() as session:
        session.execute(update(WebhookEvent).where(WebhookEvent.id == event_id)
                        .values(status="processing", attempts=MAX_ATTEMPTS,
                                locked_until=clock.utcnow() - timedelta(seconds=1)))
    assert jobs.sweep()["parked"] == 1
    with rt.db.sessions() as session:
        row = session.get(WebhookEvent, event_id)
    assert row.status == "failed" and "worker lost" in row.error


def test_operators_see_parked_and_rejected_events(rt):
    [event_id] = _poison(rt, 1)
    for _ in range(MAX_ATTEMPTS):
        try:
            process_event(rt, event_id)
        except AttributeError:
            pass
        _leases_run_out(rt)
    result = CliRunner().invoke(cli, ["events", "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown["counts"] == {"failed": 1}
    assert shown["problems"][0]["id"] == event_id and "AttributeError" in shown["problems"][0]["error"]
