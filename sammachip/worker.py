"""The RQ worker class the Procfile runs.

RQ forks a work horse per job, and a horse's memory dies with it: an index a horse
builds is built again by the next one. So the parent builds what jobs share (the
database engine, the LINE client, the knowledge index) and refreshes the index
before each fork whenever the stored knowledge changed; every horse starts warm.
Connections made before the fork are dropped in the child, as SQLAlchemy asks.

RQ's own loop quits on most Redis errors; this one waits for Redis with back-off
and starts working again, so a Redis restart never leaves the bot without workers.
"""
from __future__ import annotations

import contextlib
import logging
import os

from rq.worker import Worker as RQWorker

from bot import runtime
from bot.settings import Settings
from sammachip.reconnect import REDIS_DOWN, Backoff, wait_for_redis

log = logging.getLogger(__name__)


def _forget_parent_connections() -> None:
    current = runtime.current()
    if "db" in current.__dict__:
        current.db.engine.dispose(close=False)


os.register_at_fork(after_in_child=_forget_parent_connections)


class Worker(RQWorker):
    @staticmethod
    def refuse_unsafe_settings() -> None:
        Settings.from_env().refuse_development_outside_dev_runner()

    def work(self, *args, **kwargs):
        self.refuse_unsafe_settings()
        burst = kwargs.get("burst", args[0] if args else False)
        backoff = Backoff()
        while True:
            try:
                runtime.current().warm_up()
                worked = super().work(*args, **kwargs)
            except REDIS_DOWN as error:  # raised from RQ's teardown while Redis is gone
                log.error("worker: Redis lost (%s)", error)
                worked = False
            if burst or self._stop_requested or self._shutdown_requested_date is not None:
                return worked
            # RQ quit its loop on an error: if Redis is the cause, wait for it and work on.
            wait_for_redis(self.connection, f"worker {self.name}", backoff)
            with contextlib.suppress(*REDIS_DOWN):
                self.register_death()  # the birth record of the run that quit, if Redis kept it
            log.warning("worker %s: Redis is back; working again", self.name)

    def execute_job(self, job, queue):
        try:
            runtime.current().warm_up()  # one version query; a rebuild only after the knowledge changed
        except Exception:  # the job itself will report a database that is down
            log.exception("could not refresh shared state before job %s", job.id)
        return super().execute_job(job, queue)
