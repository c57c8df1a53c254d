"""Hostile webhook requests against the web app as the Procfile runs it: how many 5xx?

Starts gunicorn (gthread, 2 workers, 8 threads) on its own database (a temporary SQLite
file, or a database it creates on a PostgreSQL server and drops afterwards) and its own
embedded redis-server, then sends malformed requests built from LINE's webhook
description (tests/hostile.py: wrong types, ids and tokens out of format, NaN and
1e999999, invalid text, deep nesting, broken JSON, oversized bodies), half signed with
the channel secret and half unsigned or wrongly signed. The baseline, measured in the
same run, is valid signed events: their latency against the hostile requests'.

    python -m benchmarks.hostile_webhook [--requests 5000] [--concurrency 20] [--seed 1]
        [--backend embedded|postgres] [--pg-admin URL] [--port N] [--openapi DIR]
"""
from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from sqlalchemy import create_engine, func, select, text

from bot import migrate
from bot.models import WebhookEvent
from bot.settings import DEV_CHANNEL_SECRET
from devtools.embedded_redis import EmbeddedRedis
from tests import hostile
from tests.signing import body_of, sign, text_event

ROOT = Path(__file__).resolve().parent.parent


def _database(args, folder: Path) -> tuple[str, callable]:
    if args.backend == "embedded":
        return f"sqlite:///{folder / 'hostile.sqlite3'}", lambda: None
    name = f"sammachip_hostile_{os.getpid()}"
    admin = create_engine(args.pg_admin, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return args.pg_admin.rsplit("/", 1)[0] + f"/{name}", drop


def _bodies(count: int, rng: random.Random, table: dict) -> list[tuple[bytes, str | None]]:
    out = []
    for n in range(count):
        body = hostile.body(rng, table) if n % 50 else b"{" + b" " * 1_100_000 + b"}"  # 2% over the size limit
        signed = n % 2 == 0
        signature = sign(body, DEV_CHANNEL_SECRET) if signed else rng.choice([None, "AAAA", sign(body, "other")])
        out.append((body, signature))
    return out


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--baseline", type=int, default=300, help="valid signed events, for the latency baseline")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backend", choices=["embedded", "postgres"], default="embedded")
    parser.add_argument("--pg-admin", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--port", type=int, default=5950 + os.getpid() % 40)
    parser.add_argument("--openapi", type=Path, default=ROOT.parent / "shared" / "line-openapi")
    args = parser.parse_args()
    table = hostile.schemas(args.openapi / "webhook.yml")

    folder = Path(tempfile.mkdtemp(prefix="sammachip-hostile-"))
    database_url, drop_database = _database(args, folder)
    redis = EmbeddedRedis(folder / "redis", persist=False).start()
    migrate.upgrade(database_url)
    env = dict(os.environ, DATABASE_URL=database_url, REDIS_URL=redis.url, SAMMACHIP_ENV="test",
               SAMMACHIP_SIMULATOR="0")
    web = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "--worker-class", "gthread",
                            "--workers", "2", "--threads", "8", "--bind", f"127.0.0.1:{args.port}",
                            "--log-level", "critical", "sammachip:create_app()"], env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{args.port}"
    session = requests.Session()
    session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=args.concurrency))

    def post(item: tuple[bytes, str | None]) -> tuple[int, float]:
        body, signature = item
        headers = {"Content-Type": "application/json", **({"X-Line-Signature": signature} if signature else {})}
        started = time.perf_counter()
        try:
            status = session.post(url + "/callback", data=body, headers=headers, timeout=30).status_code
        except requests.ConnectionError:
            status = 0  # the server closed on an oversized body before reading it: not a 5xx
        return status, (time.perf_counter() - started) * 1000

    try:
        for _ in range(100):
            try:
                if requests.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        valid = [(body, sign(body, DEV_CHANNEL_SECRET))
                 for body in (body_of(text_event(user_id="U" + secrets.token_hex(16))) for _ in range(args.baseline))]
        hostile_requests = _bodies(args.requests, random.Random(args.seed), table)
        with ThreadPoolExecutor(args.concurrency) as pool:
            baseline = list(pool.map(post, valid))
            started = time.perf_counter()
            results = list(pool.map(post, hostile_requests))
            wall = time.perf_counter() - started
        engine = create_engine(database_url)
        with engine.connect() as connection:
            stored = dict(connection.execute(
                select(WebhookEvent.status, func.count()).group_by(WebhookEvent.status)).all())
        engine.dispose()
    finally:
        web.terminate()
        web.wait()
        redis.stop()
        drop_database()

    statuses = Counter(status for status, _ in results)
    server_errors = sum(count for status, count in statuses.items() if status >= 500)
    signed_errors = sum(1 for n, (status, _) in enumerate(results) if n % 2 == 0 and status >= 500)
    hostile_ms = [ms for _, ms in results]
    baseline_ms = [ms for _, ms in baseline]
    print(f"backend: {args.backend}; {len(results)} malformed requests ({len(results) // 2} signed), "
          f"{args.concurrency} concurrent, gunicorn gthread 2x8, seed {args.seed}")
    print(f"5xx answers: {server_errors} ({signed_errors} to signed requests)  "
          f"(all answers: {dict(sorted(statuses.items()))})")
    print(f"baseline valid events answered 200: {sum(1 for s, _ in baseline if s == 200)}/{len(baseline)}")
    print(f"events stored by status: {stored}  (valid baseline events are 'received')")
    print(f"throughput: {len(results) / wall:.0f} requests/s over {wall:.1f} s")
    print(f"latency p50 ms: hostile {_percentile(hostile_ms, 0.5):.1f}, valid {_percentile(baseline_ms, 0.5):.1f}; "
          f"ratio {_percentile(hostile_ms, 0.5) / _percentile(baseline_ms, 0.5):.2f}; "
          f"p99 hostile/valid {_percentile(hostile_ms, 0.99) / _percentile(baseline_ms, 0.99):.2f}; "
          f"mean hostile {statistics.mean(hostile_ms):.1f}")


if __name__ == "__main__":
    main()
