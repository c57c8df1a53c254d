"""The RQ worker class the Procfile runs.

RQ forks a work horse per job; building the database engine, LINE client and
knowledge index once in the parent lets every job start warm. Connections made
before the fork are dropped in the child, as SQLAlchemy asks.
"""
from __future__ import annotations

import os

from rq.worker import Worker as RQWorker

from bot import runtime


def _forget_parent_connections() -> None:
    current = runtime.current()
    if "db" in current.__dict__:
        current.db.engine.dispose(close=False)


os.register_at_fork(after_in_child=_forget_parent_connections)


class Worker(RQWorker):
    def work(self, *args, **kwargs):
        runtime.current().warm_up()
        return super().work(*args, **kwargs)
