"""Store webhook events in groups: one INSERT and one Redis pipeline for every event that
arrived while the previous group was being written (a group commit, done in the app).

Each request still returns only after its own events are committed (durable on
PostgreSQL, `synchronous_commit` as configured) and handed on, so "stored before the
200" holds as before. Nobody waits on a timer: a request that finds nobody writing
writes its own events at once; requests that arrive meanwhile queue up, and the first
of them writes the whole queue next. Under a burst this turns dozens of transactions,
fsyncs and round trips into one, which is where the webhook's time went. Only the
INSERT is one writer at a time: a group is handed on to Redis while the next one is
being inserted.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from bot.db import inserted_by_key
from bot.models import WebhookEvent
from bot.runtime import Runtime

KEY = "webhook_event_id"


class NotStored(RuntimeError):
    """The group these events were in could not be written (the database is down)."""


@dataclass
class _Waiting:
    runtime: Runtime
    rows: list[dict]
    wake: threading.Event = field(default_factory=threading.Event)
    written: bool = False
    writes_next: bool = False
    error: Exception | None = None


class Intake:
    """One per web process (`INTAKE`)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._queue: list[_Waiting] = []
        self._writing = False

    def store(self, runtime: Runtime, rows: list[dict]) -> None:
        """Insert these event rows (duplicates of stored ones are skipped) and hand the new
        ones to the workers; returns once that is done, raises `NotStored` if it failed."""
        waiting = _Waiting(runtime, rows)
        with self._lock:
            self._queue.append(waiting)
            waiting.writes_next = not self._writing
            self._writing = True
        while not waiting.written:
            if waiting.writes_next:
                waiting.writes_next = False
                self._write_group()
            else:
                waiting.wake.wait()
                waiting.wake.clear()
        if waiting.error is not None:
            raise NotStored("webhook events not stored") from waiting.error

    def _write_group(self) -> None:
        with self._lock:
            group, self._queue = self._queue, []
        to_hand_on = []
        try:
            for runtime in {id(waiting.runtime): waiting.runtime for waiting in group}.values():
                to_hand_on.append((runtime, self._store(runtime, [w for w in group if w.runtime is runtime])))
        finally:
            with self._lock:
                if self._queue:  # the next writer is the longest waiting; it takes all that queued
                    self._queue[0].writes_next = True
                    self._queue[0].wake.set()
                else:
                    self._writing = False
            try:
                # Handed on once the next group is already writing, so its INSERT overlaps this
                # round trip to Redis; a failure here loses nothing (the sweeper).
                for runtime, event_row_ids in to_hand_on:
                    runtime.dispatch.process_events(event_row_ids)
            finally:
                for waiting in group:
                    waiting.written = True
                    waiting.wake.set()

    @staticmethod
    def _store(runtime: Runtime, group: list[_Waiting]) -> list[int]:
        """Insert the group's events; returns the new rows to hand on, in arrival order."""
        rows, seen = [], set()
        for waiting in group:
            for row in waiting.rows:
                if row[KEY] not in seen:  # the same event twice in one group is stored once
                    seen.add(row[KEY])
                    rows.append(row)
        try:
            new = runtime.db.one_statement(
                lambda connection: inserted_by_key(connection, WebhookEvent, rows, KEY))
        except Exception as error:
            for waiting in group:
                waiting.error = error
            return []
        return [new[row[KEY]] for row in rows if row[KEY] in new and row["status"] == "received"]


# Every request of this process joins the same queue (one runtime in production).
INTAKE = Intake()
