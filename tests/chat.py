"""Helpers for end-to-end chats through the simulator."""
from __future__ import annotations

import secrets

import requests
from sqlalchemy import select

from bot import richmenus, texts, thai
from bot.models import InviteCode, OutboundMessage, Person, WebhookEvent
from tests.polling import eventually


def labels(message: dict) -> list[str]:
    return [item["action"]["label"] for item in message.get("quickReply", {}).get("items", [])]


def chip(message: dict, label: str) -> dict:
    return next(item["action"] for item in message["quickReply"]["items"] if item["action"]["label"] == label)


def card_buttons(message: dict) -> dict[str, dict]:
    contents = message["contents"]
    bubbles = contents["contents"] if contents["type"] == "carousel" else [contents]
    return {b["action"]["label"]: b["action"] for bubble in bubbles
            for b in (bubble.get("footer") or {}).get("contents", [])}


def tap(stack, user: str, action: dict, **kwargs) -> list[dict]:
    if action["type"] == "message":
        return stack.say(user, action["text"], **kwargs)
    return stack.send(user, "postback", data=action["data"], **kwargs)


def code_for(rt, role: str) -> tuple[str, str]:
    """(code, name) of an unlinked demo person whose menu is `role`'s."""
    with rt.db.sessions() as session:
        for code, person in session.execute(select(InviteCode, Person).join(Person).where(
                InviteCode.used_at.is_(None), Person.line_user_id.is_(None)).order_by(Person.id)):
            if richmenus.role_for(person) == role:
                return code.code, person.full_name
    raise AssertionError(f"no unlinked {role} left in the demo data")


def new_person_code(rt, role: str) -> tuple[str, str]:
    """(code, name) of a person made for one test, with `role` only, in a village of their own."""
    from bot.people import invites
    from tests.builders import Place, officer_of, person

    with rt.db.session() as session:
        place = Place(session)
        someone = person(session, f"คุณ{role} {secrets.token_hex(2)}", [role], place.village(1), linked=False)
        if role == "officer":
            officer_of(session, someone, place)
        invites.issue_codes(session)
        return session.scalar(select(InviteCode.code).where(InviteCode.person_id == someone.id)), someone.full_name


def linked_user(stack, rt, role: str) -> tuple[str, str]:
    """A new LINE user who followed, consented and linked as a new person with `role`."""
    code, name = new_person_code(rt, role)
    user = stack.new_user()
    stack.send(user, "follow")
    stack.say(user, texts.CONSENT_AGREE)
    [done] = stack.say(user, code.lower())  # typed loosely: lower case
    assert done["text"].startswith(texts.LINK_DONE.split("{")[0]) and thai.call_name(name) in done["text"]
    return user, name


def wait_for_push(stack, user: str, needle: str, timeout: float = 10) -> str:
    """The text of a push to `user` containing `needle`, once the worker has sent it."""
    def pushed() -> str | None:
        items = requests.get(f"{stack.emulator_url}/_emulator/users/{user}/messages", timeout=5).json()["messages"]
        return next((item["message"]["text"] for item in items
                     if item["via"] == "push" and needle in item["message"].get("text", "")), None)

    return eventually(pushed, f"a push to {user} containing {needle!r}", timeout=timeout)


def settled(rt, webhook_event_id: str, chat_id: str) -> None:
    """Wait until the bot has handled the event and sent everything it queued for the chat:
    after this, what the emulator holds for the chat is all the bot will say about it."""
    def done() -> bool:
        with rt.db.sessions() as session:
            event = session.scalar(select(WebhookEvent).where(WebhookEvent.webhook_event_id == webhook_event_id))
            waiting = session.scalar(select(OutboundMessage.id).where(
                OutboundMessage.recipient == chat_id, OutboundMessage.status.in_(("pending", "sending", "retry"))))
        return event is not None and event.status == "done" and waiting is None

    eventually(done, f"event {webhook_event_id} handled and its answers sent", timeout=15)


def chat_messages(stack, chat_id: str, after: int = 0) -> list[dict]:
    response = requests.get(f"{stack.emulator_url}/_emulator/users/{chat_id}/messages", params={"after": after},
                            timeout=5)
    return [item["message"] for item in response.json()["messages"]]


def cursor_of(stack, chat_id: str) -> int:
    return requests.get(f"{stack.emulator_url}/_emulator/users/{chat_id}/messages", timeout=5).json()["cursor"]
