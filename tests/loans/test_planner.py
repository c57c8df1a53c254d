"""The reminder ladder over simulated time: each step once, at its hour, never at night;
paid instalments silent; a moved due date starts again; long-passed steps skipped;
blocked people skipped and counted; two planners at once send nothing twice."""
from __future__ import annotations

import threading
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot import clock
from bot import ladders
from bot.loans import ledger, payments, planner, schedule
from bot.models import Fund, Instalment, LineUser, Loan, OutboundMessage, Person, ScheduledMessage
from bot.settings import TIMEZONE
from tests.loans.world import build

START = datetime(2027, 2, 1, 0, 0, tzinfo=TIMEZONE)


@pytest.fixture
def world(rt):
    with rt.db.session() as session:
        return build(session, first_due=date(2027, 3, 15), count=2, frequency="quarterly")


def _run_hourly(rt, start: datetime, hours: int) -> Counter:
    totals: Counter = Counter()
    with clock.frozen_at(start):
        for _ in range(hours):
            totals.update(planner.plan_reminders(rt))
            clock.advance(timedelta(hours=1))
    return totals


def _sent(rt) -> list[ScheduledMessage]:
    with rt.db.sessions() as session:
        return list(session.scalars(select(ScheduledMessage).where(ScheduledMessage.category == "reminder")
                                    .order_by(ScheduledMessage.id)))


def _steps_for(rows, person_id: int) -> list[tuple[str, int]]:
    return [(row.key.split(":")[2], int(row.key.split(":")[3])) for row in rows
            if row.key.endswith(f":{person_id}")]


def test_every_step_once_at_its_hour_across_the_year(rt, world):
    totals = _run_hourly(rt, START, 24 * 166)  # to mid July: both quarterly instalments and their +30
    rows = _sent(rt)
    assert len({row.key for row in rows}) == len(rows)
    days = [step.days for step in ladders.LOAN_REMINDERS.steps]
    for due in ("2027-03-15", "2027-06-15"):
        for person in (world.chair, world.member, world.household):
            assert [d for when, d in _steps_for(rows, person) if when == due] == days
        assert [d for when, d in _steps_for(rows, world.committee) if when == due] == [7, 7, 30, 30]  # two loans
        assert [d for when, d in _steps_for(rows, world.officer) if when == due] == [30, 30]
    assert not _steps_for(rows, world.far_officer) and not _steps_for(rows, world.treasurer)
    hours = {step.days: step.hour for step in ladders.LOAN_REMINDERS.steps}
    for row in rows:
        local = row.created_at.astimezone(TIMEZONE)
        assert local.hour == hours[int(row.key.split(":")[3])]
        assert (local.date() - date.fromisoformat(row.key.split(":")[2])).days == int(row.key.split(":")[3])
    assert totals["queued"] == len(rows) and set(totals) == {"queued"}


def test_messages_say_how_much_by_when_to_whom_and_what_is_left(rt, world):
    _run_hourly(rt, datetime(2027, 2, 13, 8, tzinfo=TIMEZONE), 2)  # -30 at 09:00
    with rt.db.sessions() as session:
        [message] = session.scalar(select(OutboundMessage.messages)
                                   .where(OutboundMessage.recipient == world.users[world.household]))
    assert "6,000 บาท" in message["text"]  # 12 months' principal in two quarterly instalments: 3,000 each
    assert "3,000 บาท" in message["text"] and "15 มีนาคม 2570" in message["text"]
    assert "คุณสมร ใจดี" in message["text"]  # the fund's treasurer, called by name without the title


def test_overdue_messages_offer_advice_and_tell_the_committee(rt, world):
    _run_hourly(rt, datetime(2027, 3, 22, 8, tzinfo=TIMEZONE), 2)  # +7
    with rt.db.sessions() as session:
        [borrower] = session.scalar(select(OutboundMessage.messages)
                                    .where(OutboundMessage.recipient == world.users[world.household]))
        committee = session.scalars(select(OutboundMessage.messages)
                                    .where(OutboundMessage.recipient == world.users[world.committee])).all()
    assert borrower["type"] == "flex"
    [button] = borrower["contents"]["footer"]["contents"]
    assert button["action"]["data"] == f"loan:advice:{world.household_loan}"
    assert len(committee) == 2 and any("นายเคน สีดา" in c[0]["text"] for c in committee)


def test_paid_instalment_is_silent(rt, world):
    with rt.db.session() as session:
        loan = session.get(Loan, world.household_loan)
        payments.record_confirmed(session, loan, Decimal("3000"), date(2027, 2, 1), None)
    _run_hourly(rt, START, 24 * 50)
    rows = _sent(rt)
    assert not [d for when, d in _steps_for(rows, world.household) if when == "2027-03-15"]
    assert len(_steps_for(rows, world.member)) == 6  # -30 to +7 of the group's loan


def test_partly_paid_instalment_is_reminded_of_the_rest(rt, world):
    with rt.db.session() as session:
        payments.record_confirmed(session, session.get(Loan, world.household_loan), Decimal("1000.50"),
                                  date(2027, 2, 1), None)
    _run_hourly(rt, datetime(2027, 3, 15, 7, tzinfo=TIMEZONE), 2)
    with rt.db.sessions() as session:
        [message] = session.scalar(select(OutboundMessage.messages)
                                   .where(OutboundMessage.recipient == world.users[world.household]))
    assert "1,999.50 บาท" in message["text"]


def test_changed_due_date_restarts_the_ladder(rt, world):
    _run_hourly(rt, datetime(2027, 2, 13, 8, tzinfo=TIMEZONE), 2)  # -30 for 15 Mar
    with rt.db.session() as session:
        loan = session.get(Loan, world.household_loan)
        ledger.set_instalments(session, loan, schedule.instalments(loan.principal, loan.interest_rate,
                                                                    date(2027, 4, 5), 2, "quarterly"))
    _run_hourly(rt, datetime(2027, 3, 6, 8, tzinfo=TIMEZONE), 2)  # -30 for 5 Apr
    steps = _steps_for(_sent(rt), world.household)
    assert steps == [("2027-03-15", -30), ("2027-04-05", -30)]


def test_steps_long_past_are_skipped_for_a_late_loan(rt, world):
    with rt.db.session() as session:
        fund = session.get(Fund, world.fund)
        from tests.loans.world import open_loan

        open_loan(session, fund, date(2027, 3, 20), 1, "monthly", "LATE-1", household_id=world.member,
                  committee_id=world.committee)
    # Imported on 11 March, 10:00: -30 and -15 are long past, -7 (13 March) is not yet due.
    _run_hourly(rt, datetime(2027, 3, 11, 10, tzinfo=TIMEZONE), 24 * 3)
    assert [d for when, d in _steps_for(_sent(rt), world.member) if when == "2027-03-20"] == [-7]


def test_step_a_few_hours_late_is_still_sent_the_same_day(rt, world):
    _run_hourly(rt, datetime(2027, 2, 13, 15, tzinfo=TIMEZONE), 1)  # the planner was down 09:00-15:00
    assert _steps_for(_sent(rt), world.household) == [("2027-03-15", -30)]


def test_blocked_and_withdrawn_are_skipped_and_counted(rt, world):
    with rt.db.session() as session:
        session.scalar(select(LineUser).where(LineUser.line_user_id == world.users[world.chair])).following = False
        session.get(Person, world.member).withdrawn_at = clock.utcnow()
    totals = _run_hourly(rt, datetime(2027, 2, 13, 8, tzinfo=TIMEZONE), 2)
    assert totals == {"queued": 1, "blocked": 1, "no_account": 1}
    assert _run_hourly(rt, datetime(2027, 2, 13, 10, tzinfo=TIMEZONE), 1) == {}  # decided: not re-examined


def test_running_twice_sends_once(rt, world):
    with clock.frozen_at(datetime(2027, 2, 13, 9, 5, tzinfo=TIMEZONE)):
        first = planner.plan_reminders(rt)
        second = planner.plan_reminders(rt)
    assert first == {"queued": 3} and second == {}
    with rt.db.sessions() as session:
        assert session.query(OutboundMessage).count() == 3


def test_two_planners_at_once_send_each_step_once(rt, world):
    results = []

    def plan():
        results.append(planner.plan_reminders(rt))

    with clock.frozen_at(datetime(2027, 3, 15, 8, 30, tzinfo=TIMEZONE)):
        threads = [threading.Thread(target=plan) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    total = Counter()
    for result in results:
        total.update(result)
    assert total["queued"] == 3 and total["queued"] + total["duplicate"] <= 6
    with rt.db.sessions() as session:
        assert session.query(OutboundMessage).count() == 3


def test_fund_with_its_own_ladder(rt, world):
    with rt.db.session() as session:
        session.get(Fund, world.fund).ladder = [
            {"days": -3, "hour": 10, "text": "LOAN_DUE_IN_7_DAYS", "to": ["borrower"]}]
    _run_hourly(rt, datetime(2027, 3, 12, 0, tzinfo=TIMEZONE), 24)
    assert _steps_for(_sent(rt), world.household) == [("2027-03-15", -3)]
    with pytest.raises(ladders.LadderError):
        ladders.loan_ladder_from_data([{"days": 1, "hour": 22, "text": "LOAN_OVERDUE_1", "to": ["borrower"]}])


def test_a_fund_with_a_broken_ladder_stops_only_its_own_reminders(rt, world):
    with rt.db.session() as session:
        from tests.loans.world import open_loan

        fund = session.get(Fund, world.fund)
        broken = Fund(name="กองทุนหมู่บ้านทดสอบ", kind="village", treasurer_id=fund.treasurer_id,
                      ladder=[{"days": -30, "hour": 22, "text": "NO_SUCH_TEXT", "to": ["nobody"]}])
        session.add(broken)
        session.flush()
        open_loan(session, broken, date(2027, 3, 15), 1, "monthly", "BROKEN-1", household_id=world.member,
                  committee_id=world.committee)
    totals = _run_hourly(rt, datetime(2027, 2, 13, 8, tzinfo=TIMEZONE), 2)  # -30 at 09:00
    assert totals == {"queued": 3, "bad_ladder": 2}  # the sound fund's three borrowers; two runs saw the bad one
    assert _steps_for(_sent(rt), world.household) == [("2027-03-15", -30)]
    with rt.db.sessions() as session:
        broken_loan = session.scalar(select(Loan).where(Loan.contract == "BROKEN-1"))
        assert not [row for row in _sent(rt) if row.details.get("loan") == broken_loan.id]


def test_planning_costs_the_same_queries_for_one_reminder_or_many(rt, world):
    from sqlalchemy import event

    def queries_for_a_run(at: datetime) -> tuple[int, int]:
        count = [0]

        def counted(*_args):
            count[0] += 1

        event.listen(rt.db.engine, "before_cursor_execute", counted)
        try:
            with clock.frozen_at(at):
                decisions = sum(planner.plan_reminders(rt).values())
        finally:
            event.remove(rt.db.engine, "before_cursor_execute", counted)
        return count[0], decisions

    one = queries_for_a_run(datetime(2027, 3, 22, 9, tzinfo=TIMEZONE))  # +7: few people
    with rt.db.session() as session:
        from tests.loans.world import open_loan

        fund = session.get(Fund, world.fund)
        for number in range(12):
            open_loan(session, fund, date(2027, 4, 15), 1, "monthly", f"MANY-{number}", household_id=world.member,
                      committee_id=world.committee)
    many = queries_for_a_run(datetime(2027, 3, 16, 9, tzinfo=TIMEZONE))  # -30 of twelve more loans, +1 of two
    assert many[1] > 2 * one[1]  # decisions
    assert many[0] == one[0]  # queries


def test_instalment_amounts_are_decimal(rt, world):
    with rt.db.sessions() as session:
        [due] = planner.due_instalments(session, datetime(2027, 3, 15, 8, 30, tzinfo=TIMEZONE))[:1]
        assert type(due.remaining) is Decimal
        assert all(type(i.amount_due) is Decimal for i in session.scalars(select(Instalment)))
