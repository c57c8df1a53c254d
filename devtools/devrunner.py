"""`sammachip dev`: the whole bot on one machine, owned by one process.

Starts a real Redis, migrates the SQLite database, then runs the LINE emulator (keeping
its users in the instance folder, so the database's links to them stay good), the web app
(gunicorn, as in production), an RQ worker and the cron process.

A child that dies is started again (Redis before the rest, since they need it); one that
keeps dying stops the lot. Ctrl-C or SIGTERM stops web, workers and cron first, then the
emulator, then Redis, so nothing logs a lost connection on the way out. If the runner
itself is killed, the kernel ends every child with it (see `devtools.children`).
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bot import migrate
from bot.settings import Settings
from devtools import children
from devtools.embedded_redis import EmbeddedRedis
from workers.queues import WORKER_QUEUES

# A child that dies this often within the window is broken, not unlucky: stop everything.
MAX_RESTARTS = 5
RESTART_WINDOW_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 10.0
# Stopped first to last: what uses Redis and the emulator before them.
STOP_ORDER = ("web", "worker", "cron", "emulator")
EMULATOR_STATE_FILE = "emulator-state.json"


def _tool(name: str) -> str:
    # Prefer the script next to this interpreter: the venv the bot runs in.
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else (shutil.which(name) or name)


@dataclass
class Child:
    name: str
    args: list[str]
    process: subprocess.Popen | None = None
    restarts: list[float] = field(default_factory=list)


class ProcessGroup:
    def __init__(self, log_dir: Path, verbose: bool, env: dict[str, str]):
        self.log_dir = log_dir
        self.verbose = verbose
        self.env = env
        self.children: dict[str, Child] = {}

    def start(self, name: str, args: list[str]) -> None:
        child = self.children.setdefault(name, Child(name, args))
        output = None if self.verbose else open(self.log_dir / f"{name}.log", "ab")
        child.process = children.start(args, env=self.env, stdout=output,
                                       stderr=subprocess.STDOUT if output else None)
        if output:
            output.close()  # the child has its own copy

    def dead(self) -> list[str]:
        return [name for name, child in self.children.items() if child.process and child.process.poll() is not None]

    def restart(self, name: str) -> bool:
        """Start a dead child again; False when it has died too often to keep trying."""
        child = self.children[name]
        now = time.monotonic()
        child.restarts = [moment for moment in child.restarts if now - moment < RESTART_WINDOW_SECONDS] + [now]
        if len(child.restarts) > MAX_RESTARTS:
            return False
        self.start(name, child.args)
        return True

    def stop(self, names: tuple[str, ...]) -> None:
        """SIGTERM to each named child's process group together, then wait (SIGKILL past the timeout)."""
        stopping = [self.children[name].process for name in names
                    if name in self.children and self.children[name].process]
        for process in stopping:
            if process.poll() is None:
                _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        for process in stopping:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()

    def stop_all(self) -> None:
        """Web, worker and cron together; then the emulator; then anything else."""
        self.stop(STOP_ORDER[:3])
        self.stop(STOP_ORDER[3:])
        self.stop(tuple(name for name in self.children if name not in STOP_ORDER))


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass


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
            raise RuntimeError(f"process '{group.dead()[0]}' exited during start-up")
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in time")


def reset_instance(settings: Settings) -> list[Path]:
    """Forget everything the dev runner keeps between starts; returns what was removed.

    The emulator's users and the database's links to them must go together, or the
    database would point at LINE users that no longer exist. A database elsewhere
    (DATABASE_URL) is not ours to drop, so resetting refuses it.
    """
    instance = settings.instance_dir
    sqlite_file = instance / "sammachip.sqlite3"
    if settings.database_url != f"sqlite:///{sqlite_file}":
        raise SystemExit("--reset clears only the embedded SQLite database; drop the DATABASE_URL database "
                         "yourself (or unset DATABASE_URL)")
    removed = []
    for path in (instance / EMULATOR_STATE_FILE, sqlite_file, instance / "redis"):
        if path.is_dir():
            shutil.rmtree(path)
            removed.append(path)
        elif path.exists():
            path.unlink()
            removed.append(path)
    return removed


def run(port: int, emulator_port: int, verbose: bool, reset: bool = False, emulator_data_port: int | None = None) -> None:
    settings = Settings.from_env()
    if settings.production:
        raise SystemExit("sammachip dev is for development; production runs the Procfile")
    emulator_data_port = emulator_data_port or emulator_port + 1
    for wanted in (port, emulator_port, emulator_data_port):
        if not _port_is_free(wanted):
            raise SystemExit(f"port {wanted} is in use; choose others with --port, --emulator-port and "
                             f"--emulator-data-port")
    if reset:
        for path in reset_instance(settings):
            print(f"removed {path}", flush=True)
    instance = settings.instance_dir
    log_dir = instance / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)

    env = dict(os.environ, SAMMACHIP_DEV_RUNNER="1")  # the product's processes run in development only here
    env.setdefault("LINE_API_BASE", f"http://127.0.0.1:{emulator_port}")
    env.setdefault("LINE_DATA_API_BASE", f"http://127.0.0.1:{emulator_data_port}")
    redis = None
    if not os.environ.get("REDIS_URL"):
        redis = EmbeddedRedis(instance / "redis", persist=True).start()
        env["REDIS_URL"] = redis.url

    group = ProcessGroup(log_dir, verbose, env)
    stopping = False

    def _stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGHUP, _stop)  # the terminal closed
    try:
        migrate.upgrade(settings.database_url)
        from devtools.demo import load_demo_data

        load_demo_data(Settings.from_env(env))
        group.start("emulator", [_tool("sammachip"), "emulator", "--port", str(emulator_port),
                                 "--data-port", str(emulator_data_port),
                                 "--webhook-url", f"http://127.0.0.1:{port}/callback",
                                 "--state-file", str(instance / EMULATOR_STATE_FILE)])
        group.start("web", [_tool("gunicorn"), "--worker-class", "gthread", "--workers", "2", "--threads", "4",
                            "--bind", f"127.0.0.1:{port}", "devtools.webapp:create_dev_app()"])
        group.start("worker", [_tool("rq"), "worker", "--with-scheduler", "--worker-class", "sammachip.worker.Worker",
                               "--url", env["REDIS_URL"], *WORKER_QUEUES])
        group.start("cron", [_tool("sammachip"), "cron"])  # as the Procfile runs it
        _wait_until_up(f"http://127.0.0.1:{emulator_port}/_emulator/users", group)
        # Menus the emulator kept are reused; a reset or a changed look makes new ones.
        from bot import richmenus
        from bot.runtime import Runtime

        menus = Runtime(Settings.from_env(env))
        richmenus.sync(menus)
        menus.close()
        _wait_until_up(f"http://127.0.0.1:{port}/healthz", group)
        print(f"\nsammachip-bot is running.\n  Chat simulator: http://127.0.0.1:{port}/simulator\n"
              f"  Officers' console: http://127.0.0.1:{port}/console/ (sign in as demo-officer / demo-officer-1234)\n"
              f"  Logs: {log_dir}\n  Kept between starts: {instance} (start clean with --reset)\n"
              f"Press Ctrl-C to stop.\n", flush=True)
        while not stopping:
            if not _keep_alive(group, redis, log_dir):
                break
            time.sleep(0.5)
    finally:
        group.stop_all()
        if redis:
            redis.stop()
        print("stopped.", flush=True)


def _keep_alive(group: ProcessGroup, redis: EmbeddedRedis | None, log_dir: Path) -> bool:
    """Start again whatever died, Redis first; False when something keeps dying."""
    if redis is not None and not redis.running():
        print("redis stopped; starting it again", flush=True)
        redis.start()
    for name in group.dead():
        print(f"process '{name}' stopped (see {log_dir / (name + '.log')}); starting it again", flush=True)
        if not group.restart(name):
            print(f"process '{name}' keeps stopping; stopping everything", flush=True)
            return False
    return True
