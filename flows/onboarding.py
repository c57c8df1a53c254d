"""Getting to know a new user: the PDPA consent notice, then the invite code an
officer handed them, which links their LINE account to the person imported.

Nobody can claim to be someone else: only a valid, unused code links, wrong
codes are limited per LINE user, and a wrong code never hints whether it exists.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot import clock, consent, richmenus, texts
from bot.line import messages as m
from bot.models import Consent, Person
from bot.people import invites
from bot.thai import arabic_digits, call_name
from flows import engine, welcome
from flows.engine import Context, Invalid, Step
from flows.steps import Choose, Option
from flows.turn import Turn

CODE_PREFIX = "รหัส"  # what the QR sheet pre-fills before the code


def has_consented(turn: Turn) -> bool:
    return consent.agreed(turn.session, turn.user_id)


def code_in(text: str) -> str | None:
    """The invite code in a message sent outside the link step, if it is one.

    A message from the QR sheet starts with "รหัส"; a bare six characters count
    only when they cannot be an ordinary word (a digit, or typed in capitals).
    """
    cleaned = re.sub(r"[\s-]", "", arabic_digits(text))
    prefixed = cleaned.startswith(CODE_PREFIX)
    cleaned = cleaned.removeprefix(CODE_PREFIX)
    if re.fullmatch(r"[A-Za-z0-9]{6}", cleaned) and (prefixed or cleaned.isupper()
                                                      or any(ch.isdigit() for ch in cleaned)):
        return cleaned.upper()
    return None


def try_code(turn: Turn, text: str) -> Person:
    """Link the user with this code, or raise Invalid with the one kind answer for every failure."""
    redis, code = turn.runtime.redis, invites.normalise_code(text)
    if not invites.may_try(redis, turn.user_id, code):
        raise Invalid(texts.LINK_TOO_MANY_TRIES, ask_again=False)
    person = invites.redeem(turn.session, turn.user_id, text)
    if person is None:
        invites.record_failure(redis, code)
        raise Invalid(texts.LINK_CODE_WRONG)
    turn.forget_person()
    relink_rich_menu(turn, person)
    return person


def relink_rich_menu(turn: Turn, person: Person | None) -> None:
    """Show the menu for the user's role, once the turn that changed it is committed."""
    runtime, user_id = turn.runtime, turn.user_id
    role = richmenus.role_for(person)
    turn.after_commit.append(lambda: richmenus.link(runtime, user_id, role))


def linked_message(person: Person) -> dict:
    return m.text(texts.LINK_DONE.format(name=call_name(person.full_name), role=person.roles_in_thai,
                                         village=person.village_label), menu_actions_for(person))


def menu_actions_for(person: Person | None) -> list[dict]:
    return welcome.menu_actions(person)


@dataclass
class InviteCode(Step):
    def actions(self, ctx, tap):
        return [tap("none", texts.LINK_NO_CODE)]

    def from_postback(self, ctx, value, params):
        if value != "none":
            raise Invalid(texts.LINK_CODE_WRONG)
        return None

    def from_text(self, ctx, text):
        if text == texts.LINK_NO_CODE:
            return None
        return try_code(ctx.turn, text).id


def _after_link(ctx: Context) -> list[dict]:
    person_id = ctx.answers.get("code")
    if person_id is None:
        return [m.text(texts.LINK_GUEST, menu_actions_for(None))]
    return [linked_message(ctx.session.get(Person, person_id))]


LINK = engine.Flow(
    name="link",
    title=texts.CONSENT_TITLE,
    steps=[InviteCode("code", texts.LINK_ASK_CODE, label=texts.LINK_CODE_LABEL)],
    summary=False,
    on_done=_after_link,
)


def _after_consent(ctx: Context) -> list[dict] | None:
    agreed = ctx.answers.get("consent") == "agree"
    ctx.session.add(Consent(line_user_id=ctx.turn.user_id, notice_version=texts.CONSENT_NOTICE_VERSION,
                            agreed=agreed, answered_at=clock.utcnow()))
    if not agreed:
        return [m.text(texts.CONSENT_DECLINED, menu_actions_for(None))]
    pending = ctx.data.get("pending_code")
    if pending:
        return link_with_code(ctx.turn, pending)
    engine.start(ctx.turn, LINK)
    return None


CONSENT = engine.Flow(
    name="consent",
    title=texts.CONSENT_TITLE,
    steps=[Choose("consent", texts.CONSENT_NOTICE, label=texts.CONSENT_LABEL,
                  options=[Option("agree", texts.CONSENT_AGREE), Option("later", texts.CONSENT_LATER)])],
    summary=False,
    on_done=_after_consent,
)


def register(turn: Turn, intro: str | None = None, pending_code: str | None = None) -> None:
    """Start, or continue, getting to know this user."""
    person = turn.person
    if person is not None:
        turn.reply(m.text(texts.LINK_ALREADY.format(name=call_name(person.full_name)), menu_actions_for(person)))
        return
    if not has_consented(turn):
        engine.start(turn, CONSENT, context={"pending_code": pending_code} if pending_code else None, intro=intro)
        return
    if pending_code:
        turn.reply(*link_with_code(turn, pending_code))
        return
    engine.start(turn, LINK, intro=intro)


def link_with_code(turn: Turn, code: str) -> list[dict]:
    """A code typed or sent from the QR sheet outside the link step."""
    try:
        person = try_code(turn, code)
    except Invalid as invalid:
        engine.start(turn, LINK, intro=invalid.message)
        return []
    return [linked_message(person)]
