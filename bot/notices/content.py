"""What a notice says, as LINE message objects: text, an image, a card (title, body, date,
place, a button) and quick replies, checked against LINE's limits before anything is stored."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from bot.line import messages as m
from bot.line.limits import (
    MAX_ACTION_LABEL_LENGTH, MAX_MESSAGES_PER_REQUEST, MAX_QUICK_REPLY_ITEMS, grapheme_length, validate_messages,
)
from bot.texts import notices as texts


class ContentError(ValueError):
    """The notice cannot go out as written; the message is the Thai sentence for the officer."""


@dataclass(frozen=True)
class Card:
    title: str
    body: str = ""
    date: str = ""  # as the officer writes it: "ศุกร์ 4 ธ.ค. 2569 เวลา 09:00"
    place: str = ""
    button_label: str = ""
    button_url: str = ""


def compose(text: str = "", image_url: str = "", card: Card | None = None,
            quick_replies: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The messages of a notice in the order people read them: picture, words, card.
    Quick replies hang on the last one (LINE shows only the last message's)."""
    messages: list[dict[str, Any]] = []
    if image_url.strip():
        url = image_url.strip()
        if not url.startswith("https://"):
            raise ContentError(texts.NOTICE_IMAGE_URL)
        messages.append({"type": "image", "originalContentUrl": url, "previewImageUrl": url})
    if text.strip():
        messages.append(m.text(text.strip()))
    if card is not None:
        messages.append(card_message(card))
    replies = [reply.strip() for reply in quick_replies if reply.strip()]
    if replies:
        if len(replies) > MAX_QUICK_REPLY_ITEMS or any(grapheme_length(r) > MAX_ACTION_LABEL_LENGTH for r in replies):
            raise ContentError(texts.NOTICE_QUICK_REPLIES.format(limit=MAX_QUICK_REPLY_ITEMS,
                                                                 length=MAX_ACTION_LABEL_LENGTH))
        if not messages:
            raise ContentError(texts.NOTICE_NO_MESSAGES)
        messages[-1] = {**messages[-1], "quickReply": m.quick_reply(m.say(reply) for reply in replies)}
    check(messages)
    return messages


def card_message(card: Card) -> dict[str, Any]:
    title = card.title.strip()
    if not title:
        raise ContentError(texts.NOTICE_CARD_TITLE)
    lines = [line for line in (card.body.strip(),
                               texts.CARD_WHEN.format(date=card.date.strip()) if card.date.strip() else "",
                               texts.CARD_WHERE.format(place=card.place.strip()) if card.place.strip() else "")
             if line]
    buttons = []
    if card.button_label.strip() or card.button_url.strip():
        url = card.button_url.strip()
        if not card.button_label.strip() or not url.startswith("https://"):
            raise ContentError(texts.NOTICE_BUTTON_URL)
        buttons.append({"type": "uri", "label": card.button_label.strip(), "uri": url})
    alt = "\n".join([title, *lines])
    return m.flex(alt, m.bubble(title, lines, buttons))


def check(messages: Any) -> None:
    """Refuse what LINE would refuse, in words the officer can act on."""
    if not isinstance(messages, list) or not messages:
        raise ContentError(texts.NOTICE_NO_MESSAGES)
    if len(messages) > MAX_MESSAGES_PER_REQUEST:
        raise ContentError(texts.NOTICE_TOO_MANY_MESSAGES.format(limit=MAX_MESSAGES_PER_REQUEST))
    details = validate_messages(messages)
    if details:
        first = details[0]
        number = _message_number(first.get("property", ""))
        raise ContentError(texts.NOTICE_MESSAGE_INVALID.format(
            number=number, detail=f"{first.get('property', '')} {first.get('message', '')}".strip()))


def _message_number(path: str) -> int:
    """"messages[2].text" -> 3, the way the officer counts."""
    if path.startswith("messages[") and "]" in path:
        index = path[len("messages["):path.index("]")]
        if index.isdigit():
            return int(index) + 1
    return 1


def preview_text(messages: list[dict[str, Any]]) -> str:
    """A one-line gist of the messages, for lists and the chat's confirmation."""
    for message in messages:
        if message.get("type") == "text":
            return message["text"]
        if message.get("type") == "flex":
            return message.get("altText", "")
    return ""
