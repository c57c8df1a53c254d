"""What the benchmarks run on, made safe to run on a shared machine.

Every benchmark takes its database, Redis and ports from options (or the environment),
creates and removes only what it made, and never flushes a Redis it did not start:

- PostgreSQL: a database of its own (`sammachip_bench_<pid>_<hex>`) created through the
  admin URL (`--pg-admin`, else `SAMMACHIP_BENCH_PG_ADMIN`) and dropped at the end;
  SQLite: a file in a temporary folder.
- Redis: by default a redis-server of its own on a unix socket in a temporary folder (no
  port to clash); with `--redis-url` (else `SAMMACHIP_BENCH_REDIS_URL`) an existing one,
  whose database must be empty at the start, and only the keys the run made are deleted.
- Ports: given as options (else `SAMMACHIP_BENCH_PORT_BASE` + n); a port in use stops the
  run with a clear message instead of being taken from someone else.
"""
from __future__ import annotations

import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import requests
from redis import Redis
from sqlalchemy import create_engine, text

from devtools.embedded_redis import EmbeddedRedis

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
# The keys a run makes in a Redis it was given: RQ's, and the baseline apps' list.
MADE_KEYS = ("rq:*", "sammachip-bench:*")


def add_options(parser, ports: int, stores: bool = True, redis: bool = True) -> None:
    """--ports, and (`stores`) --backend, --pg-admin and (`redis`) --redis-url."""
    base = int(os.environ.get("SAMMACHIP_BENCH_PORT_BASE", "5810"))
    if ports:
        parser.add_argument("--ports", default=",".join(str(base + n) for n in range(ports)),
                            help=f"{ports} TCP ports on 127.0.0.1 for the processes the benchmark starts")
    if not stores:
        return
    parser.add_argument("--backend", choices=["postgres", "embedded"], default="postgres")
    parser.add_argument("--pg-admin", default=os.environ.get("SAMMACHIP_BENCH_PG_ADMIN", DEFAULT_PG_ADMIN),
                        help="a PostgreSQL URL allowed to CREATE and DROP the benchmark's own database")
    if redis:
        parser.add_argument("--redis-url", default=os.environ.get("SAMMACHIP_BENCH_REDIS_URL"),
                            help="an existing, empty Redis database; default: start a redis-server of our own")


def ports(args, count: int) -> list[int]:
    chosen = [int(p) for p in args.ports.split(",")]
    if len(chosen) < count:
        raise SystemExit(f"--ports needs {count} ports")
    for port in chosen[:count]:
        with socket.socket() as sock:
            # as the servers bind: connections of a run just ended (TIME_WAIT) do not hold the port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                raise SystemExit(f"port {port} is in use; choose others with --ports") from None
    return chosen[:count]


@contextmanager
def database(args, folder: Path) -> Iterator[str]:
    """A database of the benchmark's own, migrated; removed afterwards."""
    from bot import migrate

    if args.backend == "embedded":
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
        migrate.upgrade(url)
        yield url
        return
    name = f"sammachip_bench_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(args.pg_admin, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = args.pg_admin.rsplit("/", 1)[0] + f"/{name}"
    try:
        migrate.upgrade(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def redis(args, folder: Path) -> Iterator[str]:
    if not args.redis_url:
        server = EmbeddedRedis(folder / "redis", persist=False).start()
        try:
            yield server.url
        finally:
            server.stop()
        return
    client = Redis.from_url(args.redis_url)
    if client.dbsize():
        raise SystemExit(f"{args.redis_url} is not empty; give an empty database (nothing was flushed)")
    try:
        yield args.redis_url
    finally:
        made = [key for pattern in MADE_KEYS for key in client.scan_iter(pattern, count=1000)]
        for start in range(0, len(made), 1000):
            client.delete(*made[start:start + 1000])
        client.close()


def procfile(env: dict[str, str]) -> dict[str, str]:
    """The Procfile's commands with their `$VAR` and `${VAR:-default}` filled from `env`."""
    commands = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if not command.strip():
            continue

        def fill(match: re.Match) -> str:
            variable = match.group(1) or match.group(3)
            return env.get(variable) or (match.group(2) or "")

        commands[name.strip()] = re.sub(r"\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)", fill, command.strip())
    return commands


class Processes:
    """Child processes, each in a session of its own, so stopping one stops its children."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.started: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: str | list[str], env: dict[str, str]) -> subprocess.Popen:
        argv = shlex.split(command) if isinstance(command, str) else command
        env = dict(env, PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}")
        log = open(self.folder / f"{name}.log", "ab")
        process = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.started[name] = process
        return process

    def stop(self, name: str) -> None:
        process = self.started.pop(name, None)
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass

    def stop_all(self) -> None:
        for name in list(self.started):
            self.stop(name)

    def resident_mb(self) -> dict[str, list[float]]:
        """Resident size of every process of each started group (parent first), in MB."""
        return {name: [rss / 1024 for _, rss, _ in rows] for name, rows in self._by_group().items()}

    def private_mb(self) -> dict[str, list[float]]:
        """Memory only each process holds (USS: its private pages, in MB, parent first). Unlike the
        resident size, it grows when a forked child writes to a page it shared with its parent."""
        return {name: [_private_kb(pid) / 1024 for pid, _, _ in rows] for name, rows in self._by_group().items()}

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time (user + system) used so far by the live processes of each group."""
        return {name: sum(cpu for _, _, cpu in rows) for name, rows in self._by_group().items()}

    def _by_group(self) -> dict[str, list[tuple[int, float, float]]]:
        by_session: dict[int, list[tuple[int, float, float]]] = {}
        ticks = os.sysconf("SC_CLK_TCK")
        for status in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = status.read_text().rsplit(")", 1)[1].split()
                pid = int(status.parent.name)
                rss = _rss_kb(pid)
            except (OSError, ValueError):
                continue
            cpu = (int(fields[11]) + int(fields[12])) / ticks
            by_session.setdefault(int(fields[3]), []).append((pid, rss, cpu))
        # The started process (the session leader) first, then its children by pid; pids wrap around.
        return {name: sorted(by_session.get(process.pid, []), key=lambda row, leader=process.pid: (row[0] != leader, row[0]))
                for name, process in self.started.items()}


def _rss_kb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return float(line.split()[1])
    raise ValueError("no VmRSS (a zombie)")


def _private_kb(pid: int) -> float:
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:  # ended since it was listed
        return float("nan")
    return sum(float(line.split()[1]) for line in lines if line.startswith(("Private_Clean:", "Private_Dirty:")))


def wait_http(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer in {seconds:.0f} s")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def workspace(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))
