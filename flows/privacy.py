"""What the bot stores about me, and withdrawing consent (Thailand's PDPA).

Withdrawal itself is the domain service `bot.erasure.withdraw`.
"""
from __future__ import annotations

from bot import clock, consent, erasure, media, texts, thai
from bot.line import messages as m
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


def _after_withdraw_answer(ctx: Context) -> list[dict]:
    if not ctx.answers.get("sure"):
        return [m.text(texts.WITHDRAW_KEPT, menu_actions(ctx.turn.person))]
    erased = erasure.withdraw(ctx.session, ctx.turn.user_id)
    if erased.media_locations:
        kept = media.storage(ctx.turn.runtime.settings)
        ctx.turn.after_commit.append(lambda: [kept.remove(location) for location in erased.media_locations])
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
