"""Event -> reply under a steady stream of villagers' messages, side by side with
line-bot-sdk's inline echo bot, on the processes the Procfile runs.

Starts the LINE emulator, the Procfile's `web`, `worker` and `cron` (commands read from
the Procfile itself) and the SDK's echo example under the same gunicorn, on a database
and Redis of the benchmark's own (see benchmarks/stack.py). Known, consented users (one
fresh user per event, so every reply pairs with its event) send "เมนู" at a fixed rate;
the time is from the emulator recording the event (just before it posts the webhook) to
the emulator receiving the reply, both on the emulator's clock. Rates and the two bots are
interleaved in rounds. While the bot runs, a push is queued every second and its delay
to the emulator measured (sending must not starve behind events). Resident memory of
every process is read after each run; `--soak-minutes` then runs the bot at
`--soak-rate` and samples the workers' memory (resident and private) every 30 s.

    python -m benchmarks.event_reply [--rates 1,20,50,70] [--seconds 20] [--rounds 2]
        [--backend postgres|embedded] [--soak-minutes 0] [--soak-rate 20] [--ports web,echo,emulator,emulator-data]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import requests
from redis import Redis
from sqlalchemy import insert

import sammachip  # noqa: F401 - installs the RQ dispatch this process uses for its probe pushes
from benchmarks import stack
from bot import clock, texts
from bot.line import messages as m
from bot.line import outbox
from bot.models import Consent, LineUser
from bot.runtime import Runtime
from bot.settings import Settings

DRAIN_SECONDS = 30
KEEPS_UP_P99_MS = 1000


def _at(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


class Bench:
    def __init__(self, env: dict[str, str], emulator: str, bot_url: str, echo_url: str):
        self.emulator = emulator
        self.targets = {"bot": bot_url, "echo": echo_url}
        self.http = requests.Session()
        self.http.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=128))
        self.runtime = Runtime(Settings.from_env(env))
        self.redis = Redis.from_url(env["REDIS_URL"])

    def users(self, count: int) -> list[str]:
        """Fresh emulator users the bot already knows, with consent given (as after a notice)."""
        ids = [self.http.post(self.emulator + "/_emulator/users", json={"display_name": "ยายสมร"},
                              timeout=10).json()["user_id"] for _ in range(count)]
        now = clock.utcnow()
        with self.runtime.db.engine.begin() as connection:
            connection.execute(insert(LineUser.__table__), [
                {"line_user_id": u, "following": True, "created_at": now} for u in ids])
            connection.execute(insert(Consent.__table__), [
                {"line_user_id": u, "notice_version": texts.CONSENT_NOTICE_VERSION, "agreed": True,
                 "answered_at": now} for u in ids])
        return ids

    def run(self, target: str, rate: float, seconds: float) -> dict:
        self.http.post(self.emulator + "/_emulator/config", json={"webhook_url": self.targets[target]}, timeout=5)
        count = max(1, round(rate * seconds))
        users = self.users(count)
        probe_user = self.users(1)[0]
        stop = threading.Event()
        queue_lengths: list[int] = []
        probes: list[tuple[str, float]] = []
        watchers = [threading.Thread(target=self._watch_queue, args=(stop, queue_lengths))]
        if target == "bot":
            watchers.append(threading.Thread(target=self._probe_sends, args=(stop, probe_user, probes)))
        for watcher in watchers:
            watcher.start()
        failures = []
        started = time.monotonic()
        with ThreadPoolExecutor(64) as pool:
            futures = []
            for number, user in enumerate(users):
                delay = started + number / rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                futures.append(pool.submit(self._send, user))
            failures = [f.result() for f in futures if f.result() != 200]
        sent_for = time.monotonic() - started
        latencies, missing = self._latencies(users)
        stop.set()
        for watcher in watchers:
            watcher.join()
        send_delays = self._probe_delays(probe_user, probes)
        return {"target": target, "rate": rate, "events": count, "sent_for": sent_for, "non_200": len(failures),
                "latencies": latencies, "missing": missing, "queue": queue_lengths, "send_delays": send_delays}

    def _send(self, user: str) -> int | None:
        response = self.http.post(self.emulator + f"/_emulator/users/{user}/events",
                                  json={"type": "text", "text": texts.MENU_WORD}, timeout=30)
        return response.json().get("webhook_status")

    def _latencies(self, users: list[str]) -> tuple[list[float], int]:
        deadline = time.monotonic() + DRAIN_SECONDS
        latencies, waiting = [], list(users)
        while waiting and time.monotonic() < deadline:
            still = []
            for user in waiting:
                history = self.http.get(self.emulator + f"/_emulator/users/{user}/history", timeout=10).json()["history"]
                event = next((e for e in history if e["kind"] == "event"), None)
                reply = next((e for e in history if e["kind"] == "message"), None)
                if event and reply:
                    latencies.append((_at(reply["at"]) - _at(event["at"])) * 1000)
                else:
                    still.append(user)
            waiting = still
            if waiting:
                time.sleep(0.5)
        return latencies, len(waiting)

    def _watch_queue(self, stop: threading.Event, lengths: list[int]) -> None:
        while not stop.wait(0.5):
            lengths.append(self.redis.llen("rq:queue:events"))

    def _probe_sends(self, stop: threading.Event, user: str, probes: list[tuple[str, float]]) -> None:
        number = 0
        while not stop.wait(1.0):
            number += 1
            key = f"bench-probe:{user}:{number}"
            with self.runtime.db.session() as session:
                [outbox_id] = outbox.queue_push(session, key, user, [m.text(key)])
            probes.append((key, time.time()))
            self.runtime.dispatch.deliver(outbox_id)

    def _probe_delays(self, user: str, probes: list[tuple[str, float]]) -> list[float]:
        deadline = time.monotonic() + DRAIN_SECONDS
        while time.monotonic() < deadline:
            history = self.http.get(self.emulator + f"/_emulator/users/{user}/history", timeout=10).json()["history"]
            arrived = {e["message"].get("text"): _at(e["at"]) for e in history if e["kind"] == "message"}
            if all(key in arrived for key, _ in probes):
                break
            time.sleep(0.5)
        return [(arrived[key] - queued) * 1000 for key, queued in probes if key in arrived]


def _summary(result: dict) -> str:
    values = result["latencies"]
    p50, p99 = stack.percentile(values, .5), stack.percentile(values, .99)
    keeps_up = not result["missing"] and not result["non_200"] and p99 < KEEPS_UP_P99_MS
    line = (f"{result['target']:>4} at {result['rate']:>5.1f} events/s: {result['events']} events in "
            f"{result['sent_for']:.1f} s; reply p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {max(values or [0]):.0f} ms;"
            f" no reply {result['missing']}, non-200 {result['non_200']}; events queue max {max(result['queue'] or [0])}"
            f" -> {'keeps up' if keeps_up else 'FALLS BEHIND'}")
    if result["send_delays"]:
        delays = result["send_delays"]
        line += (f"\n      a push queued meanwhile reached LINE after p50 {stack.percentile(delays, .5):.0f} ms, "
                 f"max {max(delays):.0f} ms ({len(delays)} pushes)")
    result["keeps_up"] = keeps_up
    return line


def _memory(processes: stack.Processes) -> str:
    return "; ".join(f"{name} " + "/".join(f"{mb:.0f}" for mb in sizes) + " MB"
                     for name, sizes in processes.resident_mb().items())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", default="1,20,50,70")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--soak-minutes", type=float, default=0)
    parser.add_argument("--soak-rate", type=float, default=20)
    stack.add_options(parser, ports=4)
    args = parser.parse_args()
    web_port, echo_port, emulator_port, emulator_data_port = stack.ports(args, 4)
    folder = stack.workspace("sammachip-event-reply-")
    processes = stack.Processes(folder)
    results: list[dict] = []
    with stack.database(args, folder) as database_url, stack.redis(args, folder) as redis_url:
        emulator = f"http://127.0.0.1:{emulator_port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("SAMMACHIP_BENCH")}
        env.update(DATABASE_URL=database_url, REDIS_URL=redis_url, LINE_API_BASE=emulator, PORT=str(web_port),
                   LINE_DATA_API_BASE=f"http://127.0.0.1:{emulator_data_port}",
                   SAMMACHIP_INSTANCE_DIR=str(folder), SAMMACHIP_SIMULATOR="0", SAMMACHIP_ENV="test")
        settings = Settings.from_env(env)
        env.update(LINE_CHANNEL_SECRET=settings.line_channel_secret,
                   LINE_CHANNEL_ACCESS_TOKEN=settings.line_channel_access_token)
        commands = stack.procfile(env)
        bench = None
        try:
            processes.start("emulator", ["sammachip", "emulator", "--port", str(emulator_port),
                                         "--data-port", str(emulator_data_port), "--webhook-url",
                                         f"http://127.0.0.1:{web_port}/callback"], env)
            for name in ("web", "worker", "cron"):
                processes.start(name, commands[name], env)
            echo = commands["web"].replace(f":{web_port}", f":{echo_port}").replace(
                "'sammachip:create_app()'", "'benchmarks.baselines.echo_bot:create_app()'")
            processes.start("echo", echo, env)
            for url in (emulator + "/_emulator/config", f"http://127.0.0.1:{web_port}/healthz",
                        f"http://127.0.0.1:{echo_port}/callback"):
                stack.wait_http(url)
            bench = Bench(env, emulator, f"http://127.0.0.1:{web_port}/callback",
                          f"http://127.0.0.1:{echo_port}/callback")
            bench.run("bot", 5, 2)  # warm both bots' first connections outside the measurement
            bench.run("echo", 5, 2)
            rates = [float(r) for r in args.rates.split(",")]
            print(f"backend {args.backend}; Procfile processes: {', '.join(f'{n}: {commands[n]}' for n in ('web', 'worker', 'cron'))}", flush=True)
            for number in range(args.rounds):
                order = ("bot", "echo") if number % 2 == 0 else ("echo", "bot")
                for rate in rates:
                    for target in order:
                        cpu_before = processes.cpu_seconds()
                        result = bench.run(target, rate, args.seconds)
                        cpu = {name: used - cpu_before.get(name, 0) for name, used in processes.cpu_seconds().items()}
                        results.append(result)
                        print(f"round {number + 1}: " + _summary(result), flush=True)
                        print(f"      CPU ms per event: " + ", ".join(
                            f"{name} {used * 1000 / result['events']:.1f}" for name, used in cpu.items() if used > 0),
                            flush=True)
                        if target == "bot":
                            print("      resident memory: " + _memory(processes), flush=True)
            _report(results, rates)
            if args.soak_minutes:
                _soak(bench, processes, args)
        finally:
            processes.stop_all()
            if bench is not None:
                bench.runtime.close()
    print(json.dumps({"logs": str(folder)}))


def _report(results: list[dict], rates: list[float]) -> None:
    print("\nmedians over rounds (reply p99 ms):")
    for rate in rates:
        bot = [stack.percentile(r["latencies"], .99) for r in results if r["target"] == "bot" and r["rate"] == rate]
        echo = [stack.percentile(r["latencies"], .99) for r in results if r["target"] == "echo" and r["rate"] == rate]
        kept = all(r["keeps_up"] for r in results if r["target"] == "bot" and r["rate"] == rate)
        print(f"  {rate:>5.1f}/s: bot p99 {statistics.median(bot):.0f} ms, echo p99 {statistics.median(echo):.0f} ms, "
              f"bot/echo {statistics.median(bot) / statistics.median(echo):.1f}; bot {'keeps up' if kept else 'falls behind'}")
    kept = [rate for rate in rates if all(r["keeps_up"] for r in results if r["target"] == "bot" and r["rate"] == rate)]
    print(f"highest rate tried that the bot kept up with in every round: {max(kept) if kept else 'none'} events/s")


def _soak(bench: Bench, processes: stack.Processes, args) -> None:
    print(f"\nsoak: {args.soak_minutes:.0f} min at {args.soak_rate:.0f} events/s in runs of 30 s; the worker pool's"
          " resident MB (RSS) and private MB (USS) per process (pool parent first), before the first run and after each",
          flush=True)
    samples = [_worker_memory(processes)]
    print(f"  {0:5.1f} min: {_sizes(samples[0])}", flush=True)
    started = time.monotonic()
    while time.monotonic() < started + args.soak_minutes * 60:
        result = bench.run("bot", args.soak_rate, 30)
        samples.append(_worker_memory(processes))
        print(f"  {(time.monotonic() - started) / 60:5.1f} min: {_sizes(samples[-1])}; "
              f"reply p99 {stack.percentile(result['latencies'], .99):.0f} ms, no reply {result['missing']}", flush=True)
    (first_rss, first_private), (last_rss, last_private) = samples[0], samples[-1]
    print("soak: worker resident MB first -> last: " + ", ".join(f"{a:.1f} -> {b:.1f}" for a, b in zip(first_rss, last_rss)))
    print("soak: worker private MB first -> last: " + ", ".join(
        f"{a:.1f} -> {b:.1f}" for a, b in zip(first_private, last_private)))


def _worker_memory(processes: stack.Processes) -> tuple[list[float], list[float]]:
    return processes.resident_mb()["worker"], processes.private_mb()["worker"]


def _sizes(sample: tuple[list[float], list[float]]) -> str:
    rss, private = sample
    return f"worker processes RSS {'/'.join(f'{mb:.1f}' for mb in rss)} MB, USS {'/'.join(f'{mb:.1f}' for mb in private)} MB"


if __name__ == "__main__":
    main()
