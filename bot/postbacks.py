"""Postback data: written and read in this one place, strictly.

A postback's data comes back from the user's phone, so it is input like any other:
anyone can send any string. A tap is read only when it is exactly one of the forms
below, with ASCII digits in range; anything else is no tap at all (the router answers
kindly and nothing changes). Whether the tap is this user's to make (their own
question, a payment they may decide, their own conversation) is the flow's check.

    kb:more:<passage>  kb:yes:<question>  kb:no:<question>  kb:officer:<question>
    oq:answer:<question>
    loan:ok:<payment>  loan:no:<payment>  loan:advice:<loan>
    act:go:<activity>  act:no:<activity>  act:maybe:<activity>   (an invitation's answer)
    f:<conversation>:<version>:<value>   (a step of a conversation, see flows.engine)
"""
from __future__ import annotations

import re
from dataclasses import dataclass

KNOWLEDGE, OFFICER_QUESTION, LOAN = "kb", "oq", "loan"
ACTIVITY = "act"
ACTIONS = {
    KNOWLEDGE: frozenset({"more", "yes", "no", "officer"}),
    OFFICER_QUESTION: frozenset({"answer"}),
    LOAN: frozenset({"ok", "no", "advice"}),
    ACTIVITY: frozenset({"go", "no", "maybe"}),
}
# Row ids: a positive 32-bit integer, so no tap can overflow a database integer.
MAX_ID = 2**31 - 1
_ID = r"[1-9][0-9]{0,9}"  # ASCII only: str.isdigit() would take '³' and '١'
_TAP = re.compile(rf"([a-z]+):([a-z]+):({_ID})")
FLOW_PREFIX = "f:"
_FLOW_TAP = re.compile(rf"f:({_ID}):([0-9]{{1,9}}):(.{{1,280}})", re.DOTALL)


@dataclass(frozen=True)
class Tap:
    """A tap on a button the bot sent: which area, what to do, to which row."""

    area: str
    action: str
    ident: int


@dataclass(frozen=True)
class FlowTap:
    """A tap on a step of a conversation: which one, which version of its buttons, the value."""

    conversation_id: int
    version: int
    value: str


def tap(area: str, action: str, ident: int) -> str:
    """The data for a button; refuses what `parse` would not read back."""
    if action not in ACTIONS[area] or not 1 <= ident <= MAX_ID:
        raise ValueError(f"no such postback: {area}:{action}:{ident}")
    return f"{area}:{action}:{ident}"


def parse(data: str) -> Tap | None:
    match = _TAP.fullmatch(data) if isinstance(data, str) else None
    if match is None:
        return None
    area, action, ident = match.group(1), match.group(2), int(match.group(3))
    if action not in ACTIONS.get(area, ()) or ident > MAX_ID:
        return None
    return Tap(area, action, ident)


def area_of(data: str) -> str | None:
    """Which area a postback claims to be for (to route it), before it is read strictly."""
    area, sep, _ = data.partition(":") if isinstance(data, str) else ("", "", "")
    return area if sep and area in ACTIONS else None


def flow_tap(conversation_id: int, version: int, value: str) -> str:
    return f"{FLOW_PREFIX}{conversation_id}:{version}:{value}"


def is_flow_tap(data: str) -> bool:
    return isinstance(data, str) and data.startswith(FLOW_PREFIX)


def parse_flow_tap(data: str) -> FlowTap | None:
    match = _FLOW_TAP.fullmatch(data) if isinstance(data, str) else None
    if match is None or int(match.group(1)) > MAX_ID:
        return None
    return FlowTap(int(match.group(1)), int(match.group(2)), match.group(3))
