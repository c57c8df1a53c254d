"""The cron process (`sammachip cron`): RQ's cron scheduler over `workers.schedule`,
waiting for Redis with back-off instead of exiting when it goes away.

Run exactly one: RQ's cron has no lock (every periodic job is idempotent anyway).
"""
from __future__ import annotations

import contextlib
import logging
import time

from redis import Redis
from rq.cron import CronScheduler
from rq.exceptions import StopRequested

from sammachip.reconnect import REDIS_DOWN, Backoff, wait_for_redis

log = logging.getLogger(__name__)


class Cron(CronScheduler):
    def start(self) -> None:
        self._install_signal_handlers()
        backoff = Backoff()
        born = False
        try:
            while True:
                try:
                    if not born:
                        self.register_birth()
                        born = True
                    if self.enqueue_jobs():  # a job whose enqueue failed stays due and goes next time
                        self.save()
                    self.heartbeat()
                    backoff.reset()
                except REDIS_DOWN:
                    wait_for_redis(self.connection, f"cron {self.name}", backoff)
                    continue
                time.sleep(self.calculate_sleep_interval())
        except (KeyboardInterrupt, StopRequested):
            log.info("cron %s: stopping", self.name)
        finally:
            with contextlib.suppress(*REDIS_DOWN):
                self.register_death()


def run(redis_url: str, schedule: str = "workers.schedule") -> None:
    cron = Cron(connection=Redis.from_url(redis_url, socket_timeout=10, socket_connect_timeout=5))
    cron.load_config_from_file(schedule)
    cron.start()
