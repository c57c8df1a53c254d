"""A borrower's loans in chat: "สินเชื่อของฉัน", "แจ้งชำระแล้ว", and the treasurer's confirm.

A household sees its own loans and a member sees their group's; nobody sees anyone
else's, and never in a group chat (PDPA). A reported payment waits as pending until
the loan's committee member or the fund's treasurer taps "ได้รับเงินแล้ว".

Postback data: loan:ok and loan:no (a payment), loan:advice (a loan); see bot.postbacks.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from bot import clock, postbacks, texts, thai
from bot.line import messages as m
from bot.line.limits import fit_label
from bot.loans import ledger, messages, payments
from bot.models import Fund, Loan, Payment, Person
from flows import engine
from flows.engine import Context, Invalid
from flows.steps import Choose, DateStep, Money, Option, Photo
from flows.turn import Turn
from flows.welcome import fallback

PREFIX = postbacks.LOAN
MY_LOANS_WORD = texts.MY_LOANS_WORD
REPORT_PAYMENT_WORD = texts.REPORT_PAYMENT_WORD
HISTORY = 3
MAX_CARDS = 10


def _may_talk_loans(turn: Turn) -> bool:
    if turn.in_group:
        turn.reply(m.text(texts.GROUP_PRIVATE))
        return False
    if turn.person is None:
        turn.reply(m.text(texts.MY_LOANS_GUEST))
        return False
    return True


def _pay_to(loan: Loan, payer: Person | None) -> str:
    return messages.pay_to(loan.fund.treasurer, loan.committee, payer.id if payer else None)


def _card(turn: Turn, loan: Loan, today: date) -> dict:
    position = ledger.position(turn.session, loan, today)
    lines = [texts.LOAN_LINE_BORROWER.format(borrower=ledger.borrower_name(loan), contract=loan.contract),
             texts.LOAN_LINE_OUTSTANDING.format(amount=thai.money(position.outstanding))]
    lines += messages.standing(position)
    if position.pending:
        lines.append(texts.LOAN_LINE_PENDING.format(amount=thai.money(position.pending)))
    if position.outstanding:
        lines.append(texts.LOAN_LINE_PAY_TO.format(name=_pay_to(loan, turn.person)))
    recent = turn.session.scalars(select(Payment).where(Payment.loan_id == loan.id)
                                  .order_by(Payment.paid_on.desc(), Payment.id.desc()).limit(HISTORY)).all()
    if recent:
        lines.append(texts.LOAN_HISTORY_TITLE)
        lines += [texts.LOAN_HISTORY_LINE.format(date=thai.thai_date_short(p.paid_on), amount=thai.money(p.amount),
                                                 status=texts.LOAN_PAYMENT_STATUS[p.status]) for p in recent]
    return {"title": texts.MY_LOANS_TITLE.format(fund=loan.fund.name), "lines": lines}


def my_loans(turn: Turn) -> None:
    if not _may_talk_loans(turn):
        return
    loans = ledger.loans_of(turn.session, turn.person)
    if not loans:
        turn.reply(m.text(texts.MY_LOANS_NONE))
        return
    today = clock.now().date()
    cards = [_card(turn, loan, today) for loan in loans[:MAX_CARDS]]
    report = m.say(texts.REPORT_PAYMENT_WORD)
    bubbles = [m.bubble(card["title"], card["lines"], buttons=[report]) for card in cards]
    alt = "\n\n".join(card["title"] + "\n" + "\n".join(card["lines"]) for card in cards)
    turn.reply(m.flex(alt, bubbles[0] if len(bubbles) == 1 else m.carousel(bubbles)))


# ---- "แจ้งชำระแล้ว" ------------------------------------------------------------------

class PaidAmount(Money):
    def from_text(self, ctx, text):
        value = super().from_text(ctx, text)
        if Decimal(value) <= 0:
            raise Invalid(texts.FLOW_MONEY_INVALID)
        return value


def _loan_options(ctx: Context) -> list[Option]:
    return [Option(str(loan_id), fit_label(label)) for loan_id, label in ctx.data["loans"]]


def _chosen_loan(ctx: Context) -> Loan | None:
    loan_id = ctx.answers.get("loan") or ctx.data["loans"][0][0]
    allowed = {loan.id for loan in ledger.loans_of(ctx.session, ctx.turn.person)} if ctx.turn.person else set()
    return ctx.session.get(Loan, int(loan_id)) if int(loan_id) in allowed else None


def _send_for_confirmation(ctx: Context) -> list[dict]:
    loan, reporter = _chosen_loan(ctx), ctx.turn.person
    if loan is None:
        return [m.text(texts.PAYMENT_NO_LOAN)]
    slip = (ctx.answers.get("slip") or [None])[0]
    payment = payments.report(ctx.session, loan, Decimal(ctx.answers["amount"]), clock.now().date(), reporter, slip)
    request = texts.PAYMENT_CONFIRM_REQUEST.format(
        who=texts.PERSON.format(name=thai.call_name(reporter.full_name)), amount=thai.money(payment.amount), borrower=ledger.borrower_name(loan),
        contract=loan.contract, date=thai.thai_date(payment.paid_on), slip=texts.PAYMENT_HAS_SLIP if slip else "")
    buttons = [m.postback(texts.PAYMENT_CONFIRM_BUTTON, postbacks.tap(PREFIX, "ok", payment.id)),
               m.postback(texts.PAYMENT_REJECT_BUTTON, postbacks.tap(PREFIX, "no", payment.id))]
    for decider_id in sorted(payments.deciders(loan)):
        decider = ctx.session.get(Person, decider_id)
        if decider is not None and decider.line_user_id:
            ctx.turn.push(f"loan-payment:{payment.id}:{decider.id}", decider.line_user_id,
                          m.flex(request, m.bubble(request.split("\n")[0], request.split("\n")[1:], buttons=buttons)))
    return [m.text(texts.PAYMENT_REPORTED.format(pay_to=_pay_to(loan, reporter)))]


REPORT_PAYMENT = engine.Flow(
    name="report_payment",
    title=texts.REPORT_PAYMENT_TITLE,
    steps=[
        Choose("loan", texts.ASK_WHICH_LOAN, label=texts.PAYMENT_LOAN_LABEL, options=_loan_options,
               when=lambda ctx: len(ctx.data["loans"]) > 1),
        PaidAmount("amount", texts.ASK_PAYMENT_AMOUNT, label=texts.PAYMENT_AMOUNT_LABEL),
        Photo("slip", texts.ASK_PAYMENT_SLIP, label=texts.PAYMENT_SLIP_LABEL, optional=True),
    ],
    on_done=_send_for_confirmation,
)


def report_payment(turn: Turn) -> None:
    if not _may_talk_loans(turn):
        return
    loans = ledger.loans_of(turn.session, turn.person)
    if not loans:
        turn.reply(m.text(texts.PAYMENT_NO_LOAN))
        return
    choices = [[loan.id, f"{loan.contract} {ledger.borrower_name(loan)}"] for loan in loans]
    engine.start(turn, REPORT_PAYMENT, context={"loans": choices})


# ---- taps: confirm, reject, ask for advice -------------------------------------------

def on_postback(turn: Turn, tapped: postbacks.Tap) -> None:
    if turn.in_group or turn.person is None:
        fallback(turn)
    elif tapped.action in {"ok", "no"}:
        _decide(turn, tapped.ident, confirm=tapped.action == "ok")
    else:
        _ask_advice(turn, tapped.ident)


def _decide(turn: Turn, payment_id: int, confirm: bool) -> None:
    payment = turn.session.get(Payment, payment_id)
    if payment is None:
        fallback(turn)
        return
    loan = payment.loan
    if not payments.may_decide(loan, turn.person):
        turn.reply(m.text(texts.PAYMENT_NOT_YOURS))
        return
    outcome = payments.decide(turn.session, payment_id, confirm, turn.person)
    if outcome == "already":
        turn.reply(m.text(texts.PAYMENT_ALREADY_DECIDED))
        return
    turn.session.refresh(loan)
    position = ledger.position(turn.session, loan, clock.now().date())
    left = thai.money(position.outstanding)
    amount = thai.money(payment.amount)
    decider = texts.PERSON.format(name=thai.call_name(turn.person.full_name))
    if confirm:
        turn.reply(m.text(texts.PAYMENT_CONFIRMED_DECIDER.format(amount=amount, borrower=ledger.borrower_name(loan),
                                                                 left=left)))
        told = texts.PAYMENT_CONFIRMED_BORROWER.format(decider=decider, amount=amount, left=left,
                                                       thanks=messages.thanks(position))
    else:
        turn.reply(m.text(texts.PAYMENT_REJECTED_DECIDER))
        told = texts.PAYMENT_REJECTED_BORROWER.format(decider=decider, amount=amount)
    reporter = turn.session.get(Person, payment.reported_by_id) if payment.reported_by_id else None
    if reporter is not None and reporter.line_user_id:
        turn.push(f"loan-decision:{payment.id}", reporter.line_user_id, m.text(told))


def _ask_advice(turn: Turn, loan_id: int) -> None:
    loan = next((loan for loan in ledger.loans_of(turn.session, turn.person) if loan.id == loan_id), None)
    if loan is None:
        fallback(turn)
        return
    committee = loan.committee
    if committee is None or not committee.line_user_id:
        turn.reply(m.text(texts.LOAN_ADVICE_NO_COMMITTEE))
        return
    overdue = ledger.position(turn.session, loan, clock.now().date()).overdue
    alert = texts.LOAN_ADVICE_ALERT.format(who=texts.PERSON.format(name=thai.call_name(turn.person.full_name)),
                                           borrower=ledger.borrower_name(loan), overdue=thai.money(overdue),
                                           phone=thai.phone(turn.person.phone))
    # Once a day per person and loan: a second tap the same day does not ring the committee again.
    turn.push(f"loan-advice:{loan.id}:{turn.person.id}:{clock.now().date().isoformat()}", committee.line_user_id,
              m.text(alert))
    turn.reply(m.text(texts.LOAN_ADVICE_SENT.format(committee=texts.PERSON.format(name=thai.call_name(committee.full_name)))))


# ---- "บันทึกรับชำระ": the treasurer records cash received ------------------------------

def _loans_in_care(turn: Turn) -> list[Loan]:
    """Loans whose payments this person may record: as the committee member or the fund's treasurer."""
    person = turn.person
    if person is None:
        return []
    return list(turn.session.scalars(
        select(Loan).join(Fund, Fund.id == Loan.fund_id)
        .where((Loan.committee_id == person.id) | (Fund.treasurer_id == person.id)).order_by(Loan.contract)))


def _loan_in_care(ctx: Context) -> Loan | None:
    loan_id = int(ctx.answers.get("loan") or ctx.data["loans"][0][0])
    loan = ctx.session.get(Loan, loan_id)
    return loan if loan is not None and payments.may_decide(loan, ctx.turn.person) else None


def _record(ctx: Context) -> list[dict]:
    loan, treasurer = _loan_in_care(ctx), ctx.turn.person
    if loan is None:
        return [m.text(texts.RECORD_NOT_TREASURER)]
    paid_on = date.fromisoformat(ctx.answers["paid_on"])
    payment = payments.record_confirmed(ctx.session, loan, Decimal(ctx.answers["amount"]), paid_on, treasurer)
    position = ledger.position(ctx.session, loan, clock.now().date())
    left = thai.money(position.outstanding)
    amount = thai.money(payment.amount)
    borrower = loan.household
    if borrower is not None and borrower.line_user_id:
        ctx.turn.push(f"loan-recorded:{payment.id}", borrower.line_user_id, m.text(texts.RECORD_TOLD_BORROWER.format(
            treasurer=texts.PERSON.format(name=thai.call_name(treasurer.full_name)), amount=amount,
            date=thai.thai_date(paid_on), left=left, thanks=messages.thanks(position))))
    return [m.text(texts.RECORD_DONE.format(amount=amount, borrower=ledger.borrower_name(loan),
                                            contract=loan.contract, left=left))]


RECORD_PAYMENT = engine.Flow(
    name="record_payment",
    title=texts.RECORD_PAYMENT_TITLE,
    steps=[
        Choose("loan", texts.RECORD_ASK_LOAN, label=texts.PAYMENT_LOAN_LABEL, options=_loan_options,
               when=lambda ctx: len(ctx.data["loans"]) > 1),
        PaidAmount("amount", texts.RECORD_ASK_AMOUNT, label=texts.PAYMENT_AMOUNT_LABEL),
        DateStep("paid_on", texts.RECORD_ASK_DATE, label=texts.RECORD_DATE_LABEL, earliest_days=-90, latest_days=0),
    ],
    on_done=_record,
)


def record_payment(turn: Turn) -> None:
    if turn.in_group:
        turn.reply(m.text(texts.GROUP_PRIVATE))
        return
    loans = _loans_in_care(turn)
    if not loans:
        turn.reply(m.text(texts.RECORD_NOT_TREASURER if turn.person is None or "committee" not in
                          turn.person.role_names else texts.RECORD_NO_LOANS))
        return
    choices = [[loan.id, f"{loan.contract} {ledger.borrower_name(loan)}"] for loan in loans]
    engine.start(turn, RECORD_PAYMENT, context={"loans": choices})
