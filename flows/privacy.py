"""What the bot stores about me, and withdrawing consent (Thailand's PDPA).

Withdrawal erases what identifies the person (name, phone, LINE link) but keeps
the anonymous row, so programme counts (households, reports, repayments) stay right.
"""
from __future__ import annotations

from sqlalchemy import select, update

from bot import clock, consent, texts, thai
from bot.line import messages as m
from bot.models import AskedQuestion, Consent, Conversation, InviteCode, LineUser, OutboundMessage, Person
from flows import engine
from flows.engine import Context
from flows.onboarding import relink_rich_menu
from flows.steps import YesNo
from flows.turn import Turn
from flows.welcome import menu_actions


def _consent_line(turn: Turn) -> str:
    latest = consent.latest(turn.session, turn.user_id)
    if latest is None or not latest.agreed:
        return texts.CONSENT_NOT_GIVEN
    return texts.CONSENT_GIVEN_ON.format(date=thai.thai_date(latest.answered_at.astimezone(clock.now().tzinfo)))


def my_data(turn: Turn) -> None:
    person = turn.person
    consent = _consent_line(turn)
    if person is None:
        turn.reply(m.text(texts.MY_DATA_GUEST.format(consent=consent), menu_actions(None)))
        return
    values = {
        "name": person.full_name,
        "roles": person.roles_in_thai,
        "village": person.village_label,
        "phone": thai.phone(person.phone),
        "occupation": person.occupation or "-",
        "consent": consent,
    }
    lines = [line.format(**values) for line in texts.MY_DATA_LINES]
    card = m.bubble(texts.MY_DATA_TITLE, lines, footnote=texts.MY_DATA_FOOTNOTE)
    turn.reply(m.flex(texts.MY_DATA_TITLE + "\n" + "\n".join(lines), card, menu_actions(person)))


def withdraw(session, line_user_id: str) -> None:
    """Erase what identifies this user; stop everything that would be sent to them."""
    now = clock.utcnow()
    person = session.scalar(select(Person).where(Person.line_user_id == line_user_id))
    if person is not None:
        person.full_name, person.phone, person.line_user_id = texts.WITHDRAWN_NAME, None, None
        person.withdrawn_at = now
        session.execute(InviteCode.__table__.delete().where(InviteCode.person_id == person.id))
    user = session.scalar(select(LineUser).where(LineUser.line_user_id == line_user_id))
    if user is not None:
        user.display_name, user.language = None, None
    session.execute(update(AskedQuestion).where(AskedQuestion.line_user_id == line_user_id)
                    .values(line_user_id=None))
    session.execute(Conversation.__table__.delete().where(Conversation.line_user_id == line_user_id))
    # Anything queued but not yet sent to them stays unsent.
    session.execute(update(OutboundMessage)
                    .where(OutboundMessage.recipient == line_user_id,
                           OutboundMessage.status.in_(("pending", "retry")), OutboundMessage.kind == "push")
                    .values(status="cancelled"))
    session.add(Consent(line_user_id=line_user_id, notice_version=texts.CONSENT_NOTICE_VERSION,
                        agreed=False, answered_at=now))


def _after_withdraw_answer(ctx: Context) -> list[dict]:
    if not ctx.answers.get("sure"):
        return [m.text(texts.WITHDRAW_KEPT, menu_actions(ctx.turn.person))]
    withdraw(ctx.session, ctx.turn.user_id)
    ctx.turn.forget_person()
    relink_rich_menu(ctx.turn, None)
    return [m.text(texts.WITHDRAW_DONE, menu_actions(None))]


WITHDRAW = engine.Flow(
    name="withdraw",
    title=texts.WITHDRAW_TITLE,
    steps=[YesNo("sure", texts.WITHDRAW_CONFIRM, label=texts.WITHDRAW_LABEL)],
    summary=False,
    on_done=_after_withdraw_answer,
)


def start_withdrawal(turn: Turn) -> None:
    engine.start(turn, WITHDRAW)
