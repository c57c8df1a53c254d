"""The one module that names queues and the jobs put on them.

`events` carries webhook turns, `send` carries deliveries (workers listen to `send`
first, so a burst of events never starves the sending), `default` the periodic jobs.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from rq import Queue
from rq.job import Job
from rq.utils import as_text

from workers import jobs

log = logging.getLogger(__name__)

EVENTS, SEND, DEFAULT = "events", "send", "default"
# The order a worker takes its queues in (the Procfile and the dev runner use it).
WORKER_QUEUES = (SEND, EVENTS, DEFAULT)
# Only webhook turns go on `events`, each as the job `event-<row id>`.
EVENT_JOB_PREFIX = "event-"


class RQDispatch:
    """The domain's `Dispatch`, on RQ. A failure to enqueue loses nothing: the row is in
    the database and the sweeper hands it on once Redis is back."""

    def __init__(self, runtime) -> None:
        self.runtime = runtime

    def queue(self, name: str) -> Queue:
        return Queue(name, connection=self.runtime.redis)

    def process_events(self, event_row_ids: list[int]) -> None:
        if not event_row_ids:
            return
        queue = self.queue(EVENTS)
        try:
            with self.runtime.redis.pipeline() as pipeline:
                queue.enqueue_many([Queue.prepare_data(jobs.handle_webhook_event, (event_row_id,),
                                                       job_id=f"{EVENT_JOB_PREFIX}{event_row_id}", result_ttl=0,
                                                       failure_ttl=86400)
                                    for event_row_id in event_row_ids], pipeline=pipeline)
                pipeline.execute()
        except Exception:
            log.exception("could not enqueue webhook events %s; the sweeper will", event_row_ids)

    def take_waiting_events(self, limit: int) -> list[int]:
        """Take up to `limit` event jobs waiting in the queue, for a job to run along with its
        own. Their RQ jobs are dropped; should the worker die before their turns, the events
        are still rows in the database, and the sweeper hands them on again."""
        redis = self.runtime.redis
        try:
            job_ids = [as_text(job_id) for job_id in redis.lpop(self.queue(EVENTS).key, limit) or []]
        except Exception:
            log.warning("could not take waiting event jobs; they run on their own")
            return []
        if job_ids:
            try:
                redis.delete(*[Job.key_for(job_id) for job_id in job_ids])
            except Exception:  # a job hash left behind is never run: its id left the queue
                log.warning("could not drop the taken event jobs %s", job_ids)
        return [int(job_id.removeprefix(EVENT_JOB_PREFIX)) for job_id in job_ids]

    def deliver(self, outbox_id: int, delay: timedelta | None = None) -> None:
        try:
            if delay:
                self.queue(SEND).enqueue_in(delay, jobs.deliver_outbound, outbox_id, result_ttl=0)
            else:
                self.queue(SEND).enqueue(jobs.deliver_outbound, outbox_id, result_ttl=0)
        except Exception:
            log.warning("could not enqueue outbox %s; the sweeper will send it", outbox_id)

    def deliver_many(self, outbox_ids: list[int]) -> None:
        if not outbox_ids:
            return
        queue = self.queue(SEND)
        try:
            with self.runtime.redis.pipeline() as pipeline:
                queue.enqueue_many([Queue.prepare_data(jobs.deliver_outbound, (outbox_id,), result_ttl=0)
                                    for outbox_id in outbox_ids], pipeline=pipeline)
                pipeline.execute()
        except Exception:
            log.warning("could not enqueue %d outbox rows; the sweeper will send them", len(outbox_ids))

    def release_notice(self, notice_id: int) -> None:
        try:
            self.queue(DEFAULT).enqueue(jobs.release_notice, notice_id, job_id=f"notice-{notice_id}",
                                        result_ttl=0, failure_ttl=86400)
        except Exception:  # still pending and due: the cron's next minute releases it
            log.warning("could not enqueue releasing notice %s; the cron will", notice_id)

    def keep_content(self, message_ids: list[str]) -> None:
        try:
            self.queue(DEFAULT).enqueue(jobs.keep_content, list(message_ids), result_ttl=0)
        except Exception:  # an officer opening the report fetches it then, if LINE still has it
            log.warning("could not enqueue keeping content %s", message_ids)
