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
still in the database under a lease, and the sweeper hands it on once the lease runs
out, as it does for a worker killed mid-job. Job timeouts still hold (RQ's signal
death penalty runs in this process's main thread).
"""
from __future__ import annotations

import logging

from rq.worker import SimpleWorker

from bot import ladders, runtime
from workers import jobs  # noqa: F401 - imported once here, not by every job

log = logging.getLogger(__name__)


class Worker(SimpleWorker):
    def work(self, *args, **kwargs):
        ladders.check(runtime.current().settings)  # the planners run here: refuse to start on a bad ladder
        self._warm_up()
        return super().work(*args, **kwargs)

    def _warm_up(self) -> None:
        """Open the pool and build the knowledge index before the first job, not during it."""
        try:
            runtime.current().warm_up()
        except Exception:  # a database still starting: the first job builds what it needs
            log.exception("could not warm up shared state; jobs will build it on first use")
