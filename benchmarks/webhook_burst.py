"""Webhook acknowledgement under a burst of signed events, against two floors under the
same gunicorn: a bare Flask app answering 200, and one that checks the signature and
pushes the body onto one Redis list (nothing durable).

The bot, the two floors and the load run at once on this machine: each app under the
Procfile's web command (gthread, 2 workers x 8 threads) on its own port; then rounds of
`--requests` signed webhook calls (one text event each, a fresh `webhookEventId` every
time, as LINE sends them) from `--concurrency` clients (spread over client processes, so
the client is not held by one GIL), the apps taking turns in an order that changes every
round. After the rounds the benchmark checks that every event the bot answered 200 for
is a row in its database, and that it handed each one on to the workers' queue.

    python -m benchmarks.webhook_burst [--backend postgres|embedded] [--requests 2000]
        [--concurrency 50] [--rounds 3] [--pg-admin URL] [--redis-url URL] [--ports a,b,c]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from redis import Redis
from sqlalchemy import create_engine, func, select

from benchmarks import stack
from benchmarks.baselines.minimal_webhook import LIST
from bot.models import WebhookEvent
from bot.settings import DEV_CHANNEL_SECRET
from devtools.emulator.webhooks import base_event, callback_body, message_content, signature

APPS = {"bot": "sammachip:create_app()", "rpush": "benchmarks.baselines.minimal_webhook:create_rpush_app()",
        "bare": "benchmarks.baselines.minimal_webhook:create_bare_app()"}
CLIENT_PROCESSES = 4
LINE_LIMIT_MS = 2000.0


def _bodies(count: int) -> list[bytes]:
    bodies = []
    for _ in range(count):
        user = "U" + os.urandom(16).hex()
        event = base_event("message", {"type": "user", "userId": user})
        event["replyToken"] = os.urandom(16).hex()
        event["message"] = message_content("text", {"text": "เมนู"}, os.urandom(8).hex())
        bodies.append(callback_body("U" + "0" * 32, [event]))
    return bodies


def _client(port: int, count: int, threads: int) -> list[tuple[int, float]]:
    """One client process: `threads` keep-alive connections posting `count` signed calls."""
    bodies = _bodies(count)
    signatures = [signature(DEV_CHANNEL_SECRET, body) for body in bodies]
    shares = [list(range(n, count, threads)) for n in range(threads)]

    def connection_loop(indexes: list[int]) -> list[tuple[int, float]]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        results = []
        for index in indexes:
            started = time.perf_counter()
            connection.request("POST", "/callback", bodies[index], {
                "Content-Type": "application/json", "X-Line-Signature": signatures[index]})
            response = connection.getresponse()
            response.read()
            results.append((response.status, (time.perf_counter() - started) * 1000))
        connection.close()
        return results

    with ThreadPoolExecutor(threads) as pool:
        return [result for part in pool.map(connection_loop, shares) for result in part]


def burst(pool: ProcessPoolExecutor, port: int, requests: int, concurrency: int) -> dict:
    per_process = [requests // CLIENT_PROCESSES + (1 if n < requests % CLIENT_PROCESSES else 0)
                   for n in range(CLIENT_PROCESSES)]
    threads = [concurrency // CLIENT_PROCESSES + (1 if n < concurrency % CLIENT_PROCESSES else 0)
               for n in range(CLIENT_PROCESSES)]
    started = time.perf_counter()
    parts = list(pool.map(_client, [port] * CLIENT_PROCESSES, per_process, threads))
    wall = time.perf_counter() - started
    results = [result for part in parts for result in part]
    latencies = [ms for _, ms in results]
    return {"rate": len(results) / wall, "ok": sum(status == 200 for status, _ in results),
            "failed": sum(status != 200 for status, _ in results), "p50": stack.percentile(latencies, .5),
            "p99": stack.percentile(latencies, .99), "max": max(latencies)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    stack.add_options(parser, ports=3)
    args = parser.parse_args()
    ports = dict(zip(APPS, stack.ports(args, 3)))
    folder = stack.workspace("sammachip-webhook-burst-")
    processes = stack.Processes(folder)
    results: dict[str, list[dict]] = {name: [] for name in APPS}
    with stack.database(args, folder) as database_url, stack.redis(args, folder) as redis_url:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SAMMACHIP_BENCH")}
        env.update(DATABASE_URL=database_url, REDIS_URL=redis_url, SAMMACHIP_INSTANCE_DIR=str(folder),
                   SAMMACHIP_SIMULATOR="0", SAMMACHIP_ENV="test", LINE_CHANNEL_SECRET=DEV_CHANNEL_SECRET)
        web = stack.procfile(dict(env, PORT="{port}"))["web"]
        try:
            for name, app in APPS.items():
                processes.start(name, web.replace("{port}", str(ports[name])).replace(
                    "'sammachip:create_app()'", f"'{app}'"), env)
            for name in APPS:
                stack.wait_http(f"http://127.0.0.1:{ports[name]}/healthz")
            print(f"backend {args.backend}; each app under: {web.replace('{port}', 'PORT')}; {args.requests} signed "
                  f"webhook calls per burst from {args.concurrency} clients ({CLIENT_PROCESSES} processes); "
                  f"{os.cpu_count()} cores", flush=True)
            with ProcessPoolExecutor(CLIENT_PROCESSES) as pool:
                for name in APPS:  # warm every worker's first connections outside the measurement
                    burst(pool, ports[name], 200, args.concurrency)
                for number in range(args.rounds):
                    order = list(APPS) if number % 2 == 0 else list(reversed(APPS))
                    for name in order:
                        result = burst(pool, ports[name], args.requests, args.concurrency)
                        results[name].append(result)
                        print(f"round {number + 1} {name:>5}: {result['rate']:6.0f} req/s, p50 {result['p50']:6.1f} ms,"
                              f" p99 {result['p99']:6.1f} ms, max {result['max']:6.1f} ms, non-200 {result['failed']}",
                              flush=True)
            answered = 200 * 1 + sum(r["ok"] for r in results["bot"])
            engine = create_engine(database_url)
            with engine.connect() as connection:
                stored = connection.scalar(select(func.count()).select_from(WebhookEvent))
            engine.dispose()
            redis = Redis.from_url(redis_url)
            queued = redis.llen("rq:queue:events")
            redis.delete(LIST)
        finally:
            processes.stop_all()
    _report(results, answered, stored, queued)


def _report(results: dict[str, list[dict]], answered: int, stored: int, queued: int) -> None:
    print("\nmedians over rounds:")
    median = {name: {key: statistics.median(r[key] for r in rows) for key in ("rate", "p50", "p99", "max")}
              for name, rows in results.items()}
    for name, m in median.items():
        print(f"  {name:>5}: {m['rate']:6.0f} req/s, p50 {m['p50']:.1f} ms, p99 {m['p99']:.1f} ms, "
              f"worst max over rounds {max(r['max'] for r in results[name]):.1f} ms")
    ratios = [bot["rate"] / rpush["rate"] for bot, rpush in zip(results["bot"], results["rpush"])]
    bare = [bot["rate"] / floor["rate"] for bot, floor in zip(results["bot"], results["bare"])]
    print(f"bot / signature+RPUSH throughput, per round: {', '.join(f'{r:.2f}' for r in ratios)}; "
          f"median {statistics.median(ratios):.2f} (target >= 0.5)")
    print(f"bot / bare Flask throughput, median {statistics.median(bare):.2f}")
    print(f"bot p99 / LINE's 2 s limit: {median['bot']['p99'] / LINE_LIMIT_MS:.3f}; "
          f"slowest bot answer {max(r['max'] for r in results['bot']):.0f} ms")
    print(f"durability: {answered} events answered 200, {stored} stored in the database, "
          f"{queued} handed to the workers' queue")


if __name__ == "__main__":
    main()
