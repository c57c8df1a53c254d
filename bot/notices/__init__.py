"""Notices officers broadcast: create (checked), hold until their time, release as multicast
batches through the outbox (`bot.notices.release`), follow their progress, cancel what has
not gone out.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from typing import Any, Sequence

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot import audience, clock, thai
from bot.area import Area
from bot.audience import AudienceError, AudienceSpec
from bot.db import is_in
from bot.models import ConsoleAccount, Notice, OutboundMessage
from bot.models.notices import CANCELLED, PENDING, RELEASING, SENT
from bot.notices import quota
from bot.notices.content import ContentError, check as check_messages
from bot.notices.groups import village_groups
from bot.notices.releases import (
    LINE_TIME, PEOPLE, RELEASE_LEASE, aggregation_unit, due, release, release_due, stop_waiting,
)
from bot.settings import TIMEZONE
from bot.texts import notices as texts

MAX_TITLE = 200
MAX_AHEAD = timedelta(days=90)
# A "send at" this far in the past is a form left open a moment: it goes now.
GRACE = timedelta(minutes=2)
MORNING = time(7, 0)


class NoticeError(ValueError):
    """A notice refused as asked; the message is the Thai sentence for the officer."""


class QuietHours(NoticeError):
    """The time asked falls in 20:00-07:00; `offer` is the 07:00 that follows."""

    def __init__(self, offer: datetime) -> None:
        self.offer = offer
        super().__init__(texts.NOTICE_QUIET_HOURS.format(offer=when_label(offer)))


def when_label(moment: datetime) -> str:
    return thai.date_and_time(moment.astimezone(TIMEZONE))


def next_allowed(moment: datetime) -> datetime:
    """`moment` itself outside quiet hours, else the 07:00 (Bangkok) that ends them."""
    local = moment.astimezone(TIMEZONE)
    if not clock.quiet_hours(local):
        return local
    day = local.date() if local.time() < MORNING else local.date() + timedelta(days=1)
    return datetime.combine(day, MORNING, tzinfo=TIMEZONE)


def check_time(send_at: datetime | None) -> datetime:
    """When the notice goes out (None: now). Refused in quiet hours with the 07:00 after offered."""
    now = clock.now()
    moment = now if send_at is None else send_at
    if moment.tzinfo is None:
        raise ValueError("send_at must be aware")
    if moment < now - GRACE:
        raise NoticeError(texts.NOTICE_IN_THE_PAST)
    if moment > now + MAX_AHEAD:
        raise NoticeError(texts.NOTICE_TOO_FAR.format(days=MAX_AHEAD.days))
    if clock.quiet_hours(moment):
        raise QuietHours(next_allowed(moment))
    return max(moment, now)


def create(session: Session, account: ConsoleAccount, *, title: str, spec: AudienceSpec,
           messages: list[dict[str, Any]], line, send_at: datetime | None = None,
           group_ids: Sequence[int] = (), form_key: str | None = None) -> Notice:
    """A pending notice, checked: audience in the officer's area, messages LINE accepts, a
    time outside quiet hours, a cost within what is left of LINE's monthly quota (`line`
    is asked). Nothing goes out until `release` (now, or by the cron)."""
    title = " ".join(title.split())
    if not 1 <= len(title) <= MAX_TITLE:
        raise NoticeError(texts.NOTICE_TITLE_NEEDED.format(limit=MAX_TITLE))
    scope = Area.of(account)
    try:
        audience.check(session, scope, spec)
    except AudienceError as error:
        raise NoticeError(texts.NOTICE_AUDIENCE_OUTSIDE) from error
    try:
        check_messages(messages)
    except ContentError as error:
        raise NoticeError(str(error)) from error
    groups = sorted(set(group_ids))
    if groups and len(village_groups(session, scope, groups)) != len(groups):
        raise NoticeError(texts.NOTICE_GROUP_OUTSIDE)
    moment = check_time(send_at)
    over = _over_quota(session, scope, spec, line, _group_chats(session, scope, groups))
    if over:
        raise NoticeError(over)
    notice = Notice(account_id=account.id, title=title, audience=spec.to_json(), messages=messages,
                    group_ids=groups, send_at=moment.astimezone(TIMEZONE), status=PENDING,
                    excluded={}, created_at=clock.utcnow(), form_key=form_key)
    session.add(notice)
    session.flush()
    return notice


def _over_quota(session: Session, scope: Area, spec: AudienceSpec, line, chats: list[str]) -> str | None:
    """The refusal when the notice would run over LINE's quota. Everyone the audience matches
    is an upper bound of who gets it, counted in a fraction of the time: only a notice that
    does not fit under the bound is counted exactly (the audience read once more)."""
    today = clock.now().date()
    bound = audience.at_most(session, scope, spec, today)
    found = quota.cost(line, bound, chats)
    if found.over:
        count, _ = audience.tally(session, scope, spec, today)
        found = replace(found, messages=found.messages - bound + count)
    return quota.refusal(found)


def made_from(session: Session, account: ConsoleAccount, form_key: str | None) -> Notice | None:
    """The notice this account already made from the form with this key, if any."""
    if not form_key:
        return None
    return session.scalar(select(Notice).where(Notice.form_key == form_key, Notice.account_id == account.id))


def preview(session: Session, scope: Area, spec: AudienceSpec, line,
            group_ids: Sequence[int] = ()) -> tuple[audience.Audience, quota.Cost]:
    """Who it would reach today and what that costs against LINE's quota: shown before sending."""
    found = audience.resolve(session, scope, spec, clock.now().date())
    return found, quota.cost(line, found.count, _group_chats(session, scope, group_ids))


def _group_chats(session: Session, scope: Area, group_ids: Sequence[int]) -> list[str]:
    """The LINE group ids of the village groups asked for (none asked: none)."""
    return [group.group_id for group in village_groups(session, scope, group_ids)] if group_ids else []


@dataclass(frozen=True)
class Progress:
    """Where a notice's recipients stand: people, not requests (a batch of 500 counts 500)."""

    status: str
    recipients: int = 0
    queued: int = 0
    sent: int = 0
    failed: int = 0
    blocked: int = 0
    over_quota: int = 0
    cancelled: int = 0
    excluded: dict[str, int] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        return self.status not in (PENDING, RELEASING) and self.queued == 0


_BUCKETS = {"pending": "queued", "retry": "queued", "sending": "queued", "sent": "sent", "failed": "failed",
            "unknown": "failed", "blocked": "blocked", "quota_exceeded": "over_quota", "cancelled": "cancelled"}


def progress(session: Session, notice: Notice) -> Progress:
    return progress_of(session, [notice])[notice.id]


def progress_of(session: Session, listed: Sequence[Notice]) -> dict[int, Progress]:
    """Each notice's progress from its outbox rows: one query for them all, grouped by notice and status."""
    released = [notice.id for notice in listed if notice.status != PENDING]
    counts = {notice.id: {bucket: 0 for bucket in set(_BUCKETS.values())} for notice in listed}
    if released:
        for notice_id, status, number in session.execute(
                select(OutboundMessage.notice_id, OutboundMessage.status, func.sum(PEOPLE))
                .where(is_in(session, OutboundMessage.notice_id, released))
                .group_by(OutboundMessage.notice_id, OutboundMessage.status)):
            counts[notice_id][_BUCKETS.get(status, "queued")] += int(number or 0)
    found = {}
    for notice in listed:
        if notice.status == PENDING:
            found[notice.id] = Progress(status=PENDING)
            continue
        excluded = dict(notice.excluded or {})
        # People who had blocked the bot before it went out are counted with those it reached blocked.
        counts[notice.id]["blocked"] += excluded.get(audience.BLOCKED, 0)
        found[notice.id] = Progress(status=notice.status, recipients=notice.recipient_count or 0, excluded=excluded,
                                    **counts[notice.id])
    return found


def cancel(session: Session, notice: Notice) -> int:
    """Cancel a pending notice, or what of a released one has not gone out yet; returns how
    many people it will no longer reach (0 for a notice that never went out)."""
    now = clock.utcnow()
    if session.execute(update(Notice).where(Notice.id == notice.id, Notice.status == PENDING)
                       .values(status=CANCELLED, cancelled_at=now)).rowcount == 1:
        session.refresh(notice)
        return 0
    # A release under way stops before its next batch: it renews its lease only while releasing.
    stopping = session.execute(update(Notice).where(Notice.id == notice.id, Notice.status == RELEASING).values(
        status=CANCELLED, cancelled_at=now, release_token=None, lease_until=None)).rowcount
    stopped = stop_waiting(session, notice.id)
    if not stopped and not stopping:
        raise NoticeError(texts.NOTICE_NOT_PENDING)
    session.refresh(notice)
    return stopped


def visible(session: Session, scope: Area):
    """The notices an account may see: an admin all of them, anyone else those sent from
    an account with exactly their area (their office's colleagues and their own)."""
    query = select(Notice)
    if scope.everything:
        return query
    same_area = select(ConsoleAccount.id).where(*(
        getattr(ConsoleAccount, name).is_not_distinct_from(getattr(scope, name))
        for name in ("role", "province_id", "district_id", "subdistrict_id", "fund_id")))
    return query.where(Notice.account_id.in_(same_area))


__all__ = ["CANCELLED", "ContentError", "LINE_TIME", "NoticeError", "PENDING", "Progress", "QuietHours",
           "RELEASE_LEASE", "RELEASING", "SENT", "aggregation_unit", "cancel", "check_time", "create", "due",
           "next_allowed", "preview", "progress", "release", "release_due", "village_groups", "visible", "when_label"]
