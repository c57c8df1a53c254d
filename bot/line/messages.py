"""Builders for LINE message objects (plain dicts in LINE's JSON shape).

Flows and handlers describe what to say with these; they never write LINE JSON by hand.
"""
from __future__ import annotations

from typing import Any, Iterable

Message = dict[str, Any]


def postback(label: str, data: str, display_text: str | None = None) -> dict[str, Any]:
    action = {"type": "postback", "label": label, "data": data}
    # Showing the tapped label in the chat lets elderly users see what they chose.
    action["displayText"] = display_text if display_text is not None else label
    return action


def say(label: str, text: str | None = None) -> dict[str, Any]:
    """An action that sends `text` (default: the label) as if the user typed it."""
    return {"type": "message", "label": label, "text": text if text is not None else label}


def quick_reply(actions: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"items": [{"type": "action", "action": action} for action in actions]}


def text(body: str, actions: Iterable[dict[str, Any]] | None = None) -> Message:
    message: Message = {"type": "text", "text": body}
    actions = list(actions or [])
    if actions:
        message["quickReply"] = quick_reply(actions)
    return message


def flex(alt_text: str, contents: dict[str, Any], actions: Iterable[dict[str, Any]] | None = None) -> Message:
    message: Message = {"type": "flex", "altText": alt_text[:1500], "contents": contents}
    actions = list(actions or [])
    if actions:
        message["quickReply"] = quick_reply(actions)
    return message


def bubble(title: str, lines: Iterable[str], buttons: Iterable[dict[str, Any]] = (), footnote: str | None = None) -> dict[str, Any]:
    """A plain card: a bold title, wrapped lines, optional small footnote and buttons."""
    body: list[dict[str, Any]] = [{"type": "text", "text": title, "weight": "bold", "size": "lg", "wrap": True}]
    body += [{"type": "text", "text": line, "wrap": True, "size": "md", "margin": "md"} for line in lines]
    if footnote:
        body.append({"type": "text", "text": footnote, "wrap": True, "size": "xs", "color": "#888888", "margin": "lg"})
    card: dict[str, Any] = {"type": "bubble", "body": {"type": "box", "layout": "vertical", "contents": body}}
    buttons = list(buttons)
    if buttons:
        card["footer"] = {
            "type": "box",
            "layout": "vertical",
            "spacing": "sm",
            "contents": [{"type": "button", "style": "primary" if i == 0 else "secondary", "height": "sm", "action": b}
                         for i, b in enumerate(buttons)],
        }
    return card


def carousel(bubbles: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "carousel", "contents": bubbles}


def location(title: str, address: str, latitude: float, longitude: float) -> Message:
    """A map pin the user can open in their maps app."""
    return {"type": "location", "title": title, "address": address, "latitude": latitude, "longitude": longitude}
