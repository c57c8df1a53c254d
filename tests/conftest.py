"""Real backends for every test: PostgreSQL and Redis when reachable, else SQLite
and an embedded redis-server. Nothing that can run is mocked.

SAMMACHIP_TEST_BACKEND=postgres|embedded picks one explicitly (the test command
runs the suite on both).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
import requests
from redis import Redis
from sqlalchemy import create_engine, text

from bot import migrate, runtime
from bot.db import Base
from devtools.embedded_redis import EmbeddedRedis
from bot.settings import DEV_CHANNEL_ACCESS_TOKEN, DEV_CHANNEL_SECRET, Settings
from devtools.webapp import create_dev_app as create_app
from workers.queues import WORKER_QUEUES

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("SAMMACHIP_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REAL_REDIS = os.environ.get("SAMMACHIP_TEST_REDIS", "redis://127.0.0.1:6379")


def _postgres_reachable() -> bool:
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 2})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        Redis.from_url(REAL_REDIS, socket_connect_timeout=2).ping()
        return True
    except Exception:
        return False


BACKEND = os.environ.get("SAMMACHIP_TEST_BACKEND") or ("postgres" if _postgres_reachable() else "embedded")


def pytest_report_header(config):
    return f"sammachip backend: {BACKEND}"


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _claim_redis_pair() -> int:
    """Two Redis databases per test process (unit tests, the running stack) on the shared
    server, claimed with a key in database 0 so that runs going on side by side never flush
    each other's queues. A claim whose process is gone is taken over."""
    if BACKEND != "postgres":
        return 1  # the embedded server is this run's own
    server = Redis.from_url(REAL_REDIS + "/0", socket_connect_timeout=2)
    for slot in range(7):
        key = f"sammachip-test-slot:{slot}"
        if server.set(key, os.getpid(), nx=True, ex=4 * 3600):
            return 1 + 2 * slot
        holder = int(server.get(key) or 0)
        try:
            os.kill(holder, 0)
        except ProcessLookupError:
            server.set(key, os.getpid(), ex=4 * 3600)
            return 1 + 2 * slot
        except PermissionError:
            pass
    return 1 + 2 * (os.getpid() % 7)


UNIT_REDIS_DB = _claim_redis_pair()
STACK_REDIS_DB = UNIT_REDIS_DB + 1


def pytest_unconfigure(config):
    if BACKEND == "postgres":
        server = Redis.from_url(REAL_REDIS + "/0", socket_connect_timeout=2)
        key = f"sammachip-test-slot:{(UNIT_REDIS_DB - 1) // 2}"
        if server.get(key) == str(os.getpid()).encode():
            server.delete(key)


def redis_db(base: str, number: int) -> str:
    return f"{base}?db={number}" if base.startswith("unix://") else f"{base}/{number}"


def _databases(tmp_path_factory, names: tuple[str, ...]):
    """Fresh, migrated databases on the session's backend: {name: url}."""
    urls = {}
    if BACKEND == "postgres":
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for name in names:
                database = f"sammachip_test_{os.getpid()}_{name}"
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}"'))
                connection.execute(text(f'CREATE DATABASE "{database}"'))
                urls[name] = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{database}"
        admin.dispose()
    else:
        folder = tmp_path_factory.mktemp("databases")
        urls = {name: f"sqlite:///{folder / name}.sqlite3" for name in names}
    for url in urls.values():
        migrate.upgrade(url)
    return urls


def _drop_databases(urls: dict[str, str]) -> None:
    if BACKEND != "postgres":
        return
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for url in urls.values():
            connection.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def backend(tmp_path_factory):
    """{"unit": url, "stack": url} and the Redis base URL for the whole session.

    Unit tests empty their database before each test; the running stack keeps its own,
    so its session-wide data (the demo village, rich menus) survives them.
    """
    embedded = None
    urls = _databases(tmp_path_factory, ("unit", "stack"))
    if BACKEND == "postgres":
        redis_base = REAL_REDIS
    else:
        embedded = EmbeddedRedis(tmp_path_factory.mktemp("redis"), persist=False).start()
        redis_base = embedded.url
    yield urls, redis_base
    if embedded:
        embedded.stop()
    _drop_databases(urls)


def make_settings(backend, tmp_path, redis_number: int, emulator=None, database: str = "unit") -> Settings:
    urls, redis_base = backend
    database_url = urls[database]
    return Settings(env="test", instance_dir=tmp_path, database_url=database_url,
                    redis_url=redis_db(redis_base, redis_number), line_channel_secret=DEV_CHANNEL_SECRET,
                    line_channel_access_token=DEV_CHANNEL_ACCESS_TOKEN,
                    line_api_base=emulator.api if emulator else "http://127.0.0.1:9",
                    line_data_api_base=emulator.data if emulator else "http://127.0.0.1:9",
                    emulator_enabled=True, simulator_enabled=True)


def clean_tables(rt) -> None:
    with rt.db.session() as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())


@pytest.fixture(scope="session")
def emulator(backend):
    """A LINE emulator for tests that send but need no bot behind it."""
    from devtools.emulator import EmulatorConfig, running_emulator

    config = EmulatorConfig(channel_secret=DEV_CHANNEL_SECRET, access_token=DEV_CHANNEL_ACCESS_TOKEN, webhook_url=None)
    with running_emulator(config) as addresses:
        yield addresses


@pytest.fixture
def settings(backend, tmp_path, emulator):
    return make_settings(backend, tmp_path, redis_number=UNIT_REDIS_DB, emulator=emulator)


@pytest.fixture
def rt(settings):
    """A clean runtime: empty tables, empty Redis db, reset emulator."""
    current = runtime.Runtime(settings)
    previous = runtime.install(current)
    clean_tables(current)
    current.redis.flushdb()
    requests.post(settings.line_api_base + "/_emulator/reset", timeout=5)
    yield current
    current.close()
    runtime.install(previous)


@pytest.fixture
def app(rt):
    """The web app on the test's own runtime, so a test that breaks rt's database or Redis breaks the app's."""
    application = create_app(rt.settings)
    application.extensions["sammachip"].close()
    application.extensions["sammachip"] = rt
    runtime.install(rt)
    return application


@pytest.fixture
def client(app):
    return app.test_client()


class Stack:
    """The whole bot as LINE sees it: emulator -> signed webhook -> web -> RQ worker -> emulator."""

    def __init__(self, web_url: str, emulator_url: str, settings: Settings):
        self.web_url = web_url
        self.emulator_url = emulator_url
        self.settings = settings

    def new_user(self, name: str = "ยายสมร") -> str:
        response = requests.post(self.web_url + "/simulator/api/users", json={"display_name": name}, timeout=10)
        response.raise_for_status()
        return response.json()["user_id"]

    def send(self, user_id: str, kind: str = "text", wait: float = 15, **fields) -> list[dict]:
        body = {"user_id": user_id, "type": kind, "wait": wait, **fields}
        response = requests.post(self.web_url + "/simulator/api/events", json=body, timeout=wait + 10)
        response.raise_for_status()
        return response.json()["messages"]

    def say(self, user_id: str, text: str, **kwargs) -> list[dict]:
        return self.send(user_id, "text", text=text, **kwargs)


def _start_worker(settings: Settings, log_path: Path) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=settings.database_url, REDIS_URL=settings.redis_url,
               LINE_API_BASE=settings.line_api_base, LINE_DATA_API_BASE=settings.line_data_api_base,
               SAMMACHIP_ENV="test",
               LINE_CHANNEL_SECRET=settings.line_channel_secret,
               LINE_CHANNEL_ACCESS_TOKEN=settings.line_channel_access_token)
    rq = str(Path(sys.executable).parent / "rq")
    return subprocess.Popen([rq, "worker", "--with-scheduler", "--worker-class", "sammachip.worker.Worker",
                             "--url", settings.redis_url, *WORKER_QUEUES],
                            env=env, cwd=ROOT, stdout=open(log_path, "ab"), stderr=subprocess.STDOUT,
                            start_new_session=True)


@pytest.fixture(scope="session")
def stack(backend, tmp_path_factory):
    from werkzeug.serving import make_server

    from devtools.emulator import EmulatorConfig, running_emulator
    import threading

    folder = tmp_path_factory.mktemp("stack")
    web_port = free_port()
    config = EmulatorConfig(channel_secret=DEV_CHANNEL_SECRET, access_token=DEV_CHANNEL_ACCESS_TOKEN,
                            webhook_url=f"http://127.0.0.1:{web_port}/callback")
    with running_emulator(config) as addresses:
        emulator_url = addresses.api
        settings = make_settings(backend, folder, redis_number=STACK_REDIS_DB, emulator=addresses, database="stack")
        stack_runtime = runtime.Runtime(settings)
        clean_tables(stack_runtime)
        stack_runtime.redis.flushdb()
        app = create_app(settings)
        server = make_server("127.0.0.1", web_port, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        worker = _start_worker(settings, folder / "worker.log")
        try:
            _wait_for_worker(stack_runtime, worker, folder / "worker.log")
            yield Stack(f"http://127.0.0.1:{web_port}", emulator_url, settings)
        finally:
            os.killpg(worker.pid, 15)
            worker.wait(timeout=30)  # a warm shutdown finishes the job in hand; a loaded machine is slow
            server.shutdown()
            stack_runtime.close()


def _wait_for_worker(rt, worker, log_path: Path, timeout: float = 30) -> None:
    from rq import Worker

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError("rq worker exited:\n" + log_path.read_text(errors="replace"))
        if Worker.all(connection=rt.redis):
            return
        time.sleep(0.1)
    raise RuntimeError("rq worker did not register in time")


@pytest.fixture(scope="session")
def village(stack):
    """The demo district with live codes, the default knowledge base and synced rich menus."""
    from bot import knowledge, richmenus
    from bot.people import invites
    from devtools.demo.people import load_demo

    rt = runtime.Runtime(stack.settings)
    with rt.db.session() as session:
        load_demo(session)
        knowledge.import_defaults(session)
        invites.issue_codes(session)
    richmenus.sync(rt)
    yield rt
    rt.close()
