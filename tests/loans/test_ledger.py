"""Allocation of confirmed payments: oldest instalment first, partial, early and over-payments,
pending and rejected payments counting for nothing, and exact Decimal money throughout."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.loans import ledger, payments, schedule
from bot.models import Instalment, Loan, Payment, Person
from tests.loans.world import build

D = Decimal


@pytest.fixture
def world(rt):
    with rt.db.session() as session:
        return build(session, count=4)


def _state(rt, loan_id):
    with rt.db.sessions() as session:
        return [(i.number, i.paid_amount, i.paid_on) for i in
                session.scalars(select(Instalment).where(Instalment.loan_id == loan_id).order_by(Instalment.number))]


def _pay(rt, world, amount, day, confirm=True):
    with rt.db.session() as session:
        loan = session.get(Loan, world.group_loan)
        payment = payments.report(session, loan, D(amount), day, session.get(Person, world.member))
        if confirm is not None:
            payments.decide(session, payment.id, confirm, session.get(Person, world.treasurer))
        return payment.id


def test_schedule_is_equal_principal_plus_interest_on_the_declining_balance():
    dues = schedule.instalments(D("10000.00"), D("6"), date(2027, 1, 31), 3, "monthly")
    assert [d.due_on for d in dues] == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)]
    assert [d.principal for d in dues] == [D("3333.33"), D("3333.33"), D("3333.34")]
    assert [d.interest for d in dues] == [D("50.00"), D("33.33"), D("16.67")]
    assert sum(d.principal for d in dues) == D("10000.00")
    quarterly = schedule.instalments(D("9000"), D("4"), date(2027, 1, 15), 2, "quarterly")
    assert [d.due_on for d in quarterly] == [date(2027, 1, 15), date(2027, 4, 15)]
    assert quarterly[0].interest == D("90.00")
    assert all(isinstance(v, Decimal) for d in dues for v in (d.principal, d.interest, d.amount))


def test_partial_payment_leaves_the_rest_due(rt, world):
    _pay(rt, world, "1000.00", date(2027, 3, 10))
    assert _state(rt, world.group_loan)[:2] == [(1, D("1000.00"), None), (2, D("0.00"), None)]


def test_early_and_over_payment_carry_forward_oldest_first(rt, world):
    _pay(rt, world, "2000", date(2027, 2, 1))  # early: before the first due date
    _pay(rt, world, "5000.50", date(2027, 3, 1))
    assert _state(rt, world.group_loan) == [
        (1, D("3000.00"), date(2027, 3, 1)), (2, D("3000.00"), date(2027, 3, 1)),
        (3, D("1000.50"), None), (4, D("0.00"), None)]


def test_pending_and_rejected_payments_change_nothing(rt, world):
    _pay(rt, world, "3000", date(2027, 3, 1), confirm=None)
    _pay(rt, world, "3000", date(2027, 3, 1), confirm=False)
    assert all(paid == D("0.00") for _, paid, _ in _state(rt, world.group_loan))
    with rt.db.sessions() as session:
        loan = session.get(Loan, world.group_loan)
        position = ledger.position(session, loan, date(2027, 3, 20))
    assert position.outstanding == D("12000.00") and position.pending == D("3000.00")
    assert position.overdue == D("3000.00") and (position.overdue_count, position.overdue_since) == (1, date(2027, 3, 15))
    assert position.upcoming.number == 2  # the next instalment still to come, not the one overdue


def test_paying_more_than_the_loan_is_credit(rt, world):
    _pay(rt, world, "12500", date(2027, 3, 1))
    with rt.db.sessions() as session:
        position = ledger.position(session, session.get(Loan, world.group_loan), date(2027, 3, 20))
    assert position.outstanding == D("0.00") and position.credit == D("500.00") and position.upcoming is None
    assert not position.behind


def test_a_decision_is_taken_once(rt, world):
    payment_id = _pay(rt, world, "1000", date(2027, 3, 1), confirm=None)
    with rt.db.session() as session:
        treasurer = session.get(Person, world.treasurer)
        assert payments.decide(session, payment_id, True, treasurer) == "confirmed"
        assert payments.decide(session, payment_id, True, treasurer) == "already"
        assert payments.decide(session, payment_id, False, treasurer) == "already"
    assert _state(rt, world.group_loan)[0][1] == D("1000.00")


def test_money_is_decimal_from_the_database(rt, world):
    _pay(rt, world, "1234.56", date(2027, 3, 1))
    with rt.db.sessions() as session:
        instalment = session.scalar(select(Instalment).where(Instalment.loan_id == world.group_loan,
                                                             Instalment.number == 1))
        amounts = [instalment.amount_due, instalment.paid_amount, instalment.principal_due, instalment.interest_due,
                   session.scalar(select(Payment.amount)), session.get(Loan, world.group_loan).principal]
    assert all(type(value) is Decimal for value in amounts)
    assert instalment.paid_amount == D("1234.56")
    with pytest.raises(ValueError):
        with rt.db.session() as session:
            payments.report(session, session.get(Loan, world.group_loan), 100.0, date(2027, 3, 1), None)


def test_changed_schedule_reallocates(rt, world):
    _pay(rt, world, "4000", date(2027, 3, 1))
    with rt.db.session() as session:
        loan = session.get(Loan, world.group_loan)
        ledger.set_instalments(session, loan, schedule.instalments(D("12000"), D("0"), date(2027, 4, 15), 3,
                                                                    "monthly"))
    assert _state(rt, world.group_loan) == [(1, D("4000.00"), date(2027, 3, 1)), (2, D("0.00"), None),
                                            (3, D("0.00"), None)]
