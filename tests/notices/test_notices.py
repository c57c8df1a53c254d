"""Notices: checked when created, never at night, released once into batches of at most 500,
followed to the end, cancellable while they wait."""
from __future__ import annotations

import secrets
import threading
import time
from datetime import datetime, timedelta

import pytest
import requests
from sqlalchemy import event as sqlalchemy_event, func, insert, select, update

from bot import clock, erasure, notices
from bot.audience import AudienceSpec
from bot.line import messages as m
from bot.line import outbox
from bot.models import ConsoleAccount, LineUser, Notice, OutboundMessage, Person, PersonRole, Consent
from bot.notices.content import Card, ContentError, compose
from bot.settings import TIMEZONE
from handlers.events import route
from tests.flows.helpers import Chat
from tests.notices.world import NOW, area

TEXT = [m.text("ประชุมกลุ่มวันศุกร์ 9 โมงค่ะ")]


def _account(session, world, name="officer_a") -> ConsoleAccount:
    return session.get(ConsoleAccount, world.accounts[name])


def _create(rt, world, spec=AudienceSpec(), send_at=None, account="officer_a", messages=TEXT, **kwargs) -> int:
    with rt.db.session() as session:
        return notices.create(session, _account(session, world, account), title="ประชุมกลุ่ม", spec=spec,
                              messages=messages, send_at=send_at, line=rt.line, **kwargs).id


def _rows(rt, notice_id) -> list[OutboundMessage]:
    with rt.db.sessions() as session:
        return list(session.scalars(select(OutboundMessage).where(OutboundMessage.notice_id == notice_id)
                                    .order_by(OutboundMessage.id)))


def _notice(rt, notice_id) -> Notice:
    with rt.db.sessions() as session:
        return session.get(Notice, notice_id)


def test_sent_now_it_is_released_at_once_as_one_batch_which_is_its_stored_recipients(rt, world):
    notice_id = _create(rt, world)
    ids = notices.release(rt, notice_id)
    [row] = _rows(rt, notice_id)
    assert ids == [row.id] and row.kind == "multicast" and row.messages == TEXT
    assert world.names(row.recipients) == {"สมศรี", "บุญ", "มะลิ", "ชัย"}
    assert row.dedup_key == f"notice:{notice_id}:0:0" and row.aggregation_unit == f"notice_{notice_id}"
    notice = _notice(rt, notice_id)
    assert notice.status == "sent" and notice.recipient_count == 4
    assert notice.excluded == {"withdrawn": 1, "unlinked": 1, "blocked": 1, "no_consent": 1}
    progress = _progress(rt, notice_id)
    assert progress.recipients == progress.queued == 4 and progress.blocked == 1


def _progress(rt, notice_id) -> notices.Progress:
    with rt.db.sessions() as session:
        return notices.progress(session, session.get(Notice, notice_id))


def test_the_progress_of_many_notices_is_each_ones_own(rt, world):
    _crowd(rt, world, 600)
    big = _create(rt, world, spec=AudienceSpec(roles=("household",)))
    small = _create(rt, world)
    waiting = _create(rt, world, send_at=datetime.fromisoformat(NOW).replace(tzinfo=TIMEZONE) + timedelta(days=1))
    notices.release(rt, big), notices.release(rt, small)
    outbox.deliver(rt, _rows(rt, small)[0].id)
    with rt.db.sessions() as session:
        listed = [session.get(Notice, notice_id) for notice_id in (big, small, waiting)]
        together = notices.progress_of(session, listed)
        assert together == {notice.id: notices.progress(session, notice) for notice in listed}
    assert (together[big].queued, together[small].sent, together[small].queued) == (603, 500, 104)
    assert together[waiting].status == "pending" and together[waiting].queued == 0


def test_who_it_leaves_out_is_counted_as_they_stand_when_it_goes_out(rt, world):
    notice_id = _create(rt, world)
    with rt.db.session() as session:  # บุญ blocks the bot between "send" and the release
        session.execute(update(LineUser).where(LineUser.line_user_id == world.users["บุญ"]).values(following=False))
    notices.release(rt, notice_id)
    assert world.names(_rows(rt, notice_id)[0].recipients) == {"สมศรี", "มะลิ", "ชัย"}
    notice = _notice(rt, notice_id)
    assert notice.excluded == {"withdrawn": 1, "unlinked": 1, "blocked": 2, "no_consent": 1}
    assert notice.recipient_count == 3


def test_released_twice_or_by_two_processes_at_once_it_is_queued_once(rt, world):
    notice_id = _create(rt, world)
    results: list[list[int]] = []
    threads = [threading.Thread(target=lambda: results.append(notices.release(rt, notice_id))) for _ in range(3)]
    with clock.frozen_at(NOW):  # the threads share the module's frozen clock
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(len(found) for found in results) == [0, 0, 1]
    assert notices.release(rt, notice_id) == []
    assert len(_rows(rt, notice_id)) == 1 and len(_rows(rt, notice_id)[0].recipients) == 4
    assert _notice(rt, notice_id).recipient_count == 4


def _crowd(rt, world, count: int) -> None:
    """`count` more linked, consenting households in village 1, written in bulk."""
    users = [f"U{secrets.token_hex(16)}" for _ in range(count)]
    with rt.db.session() as session:
        session.execute(insert(LineUser), [{"line_user_id": u, "following": True, "created_at": clock.utcnow()}
                                           for u in users])
        session.execute(insert(Consent), [{"line_user_id": u, "notice_version": "1", "agreed": True,
                                           "answered_at": clock.utcnow()} for u in users])
        session.execute(insert(Person), [{"person_key": secrets.token_hex(16), "full_name": "ครัวเรือน",
                                          "village_id": world.ids["v1"], "line_user_id": u,
                                          "created_at": clock.utcnow()} for u in users])
        ids = session.scalars(select(Person.id).where(Person.full_name == "ครัวเรือน")).all()
        session.execute(insert(PersonRole), [{"person_id": i, "role": "household"} for i in ids])


def test_a_large_audience_goes_in_batches_of_500_each_person_once(rt, world):
    _crowd(rt, world, 1200)
    notice_id = _create(rt, world, spec=AudienceSpec(roles=("household",)))
    notices.release(rt, notice_id)
    rows = _rows(rt, notice_id)
    assert [len(row.recipients) for row in rows] == [500, 500, 203]
    assert [row.dedup_key for row in rows] == [f"notice:{notice_id}:{n}:0" for n in range(3)]
    everyone = [user for row in rows for user in row.recipients]
    assert len(everyone) == len(set(everyone)) == 1203
    assert len({row.retry_key for row in rows}) == 3
    assert _notice(rt, notice_id).recipient_count == _progress(rt, notice_id).queued == 1203


class _Died(Exception):
    """The releasing process dying right after a commit."""


class _Interrupted:
    """The runtime's dispatch, with `meanwhile` run (once) in place of handing on the first
    rows a release commits: there the process stalls or dies, its batch written."""

    def __init__(self, real, meanwhile):
        self.real, self.meanwhile, self.first = real, meanwhile, True

    def deliver_many(self, ids):
        if not self.first:
            return self.real.deliver_many(ids)
        self.first = False
        self.meanwhile()

    def __getattr__(self, name):
        return getattr(self.real, name)


LEASE_OVER = (datetime.fromisoformat(NOW) + notices.RELEASE_LEASE + timedelta(seconds=1)).isoformat()


def _households(rt, world) -> int:
    _crowd(rt, world, 1200)
    return _create(rt, world, spec=AudienceSpec(roles=("household",)))


def _died_after_its_first_batch(rt, world, monkeypatch) -> int:
    """The households' notice, its releasing process dead right after committing its first batch."""
    notice_id = _households(rt, world)

    def die():
        raise _Died

    monkeypatch.setitem(rt.__dict__, "dispatch", _Interrupted(rt.dispatch, die))
    with pytest.raises(_Died):
        notices.release(rt, notice_id)
    monkeypatch.undo()
    return notice_id


def _everyone_once(rt, notice_id) -> None:
    rows = _rows(rt, notice_id)
    assert [row.dedup_key for row in rows] == [f"notice:{notice_id}:{n}:0" for n in range(3)]
    everyone = [user for row in rows for user in row.recipients]
    assert len(everyone) == len(set(everyone)) == 1203
    notice = _notice(rt, notice_id)
    assert (notice.status, notice.recipient_count, notice.release_token) == ("sent", 1203, None)


def test_the_first_batch_is_handed_on_before_the_rest_are_written(rt, world, monkeypatch):
    notice_id = _households(rt, world)
    seen = []
    monkeypatch.setitem(rt.__dict__, "dispatch", _Interrupted(rt.dispatch, lambda: seen.append(
        (len(_rows(rt, notice_id)), _notice(rt, notice_id).status))))
    notices.release(rt, notice_id)
    assert seen == [(1, "releasing")]
    _everyone_once(rt, notice_id)


def test_a_release_that_died_midway_is_finished_once_its_lease_runs_out_each_person_once(rt, world, monkeypatch):
    notice_id = _died_after_its_first_batch(rt, world, monkeypatch)
    [first] = _rows(rt, notice_id)
    assert len(first.recipients) == 500 and _notice(rt, notice_id).status == "releasing"
    assert notices.release(rt, notice_id) == [] and notices.release_due(rt) == 0  # its lease still holds
    with clock.frozen_at(LEASE_OVER):
        assert notices.release_due(rt) == 1
        assert notices.release_due(rt) == 0
    _everyone_once(rt, notice_id)
    with rt.db.sessions() as session:
        assert _notice(rt, notice_id).excluded == notices.audience.tally(
            session, area(session, world, "officer_a"), AudienceSpec(roles=("household",)),
            clock.now().date())[1]


def test_a_batch_whose_key_was_used_before_stops_the_release_instead_of_losing_its_people(rt, world):
    notice_id = _households(rt, world)
    with rt.db.session() as session:  # a row under the first batch's key, which no release wrote
        outbox.queue_push(session, f"notice:{notice_id}:0:0", world.users["บุญ"], TEXT)
    with pytest.raises(RuntimeError):
        notices.release(rt, notice_id)
    notice = _notice(rt, notice_id)
    assert _rows(rt, notice_id) == [] and notice.status == "releasing" and notice.recipient_count == 0


def test_a_release_that_stalled_past_its_lease_and_was_taken_over_writes_nothing_more(rt, world, monkeypatch):
    notice_id = _households(rt, world)
    taken_over = []

    def stall():
        with clock.frozen_at(LEASE_OVER):  # another process finds the lease run out and finishes it
            taken_over.append(notices.release(rt, notice_id))

    monkeypatch.setitem(rt.__dict__, "dispatch", _Interrupted(rt.dispatch, stall))
    mine = notices.release(rt, notice_id)
    assert len(mine) == 1 and len(taken_over[0]) == 2  # the stalled one wrote its first batch only
    _everyone_once(rt, notice_id)


def test_cancelled_while_its_release_is_under_way_it_stops_there(rt, world, monkeypatch):
    notice_id = _households(rt, world)

    def cancel():
        with rt.db.session() as session:
            assert notices.cancel(session, session.get(Notice, notice_id)) == 500

    monkeypatch.setitem(rt.__dict__, "dispatch", _Interrupted(rt.dispatch, cancel))
    assert len(notices.release(rt, notice_id)) == 1
    [first] = _rows(rt, notice_id)
    assert first.status == "cancelled" and _notice(rt, notice_id).status == "cancelled"
    with clock.frozen_at(LEASE_OVER):
        assert notices.release_due(rt) == 0
    progress = _progress(rt, notice_id)
    assert (progress.cancelled, progress.queued, progress.done) == (500, 0, True)


def _unread_household(rt, notice_id) -> str:
    """A household the release has read but not yet written: one it sends to, not in its first batch."""
    with rt.db.sessions() as session:
        first = session.scalars(select(OutboundMessage.recipients).where(OutboundMessage.notice_id == notice_id)).one()
        return session.scalars(select(Person.line_user_id).join(PersonRole)
                               .join(LineUser, LineUser.line_user_id == Person.line_user_id).where(
            PersonRole.role == "household", Person.line_user_id.not_in(first), LineUser.following.is_(True),
            Person.withdrawn_at.is_(None)).order_by(Person.id)).first()


def test_someone_who_withdraws_while_it_is_being_released_is_in_no_later_batch(rt, world, monkeypatch):
    notice_id = _households(rt, world)
    leaving = []

    def withdraw():  # between the first batch and the rest, someone the release already read withdraws
        leaving.append(_unread_household(rt, notice_id))
        with rt.db.session() as session:
            erasure.withdraw(session, leaving[0])

    monkeypatch.setitem(rt.__dict__, "dispatch", _Interrupted(rt.dispatch, withdraw))
    notices.release(rt, notice_id)
    everyone = [user for row in _rows(rt, notice_id) for user in row.recipients]
    assert leaving[0] not in everyone and len(everyone) == len(set(everyone)) == 1202
    notice = _notice(rt, notice_id)
    assert notice.recipient_count == 1202 and notice.status == "sent"




def test_someone_who_blocks_the_bot_while_it_is_being_released_is_in_no_later_batch(rt, world, monkeypatch):
    notice_id = _households(rt, world)
    blocking = []

    def block():  # between the first batch and the rest: LINE's unfollow event, through the router
        blocking.append(_unread_household(rt, notice_id))
        chat = Chat(rt, user_id=blocking[0])
        chat.turn(chat._event("unfollow"), route)

    monkeypatch.setitem(rt.__dict__, "dispatch", _Interrupted(rt.dispatch, block))
    notices.release(rt, notice_id)
    everyone = [user for row in _rows(rt, notice_id) for user in row.recipients]
    assert blocking[0] not in everyone and len(everyone) == len(set(everyone)) == 1202
    notice = _notice(rt, notice_id)
    assert (notice.recipient_count, notice.status) == (1202, "sent")
    assert notice.excluded["blocked"] == 2  # แดง, who blocked the bot long ago, and this one


def test_a_withdrawal_still_under_way_when_the_release_is_claimed_is_waited_for(rt, world):
    """The audience is read after the claim: a withdrawal not yet committed then must hold the
    claim back, or the release reads them, and their batch is written after the withdrawal
    looked for batches to take them out of."""
    notice_id = _households(rt, world)
    with rt.db.sessions() as session:
        leaving = session.scalars(select(Person.line_user_id).join(PersonRole).where(
            PersonRole.role == "household", Person.withdrawn_at.is_(None), Person.line_user_id.is_not(None))).first()
    counted = threading.Event()

    def withdraw():
        with rt.db.session() as session:
            erasure.withdraw(session, leaving)
            counted.set()
            time.sleep(0.5)  # not committed yet while the release starts

    withdrawal = threading.Thread(target=withdraw)
    withdrawal.start()
    assert counted.wait(30)
    notices.release(rt, notice_id)
    withdrawal.join()
    everyone = [user for row in _rows(rt, notice_id) for user in row.recipients]
    assert leaving not in everyone and len(everyone) == len(set(everyone)) == 1202


def test_a_notice_made_and_sent_while_a_withdrawal_commits_leaves_them_out(rt, world):
    """A notice that did not exist when the withdrawal counted itself on the notices not yet
    out: its claim still waits for the withdrawal to commit."""
    _crowd(rt, world, 1200)
    with rt.db.sessions() as session:
        leaving = session.scalars(select(Person.line_user_id).join(PersonRole)
                                  .join(LineUser, LineUser.line_user_id == Person.line_user_id).where(
            PersonRole.role == "household", LineUser.following.is_(True)).order_by(Person.id)).first()
    counted = threading.Event()

    def withdraw():
        with rt.db.session() as session:
            erasure.withdraw(session, leaving)
            counted.set()
            time.sleep(0.5)  # not committed yet while the notice is made and released

    withdrawal = threading.Thread(target=withdraw)
    withdrawal.start()
    assert counted.wait(30)
    notice_id = _create(rt, world, spec=AudienceSpec(roles=("household",)))
    notices.release(rt, notice_id)
    withdrawal.join()
    everyone = [user for row in _rows(rt, notice_id) for user in row.recipients]
    assert leaving not in everyone and len(everyone) == len(set(everyone)) == 1202


def _account_lookups(rt, notice_id) -> int:
    """How many times releasing the notice looked up people's LINE accounts after reading its audience."""
    looked = []

    def seen(conn, cursor, statement, *args):
        if statement.startswith("SELECT line_users.line_user_id, line_users.following"):
            looked.append(statement)

    sqlalchemy_event.listen(rt.db.engine, "before_cursor_execute", seen)
    try:
        notices.release(rt, notice_id)
    finally:
        sqlalchemy_event.remove(rt.db.engine, "before_cursor_execute", seen)
    return len(looked)


def test_a_release_looks_up_accounts_again_only_once_someone_has_left(rt, world, monkeypatch):
    quiet = _households(rt, world)
    assert _account_lookups(rt, quiet) == 0
    assert len([user for row in _rows(rt, quiet) for user in row.recipients]) == 1203
    busy = _create(rt, world, spec=AudienceSpec(roles=("household",)))

    def withdraw():
        with rt.db.session() as session:
            erasure.withdraw(session, _unread_household(rt, busy))

    monkeypatch.setitem(rt.__dict__, "dispatch", _Interrupted(rt.dispatch, withdraw))
    assert _account_lookups(rt, busy) == 1  # the one transaction written after it (batches 2 and 3)
    assert _notice(rt, busy).recipient_count == 1202


def test_an_account_closed_before_a_dead_release_is_taken_over_sends_nothing_more(rt, world, monkeypatch):
    notice_id = _died_after_its_first_batch(rt, world, monkeypatch)
    with rt.db.session() as session:
        session.execute(update(ConsoleAccount).where(ConsoleAccount.id == world.accounts["officer_a"])
                        .values(disabled_at=clock.utcnow()))
    with clock.frozen_at(LEASE_OVER):
        assert notices.release_due(rt) == 0
    [first] = _rows(rt, notice_id)
    notice = _notice(rt, notice_id)
    assert first.status == "cancelled" and notice.status == "cancelled" and notice.released_at is not None
    assert _progress(rt, notice_id).cancelled == 500


@pytest.mark.parametrize("asked,offer", [("2026-12-02T21:00", "2026-12-03T07:00"), ("2026-12-03T06:30", "2026-12-03T07:00"),
                                         ("2026-12-02T20:00", "2026-12-03T07:00"), ("2026-12-03T00:00", "2026-12-03T07:00")])
def test_a_time_in_quiet_hours_is_refused_with_seven_in_the_morning_offered(rt, world, asked, offer):
    with pytest.raises(notices.QuietHours) as refused:
        _create(rt, world, send_at=datetime.fromisoformat(asked).replace(tzinfo=TIMEZONE))
    assert refused.value.offer == datetime.fromisoformat(offer).replace(tzinfo=TIMEZONE)
    assert "07:00" in str(refused.value)
    with rt.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Notice)) == 0


def test_sending_now_at_night_is_refused_too(rt, world):
    with clock.frozen_at("2026-12-02T22:15"):
        with pytest.raises(notices.QuietHours) as refused:
            _create(rt, world)
    assert refused.value.offer == datetime(2026, 12, 3, 7, 0, tzinfo=TIMEZONE)


def test_a_scheduled_notice_waits_for_its_time_and_the_cron_releases_it_once(rt, world):
    notice_id = _create(rt, world, send_at=datetime(2026, 12, 2, 19, 59, tzinfo=TIMEZONE))
    assert notices.release_due(rt) == 0 and notices.release(rt, notice_id) == []
    with clock.frozen_at("2026-12-02T19:59:30"):
        assert notices.release_due(rt) == 1
        assert notices.release_due(rt) == 0
    assert len(_rows(rt, notice_id)) == 1


def test_a_due_notice_found_at_night_waits_for_the_morning(rt, world):
    notice_id = _create(rt, world, send_at=datetime(2026, 12, 2, 19, 0, tzinfo=TIMEZONE))
    with clock.frozen_at("2026-12-02T23:00"):
        assert notices.release_due(rt) == 0 and notices.release(rt, notice_id) == []
    with clock.frozen_at("2026-12-03T07:00"):
        assert notices.release_due(rt) == 1


def test_past_and_far_times_are_refused(rt, world):
    with pytest.raises(notices.NoticeError):
        _create(rt, world, send_at=datetime(2026, 12, 2, 9, 0, tzinfo=TIMEZONE))
    with pytest.raises(notices.NoticeError):
        _create(rt, world, send_at=datetime(2027, 6, 2, 9, 0, tzinfo=TIMEZONE))


@pytest.mark.parametrize("change", [
    {"title": "  "}, {"messages": []}, {"messages": [m.text("x")] * 6}, {"messages": [{"type": "text", "text": ""}]},
    {"messages": [{"type": "image", "originalContentUrl": "http://x", "previewImageUrl": "http://x"}]},
])
def test_a_notice_line_would_refuse_is_refused_before_it_is_stored(rt, world, change):
    with rt.db.session() as session:
        with pytest.raises(notices.NoticeError):
            notices.create(session, _account(session, world), line=rt.line,
                           **{"title": "ประกาศ", "spec": AudienceSpec(), "messages": TEXT, **change})


def test_an_audience_outside_the_area_is_refused(rt, world):
    with rt.db.session() as session:
        with pytest.raises(notices.NoticeError):
            notices.create(session, _account(session, world), title="ประกาศ", messages=TEXT, line=rt.line,
                           spec=AudienceSpec(villages=(world.ids["v9"],)))


def test_cancelled_while_pending_it_never_goes_out(rt, world):
    notice_id = _create(rt, world, send_at=datetime(2026, 12, 3, 9, 0, tzinfo=TIMEZONE))
    with rt.db.session() as session:
        assert notices.cancel(session, session.get(Notice, notice_id)) == 0
    with clock.frozen_at("2026-12-03T09:00"):
        assert notices.release_due(rt) == 0
    assert _notice(rt, notice_id).status == "cancelled" and _rows(rt, notice_id) == []


def test_cancelling_a_released_notice_stops_the_batches_not_yet_sent(rt, world):
    _crowd(rt, world, 600)
    notice_id = _create(rt, world)
    first, second = notices.release(rt, notice_id)
    assert outbox.deliver(rt, first) == "sent"
    with rt.db.session() as session:
        assert notices.cancel(session, session.get(Notice, notice_id)) == 104
    assert outbox.deliver(rt, second) is None
    progress = _progress(rt, notice_id)
    assert (progress.sent, progress.cancelled, progress.queued) == (500, 104, 0)
    with rt.db.session() as session:
        with pytest.raises(notices.NoticeError):
            notices.cancel(session, session.get(Notice, notice_id))


def test_progress_counts_people_from_queued_to_sent(rt, world):
    _crowd(rt, world, 600)
    notice_id = _create(rt, world)
    assert _progress(rt, notice_id).status == "pending"
    first, second = notices.release(rt, notice_id)
    progress = _progress(rt, notice_id)
    assert (progress.recipients, progress.queued, progress.sent, progress.blocked) == (604, 604, 0, 1)
    outbox.deliver(rt, first)
    assert (_progress(rt, notice_id).queued, _progress(rt, notice_id).sent) == (104, 500)
    outbox.deliver(rt, second)
    progress = _progress(rt, notice_id)
    assert (progress.queued, progress.sent, progress.done) == (0, 604, True)


def test_a_batch_line_refuses_for_the_monthly_quota_counts_as_over_quota(rt, world):
    _real_users(rt, world, ("สมศรี", "ชัย"))
    notice_id = _create(rt, world, spec=AudienceSpec(occupations=("ทอเสื่อกก",)))
    # The month's messages ran out between writing the notice and its batch going out.
    requests.post(rt.settings.line_api_base + "/_emulator/config", json={"monthly_quota": 1}, timeout=5)
    [row_id] = notices.release(rt, notice_id)
    assert outbox.deliver(rt, row_id) == "quota_exceeded"
    progress = _progress(rt, notice_id)
    assert (progress.queued, progress.sent, progress.over_quota) == (0, 0, 2)


def test_a_notice_that_would_run_over_the_months_quota_is_refused_with_its_cost(rt, world):
    requests.post(rt.settings.line_api_base + "/_emulator/config", json={"monthly_quota": 3}, timeout=5)
    with pytest.raises(notices.NoticeError) as refused:
        _create(rt, world)  # four people: four messages, whatever the number of message objects
    assert "4" in str(refused.value) and "3" in str(refused.value)
    _create(rt, world, messages=TEXT * 5, spec=AudienceSpec(roles=("leader",)))  # two people, five objects: 2
    with rt.db.sessions() as session:
        _, cost = notices.preview(session, area(session, world, "officer_a"), AudienceSpec(), rt.line)
    assert (cost.messages, cost.left, cost.over) == (4, 3, True)
    requests.post(rt.settings.line_api_base + "/_emulator/config", json={"monthly_quota": 4}, timeout=5)
    _create(rt, world)  # it matches eight people, four of whom get it: it fits


def test_when_line_does_not_say_the_quota_the_cost_is_shown_and_nothing_refused(rt, world):
    from bot.notices import quota

    class Silent:
        def message_quota(self):
            return None

    found = quota.cost(Silent(), 10)
    assert (found.messages, found.known, found.over, quota.refusal(found)) == (10, False, False, None)


def test_a_redis_that_lost_the_jobs_loses_no_batch(rt, world):
    notice_id = _create(rt, world)
    [row_id] = notices.release(rt, notice_id)
    rt.redis.flushdb()
    with rt.db.sessions() as session:
        assert row_id in outbox.due_for_delivery(session, clock.utcnow() + timedelta(seconds=31))


def test_a_notice_of_an_account_closed_before_its_time_is_not_sent(rt, world):
    notice_id = _create(rt, world, send_at=datetime(2026, 12, 2, 15, 0, tzinfo=TIMEZONE))
    with rt.db.session() as session:
        session.execute(update(ConsoleAccount).where(ConsoleAccount.id == world.accounts["officer_a"])
                        .values(disabled_at=clock.utcnow()))
    with clock.frozen_at("2026-12-02T15:00"):
        assert notices.release_due(rt) == 0
    assert _notice(rt, notice_id).status == "cancelled" and _rows(rt, notice_id) == []


def test_someone_who_withdraws_after_release_leaves_the_batch_and_the_notice_still_counts_them(rt, world):
    notice_id = _create(rt, world)
    [row_id] = notices.release(rt, notice_id)
    with rt.db.session() as session:
        erasure.withdraw(session, world.users["บุญ"])
    with rt.db.sessions() as session:
        row = session.get(OutboundMessage, row_id)
        assert world.users["บุญ"] not in row.recipients and len(row.recipients) == 3
        assert session.get(Notice, notice_id).recipient_count == 4


def test_delivered_through_line_each_person_gets_it_once(rt, world):
    """Real LINE users (the emulator's) in the audience: each gets the notice once, however often it is run."""
    users = _real_users(rt, world, ("สมศรี", "ชัย"))
    notice_id = _create(rt, world, spec=AudienceSpec(occupations=("ทอเสื่อกก",)))
    [row_id] = notices.release(rt, notice_id)
    assert outbox.deliver(rt, row_id) == "sent"
    assert outbox.deliver(rt, row_id) is None
    for user in users:
        got = requests.get(rt.settings.line_api_base + f"/_emulator/users/{user}/messages", timeout=5).json()
        assert [item["message"]["text"] for item in got["messages"]] == [TEXT[0]["text"]]


def _real_users(rt, world, names) -> list[str]:
    """Give these people LINE users the emulator knows, so what is sent to them arrives."""
    users = [requests.post(rt.settings.line_api_base + "/_emulator/users", json={"display_name": name},
                           timeout=5).json()["user_id"] for name in names]
    with rt.db.session() as session:
        for name, user in zip(names, users):
            old = world.users[name]
            session.execute(update(Person).where(Person.line_user_id == old).values(line_user_id=None))
            session.execute(update(LineUser).where(LineUser.line_user_id == old).values(line_user_id=user))
            session.execute(update(Consent).where(Consent.line_user_id == old).values(line_user_id=user))
            session.execute(update(Person).where(Person.id == world.people[name]).values(line_user_id=user))
            world.users[name] = user
    return users


def test_compose_builds_picture_words_card_and_quick_replies_in_reading_order():
    messages = compose(text="มาร่วมประชุมนะคะ", image_url="https://example.org/a.jpg",
                       card=Card(title="ประชุมกลุ่ม", body="เรื่องเงินกู้", date="ศุกร์ 4 ธ.ค. 2569", place="ศาลา",
                                 button_label="แผนที่", button_url="https://maps.example.org/1"),
                       quick_replies=["ไป", "ไม่ไป"])
    assert [message["type"] for message in messages] == ["image", "text", "flex"]
    assert [item["action"]["label"] for item in messages[-1]["quickReply"]["items"]] == ["ไป", "ไม่ไป"]
    assert "ศาลา" in messages[-1]["altText"]


@pytest.mark.parametrize("kwargs", [{}, {"image_url": "http://example.org/a.jpg"}, {"card": Card(title=" ")},
                                    {"card": Card(title="ก", button_label="แผนที่")},
                                    {"text": "ก", "quick_replies": [str(n) for n in range(14)]},
                                    {"text": "ก", "quick_replies": ["ยาวมาก" * 10]}, {"text": "ก" * 5001}])
def test_compose_refuses_what_line_would_refuse_with_a_thai_reason(kwargs):
    with pytest.raises(ContentError) as refused:
        compose(**kwargs)
    assert any("\u0e00" <= char <= "\u0e7f" for char in str(refused.value))


def test_a_notice_that_cannot_be_released_does_not_hold_back_the_ones_due_after_it(rt, world):
    broken = _create(rt, world, send_at=datetime(2026, 12, 2, 19, 0, tzinfo=TIMEZONE))
    later = _create(rt, world, send_at=datetime(2026, 12, 2, 19, 30, tzinfo=TIMEZONE))
    with rt.db.session() as session:  # stored by an older version, say, and no longer readable
        session.execute(update(Notice).where(Notice.id == broken).values(audience={"villages": "?"}))
    with clock.frozen_at("2026-12-02T19:45:00"):
        assert notices.release_due(rt) == 1
    assert _notice(rt, broken).status == "pending" and _rows(rt, broken) == []
    assert _notice(rt, later).status == "sent" and len(_rows(rt, later)) == 1
