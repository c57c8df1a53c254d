"""The per-process wiring: settings, database, Redis, queues and the LINE client.

Web requests and RQ jobs both reach shared resources through `current()`, built
lazily from the environment, so a job needs no Flask app to run.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from typing import Callable, Protocol

from redis import Redis

from bot.db import Database
from bot.settings import Settings


class Dispatch(Protocol):
    """How the domain hands work to the workers; the entry layer installs the real one."""

    def process_events(self, event_row_ids: list[int]) -> None:
        """Every event of one webhook call, handed on in one round trip."""
        ...

    def deliver(self, outbox_id: int, delay: timedelta | None = None) -> None: ...

    def deliver_many(self, outbox_ids: list[int]) -> None:
        """Many rows (a notice's batches, a planner's sends, what the sweeper found) in one round trip."""
        ...

    def release_notice(self, notice_id: int) -> None:
        """Release a notice now, in a worker (an officer's "send now" does not wait for it)."""
        ...

    def keep_content(self, message_ids: list[str]) -> None:
        """Fetch these photos from LINE into our storage now, while LINE still has them."""
        ...


_dispatch_factory: Callable[["Runtime"], Dispatch] | None = None


def use_dispatch(factory: Callable[["Runtime"], Dispatch]) -> None:
    """Called once by the entry layer: every Runtime hands its work to `factory(runtime)`."""
    global _dispatch_factory
    _dispatch_factory = factory


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

    @cached_property
    def dispatch(self) -> Dispatch:
        if _dispatch_factory is None:
            raise RuntimeError("no dispatch installed: import the entry layer (sammachip) first")
        return _dispatch_factory(self)

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
