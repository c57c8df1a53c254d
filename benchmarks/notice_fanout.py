"""One notice to 10,000 and to 100,000 villagers through the bot's real path, side by side
with a bare loop of line-bot-sdk multicasts (500 recipients a call) to the same emulator.

    python -m benchmarks.notice_fanout [--sizes 10000,100000] [--rounds 1]
        [--backend postgres|embedded] [--pg-admin URL] [--redis-url URL] [--ports API,DATA]

A province of villages of 1,000 linked, consented, following villagers each (as many
villages as the largest size needs) is written to a database of the benchmark's own, and
the same people are made users of the LINE emulator (`sammachip emulator`, a process of its
own). The Procfile's `worker` (its command read from the Procfile) runs the sends.

The real path, timed from the officer's "send" to the last message accepted by the
emulator: the audience query, the outbox rows, the RQ jobs, the workers, line-bot-sdk and
the emulator. The bare loop sends the same recipients the same message from this process,
one multicast after another. Both are timed by the platform: from the wall-clock moment
the send starts to the moment the emulator accepted the last message (its delivery time,
to the millisecond), so neither side is timed by the bot's view of itself, nor by how often
the benchmark asks LINE's quota consumption endpoint whether the send is done (it polls
every 50 ms to know when to look). The emulator's per-chat counts confirm each recipient
got the real path's message exactly once. Rows written per recipient counts the rows the
real path added to every table.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import time
from datetime import datetime, time as day_time, timezone

import requests
from linebot.v3.messaging import ApiClient, Configuration, MessagingApi, MulticastRequest
from sqlalchemy import func, insert, select, text

import sammachip  # noqa: F401 - installs the RQ dispatch the real path enqueues through
from benchmarks import stack
from bot import accounts, audience, clock, notices, texts
from bot.area import Area
from bot.audience import AudienceSpec
from bot.db import Base
from bot.line import messages as m
from bot.line.limits import MAX_MULTICAST_RECIPIENTS
from bot.models import (
    ConsoleAccount, Consent, District, LineUser, Notice, Person, PersonRole, Province, Subdistrict, Village,
)
from bot.runtime import Runtime
from bot.settings import TIMEZONE, Settings

VILLAGE_SIZE = 1000
VILLAGES_PER_SUBDISTRICT = 10
CHUNK = 10_000
TARGET_RATIO = 0.8
FINISH_SECONDS = 900


def line_user_id(person_id: int) -> str:
    return f"U{person_id:032x}"


def build_province(runtime: Runtime, emulator: str, people: int) -> list[list[str]]:
    """The villages' LINE user ids, village by village; each villager in the database and the emulator."""
    villages = -(-people // VILLAGE_SIZE)
    now = clock.utcnow()
    with runtime.db.engine.begin() as connection:
        connection.execute(insert(Province.__table__), [{"id": 1, "name": "จังหวัดทดสอบ"}])
        connection.execute(insert(District.__table__), [{"id": 1, "province_id": 1, "name": "อำเภอทดสอบ"}])
        subdistricts = -(-villages // VILLAGES_PER_SUBDISTRICT)
        connection.execute(insert(Subdistrict.__table__), [{"id": s, "district_id": 1, "name": f"ตำบล{s}"}
                                                           for s in range(1, subdistricts + 1)])
        connection.execute(insert(Village.__table__), [
            {"id": v, "subdistrict_id": (v - 1) // VILLAGES_PER_SUBDISTRICT + 1,
             "moo": (v - 1) % VILLAGES_PER_SUBDISTRICT + 1, "name": f"บ้าน{v}"} for v in range(1, villages + 1)])
        for start in range(1, villages * VILLAGE_SIZE + 1, CHUNK):
            ids = range(start, min(start + CHUNK, villages * VILLAGE_SIZE + 1))
            connection.execute(insert(Person.__table__), [
                {"id": p, "person_key": f"k{p}", "full_name": f"นางทดสอบ {p}", "village_id": (p - 1) // VILLAGE_SIZE + 1,
                 "line_user_id": line_user_id(p), "linked_at": now, "created_at": now} for p in ids])
            connection.execute(insert(PersonRole.__table__), [{"person_id": p, "role": "household"} for p in ids])
            connection.execute(insert(LineUser.__table__), [
                {"line_user_id": line_user_id(p), "following": True, "followed_at": now, "created_at": now}
                for p in ids])
            connection.execute(insert(Consent.__table__), [
                {"line_user_id": line_user_id(p), "notice_version": texts.CONSENT_NOTICE_VERSION, "agreed": True,
                 "answered_at": now} for p in ids])
    if runtime.db.dialect == "postgresql":  # fresh statistics, as a live database would have
        with runtime.db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    everyone = [line_user_id(p) for p in range(1, villages * VILLAGE_SIZE + 1)]
    for start in range(0, len(everyone), 50_000):
        response = requests.post(emulator + "/_emulator/users/bulk", timeout=120, json={"users": [
            {"user_id": user, "display_name": "ยายสมร"} for user in everyone[start:start + 50_000]]})
        response.raise_for_status()
    return [everyone[v * VILLAGE_SIZE:(v + 1) * VILLAGE_SIZE] for v in range(villages)]


class Emulator:
    def __init__(self, url: str, token: str):
        self.url = url
        self.http = requests.Session()
        self.headers = {"Authorization": f"Bearer {token}"}

    def consumed(self) -> int:
        return self.http.get(self.url + "/v2/bot/message/quota/consumption", headers=self.headers,
                             timeout=30).json()["totalUsage"]

    def wait_for(self, total: int) -> float | None:
        """When the emulator has accepted `total` billed messages in all (None: not within the limit)."""
        deadline = time.monotonic() + FINISH_SECONDS
        while time.monotonic() < deadline:
            if self.consumed() >= total:
                return time.perf_counter()
            time.sleep(0.05)
        return None

    def received(self, text: str) -> tuple[dict[str, int], float | None]:
        """How many messages holding `text` each chat got, and when (epoch seconds) the emulator
        accepted the last of them."""
        found = self.http.get(self.url + "/_emulator/deliveries", params={"text": text}, timeout=120).json()
        last = found["last_at"]
        at = datetime.fromisoformat(last.replace("Z", "+00:00")).astimezone(timezone.utc).timestamp() if last else None
        return found["chats"], at


def row_counts(runtime: Runtime) -> dict[str, int]:
    with runtime.db.engine.connect() as connection:
        return {table.name: connection.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables}


def officer_account(runtime: Runtime, person_id: int) -> int:
    """The district officer who sends the notices (the whole province is their district)."""
    with runtime.db.session() as session:
        person = Person(id=person_id, person_key="officer", full_name="เจ้าหน้าที่ทดสอบ", created_at=clock.utcnow())
        session.add(person)
        session.flush()
        account = accounts.create(session, person, "officer", secrets.token_urlsafe(16), "officer",
                                  district=session.get(District, 1))
        return account.id


def audience_seconds(runtime: Runtime, account_id: int, villages: list[int], expected: int) -> float:
    """The audience as the officer's preview builds it (who, who is left out, by village and role)."""
    with runtime.db.sessions() as session:
        scope = Area.of(session.get(ConsoleAccount, account_id))
        started = time.perf_counter()
        found = audience.resolve(session, scope, AudienceSpec(villages=tuple(villages)), clock.now().date())
        seconds = time.perf_counter() - started
    if found.count != expected:
        raise SystemExit(f"the audience has {found.count} people, not {expected}")
    return seconds


def real_path(runtime: Runtime, emulator: Emulator, account_id: int, villages: list[int], text: str,
              expected: int) -> dict:
    """The officer's "send now": the notice created (its cost against LINE's quota checked) and
    released (the audience read, outbox rows written and handed to the workers batch by batch),
    the workers' multicasts; timed until the emulator has accepted every message."""
    before_rows, before_usage = row_counts(runtime), emulator.consumed()
    wall = time.time()
    started = time.perf_counter()
    with runtime.db.session() as session:
        notice = notices.create(session, session.get(ConsoleAccount, account_id), title=text[:60],
                                spec=AudienceSpec(villages=tuple(villages)), messages=[m.text(text)],
                                line=runtime.line)
        notice_id = notice.id
    created = time.perf_counter() - started
    outbox_ids = notices.release(runtime, notice_id)
    released = time.perf_counter() - started
    finished = emulator.wait_for(before_usage + expected)
    chats, last_at = emulator.received(text)
    after_rows = row_counts(runtime)
    with runtime.db.sessions() as session:
        done = notices.progress(session, session.get(Notice, notice_id))
    return {"batches": len(outbox_ids), "created_s": created, "released_s": released,
            "seconds": None if finished is None else last_at - wall, "progress": done, "chats": chats,
            "rows": sum(after_rows[name] - before_rows[name] for name in after_rows),
            "rows_by_table": {name: after_rows[name] - before_rows[name] for name in after_rows
                              if after_rows[name] != before_rows[name]}}


def bare_loop(emulator: Emulator, token: str, recipients: list[str], text: str) -> float:
    """line-bot-sdk's multicast, 500 recipients a call, one call after another."""
    before = emulator.consumed()
    messages = [m.text(text)]
    with ApiClient(Configuration(host=emulator.url, access_token=token)) as client:
        api = MessagingApi(client)
        wall = time.time()
        for start in range(0, len(recipients), MAX_MULTICAST_RECIPIENTS):
            api.multicast(MulticastRequest.from_dict({"to": recipients[start:start + MAX_MULTICAST_RECIPIENTS],
                                                      "messages": messages}))
        if emulator.wait_for(before + len(recipients)) is None:
            raise SystemExit("the emulator did not accept the bare loop's messages")
    return emulator.received(text)[1] - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="recipients of each notice, comma separated")
    parser.add_argument("--rounds", type=int, default=1, help="real path and bare loop, alternating, this many times")
    stack.add_options(parser, ports=2)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    emulator_port, data_port = stack.ports(args, 2)
    folder = stack.workspace("sammachip-notice-fanout-")
    processes = stack.Processes(folder)
    with stack.database(args, folder) as database_url, stack.redis(args, folder) as redis_url:
        emulator_url = f"http://127.0.0.1:{emulator_port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("SAMMACHIP_BENCH")}
        env.update(DATABASE_URL=database_url, REDIS_URL=redis_url, LINE_API_BASE=emulator_url,
                   SAMMACHIP_INSTANCE_DIR=str(folder), SAMMACHIP_SIMULATOR="0", SAMMACHIP_ENV="test")
        settings = Settings.from_env(env)
        token = settings.line_channel_access_token
        env.update(LINE_CHANNEL_SECRET=settings.line_channel_secret, LINE_CHANNEL_ACCESS_TOKEN=token)
        runtime = Runtime(settings)
        commands = stack.procfile(env)
        try:
            processes.start("emulator", ["sammachip", "emulator", "--port", str(emulator_port), "--data-port",
                                         str(data_port)], env)
            stack.wait_http(emulator_url + "/_emulator/config")
            emulator = Emulator(emulator_url, token)
            started = time.perf_counter()
            villages = build_province(runtime, emulator_url, max(sizes))
            print(f"backend {args.backend}; {len(villages) * VILLAGE_SIZE:,} villagers in {len(villages)} villages "
                  f"built in {time.perf_counter() - started:.1f} s; worker: {commands['worker']}", flush=True)
            processes.start("worker", commands["worker"], env)
            # Notices never go out from 20:00 to 07:00: the bot's clock reads 10:00 today (Bangkok).
            with clock.frozen_at(datetime.combine(datetime.now(TIMEZONE).date(), day_time(10), tzinfo=TIMEZONE)):
                account_id = officer_account(runtime, len(villages) * VILLAGE_SIZE + 1)
                warm = real_path(runtime, emulator, account_id, [1], "อุ่นเครื่อง", VILLAGE_SIZE)  # first connections
                if warm["seconds"] is None:
                    raise SystemExit("the workers sent nothing; see the logs in " + str(folder))
                for size in sizes:
                    _measure(args, runtime, emulator, token, account_id, villages, size)
        finally:
            processes.stop_all()
            runtime.close()
    print(json.dumps({"logs": str(folder)}))


def _measure(args, runtime: Runtime, emulator: Emulator, token: str, account_id: int, villages: list[list[str]],
             size: int) -> None:
    chosen = list(range(1, size // VILLAGE_SIZE + 1))
    recipients = sorted(user for village in chosen for user in villages[village - 1])
    for number in range(args.rounds):
        news = f"{size}-{number + 1}: ประชุมประจำเดือนวันเสาร์นี้ 9 โมง ที่ศาลากลางบ้านค่ะ"
        notice = "ประกาศ " + news
        built = audience_seconds(runtime, account_id, chosen, size)
        real = real_path(runtime, emulator, account_id, chosen, notice, size)
        bare = bare_loop(emulator, token, recipients, "ทดลอง " + news)
        got = real["chats"]
        once = sum(1 for user in recipients if got.get(user) == 1)
        real_rate = size / real["seconds"] if real["seconds"] else 0.0
        bare_rate = size / bare
        print(f"{size:,} recipients, round {number + 1}: real path {real['seconds'] or float('nan'):.1f} s "
              f"= {real_rate:,.0f} recipients/s; bare SDK loop {bare:.1f} s = {bare_rate:,.0f} recipients/s; "
              f"ratio {real_rate / bare_rate:.2f} (target >= {TARGET_RATIO})", flush=True)
        print(f"  audience built in {built * 1000:.0f} ms; notice created after "
              f"{real['created_s'] * 1000:.0f} ms, released ({real['batches']} batches written "
              f"and handed on while the first were being sent) after {real['released_s'] * 1000:.0f} ms; "
              f"rows written {real['rows']:,} = {real['rows'] / size:.3f} per recipient {real['rows_by_table']}",
              flush=True)
        print(f"  at the emulator, got the notice exactly once: {once:,} of {size:,}; the bot's progress: "
              f"sent {real['progress'].sent:,}, queued {real['progress'].queued:,}, failed {real['progress'].failed:,}",
              flush=True)


if __name__ == "__main__":
    main()
