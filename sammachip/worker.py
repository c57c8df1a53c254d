"""The RQ worker class the Procfile runs: a warm, long-lived process that runs each job
itself instead of forking a work horse for it.

A forked horse paid for every job what the parent had not done: importing the job
modules and opening a database connection after the fork (76-118 ms a job, measured in
issue 11). This worker imports the jobs once, builds what they share (the database
engine and its pool, the LINE client, the knowledge index) once, and keeps all of it
between jobs; the knowledge index still follows the stored knowledge, because every
job reads it through `IndexCache.get`, which rebuilds it when its version changed.

Running jobs in the worker's own process costs what a fork bought: a job that crashes
the interpreter takes the worker with it. The Procfile runs workers under `rq
worker-pool`, which starts a new one in its place; the job's event or outbox row is
still in the database under a lease (or, for events the job took along and had not yet
claimed, as received), and the sweeper hands it on once the lease runs out, as it does
for a worker killed mid-job. Job timeouts still hold (RQ's signal
death penalty runs in this process's main thread).

RQ's own loop quits on most Redis errors; this one waits for Redis with back-off
and starts working again, so a Redis restart never leaves the bot without workers.

The pool forks each worker from its parent after the parent imported all of the above:
about 260,000 objects the workers share with it, copy-on-write. A worker's first full
garbage collection, minutes into its life once enough of its own objects have survived,
walked every one of them: it wrote to each object's header, so every page holding one
became the worker's own copy (65 MB of private memory, Pss +33 MB), it ran each extension
type's traverse code (+4 MB resident: the one-off step issue 11's soak saw), and it paused
the job for 0.5-1 s on the busy benchmark machine. A forked worker therefore freezes what it
inherited (`gc.freeze`, as the Python documentation advises for processes that fork without
exec): those objects live as long as the process anyway, and no collection walks them again.
"""
from __future__ import annotations

import contextlib
import gc
import logging
import os

from rq.worker import SimpleWorker

from bot import ladders, runtime
from bot.settings import Settings
from sammachip.reconnect import REDIS_DOWN, Backoff, wait_for_redis
from workers import jobs  # noqa: F401 - imported once here, not by every job

log = logging.getLogger(__name__)

# Registered in the pool's parent, which imports this module before it forks the workers.
os.register_at_fork(after_in_child=gc.freeze)


class Worker(SimpleWorker):
    @staticmethod
    def refuse_unsafe_settings() -> None:
        Settings.from_env().refuse_development_outside_dev_runner()

    def work(self, *args, **kwargs):
        self.refuse_unsafe_settings()
        ladders.check(runtime.current().settings)  # the planners run here: refuse to start on a bad ladder
        burst = kwargs.get("burst", args[0] if args else False)
        backoff = Backoff()
        while True:
            try:
                self._warm_up()
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

    def _warm_up(self) -> None:
        """Open the pool and build the knowledge index before the first job, not during it."""
        try:
            runtime.current().warm_up()
        except Exception:  # a database still starting: the first job builds what it needs
            log.exception("could not warm up shared state; jobs will build it on first use")
