""""เข้าเว็บ": an officer linked in LINE gets a single-use link into the officers' console."""
from __future__ import annotations

from bot import accounts, thai
from bot.line import messages as m
from bot.texts import console as texts
from flows.turn import Turn
from flows.welcome import fallback

WORD = texts.CONSOLE_WORD


def sign_in_link(turn: Turn) -> None:
    if turn.in_group or not turn.user_id:
        fallback(turn)  # a sign-in link shown to a whole village group would let anyone in
        return
    account = accounts.for_line_user(turn.session, turn.user_id)
    if account is None:
        turn.reply(m.text(texts.CONSOLE_NO_ACCOUNT))
        return
    token = accounts.issue_link_token(turn.session, account)
    url = f"{turn.runtime.settings.console_url}/link/{token}"
    turn.reply(m.text(texts.CONSOLE_LINK.format(name=thai.call_name(account.person.full_name), url=url)))
