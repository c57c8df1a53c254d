"""Who a narrowcast reaches, decided as LINE decides it: the `recipient` (audience groups,
earlier narrowcasts to redeliver, and/or/not of them), narrowed by the demographic `filter`,
then cut by `limit`. Called with a body `rules.narrowcast_request` has already accepted.

Only friends who have not blocked the bot are ever reached. A demographic filter reaches a
user only on what LINE knows of them: a filter that turns on an unknown age, gender, app or
area reaches them neither directly nor through `not` (LINE targets only users "whose
demographics have a high level of certainty", insight.yml on targetedReaches).
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from devtools.emulator.state import EmulatorState, SimulatedUser

DAY = 24 * 60 * 60
AUDIENCE_MIN = 50  # LINE fails a narrowcast that uses an audience of fewer people (errorCode 4)
# errorCode values of a narrowcast's progress (messaging-api.yml, NarrowcastProgressResponse).
NOT_ENOUGH_RECIPIENTS, AUDIENCE_TOO_SMALL, PARTIAL_DELIVERY_FORBIDDEN = 2, 4, 5
FAILURES = {NOT_ENOUGH_RECIPIENTS: "not enough recipients",
            AUDIENCE_TOO_SMALL: f"an audience of fewer than {AUDIENCE_MIN} recipients is used",
            PARTIAL_DELIVERY_FORBIDDEN: "delivery canceled: the remaining quota covers only part of the target"}


@dataclass
class Targeting:
    targets: list[str]
    error_code: int | None = None  # set when LINE accepts the request but fails it afterwards


def recipients(state: EmulatorState, recipient: dict | None, path: str = "recipient") -> set[str] | list[dict]:
    """The followers a `recipient` names, or LINE-style details of why it names nothing that exists."""
    followers = set(state.followers())
    if recipient is None:
        return followers
    kind = recipient["type"]
    if kind == "audience":
        audience = state.audiences.get(recipient["audienceGroupId"])
        if audience is None:
            return [{"message": "no audience group with this id", "property": f"{path}.audienceGroupId"}]
        return audience & followers
    if kind == "redelivery":
        earlier = state.narrowcasts.get(recipient["requestId"])
        if earlier is None:
            return [{"message": "no narrowcast with this request id", "property": f"{path}.requestId"}]
        return set(earlier.targets) & followers
    key = next(key for key in ("and", "or", "not") if key in recipient)
    if key == "not":
        inner = recipients(state, recipient["not"], f"{path}.not")
        return inner if isinstance(inner, list) else followers - inner
    parts = [recipients(state, part, f"{path}.{key}[{index}]") for index, part in enumerate(recipient[key])]
    problems = [detail for part in parts if isinstance(part, list) for detail in part]
    if problems:
        return problems
    return set.intersection(*parts) if key == "and" else set.union(*parts)


def audience_ids(recipient: dict | None) -> list[int]:
    """Every audience group a recipient object uses, however deep in its operators."""
    if recipient is None:
        return []
    if recipient["type"] == "audience":
        return [recipient["audienceGroupId"]]
    nested = recipient.get("and") or recipient.get("or") or ([recipient["not"]] if "not" in recipient else [])
    return [found for part in nested for found in audience_ids(part)]


def _in_range(value: float | None, node: dict) -> bool | None:
    """gte and lt of an age or friendship-length filter (each bound optional); None when unknown."""
    if value is None:
        return None
    low, high = (int(node[key].split("_")[1]) if key in node else None for key in ("gte", "lt"))
    return (low is None or value >= low) and (high is None or value < high)


def matches(state: EmulatorState, user: SimulatedUser, node: dict) -> bool | None:
    """Whether a demographic filter holds for the user: True, False, or None when it turns on
    something LINE does not know of them (so neither the filter nor its `not` reaches them)."""
    kind = node["type"]
    if kind == "age":
        return _in_range(user.age, node)
    if kind == "subscriptionPeriod":
        return _in_range(None if user.friend_since is None else (state.now() - user.friend_since) / DAY, node)
    if kind in ("gender", "appType", "area"):
        known = {"gender": user.gender, "appType": user.app_type, "area": user.area}[kind]
        return None if known is None else known in node["oneOf"]
    if "not" in node:
        inner = matches(state, user, node["not"])
        return None if inner is None else not inner
    parts = [matches(state, user, part) for part in node["and" if "and" in node else "or"]]
    decisive = False if "and" in node else True
    if decisive in parts:
        return decisive
    return None if None in parts else not decisive


def narrowcast_targets(state: EmulatorState, body: dict) -> Targeting | list[dict]:
    """The users a narrowcast goes to, or why LINE refuses it outright (LINE-style details)."""
    found = recipients(state, body.get("recipient"))
    if isinstance(found, list):
        return found
    demographic = (body.get("filter") or {}).get("demographic")
    if demographic is not None:
        found = {user_id for user_id in found if matches(state, state.users[user_id], demographic) is True}
    if any(len(state.audiences[group_id]) < AUDIENCE_MIN for group_id in audience_ids(body.get("recipient"))):
        return Targeting([], AUDIENCE_TOO_SMALL)
    targets = sorted(found)
    limit = body.get("limit") or {}
    if limit.get("max") is not None and len(targets) > limit["max"]:
        targets = random.sample(targets, limit["max"])  # LINE picks the recipients at random
    if limit.get("upToRemainingQuota") and state.config.monthly_quota is not None:
        remaining = max(0, state.config.monthly_quota - state.monthly_usage)
        if remaining < len(targets):
            if limit.get("forbidPartialDelivery"):
                return Targeting([], PARTIAL_DELIVERY_FORBIDDEN)
            targets = random.sample(targets, remaining)
    if not targets:
        return Targeting([], NOT_ENOUGH_RECIPIENTS)
    return Targeting(targets)
