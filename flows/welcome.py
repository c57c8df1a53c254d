"""The first conversation: welcome on follow, the menu, help, and a kind fallback."""
from __future__ import annotations

from bot import texts
from bot.line import messages as m
from bot.models import Person
from flows.turn import Turn


def menu_actions(person: Person | None = None) -> list[dict]:
    """What this person can do, as quick-reply chips (guests can always ask)."""
    actions = [m.say(texts.MENU_ASK)]
    if person is None:
        actions.append(m.say(texts.REGISTER_WORD))
    else:
        if person.role_names & {"leader", "household"}:
            actions.append(m.say(texts.REPORT_WORD))
        if person.role_names & {"household", "committee"}:
            actions.append(m.say(texts.MY_LOANS_WORD))
        if "committee" in person.role_names:
            actions.append(m.say(texts.RECORD_PAYMENT_WORD))
        if "officer" in person.role_names:
            actions.append(m.say(texts.OFFICER_QUESTIONS_WORD))
        if "leader" in person.role_names:
            actions.append(m.say(texts.ATTENDANCE_WORD))
        actions.append(m.say(texts.MY_DATA_WORD))
    actions.append(m.say(texts.MENU_HELP))
    return actions


def welcome_back(turn: Turn) -> None:
    turn.reply(m.text(texts.WELCOME_BACK, menu_actions(turn.person)))


def menu(turn: Turn) -> None:
    from flows import engine  # here, not at the top: the engine imports this module

    resume = engine.resume_action(turn)
    turn.reply(m.text(texts.MENU_PROMPT, ([resume] if resume else []) + menu_actions(turn.person)))


def help_text(turn: Turn) -> None:
    turn.reply(m.text(texts.HELP, menu_actions(turn.person)))


def ask_prompt(turn: Turn) -> None:
    turn.reply(m.text(texts.ASK_PROMPT))


def fallback(turn: Turn) -> None:
    turn.reply(m.text(texts.FALLBACK, menu_actions(turn.person)))


def non_text(turn: Turn) -> None:
    turn.reply(m.text(texts.NON_TEXT_THANKS, menu_actions(turn.person)))


def group_hello(turn: Turn) -> None:
    turn.reply(m.text(texts.GROUP_HELLO))
