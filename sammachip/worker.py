"""The RQ worker class the Procfile runs.

RQ forks a work horse per job, and a horse's memory dies with it: an index a horse
builds is built again by the next one. So the parent builds what jobs share (the
database engine, the LINE client, the knowledge index) and refreshes the index
before each fork whenever the stored knowledge changed; every horse starts warm.
Connections made before the fork are dropped in the child, as SQLAlchemy asks.
"""
from __future__ import annotations

import logging
import os

from rq.worker import Worker as RQWorker

from bot import runtime

log = logging.getLogger(__name__)


def _forget_parent_connections() -> None:
    current = runtime.current()
    if "db" in current.__dict__:
        current.db.engine.dispose(close=False)


os.register_at_fork(after_in_child=_forget_parent_connections)


class Worker(RQWorker):
    def work(self, *args, **kwargs):
        runtime.current().warm_up()
        return super().work(*args, **kwargs)

    def execute_job(self, job, queue):
        try:
            runtime.current().warm_up()  # one version query; a rebuild only after the knowledge changed
        except Exception:  # the job itself will report a database that is down
            log.exception("could not refresh shared state before job %s", job.id)
        return super().execute_job(job, queue)
