"""An activity from invitation to attendance, against the real database: who is invited and
told (once, never at night), answers recorded and changed, the day-before reminder only to
those who said yes or have not answered, the leader's attendance in chat, and the figures."""
from __future__ import annotations

import threading
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select, update

from bot import activities, clock, overview, postbacks, runtime, texts
from bot.area import Area
from bot.db import Base
from bot.line import outbox
from bot.models import Activity, ActivityAttendance, ActivityInvitee, ConsoleAccount, OutboundMessage, ScheduledMessage
from handlers.events import route
from tests.activities.world import NOW, build, create
from tests.flows.helpers import Chat, buttons, last_chips

SATURDAY = "2026-12-05T09:00"  # three days after the world's Wednesday


@pytest.fixture
def world(rt):
    with clock.frozen_at(NOW), rt.db.session() as session:
        return build(session)


def _pushes(rt, key_part: str) -> dict[str, list[dict]]:
    """LINE user -> the messages of every push whose key holds `key_part`."""
    with rt.db.sessions() as session:
        return {row.recipient: row.messages for row in session.scalars(
            select(OutboundMessage).where(OutboundMessage.dedup_key.contains(key_part)).order_by(OutboundMessage.id))}


def _tap(rt, user_id: str, data: str) -> list[dict]:
    chat = Chat(rt, user_id=user_id)
    return chat.turn(chat._event("postback", postback={"data": data}), route)


def _answers(rt, activity_id: int) -> dict[int, str | None]:
    with rt.db.sessions() as session:
        return dict(session.execute(select(ActivityInvitee.person_id, ActivityInvitee.answer)
                                    .where(ActivityInvitee.activity_id == activity_id)).all())


def _plan(rt, at: str) -> Counter:
    with clock.frozen_at(at):
        return activities.plan_activities(rt)


def test_the_village_is_invited_and_told_once_with_buttons_and_a_map(rt, world):
    with clock.frozen_at(NOW):
        activity_id, decisions = create(rt, world, SATURDAY)
    assert Counter(d.outcome for d in decisions) == Counter({"queued": 4})
    invited = set(_answers(rt, activity_id))
    assert invited == {world.going, world.saying_no, world.silent, world.leader}  # not unlinked, not elsewhere
    pushes = _pushes(rt, f"activity:{activity_id}:invite:")
    assert set(pushes) == {world.users[who] for who in ("going", "saying_no", "silent", "leader")}
    card, location = pushes[world.users["going"]]
    assert location == {"type": "location", "title": "อบรมทอเสื่อกก", "address": "ศาลาประชาคมบ้านดอนแดง",
                        "latitude": 15.3789, "longitude": 104.6432}
    assert "เสาร์ 5 ธันวาคม 2569 เวลา 09:00 น." in card["altText"]
    buttons = [b["action"] for b in card["contents"]["footer"]["contents"]]
    assert [(b["label"], b["data"]) for b in buttons] == [
        ("ไป", f"act:go:{activity_id}"), ("ไม่ไป", f"act:no:{activity_id}"), ("ยังไม่แน่ใจ", f"act:maybe:{activity_id}")]
    # The next cron run finds everyone told already: nothing is even handed to the gate.
    assert _plan(rt, "2026-12-02T10:05") == Counter()


def test_made_at_night_it_waits_for_seven_and_goes_once(rt, world):
    with clock.frozen_at("2026-12-02T21:00"):
        activity_id, decisions = create(rt, world, "2026-12-06T09:00")
    assert {d.outcome for d in decisions} == {"quiet"}
    assert _pushes(rt, f"activity:{activity_id}:") == {}
    assert _plan(rt, "2026-12-03T06:59") == Counter({"quiet": 4})
    assert _plan(rt, "2026-12-03T07:00") == Counter({"queued": 4})
    assert _plan(rt, "2026-12-03T07:05") == Counter()
    assert len(_pushes(rt, f"activity:{activity_id}:invite:")) == 4


def test_answers_are_recorded_changed_and_repeated_kindly(rt, world):
    with clock.frozen_at(NOW):
        activity_id, _ = create(rt, world, SATURDAY)
        [said] = _tap(rt, world.users["going"], f"act:maybe:{activity_id}")
        assert said["text"] == texts.ACTIVITY_ANSWERED["maybe"]
    with clock.frozen_at("2026-12-02T11:00"):
        [said] = _tap(rt, world.users["going"], f"act:go:{activity_id}")
        assert said["text"] == texts.ACTIVITY_ANSWERED["go"].format(title="อบรมทอเสื่อกก")
        [again] = _tap(rt, world.users["going"], f"act:go:{activity_id}")
        assert again["text"] == texts.ACTIVITY_ANSWER_SAME.format(answer="ไป")
        _tap(rt, world.users["saying_no"], f"act:no:{activity_id}")
    assert _answers(rt, activity_id) == {world.going: "go", world.saying_no: "no", world.silent: None,
                                         world.leader: None}
    with rt.db.sessions() as session:
        row = session.scalar(select(ActivityInvitee).where(ActivityInvitee.person_id == world.going))
        assert row.first_answered_at < row.answered_at  # first answer kept, the change timed


def _snapshot(rt) -> dict:
    """Every row of every table but the outbox (a kind reply is allowed)."""
    with rt.db.sessions() as session:
        return {table.name: sorted(map(repr, session.execute(select(table)).all()))
                for table in Base.metadata.sorted_tables if table.name != OutboundMessage.__tablename__}


def test_a_tap_on_an_activity_not_theirs_over_or_cancelled_is_answered_kindly_and_changes_nothing(rt, world):
    with clock.frozen_at(NOW):
        activity_id, _ = create(rt, world, SATURDAY)
        before = _snapshot(rt)
        [not_theirs] = _tap(rt, world.users["elsewhere"], f"act:go:{activity_id}")
        [no_such] = _tap(rt, world.users["going"], f"act:go:{activity_id + 1000}")
        assert not_theirs["text"] == no_such["text"] == texts.ACTIVITY_TAP_NOT_INVITED
        assert _snapshot(rt) == before
    with clock.frozen_at("2026-12-05T09:30"):
        [over] = _tap(rt, world.users["going"], f"act:go:{activity_id}")
        assert over["text"] == texts.ACTIVITY_TAP_PAST
        assert _snapshot(rt) == before
    with clock.frozen_at(NOW):
        other_id, _ = create(rt, world, "2026-12-09T09:00", title="ประชุมกลุ่ม")
        with rt.db.session() as session:
            activities.cancel(session, session.get(Activity, other_id))
        before = _snapshot(rt)
        [cancelled] = _tap(rt, world.users["going"], f"act:maybe:{other_id}")
        assert cancelled["text"] == texts.ACTIVITY_TAP_CANCELLED
        assert _snapshot(rt) == before


ACTIVITY_TAPS = st.one_of(
    st.builds(lambda action, tail: f"act:{action}:{tail}", st.sampled_from(["go", "no", "maybe", "yes", "", "GO"]),
              st.text(alphabet="0123456789³²٣１-+.e: x", max_size=14)),
    st.builds(lambda action, ident: postbacks.tap(postbacks.ACTIVITY, action, ident),
              st.sampled_from(["go", "no", "maybe"]), st.integers(1, postbacks.MAX_ID)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=ACTIVITY_TAPS, group=st.booleans())
def test_hostile_activity_taps_raise_nothing_and_change_nothing(rt, world, data, group):
    """Any act:... a user can send, in a chat or a group, by someone not invited to anything."""
    chat = Chat(rt, user_id=world.users["elsewhere"])
    event = chat._event("postback", postback={"data": data})
    if group:
        event["source"] = {"type": "group", "groupId": "C" + "1" * 32, "userId": chat.user_id}
    with clock.frozen_at(NOW):
        before = _snapshot(rt)
        chat.turn(event, route)
        assert _snapshot(rt) == before


def test_reminder_the_day_before_goes_only_to_yes_and_unanswered_never_at_night_and_once(rt, world):
    with clock.frozen_at(NOW):
        activity_id, _ = create(rt, world, SATURDAY)
        _tap(rt, world.users["going"], f"act:go:{activity_id}")
        _tap(rt, world.users["saying_no"], f"act:no:{activity_id}")
    assert _plan(rt, "2026-12-04T08:59") == Counter()  # the invitations went out; the reminder is not due
    # Due from 09:00 until the day ends, but never in quiet hours (the planner asks only what is due now).
    assert _plan(rt, "2026-12-04T20:30") == Counter({"quiet": 3})
    assert _pushes(rt, f"activity:{activity_id}:remind:") == {}
    assert _plan(rt, "2026-12-04T09:00") == Counter({"queued": 3})
    assert _plan(rt, "2026-12-04T09:05") == Counter()  # the planner run twice: sent once
    reminded = _pushes(rt, f"activity:{activity_id}:remind:")
    assert set(reminded) == {world.users["going"], world.users["silent"], world.users["leader"]}
    assert texts.ACTIVITY_REMIND_GOING in reminded[world.users["going"]][0]["altText"]
    assert texts.ACTIVITY_REMIND_UNANSWERED in reminded[world.users["silent"]][0]["altText"]
    assert _plan(rt, "2026-12-05T08:00")["queued"] == 0  # the activity's day: the window has closed


def test_an_urgent_activity_made_after_the_reminder_time_is_not_reminded_as_well(rt, world):
    with clock.frozen_at("2026-12-02T10:00"):
        activity_id, _ = create(rt, world, "2026-12-03T14:00", urgent=True)
    assert _plan(rt, "2026-12-02T10:05") == Counter()
    assert _pushes(rt, f"activity:{activity_id}:remind:") == {}


def test_cancelling_tells_those_who_would_go_once(rt, world):
    with clock.frozen_at(NOW):
        activity_id, _ = create(rt, world, SATURDAY)
        _tap(rt, world.users["going"], f"act:go:{activity_id}")
        _tap(rt, world.users["silent"], f"act:maybe:{activity_id}")
        _tap(rt, world.users["saying_no"], f"act:no:{activity_id}")
    with clock.frozen_at("2026-12-02T20:30"), rt.db.session() as session:
        decisions = activities.cancel(session, session.get(Activity, activity_id))
        assert {d.outcome for d in decisions} == {"quiet"}
    assert _plan(rt, "2026-12-03T07:00")["queued"] == 2
    assert _plan(rt, "2026-12-03T07:05")["queued"] == 0
    assert set(_pushes(rt, f"activity:{activity_id}:cancel:")) == {world.users["going"], world.users["silent"]}
    assert _pushes(rt, f"activity:{activity_id}:remind:") == {}
    with clock.frozen_at("2026-12-04T09:00"):
        assert activities.plan_activities(rt)["queued"] == 0  # no reminder for what is off


def _leader_says(chat: Chat, text: str) -> list[dict]:
    return chat.turn(chat._event("message", message={"id": "1", "type": "text", "text": text}), route)


def _leader_taps(chat: Chat, action: dict) -> list[dict]:
    return chat.turn(chat._event("postback", postback={"data": action["data"]}), route)


def test_the_leader_records_who_of_the_village_came_and_it_shows_in_the_figures(rt, world):
    with clock.frozen_at(NOW):
        activity_id, _ = create(rt, world, SATURDAY)
        chat = Chat(rt, user_id=world.users["leader"])
        [before] = _leader_says(chat, texts.ATTENDANCE_WORD)
        assert before["text"] == texts.ATTENDANCE_NONE  # nothing held yet
    with clock.frozen_at("2026-12-05T16:00"):
        [asked] = _leader_says(chat, texts.ATTENDANCE_WORD)
        chips = last_chips([asked])
        assert {"นางสมร ไปแน่", "นายคำ ไม่สะดวก", "นางจันทร์ เงียบ", "นางพิมพ์ ผู้นำ"} <= set(chips)
        _leader_taps(chat, chips["นางสมร ไปแน่"])
        _leader_says(chat, "นางจันทร์")
        summary = _leader_says(chat, texts.FLOW_DONE_CHOOSING)
        [saved] = _leader_taps(chat, buttons(summary[-1])[texts.FLOW_CONFIRM])
        assert saved["text"] == texts.ATTENDANCE_SAVED.format(title="อบรมทอเสื่อกก", came=2, invited=4)
    with rt.db.sessions() as session:
        came = dict(session.execute(select(ActivityAttendance.person_id, ActivityAttendance.attended)
                                    .where(ActivityAttendance.activity_id == activity_id)).all())
        assert came == {world.going: True, world.silent: True, world.saying_no: False, world.leader: False}
        account = session.get(ConsoleAccount, world.account)
        with clock.frozen_at("2026-12-06T10:00"):
            figures = overview.overview(session, Area.of(account))["activities"]
            assert figures == {"held": 1, "invited": 4, "came": 2}
            assert activities.attended_by_village(session, [world.village, world.other_village],
                                                  clock.now().date()) == {world.village: 2}


def test_only_a_leader_records_attendance_in_chat(rt, world):
    with clock.frozen_at("2026-12-05T16:00"):
        [answer] = _leader_says(Chat(rt, user_id=world.users["going"]), texts.ATTENDANCE_WORD)
        assert answer["text"] == texts.ATTENDANCE_NOT_LEADER


def test_attendance_cannot_be_recorded_before_the_activity(rt, world):
    with clock.frozen_at(NOW):
        activity_id, _ = create(rt, world, SATURDAY)
        with rt.db.session() as session, pytest.raises(activities.ActivityError):
            activities.record_attendance(session, session.get(Activity, activity_id), {world.going}, {world.going})


def test_scheduled_keys_name_the_activity_and_person_only(rt, world):
    with clock.frozen_at(NOW):
        activity_id, _ = create(rt, world, SATURDAY)
    with rt.db.sessions() as session:
        keys = set(session.scalars(select(ScheduledMessage.key)))
    assert keys == {f"activity:{activity_id}:invite:{person}" for person in
                    (world.going, world.saying_no, world.silent, world.leader)}


def test_two_cron_processes_at_once_remind_each_person_once(rt, world):
    with clock.frozen_at(NOW):
        activity_id, _ = create(rt, world, SATURDAY)
    results: list[Counter] = []

    def cron_process():
        own = runtime.Runtime(rt.settings)
        results.append(activities.plan_activities(own))
        own.close()

    # Frozen once around both threads: entered in each thread, the frozen clock could outlive the test.
    with clock.frozen_at("2026-12-04T09:00"):
        threads = [threading.Thread(target=cron_process) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sum(r["queued"] for r in results) == 4
    assert len(_pushes(rt, f"activity:{activity_id}:remind:")) == 4


def test_invitations_still_waiting_for_a_worker_are_taken_back_when_it_is_called_off(rt, world):
    with clock.frozen_at(NOW):
        activity_id, _ = create(rt, world, SATURDAY)
        with rt.db.sessions() as session:
            rows = {row.recipient: row.id for row in session.scalars(select(OutboundMessage).where(
                OutboundMessage.dedup_key.contains(f"activity:{activity_id}:invite:")))}
        with rt.db.session() as session:  # one went out before the cancel
            session.execute(update(OutboundMessage).where(OutboundMessage.id == rows[world.users["going"]])
                            .values(status="sent"))
        with rt.db.session() as session:
            activities.cancel(session, session.get(Activity, activity_id))
        for row_id in rows.values():  # the backlog reaches a worker only now: nothing to send
            assert outbox.deliver(rt, row_id) is None
    with rt.db.sessions() as session:
        status = {row.recipient: row.status for row in session.scalars(
            select(OutboundMessage).where(OutboundMessage.id.in_(list(rows.values()))))}
    assert status.pop(world.users["going"]) == "sent"
    assert set(status.values()) == {"cancelled"}
