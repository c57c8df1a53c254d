"""The first conversation: welcome on follow, the menu, help, and a kind fallback."""
from __future__ import annotations

from bot import texts
from bot.line import messages as m
from flows.turn import Turn


def menu_actions() -> list[dict]:
    return [m.say(texts.MENU_ASK), m.say(texts.MENU_HELP)]


def welcome(turn: Turn, unblocked: bool) -> None:
    turn.reply(m.text(texts.WELCOME_BACK if unblocked else texts.WELCOME, menu_actions()))


def menu(turn: Turn) -> None:
    turn.reply(m.text(texts.MENU_PROMPT, menu_actions()))


def help_text(turn: Turn) -> None:
    turn.reply(m.text(texts.HELP, menu_actions()))


def ask_prompt(turn: Turn) -> None:
    turn.reply(m.text(texts.ASK_PROMPT))


def fallback(turn: Turn) -> None:
    turn.reply(m.text(texts.FALLBACK, menu_actions()))


def non_text(turn: Turn) -> None:
    turn.reply(m.text(texts.NON_TEXT_THANKS, menu_actions()))


def group_hello(turn: Turn) -> None:
    turn.reply(m.text(texts.GROUP_HELLO))


# Typed words a user may send instead of tapping, mapped to what they open.
KEYWORDS = {
    texts.MENU_WORD: menu,
    texts.MENU_HELP: help_text,
    texts.MENU_ASK: ask_prompt,
}
