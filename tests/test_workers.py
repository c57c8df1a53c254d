"""Real RQ workers: a Redis that lost its jobs loses no message, a worker killed in the
middle of a send sends nothing twice, and a job that takes the events waiting behind it
answers each once, even when one of them fails or the worker dies."""
from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from rq import Queue, SimpleWorker
from sqlalchemy import select, update

from bot import clock, texts
from bot.line import messages as m
from bot.line import outbox
from bot.models import Consent, LineUser, OutboundMessage, WebhookEvent
from sammachip import worker  # noqa: F401 - imported, as the pool's parent does before it forks
from tests.signing import body_of, post, text_event
from workers import jobs
from workers.queues import EVENTS, WORKER_QUEUES

ROOT = Path(__file__).resolve().parent.parent


def _user(rt) -> str:
    return requests.post(rt.settings.line_api_base + "/_emulator/users", json={"display_name": "ป้าจันทร์"},
                         timeout=5).json()["user_id"]


def _delivered(rt, user_id) -> list[dict]:
    return requests.get(rt.settings.line_api_base + f"/_emulator/users/{user_id}/messages", timeout=5).json()["messages"]


def _queue_push(rt, user_id: str, key: str) -> int:
    with rt.db.session() as session:
        [outbox_id] = outbox.queue_push(session, key, user_id, [m.text("ใกล้ถึงวันชำระแล้วค่ะ")])
        # Written a minute ago: long enough for the sweeper to call it stranded.
        session.get(OutboundMessage, outbox_id).created_at = clock.utcnow() - timedelta(minutes=1)
    return outbox_id


def _drain(rt) -> None:
    SimpleWorker([Queue(name, connection=rt.redis) for name in WORKER_QUEUES],
                 connection=rt.redis).work(burst=True)


def test_a_worker_forked_by_the_pool_freezes_what_it_inherited():
    """Its first full collection must not walk, and so copy, the pages it shares with the parent."""
    tracked = len(gc.get_objects())
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the pool's worker, before it does anything else
        os.write(write_end, str(gc.get_freeze_count()).encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        frozen_in_child = int(pipe.read())
    os.waitpid(pid, 0)
    assert frozen_in_child >= tracked * 0.9
    assert gc.get_freeze_count() == 0  # the parent, here the test process, collects as before


def test_sweeper_sends_what_a_redis_that_lost_its_data_forgot(rt):
    user = _user(rt)
    outbox_id = _queue_push(rt, user, "reminder:1:-7")
    rt.redis.flushdb()  # the job that would have sent it is gone
    assert jobs.sweep() == {"events": 0, "messages": 1, "parked": 0, "failed_last_hour": 0}
    assert jobs.sweep()["messages"] == 1  # a second cron run enqueues again...
    _drain(rt)
    assert len(_delivered(rt, user)) == 1  # ...and still one message arrives
    with rt.db.sessions() as session:
        assert session.get(OutboundMessage, outbox_id).status == "sent"


def _start_worker(rt) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=rt.settings.database_url, REDIS_URL=rt.settings.redis_url,
               LINE_API_BASE=rt.settings.line_api_base, SAMMACHIP_ENV="test")
    return subprocess.Popen([str(Path(sys.executable).parent / "rq"), "worker", "--worker-class",
                             "sammachip.worker.Worker", "--url", rt.settings.redis_url, "send"],
                            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _kill_with_children(pid: int) -> None:
    """SIGKILL the worker and its work horse (RQ forks the horse into a session of its own)."""
    for child in _children(pid):
        os.kill(child, signal.SIGKILL)
    os.killpg(pid, signal.SIGKILL)


def _status(rt, outbox_id: int) -> str:
    with rt.db.sessions() as session:
        return session.get(OutboundMessage, outbox_id).status


def test_worker_killed_mid_send_delivers_once(rt):
    user = _user(rt)
    # LINE takes 3 s to answer: ample time to kill the worker while the push is in flight.
    requests.post(rt.settings.line_api_base + "/_emulator/config", json={"latency_ms": 3000}, timeout=5)
    outbox_id = _queue_push(rt, user, "reminder:2:0")
    worker = _start_worker(rt)
    try:
        rt.dispatch.deliver(outbox_id)
        deadline = time.monotonic() + 20
        while _status(rt, outbox_id) != "sending" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _status(rt, outbox_id) == "sending"
        time.sleep(1.0)  # claimed, so the push left a moment ago
    finally:
        _kill_with_children(worker.pid)
        worker.wait()
    time.sleep(2.5)  # LINE finishes the request the dead worker started
    requests.post(rt.settings.line_api_base + "/_emulator/config", json={"latency_ms": 0}, timeout=5)
    assert len(_delivered(rt, user)) == 1
    with rt.db.session() as session:  # the dead worker's lease runs out
        session.get(OutboundMessage, outbox_id).locked_until = clock.utcnow() - timedelta(seconds=1)
    assert jobs.sweep()["messages"] == 1
    _drain(rt)
    assert _status(rt, outbox_id) == "sent"
    assert len(_delivered(rt, user)) == 1  # the retry key made LINE answer 409, not deliver again


def test_connection_dropped_by_line_is_retried(rt):
    user = _user(rt)
    requests.post(rt.settings.line_api_base + "/_emulator/config",
                  json={"fail": [{"path": "/v2/bot/message/push", "drop": True, "count": 1}]}, timeout=5)
    outbox_id = _queue_push(rt, user, "reminder:3:0")
    assert outbox.deliver(rt, outbox_id) == "retry"
    with rt.db.session() as session:
        session.get(OutboundMessage, outbox_id).next_attempt_at = clock.utcnow() - timedelta(seconds=1)
    assert outbox.deliver(rt, outbox_id) == "sent"
    assert len(_delivered(rt, user)) == 1


def _known_user(rt) -> str:
    """An emulator user the bot knows, with consent given, so "เมนู" gets one plain answer."""
    user = _user(rt)
    with rt.db.session() as session:
        session.add(LineUser(line_user_id=user, following=True, created_at=clock.utcnow()))
        session.add(Consent(line_user_id=user, notice_version=texts.CONSENT_NOTICE_VERSION, agreed=True,
                            answered_at=clock.utcnow()))
    return user


def _event_rows(rt) -> dict[str, WebhookEvent]:
    with rt.db.sessions() as session:
        return {row.line_user_id: row for row in session.scalars(select(WebhookEvent))}


def test_a_job_takes_the_events_waiting_behind_it_and_answers_each_once(client, rt):
    users = [_known_user(rt) for _ in range(5)]
    for user in users:
        assert post(client, body_of(text_event(user_id=user))).status_code == 200
    events_queue = Queue(EVENTS, connection=rt.redis)
    assert events_queue.count == 5
    first = events_queue.pop_job_id()  # the job a worker took; the other four wait behind it
    jobs.handle_webhook_event(int(first.removeprefix("event-")))
    assert events_queue.count == 0  # taken along, not left for other jobs
    assert {row.status for row in _event_rows(rt).values()} == {"done"}
    assert [len(_delivered(rt, user)) for user in users] == [1] * 5
    with rt.db.sessions() as session:
        assert {row.status for row in session.scalars(select(OutboundMessage))} == {"sent"}
    _drain(rt)  # a stray job for a taken event does nothing
    assert [len(_delivered(rt, user)) for user in users] == [1] * 5


def test_events_taken_by_a_job_that_died_are_run_once_by_the_sweeper(client, rt):
    users = [_known_user(rt) for _ in range(3)]
    for user in users:
        assert post(client, body_of(text_event(user_id=user))).status_code == 200
    taken = rt.dispatch.take_waiting_events(8)  # ...and the worker died before their turns
    assert len(taken) == 3 and Queue(EVENTS, connection=rt.redis).count == 0
    with rt.db.session() as session:  # half a minute later
        session.execute(update(WebhookEvent).values(received_at=clock.utcnow() - timedelta(minutes=1)))
    assert jobs.sweep()["events"] == 3
    _drain(rt)
    assert {row.status for row in _event_rows(rt).values()} == {"done"}
    assert [len(_delivered(rt, user)) for user in users] == [1] * 3


def test_a_failing_turn_does_not_stop_the_events_taken_along_with_it(client, rt):
    users = [_known_user(rt) for _ in range(2)]
    poison = "U" + "5" * 32
    # Stored before the webhook checked events (a message that is a string), with no job of its own:
    # the job below runs it, and takes the two good events queued behind it along.
    with rt.db.session() as session:
        session.add(WebhookEvent(webhook_event_id="01POISON", event_type="message", source_type="user",
                                 line_user_id=poison, status="received", attempts=0, received_at=clock.utcnow(),
                                 payload={"type": "message", "message": "hello", "replyToken": "a" * 32,
                                          "source": {"type": "user", "userId": poison}}))
    for user in users:
        assert post(client, body_of(text_event(user_id=user))).status_code == 200
    rows = _event_rows(rt)
    with pytest.raises(jobs.TurnsFailed):
        jobs.handle_webhook_event(rows[poison].id)
    rows = _event_rows(rt)
    assert rows[poison].status == "processing" and rows[poison].error  # left to the sweeper, with its error
    assert [rows[user].status for user in users] == ["done", "done"]
    assert [len(_delivered(rt, user)) for user in users] == [1, 1]
