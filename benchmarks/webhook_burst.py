"""Webhook response time under a burst of signed events, as LINE would send them.

Starts the web app under gunicorn exactly as the Procfile does (gthread, 2 workers,
8 threads) on PostgreSQL and Redis when they answer locally, else on SQLite and an
embedded redis-server, then posts 500 signed webhook requests from 50 concurrent
clients and reports latency percentiles against LINE's 2-second limit.

    python -m benchmarks.webhook_burst [--events 500] [--concurrency 50] [--backend postgres|embedded]
"""
from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from redis import Redis
from sqlalchemy import create_engine, text

from bot import migrate
from devtools.embedded_redis import EmbeddedRedis
from bot.settings import DEV_CHANNEL_SECRET
from tests.signing import body_of, sign, text_event

LINE_LIMIT_MS = 2000.0
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _postgres() -> str | None:
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 2})
        with admin.connect() as connection:
            connection.execute(text('DROP DATABASE IF EXISTS "sammachip_bench"'))
            connection.execute(text('CREATE DATABASE "sammachip_bench"'))
        admin.dispose()
        Redis.from_url("redis://127.0.0.1:6379/15").ping()
        return PG_ADMIN.rsplit("/", 1)[0] + "/sammachip_bench"
    except Exception:
        return None


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--backend", choices=["postgres", "embedded"])
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="sammachip-bench-"))
    embedded = None
    database_url = None if args.backend == "embedded" else _postgres()
    if database_url:
        redis_url, backend = "redis://127.0.0.1:6379/15", "PostgreSQL + Redis"
        Redis.from_url(redis_url).flushdb()
    else:
        database_url = f"sqlite:///{folder / 'bench.sqlite3'}"
        embedded = EmbeddedRedis(folder / "redis", persist=False).start()
        redis_url, backend = embedded.url, "SQLite + embedded Redis"
    migrate.upgrade(database_url)

    port = 5900 + os.getpid() % 50
    env = dict(os.environ, DATABASE_URL=database_url, REDIS_URL=redis_url, SAMMACHIP_SIMULATOR="0", SAMMACHIP_ENV="test")
    web = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "--worker-class", "gthread",
                            "--workers", "2", "--threads", "8", "--bind", f"127.0.0.1:{port}",
                            "--log-level", "warning", "sammachip:create_app()"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if requests.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        bodies = [body_of(text_event(user_id="U" + secrets.token_hex(16), text="เมนู")) for _ in range(args.events + 1)]
        session = requests.Session()
        session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=args.concurrency))

        def post(body: bytes) -> tuple[int, float]:
            started = time.perf_counter()
            response = session.post(url + "/callback", data=body, timeout=10,
                                    headers={"Content-Type": "application/json",
                                             "X-Line-Signature": sign(body, DEV_CHANNEL_SECRET)})
            return response.status_code, (time.perf_counter() - started) * 1000

        post(bodies[0])  # warm both workers' first connections outside the measurement
        started = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            results = list(pool.map(post, bodies[1:]))
        wall = time.perf_counter() - started
        queued = Redis.from_url(redis_url).llen("rq:queue:events")
    finally:
        web.terminate()
        web.wait()
        if embedded:
            embedded.stop()

    latencies = [ms for status, ms in results]
    failures = sum(1 for status, _ in results if status != 200)
    p50, p95, p99 = (_percentile(latencies, q) for q in (0.50, 0.95, 0.99))
    print(f"backend: {backend}; {len(results)} signed webhook requests, {args.concurrency} concurrent, "
          f"gunicorn gthread 2x8 on {os.cpu_count()} cores")
    print(f"non-200 responses: {failures}; events enqueued for workers: {queued}")
    print(f"throughput: {len(results) / wall:.0f} requests/s over {wall:.2f} s")
    print(f"latency ms: p50 {p50:.1f}  p95 {p95:.1f}  p99 {p99:.1f}  max {max(latencies):.1f}  "
          f"mean {statistics.mean(latencies):.1f}")
    print(f"p99 / LINE's 2 s limit = {p99 / LINE_LIMIT_MS:.3f}")


if __name__ == "__main__":
    main()
