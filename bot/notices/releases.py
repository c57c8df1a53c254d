"""A notice's release: claimed under a lease, its audience read once as a stream and
written as multicast batches of at most 500, a few batches a transaction, each transaction's
rows handed to the workers as soon as it commits.

So the first villagers get the notice while the rest are still being written, not after all
of them are (at 10,000 people that wait was most of the time to the last one). The claim
flips pending to releasing only if it was pending, so two cron processes, or the cron and a
"send now", release it once. The batches ARE the notice's stored recipients (no row per
person). A process that dies mid-release leaves whole batches written and its lease running
out; the cron's next run takes the notice over and writes the audience less those already in
its batches, so no one gets it twice and no one is missed. Someone who withdraws or blocks the
bot after the audience was read is left out of every batch written after that, and counted
so: a withdrawal or a block counts itself on the notices not yet out (`someone_left`), and
once a release sees that count move past what its claim found it checks each later batch
against the LINE accounts as they stand. Checking every batch always cost a lookup per person, a third of a release
at 10,000 people and half of it at 100,000, for what is rarely more than a few people.
The outbox rows and the sweeper deliver each batch once (each row carries its own retry
key), even if Redis lost every job.
"""
from __future__ import annotations

import logging
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Connection, and_, case, func, or_, select, update
from sqlalchemy.orm import Session

from bot import accounts, audience, clock
from bot.area import Area
from bot.audience import AudienceSpec
from bot.line import outbox
from bot.line.limits import MAX_MULTICAST_RECIPIENTS
from bot.db import dialect_of, is_in
from bot.models import LineUser, Notice, OutboundMessage
from bot.models.notices import CANCELLED, PENDING, RELEASING, SENT
from bot.notices.groups import village_groups

log = logging.getLogger(__name__)

# LINE counts statistics for at most this many aggregation units a month; past it a notice goes without.
MAX_UNITS_A_MONTH = 1000
LINE_TIME = timezone(timedelta(hours=9))
# A release renews its lease with every transaction (milliseconds apart); one not renewed
# for this long died, and the cron's next run takes the notice over.
RELEASE_LEASE = timedelta(minutes=2)
# Batches of 500 written per transaction: the first alone, so the first villagers have it at
# once, then twice as many each time up to this, so 100,000 people take 17 commits, not 200.
MOST_BATCHES_A_COMMIT = 16
# A PostgreSQL advisory lock: a withdrawal takes it alone until it commits, a claim shares it
# (see `_claim`). The number is the bot's own; nothing else uses it.
WITHDRAWALS_LOCK = 0x5A3C_7E1D
# How many people an outbox row of a notice reaches: a batch its recipients, a group push one chat.
PEOPLE = case((OutboundMessage.kind == "multicast", func.json_array_length(OutboundMessage.recipients)), else_=1)


def due(session: Session) -> list[int]:
    """Pending notices whose time has come, and releases whose process died (lease run out)."""
    now = clock.utcnow()
    return list(session.scalars(select(Notice.id).where(or_(
        and_(Notice.status == PENDING, Notice.send_at <= now),
        and_(Notice.status == RELEASING, Notice.lease_until < now))).order_by(Notice.send_at, Notice.id)))


def release_due(runtime) -> int:
    """Every notice whose time has come, and every release left unfinished (the cron planner);
    how many went out."""
    if clock.quiet_hours():
        return 0
    with runtime.db.sessions() as session:
        waiting = due(session)
    released = 0
    for notice_id in waiting:
        try:
            released += bool(release(runtime, notice_id))
        except Exception:
            # What it committed stands and its lease runs out, so a run after that takes it
            # up where it stopped; the notices due after it must not wait behind it.
            log.exception("notice %s could not be released", notice_id)
    return released


def release(runtime, notice_id: int) -> list[int]:
    """Release one notice if it is due and nobody is releasing it: its batches written and
    handed to the workers a few at a time (see the module's docstring). Returns the outbox
    rows this call wrote (none when another process has it)."""
    if clock.quiet_hours():
        return []
    token = secrets.token_hex(16)
    with runtime.db.sessions() as session:
        claimed = _claim(session, notice_id, token)
        session.commit()
    if claimed is None:
        return []
    return _Release(runtime, claimed, token).run()


@dataclass(frozen=True)
class _Claimed:
    notice_id: int
    scope: Area
    spec: AudienceSpec
    messages: list[dict[str, Any]]
    group_ids: list[int]
    # What a release that died had written already: its batches, their aggregation unit, and
    # the people in them (at most the audience's size; read once, to leave them out).
    batches: int
    unit: str | None
    reached: frozenset[str]
    audience_changes: int  # as the claim found it: the withdrawals and blocks the audience read already saw


def _claim(session: Session, notice_id: int, token: str) -> _Claimed | None:
    """Take the notice for this release: due and pending, or left releasing by a process whose
    lease ran out. None when it is not there to take."""
    if dialect_of(session) == "postgresql":
        # A withdrawal still under way, even one that began before this notice was made, must
        # commit before the audience is read, or its person could be read and written into a
        # batch after it looked for batches to take them out of. (SQLite writes one at a time.)
        session.execute(select(func.pg_advisory_xact_lock_shared(WITHDRAWALS_LOCK)))
    now = clock.utcnow()
    claimable = or_(and_(Notice.status == PENDING, Notice.send_at <= now),
                    and_(Notice.status == RELEASING, Notice.lease_until < now))
    claimed = session.execute(update(Notice).where(Notice.id == notice_id, claimable).values(
        status=RELEASING, release_token=token, lease_until=now + RELEASE_LEASE,
        released_at=func.coalesce(Notice.released_at, now),
        recipient_count=func.coalesce(Notice.recipient_count, 0))).rowcount
    if claimed != 1:
        return None
    notice = session.get(Notice, notice_id, populate_existing=True)
    written = session.execute(select(OutboundMessage.aggregation_unit, OutboundMessage.recipients).where(
        OutboundMessage.notice_id == notice_id, OutboundMessage.kind == "multicast")).all()
    account = accounts.active(session, notice.account_id)
    if account is None:
        # The officer's account was closed before it went out: nobody speaks for it now, so
        # what a release that died had written does not go out either.
        notice.status, notice.cancelled_at = CANCELLED, now
        notice.release_token = notice.lease_until = None
        if not written:
            notice.released_at = None
        stop_waiting(session, notice_id)
        return None
    if written:
        unit = written[0].aggregation_unit
    else:
        unit = aggregation_unit(notice_id) if _units_this_month(session, now) <= MAX_UNITS_A_MONTH else None
    return _Claimed(notice_id, Area.of(account), AudienceSpec.from_json(notice.audience), notice.messages,
                    list(notice.group_ids or []), len(written) // len(outbox.message_chunks(notice.messages)), unit,
                    frozenset(user for row in written for user in row.recipients or ()), notice.audience_changes)


class _Release:
    """One process writing a claimed notice's batches: the audience streamed from one
    connection, the batches committed on another and handed on after each commit."""

    def __init__(self, runtime, claimed: _Claimed, token: str) -> None:
        self.runtime, self.claimed, self.token = runtime, claimed, token
        self.batch = claimed.batches
        self.excluded: Counter = Counter()
        self.queued: list[int] = []
        self.someone_left = False

    def run(self) -> list[int]:
        waiting: list[str] = []
        batches = 1
        with self.runtime.db.engine.connect() as reader, self.runtime.db.sessions() as writer:
            for line_user_id, state in self._audience(reader):
                if state != audience.SENDABLE:
                    self.excluded[state] += 1
                    continue
                if line_user_id in self.claimed.reached:
                    continue
                waiting.append(line_user_id)
                if len(waiting) == batches * MAX_MULTICAST_RECIPIENTS:
                    if not self._commit(writer, waiting):
                        return self.queued
                    waiting, batches = [], min(batches * 2, MOST_BATCHES_A_COMMIT)
            self._commit(writer, waiting, last=True)
        return self.queued

    def _audience(self, reader: Connection):
        """(LINE user id, state) of everyone the audience matches, streamed."""
        audience.without_jit(reader)
        found = audience.matched(self.claimed.scope, self.claimed.spec, clock.now().date()).subquery()
        return (reader.execution_options(yield_per=MAX_MULTICAST_RECIPIENTS)
                .execute(select(found.c.line_user_id, found.c.state)))

    def _commit(self, writer: Session, users: list[str], last: bool = False) -> bool:
        """Write `users` as batches in one transaction, the last one also the groups' pushes and
        the notice sent. False, writing nothing, when the notice is no longer this release's:
        cancelled, or taken over after this process stalled past its lease."""
        notice_id = self.claimed.notice_id
        mine = (Notice.id == notice_id, Notice.status == RELEASING, Notice.release_token == self.token)
        # First, so that its row lock orders this transaction against a cancel, a takeover, a
        # withdrawal or a block (`someone_left` takes the same lock): one that committed before
        # is counted in what this returns, one after finds this transaction's batches.
        changes = writer.scalar(update(Notice).where(*mine).values(lease_until=clock.utcnow() + RELEASE_LEASE)
                                .returning(Notice.audience_changes))
        if changes is None:
            writer.rollback()
            return False
        # The people read before someone left may include them: from then on, every batch is checked.
        self.someone_left = self.someone_left or changes != self.claimed.audience_changes
        if self.someone_left:
            users = self._still_reachable(writer, users)
        ids: list[int] = []
        for start in range(0, len(users), MAX_MULTICAST_RECIPIENTS):
            written = outbox.queue_multicast(writer, f"notice:{notice_id}:{self.batch}",
                                             users[start:start + MAX_MULTICAST_RECIPIENTS], self.claimed.messages,
                                             notice_id=notice_id, aggregation_unit=self.claimed.unit)
            if len(written) != len(outbox.message_chunks(self.claimed.messages)):
                raise RuntimeError(f"notice {notice_id}: batch {self.batch} was written before")
            ids += written
            self.batch += 1
        values: dict[str, Any] = {"recipient_count": Notice.recipient_count + len(users)}
        if last:
            values.update(status=SENT, release_token=None, lease_until=None,
                          excluded={k: self.excluded[k] for k in audience.EXCLUSIONS if self.excluded[k]})
            for group in village_groups(writer, self.claimed.scope, self.claimed.group_ids):
                pushed = outbox.queue_push(writer, f"notice:{notice_id}:group:{group.id}", group.group_id,
                                           self.claimed.messages)
                writer.execute(update(OutboundMessage).where(OutboundMessage.id.in_(pushed))
                               .values(notice_id=notice_id))
                ids += pushed
        writer.execute(update(Notice).where(Notice.id == notice_id).values(**values))
        writer.commit()
        self.runtime.dispatch.deliver_many(ids)  # if Redis is down, the sweeper finds the rows
        self.queued += ids
        return True

    def _still_reachable(self, writer: Session, users: list[str]) -> list[str]:
        """`users` less those who withdrew or blocked the bot since the audience was read (a
        withdrawal deletes their LINE account's row); those are counted as left out."""
        following = dict(writer.execute(select(LineUser.line_user_id, LineUser.following)
                                        .where(is_in(writer, LineUser.line_user_id, users))).all())
        for user in users:
            if user not in following:
                self.excluded[audience.WITHDRAWN] += 1
            elif not following[user]:
                self.excluded[audience.BLOCKED] += 1
        return [user for user in users if following.get(user)]


def someone_left(session: Session, withdrawal: bool = False) -> None:
    """Someone withdrew or blocked the bot, in this transaction: every release under way checks
    the people of its later batches (see the module's docstring). The notices' row locks order
    this against a release's next batch, which therefore either sees the change or is written
    before it (and a withdrawal then takes them out of it).

    A `withdrawal` must leave no batch that names them, so it also counts on pending notices
    (a claim waits for it) and holds back the claims of notices made meanwhile (`_claim`). A
    block counts on releasing notices only: one sent to them anyway is dropped by LINE, and
    every unfollow locking every scheduled notice would line the unfollows up behind each other."""
    statuses = (RELEASING,)
    if withdrawal:
        statuses = (PENDING, RELEASING)
        if dialect_of(session) == "postgresql":
            session.execute(select(func.pg_advisory_xact_lock(WITHDRAWALS_LOCK)))
    session.execute(update(Notice).where(Notice.status.in_(statuses))
                    .values(audience_changes=Notice.audience_changes + 1))


def stop_waiting(session: Session, notice_id: int) -> int:
    """Cancel a notice's rows not sent yet; how many people they would have reached. One
    statement, so a row a worker claims meanwhile is either cancelled or counted as going."""
    cancelled = session.execute(update(OutboundMessage).where(
        OutboundMessage.notice_id == notice_id, OutboundMessage.status.in_(("pending", "retry")),
    ).values(status="cancelled").returning(PEOPLE)).scalars()
    return sum(cancelled)


def _units_this_month(session: Session, now: datetime) -> int:
    """Notices released since the first of LINE's month (which LINE counts in UTC+9)."""
    local = now.astimezone(LINE_TIME)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return session.scalar(select(func.count()).select_from(Notice).where(Notice.released_at >= start)) or 0


def aggregation_unit(notice_id: int) -> str:
    """The name LINE counts a notice's impressions and clicks under (letters, digits, _; 30 at most)."""
    return f"notice_{notice_id}"
