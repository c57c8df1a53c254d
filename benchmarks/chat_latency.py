"""How long a villager waits for an answer: whole-stack chat turns, measured.

Starts `sammachip dev` (gunicorn, an RQ worker, the cron process, the LINE emulator,
SQLite and an embedded Redis) in a throwaway instance folder on free ports, links a demo
household, then times chat turns through the simulator API: from the signed webhook
leaving the emulator to the reply arriving at the emulator, as LINE would see it.

    python -m benchmarks.chat_latency [--turns 40]
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from bot import texts

QUESTIONS = ["กลุ่มอาชีพต้องมีกรรมการอะไรบ้าง", "เฮ็ดจั่งใด๋ให้กลุ่มยั่งยืน", "กู้กองทุนสตรีต้องเตรียมอะไร",
             "ปตท คืออะไร", "หวยงวดนี้ออกอะไร"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=40)
    args = parser.parse_args()
    port, emulator_port = _free_port(), _free_port()
    instance = Path(tempfile.mkdtemp(prefix="sammachip-latency-"))
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(SAMMACHIP_INSTANCE_DIR=str(instance), LINE_API_BASE=f"http://127.0.0.1:{emulator_port}")
    runner = subprocess.Popen([str(Path(sys.executable).parent / "sammachip"), "dev", "--port", str(port),
                               "--emulator-port", str(emulator_port)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/simulator/api"
    try:
        for line in runner.stdout:
            if "Chat simulator" in line:
                break
        code = subprocess.run([str(Path(sys.executable).parent / "sammachip"), "invites", "list"], env=env,
                              capture_output=True, text=True, check=True).stdout.split()[0]
        user = requests.post(base + "/users", json={"display_name": "ยายสมร"}, timeout=10).json()["user_id"]

        def turn(kind: str, **fields) -> tuple[float, list]:
            started = time.perf_counter()
            messages = requests.post(base + "/events", json={"user_id": user, "type": kind, "wait": 15, **fields},
                                     timeout=30).json()["messages"]
            return time.perf_counter() - started, messages

        turn("follow")
        turn("text", text=texts.CONSENT_AGREE)
        turn("text", text=code)
        questions, menus = [], []
        for number in range(args.turns):
            elapsed, messages = turn("text", text=QUESTIONS[number % len(QUESTIONS)])
            assert messages, "no answer"
            questions.append(elapsed * 1000)
            elapsed, messages = turn("text", text=texts.MENU_WORD)
            assert messages, "no menu"
            menus.append(elapsed * 1000)
    finally:
        runner.send_signal(signal.SIGINT)
        runner.wait(timeout=30)
    # The simulator waits 300 ms after the first message for any that follow; take it off.
    quiet_ms = 300
    for name, values in (("knowledge-base question", questions), ("menu", menus)):
        waited = [v - quiet_ms for v in values]
        print(f"{name}: {len(values)} turns, reply after p50 {_percentile(waited, .5):.0f} ms, "
              f"p95 {_percentile(waited, .95):.0f} ms, max {max(waited):.0f} ms, mean {statistics.mean(waited):.0f} ms")
    print(f"p95 question reply / LINE's 1-minute reply-token window = {(_percentile(questions, .95) - quiet_ms) / 60000:.4f}")


if __name__ == "__main__":
    main()
