"""Waiting for Redis to come back, for the long-running processes (worker, cron).

Redis restarting (a deploy, an out-of-memory kill) must not stop the bot: a stored
event or message waits in the database, and the sweeper hands it on once Redis
answers again. So these processes wait, with growing pauses, instead of exiting.
"""
from __future__ import annotations

import logging
import time

import redis

log = logging.getLogger(__name__)

REDIS_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
FIRST_PAUSE, LONGEST_PAUSE = 0.5, 30.0


class Backoff:
    """Pauses of 0.5 s, 1 s, 2 s ... up to 30 s; back to the start once things work."""

    def __init__(self) -> None:
        self.pause = FIRST_PAUSE

    def reset(self) -> None:
        self.pause = FIRST_PAUSE

    def wait(self) -> None:
        time.sleep(self.pause)
        self.pause = min(self.pause * 2, LONGEST_PAUSE)


def wait_for_redis(connection: redis.Redis, who: str, backoff: Backoff | None = None) -> None:
    """Return once `connection` answers a PING; log each failed try."""
    backoff = backoff or Backoff()
    while True:
        try:
            connection.ping()
            return
        except REDIS_DOWN as error:
            log.error("%s: Redis unreachable (%s); retrying in %.1f s", who, error, backoff.pause)
            backoff.wait()
