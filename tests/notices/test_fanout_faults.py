"""A notice to 10,000 villagers survives its workers being SIGKILLed mid-send, twice, and
Redis losing every job in between: each villager gets it exactly once at LINE (the emulator).

Real `rq worker` processes of the Procfile's worker class send the batches; LINE answers
slowly, so batches are in flight when the workers die. LINE finishes what they sent (the
answer is lost), and the retry key on each outbox row makes it refuse the resend with 409.
"""
from __future__ import annotations

import time
from datetime import datetime, time as day_time, timedelta

import pytest
import requests
from sqlalchemy import func, insert, select, update

from bot import accounts, clock, notices
from bot.audience import AudienceSpec
from bot.line import messages as m
from bot.models import (
    ConsoleAccount, Consent, District, LineUser, Notice, OutboundMessage, Person, Province, Subdistrict, Village,
)
from bot.settings import TIMEZONE
from tests.test_workers import _kill_with_children, _start_worker
from workers import jobs

VILLAGES, PER_VILLAGE = 10, 1000
WORKERS = 3
NOTICE = "ประกาศ: ประชุมใหญ่กองทุนหมู่บ้าน วันเสาร์ 9 โมง ที่ศาลากลางบ้านค่ะ"
LONG_AGO = datetime(2000, 1, 1, tzinfo=TIMEZONE)
# The bot's clock reads 10:00 today (Bangkok), as notices never go out from 20:00 to 07:00.
MORNING = datetime.combine(datetime.now(TIMEZONE).date(), day_time(10), tzinfo=TIMEZONE)


def _province(rt) -> int:
    """10 villages of 1,000 linked, consented villagers (in the database and at LINE); the district officer's account."""
    now = clock.utcnow()
    with rt.db.session() as session:
        district = District(province=Province(name="จังหวัดทดสอบ"), name="อำเภอทดสอบ")
        subdistrict = Subdistrict(district=district, name="ตำบลทดสอบ")
        villages = [Village(subdistrict=subdistrict, moo=n + 1, name=f"บ้าน{n + 1}") for n in range(VILLAGES)]
        session.add_all(villages)
        session.flush()
        users = [f"U{n:032x}" for n in range(1, VILLAGES * PER_VILLAGE + 1)]
        session.execute(insert(Person.__table__), [
            {"person_key": f"k{n}", "full_name": f"ชาวบ้าน {n}", "village_id": villages[n // PER_VILLAGE].id,
             "line_user_id": user, "linked_at": now, "created_at": now} for n, user in enumerate(users)])
        session.execute(insert(LineUser.__table__), [{"line_user_id": user, "following": True, "created_at": now}
                                                     for user in users])
        session.execute(insert(Consent.__table__), [{"line_user_id": user, "notice_version": "1", "agreed": True,
                                                     "answered_at": now} for user in users])
        officer = Person(person_key="officer", full_name="เจ้าหน้าที่ทดสอบ")
        session.add(officer)
        session.flush()
        account = accounts.create(session, officer, "officer", "correct horse battery", "officer", district=district)
        account_id = account.id
    made = requests.post(rt.settings.line_api_base + "/_emulator/users/bulk", timeout=60, json={
        "users": [{"user_id": user, "display_name": "ชาวบ้าน"} for user in users]})
    assert made.status_code == 201
    return account_id


def _statuses(rt, notice_id: int) -> dict[str, int]:
    with rt.db.sessions() as session:
        return dict(session.execute(select(OutboundMessage.status, func.count())
                                    .where(OutboundMessage.notice_id == notice_id)
                                    .group_by(OutboundMessage.status)).all())


def _wait_for(rt, notice_id: int, ready, seconds: float = 90) -> dict[str, int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        statuses = _statuses(rt, notice_id)
        if ready(statuses):
            return statuses
        time.sleep(0.02)
    pytest.fail(f"waited {seconds:.0f} s; outbox rows are {statuses}")


def _kill_mid_send(rt, notice_id: int, workers: list) -> None:
    """SIGKILL every worker once a batch is on its way to LINE."""
    _wait_for(rt, notice_id, lambda statuses: statuses.get("sending", 0) >= 1)
    time.sleep(0.15)  # claimed, so its multicast left a moment ago
    for worker in workers:
        _kill_with_children(worker.pid)
        worker.wait()


def test_workers_killed_mid_send_and_a_wiped_redis_lose_and_repeat_nothing(rt):
    account_id = _province(rt)
    # LINE answers each call after 300 ms: batches are in flight whenever a worker dies.
    requests.post(rt.settings.line_api_base + "/_emulator/config", json={"latency_ms": 300}, timeout=5)
    with clock.frozen_at(MORNING):
        with rt.db.session() as session:
            notice_id = notices.create(session, session.get(ConsoleAccount, account_id), title="ประชุมใหญ่",
                                       spec=AudienceSpec(), messages=[m.text(NOTICE)], line=rt.line).id
        assert len(notices.release(rt, notice_id)) == VILLAGES * PER_VILLAGE // 500
    workers = [_start_worker(rt) for _ in range(WORKERS)]
    try:
        _kill_mid_send(rt, notice_id, workers)
        rt.redis.flushdb()  # and Redis loses the jobs still queued
        workers = [_start_worker(rt) for _ in range(WORKERS)]
        with rt.db.session() as session:  # nothing is queued now: the sweeper's next run hands the rows on
            session.execute(update(OutboundMessage).where(OutboundMessage.status == "sending")
                            .values(locked_until=LONG_AGO))  # the dead workers' leases run out
        with clock.frozen_at(MORNING + timedelta(minutes=2)):
            assert jobs.sweep()["messages"] >= 1
        _kill_mid_send(rt, notice_id, workers)
        workers = [_start_worker(rt) for _ in range(WORKERS)]
        time.sleep(0.5)  # LINE finishes the calls the dead workers made
        with rt.db.session() as session:
            session.execute(update(OutboundMessage).where(OutboundMessage.status == "sending")
                            .values(locked_until=LONG_AGO))
        with clock.frozen_at(MORNING + timedelta(minutes=4)):
            jobs.sweep()
        statuses = _wait_for(rt, notice_id, lambda statuses: set(statuses) == {"sent"})
    finally:
        for worker in workers:
            _kill_with_children(worker.pid)
            worker.wait()
    assert statuses == {"sent": 20}
    got = requests.get(rt.settings.line_api_base + "/_emulator/deliveries", params={"text": NOTICE},
                       timeout=30).json()["chats"]
    assert len(got) == VILLAGES * PER_VILLAGE and set(got.values()) == {1}  # everyone, exactly once
    log = requests.get(rt.settings.line_api_base + "/_emulator/requests", timeout=5).json()["requests"]
    resent = [entry for entry in log if entry["path"] == "/v2/bot/message/multicast" and entry["status"] == 409]
    assert resent, "no batch was in flight when the workers died: the test proved nothing"
    with rt.db.sessions() as session:
        done = notices.progress(session, session.get(Notice, notice_id))
    assert (done.sent, done.queued, done.failed) == (VILLAGES * PER_VILLAGE, 0, 0)
