"""Postback data is input: read strictly in one place (bot.postbacks), and a tap that is
not exactly a button the bot sent changes nothing and raises nothing."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from bot import clock, postbacks
from bot.db import Base
from bot.models import OutboundMessage
from bot.settings import TIMEZONE
from handlers.events import route
from tests.flows.helpers import Chat
from tests.loans.world import build

CRASHED_BEFORE = ["loan:ok:³", "kb:more:³", "oq:answer:³", "kb:more:99999999999999999999", "loan:advice:٣",
                  "kb:yes:1²", "f:³:1:y", "f:1:99999999999999999999:y"]


@pytest.mark.parametrize("data", CRASHED_BEFORE)
def test_digits_that_are_not_ascii_or_out_of_range_are_no_tap(data):
    assert postbacks.parse(data) is None
    assert postbacks.parse_flow_tap(data) is None


def test_every_button_the_bot_writes_reads_back():
    for area, actions in postbacks.ACTIONS.items():
        for action in actions:
            assert postbacks.parse(postbacks.tap(area, action, 42)) == postbacks.Tap(area, action, 42)
    assert postbacks.parse_flow_tap(postbacks.flow_tap(7, 3, "~resume")) == postbacks.FlowTap(7, 3, "~resume")
    with pytest.raises(ValueError):
        postbacks.tap("kb", "delete", 1)


KNOWN = [postbacks.tap(area, action, 1) for area, actions in postbacks.ACTIONS.items() for action in actions]
# Random strings, and the bot's own forms with their parts bent.
POSTBACK_DATA = st.one_of(
    st.text(max_size=60),
    st.builds(lambda form, tail: form.rsplit(":", 1)[0] + ":" + tail, st.sampled_from(KNOWN + ["f:1:1:y"]),
              st.text(alphabet="0123456789³²¹٣１-+.e: x~", max_size=24)),
)


@given(data=POSTBACK_DATA)
def test_parse_never_raises_and_reads_only_what_it_would_write(data):
    tapped = postbacks.parse(data)
    if tapped is not None:
        assert postbacks.tap(tapped.area, tapped.action, tapped.ident) == data
    flow = postbacks.parse_flow_tap(data)
    if flow is not None:
        assert postbacks.flow_tap(flow.conversation_id, flow.version, flow.value) == data


def _snapshot(rt) -> dict:
    """Every row of every table but the outbox (a kind reply is allowed)."""
    with rt.db.sessions() as session:
        return {table.name: sorted(map(repr, session.execute(select(table)).all()))
                for table in Base.metadata.sorted_tables if table.name != OutboundMessage.__tablename__}


@pytest.fixture
def world(rt):
    with clock.frozen_at(datetime(2027, 3, 20, 10, tzinfo=TIMEZONE)), rt.db.session() as session:
        return build(session, first_due=date(2027, 3, 15), count=2)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=POSTBACK_DATA.filter(lambda data: postbacks.parse(data) is None), group=st.booleans())
def test_random_postback_from_a_committee_member_raises_nothing_and_changes_nothing(rt, world, data, group):
    chat = Chat.__new__(Chat)
    chat.rt, chat.user_id = rt, world.users[world.committee]
    event = chat._event("postback", postback={"data": data})
    if group:
        event["source"] = {"type": "group", "groupId": "C" + "1" * 32, "userId": chat.user_id}
    before = _snapshot(rt)
    chat.turn(event, route)
    assert _snapshot(rt) == before


def test_read_more_is_not_answered_in_a_group(rt, world):
    chat = Chat.__new__(Chat)
    chat.rt, chat.user_id = rt, world.users[world.committee]
    event = chat._event("postback", postback={"data": postbacks.tap("kb", "more", 1)})
    event["source"] = {"type": "group", "groupId": "C" + "1" * 32, "userId": chat.user_id}
    assert chat.turn(event, route) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=st.sampled_from(KNOWN), ident=st.integers(1, postbacks.MAX_ID))
def test_well_formed_taps_on_any_row_raise_nothing(rt, world, form, ident):
    chat = Chat.__new__(Chat)
    chat.rt, chat.user_id = rt, world.users[world.member]
    tapped = postbacks.parse(form)
    chat.turn(chat._event("postback", postback={"data": postbacks.tap(tapped.area, tapped.action, ident)}), route)
