"""The figures LINE's insight endpoints report about sent messages, counted from what the
emulated users really did: which bubbles they displayed and which links they opened
(`EmulatorState.see`, `EmulatorState.open_url`).

LINE protects privacy by showing an interaction figure as null when fewer than 20 users are
behind it, even if the count itself is 20 or more ("Get statistics of sent messages": notes
on aggregated statistics). `delivered` is the exception and shows any value. The emulator has
no media player, so every media figure has no users behind it and is null.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta, timezone
from typing import Any

from devtools.emulator.state import EmulatorState, Send

PRIVACY_THRESHOLD = 20
LINE_TIME = timezone(timedelta(hours=9))  # LINE counts statistics by the day in UTC+9
MEDIA_FIGURES = ("mediaPlayed", "mediaPlayed25Percent", "mediaPlayed50Percent", "mediaPlayed75Percent",
                 "mediaPlayed100Percent", "uniqueMediaPlayed", "uniqueMediaPlayed25Percent",
                 "uniqueMediaPlayed50Percent", "uniqueMediaPlayed75Percent", "uniqueMediaPlayed100Percent")


def line_date(moment: float) -> str:
    """yyyyMMdd of a Unix time, in LINE's time zone."""
    return datetime.fromtimestamp(moment, tz=LINE_TIME).strftime("%Y%m%d")


def month_of(moment: float) -> str:
    return line_date(moment)[:6]


def shown(count: int, users: int) -> int | None:
    return count if users >= PRIVACY_THRESHOLD else None


def uris(node: Any) -> list[str]:
    """Every link a message object can open, in document order: URI actions anywhere in it
    (templates, Flex, quick replies) and imagemap links."""
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == "uri":
            link = node.get("uri") or node.get("linkUri")
            if isinstance(link, str):
                found.append(link)
        for value in node.values():
            found += uris(value)
    elif isinstance(node, list):
        for value in node:
            found += uris(value)
    return found


def interaction_figures(state: EmulatorState, request_ids: set[str], sends: list[Send]) -> dict[str, Any]:
    """overview, messages and clicks over the given sends, privacy threshold applied."""
    with state.lock:
        interactions = [item for item in state.interactions if item.request_id in request_ids]
    impressions: dict[int, list[str]] = defaultdict(list)
    clicks: dict[tuple[int, str], list[str]] = defaultdict(list)
    for item in interactions:
        if item.url is None:
            impressions[item.bubble].append(item.user_id)
        else:
            clicks[(item.bubble, item.url)].append(item.user_id)
    opened = {user for users in impressions.values() for user in users}
    clicked = {user for users in clicks.values() for user in users}
    bubbles = max((len(send.messages) for send in sends), default=0)
    links = list(dict.fromkeys((bubble, url) for send in sends
                               for bubble, message in enumerate(send.messages, start=1) for url in uris(message)))
    links += [key for key in clicks if key not in links]
    by_url: dict[str, set[str]] = defaultdict(set)
    for (_, url), users in clicks.items():
        by_url[url].update(users)
    media = dict.fromkeys(MEDIA_FIGURES)
    return {
        "overview": {"uniqueImpression": shown(len(opened), len(opened)), "uniqueClick": shown(len(clicked), len(clicked)),
                     "uniqueMediaPlayed": None, "uniqueMediaPlayed100Percent": None},
        "messages": [{"seq": bubble, "impression": shown(len(impressions[bubble]), len(set(impressions[bubble]))),
                      "uniqueImpression": shown(len(set(impressions[bubble])), len(set(impressions[bubble]))),
                      **media} for bubble in range(1, bubbles + 1)],
        "clicks": [{"seq": bubble, "url": url, "click": shown(len(clicks[(bubble, url)]), len(set(clicks[(bubble, url)]))),
                    "uniqueClick": shown(len(set(clicks[(bubble, url)])), len(set(clicks[(bubble, url)]))),
                    "uniqueClickOfRequest": shown(len(by_url[url]), len(by_url[url]))} for bubble, url in links],
    }


def deliveries_on(state: EmulatorState, date: str) -> dict[str, int]:
    """Messages sent through each API on a day (UTC+9), one per receiving user as LINE bills them."""
    counts = dict.fromkeys(("apiBroadcast", "apiPush", "apiMulticast", "apiNarrowcast", "apiReply"), 0)
    with state.lock:
        for send in state.sends.values():
            if line_date(send.at) == date:
                counts["api" + send.via.capitalize()] += send.delivered
    # Only the API sends exist here: no LINE Official Account Manager, auto-replies or greetings.
    return {"broadcast": counts["apiBroadcast"], "targeting": counts["apiNarrowcast"], "autoResponse": 0,
            "welcomeResponse": 0, "chat": 0, **counts}
