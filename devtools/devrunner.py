"""`sammachip dev`: the whole bot on one machine, owned by one process.

Starts a real Redis, migrates the SQLite database, then runs the LINE emulator,
the web app (gunicorn, as in production), an RQ worker and the cron process.
Ctrl-C, SIGTERM or any child dying stops every process it started.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from bot import migrate
from bot.settings import Settings
from devtools.embedded_redis import EmbeddedRedis
from workers.queues import WORKER_QUEUES


def _tool(name: str) -> str:
    # Prefer the script next to this interpreter: the venv the bot runs in.
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else (shutil.which(name) or name)


class ProcessGroup:
    def __init__(self, log_dir: Path, verbose: bool):
        self.log_dir = log_dir
        self.verbose = verbose
        self.children: dict[str, subprocess.Popen] = {}

    def start(self, name: str, args: list[str], env: dict[str, str]) -> None:
        output = None if self.verbose else open(self.log_dir / f"{name}.log", "ab")
        self.children[name] = subprocess.Popen(
            args, env=env, stdout=output, stderr=subprocess.STDOUT if output else None,
            start_new_session=True,  # its own process group, so gunicorn's and rq's children stop too
        )

    def dead(self) -> str | None:
        for name, child in self.children.items():
            if child.poll() is not None:
                return name
        return None

    def stop(self) -> None:
        for child in self.children.values():
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for child in self.children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()


def _port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _wait_until_up(url: str, group: ProcessGroup, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if group.dead():
            raise RuntimeError(f"process '{group.dead()}' exited during start-up")
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in time")


def run(port: int, emulator_port: int, verbose: bool) -> None:
    settings = Settings.from_env()
    if settings.production:
        raise SystemExit("sammachip dev is for development; production runs the Procfile")
    for wanted in (port, emulator_port):
        if not _port_is_free(wanted):
            raise SystemExit(f"port {wanted} is in use; choose others with --port and --emulator-port")
    instance = settings.instance_dir
    log_dir = instance / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)

    env = dict(os.environ, SAMMACHIP_DEV_RUNNER="1")  # the product's processes run in development only here
    env.setdefault("LINE_API_BASE", f"http://127.0.0.1:{emulator_port}")
    redis = None
    if not os.environ.get("REDIS_URL"):
        redis = EmbeddedRedis(instance / "redis", persist=True).start()
        env["REDIS_URL"] = redis.url

    group = ProcessGroup(log_dir, verbose)
    stopping = False

    def _stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        migrate.upgrade(settings.database_url)
        from devtools.demo import load_demo_data

        load_demo_data(Settings.from_env(env))
        group.start("emulator", [_tool("sammachip"), "emulator", "--port", str(emulator_port),
                                 "--webhook-url", f"http://127.0.0.1:{port}/callback"], env)
        group.start("web", [_tool("gunicorn"), "--worker-class", "gthread", "--workers", "2", "--threads", "4",
                            "--bind", f"127.0.0.1:{port}", "devtools.webapp:create_dev_app()"], env)
        group.start("worker", [_tool("rq"), "worker", "--with-scheduler", "--worker-class", "sammachip.worker.Worker",
                               "--url", env["REDIS_URL"], *WORKER_QUEUES], env)
        group.start("cron", [_tool("rq"), "cron", "--url", env["REDIS_URL"], "workers.schedule"], env)
        _wait_until_up(f"http://127.0.0.1:{emulator_port}/_emulator/users", group)
        # The emulator keeps nothing between starts: give it this run's rich menus.
        from bot import richmenus
        from bot.runtime import Runtime

        menus = Runtime(Settings.from_env(env))
        richmenus.sync(menus)
        menus.close()
        _wait_until_up(f"http://127.0.0.1:{port}/healthz", group)
        print(f"\nsammachip-bot is running.\n  Chat simulator: http://127.0.0.1:{port}/simulator\n"
              f"  Officers' console: http://127.0.0.1:{port}/console/ (sign in as demo-officer / demo-officer-1234)\n"
              f"  Logs: {log_dir}\nPress Ctrl-C to stop.\n", flush=True)
        while not stopping:
            dead = group.dead()
            if dead:
                print(f"process '{dead}' stopped; see {log_dir / (dead + '.log')}", flush=True)
                break
            time.sleep(0.5)
    finally:
        group.stop()
        if redis:
            redis.stop()
        print("stopped.", flush=True)
