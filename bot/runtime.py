"""The per-process wiring: settings, database, Redis, queues and the LINE client.

Web requests and RQ jobs both reach shared resources through `current()`, built
lazily from the environment, so a job needs no Flask app to run.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cached_property

from redis import Redis
from rq import Queue

from bot.db import Database
from bot.settings import Settings



@dataclass
class Runtime:
    settings: Settings
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @cached_property
    def db(self) -> Database:
        return Database(self.settings.database_url)

    @cached_property
    def redis(self) -> Redis:
        return Redis.from_url(self.settings.redis_url, socket_timeout=5, socket_connect_timeout=2)

    def queue(self, name: str) -> Queue:
        return Queue(name, connection=self.redis)

    @cached_property
    def line(self):
        from bot.line.client import LineClient

        return LineClient(self.settings)

    @cached_property
    def knowledge(self):
        from bot.knowledge import IndexCache

        return IndexCache()

    def warm_up(self) -> None:
        """Build, or bring up to date, what jobs share, before a worker forks one."""
        self.line
        with self.db.sessions() as session:
            self.knowledge.get(session)

    def close(self) -> None:
        if "db" in self.__dict__:
            self.db.dispose()
        if "redis" in self.__dict__:
            self.redis.close()
        if "line" in self.__dict__:
            self.line.close()


_current: Runtime | None = None
_current_lock = threading.Lock()


def current() -> Runtime:
    global _current
    with _current_lock:
        if _current is None:
            _current = Runtime(Settings.from_env())
        return _current


def install(runtime: Runtime | None) -> Runtime | None:
    """Replace this process's runtime (app factory, tests); returns the previous one."""
    global _current
    with _current_lock:
        previous, _current = _current, runtime
        return previous
