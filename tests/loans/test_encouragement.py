"""Weekly encouragement: once a week at its slot, never the same text twice in a row,
praise for a group that paid every instalment due this month."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from bot import clock, texts
from bot.loans import payments
from bot.loans.encouragement import plan_encouragement
from bot.models import Loan, OutboundMessage, ScheduledMessage
from tests.loans.world import build


def _texts_for(rt, user):
    with rt.db.sessions() as session:
        return [row[0]["text"] for row in session.scalars(
            select(OutboundMessage.messages).where(OutboundMessage.recipient == user).order_by(OutboundMessage.id))]


def test_weekly_slot_no_repeat_and_praise(rt):
    with rt.db.session() as session:
        world = build(session, first_due=date(2027, 3, 1), count=3)
        payments.record_confirmed(session, session.get(Loan, world.group_loan), Decimal("4000"), date(2027, 3, 1),
                                  None)
    with clock.frozen_at("2027-03-02T10:30"):  # a Tuesday
        assert plan_encouragement(rt) == {}
    with clock.frozen_at("2027-03-03T10:30"):  # Wednesday
        assert plan_encouragement(rt) == {"queued": 5}  # chair, member, committee, treasurer, household
        assert plan_encouragement(rt) == {"duplicate": 5}
    with clock.frozen_at("2027-03-10T11:00"):
        plan_encouragement(rt)
    member = _texts_for(rt, world.users[world.member])
    assert len(member) == 2 and member[0] != member[1]
    assert member[0].startswith(texts.ENCOURAGE_GROUP_PAID_ALL.format(borrower="กลุ่มทอเสื่อกกบ้านโนนสวรรค์"))
    assert not any(text.startswith("เดือนนี้") for text in _texts_for(rt, world.users[world.household]))
    with rt.db.sessions() as session:
        assert {row.category for row in session.scalars(select(ScheduledMessage))} == {"encouragement"}
