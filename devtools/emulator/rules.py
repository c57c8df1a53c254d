"""LINE's rules for each request body the emulator accepts, one function per endpoint,
written from LINE's Messaging API reference and messaging-api.yml (see `message_rules` for
messages and actions, `checks` for how a broken rule is reported).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from devtools.emulator.checks import Problems, join_path, objects_in, take, user_perceived_characters
from devtools.emulator.message_rules import RICH_MENU_ACTIONS, RICH_MENU_ALIAS_ID_MAX, check_action, check_messages

# Numbers from LINE's reference.
MULTICAST_RECIPIENTS = (1, 500)
BULK_RICH_MENU_USERS = (1, 500)
AGGREGATION_UNITS_MAX = 1
AGGREGATION_UNIT_NAME = re.compile(r"^[a-zA-Z0-9_]{1,30}$")
AGGREGATION_UNITS_PER_MONTH = 1000  # different unit names a channel may use in a month
RICH_MENU_WIDTH = (800, 2500)
RICH_MENU_MIN_HEIGHT = 250
RICH_MENU_MIN_ASPECT = 1.45
RICH_MENU_AREAS_MAX = 20
RICH_MENU_NAME_MAX = 300
RICH_MENU_CHAT_BAR_TEXT_MAX = 14
RICH_MENU_ALIAS_ID_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")
LOADING_SECONDS = (5, 60)


def reply_request(body: dict) -> Problems:
    problems = Problems()
    take(problems, body, "replyToken", "", "string", required=True)
    check_messages(problems, body)
    return problems


def push_request(body: dict) -> Problems:
    problems = Problems()
    take(problems, body, "to", "", "string", required=True)
    check_messages(problems, body)
    _aggregation_units(problems, body)
    return problems


def multicast_request(body: dict) -> Problems:
    problems = Problems()
    to = take(problems, body, "to", "", "array", required=True, items=MULTICAST_RECIPIENTS)
    for index, user_id in enumerate(to or []):
        if not isinstance(user_id, str):
            problems.wrong_type(f"to[{index}]")
    check_messages(problems, body)
    _aggregation_units(problems, body)
    return problems


def _aggregation_units(problems: Problems, body: dict) -> None:
    """At most one unit name: 1-30 half-width letters, digits and underscores (case-sensitive)."""
    units = take(problems, body, "customAggregationUnits", "", "array", items=(0, AGGREGATION_UNITS_MAX))
    for index, unit in enumerate(units or []):
        where = f"customAggregationUnits[{index}]"
        if not isinstance(unit, str):
            problems.wrong_type(where)
        elif not 1 <= len(unit) <= 30:
            problems.add(where, "Length must be between 1 and 30")
        elif not AGGREGATION_UNIT_NAME.match(unit):
            problems.add(where, f"must match \"{AGGREGATION_UNIT_NAME.pattern}\"")


def messages_only_request(body: dict) -> Problems:
    """Broadcast and the validate endpoints."""
    problems = Problems()
    check_messages(problems, body)
    return problems


def narrowcast_request(body: dict) -> Problems:
    problems = Problems()
    check_messages(problems, body)
    recipient = take(problems, body, "recipient", "", "object")
    if recipient is not None:
        _check_recipient(problems, recipient, "recipient")
    audience_filter = take(problems, body, "filter", "", "object")
    if audience_filter is not None:
        demographic = take(problems, audience_filter, "demographic", "filter", "object")
        if demographic is not None:
            _check_demographic(problems, demographic, "filter.demographic")
    limit = take(problems, body, "limit", "", "object")
    if limit is not None:
        take(problems, limit, "max", "limit", "integer", minimum=1)
        upto = take(problems, limit, "upToRemainingQuota", "limit", "boolean")
        if take(problems, limit, "forbidPartialDelivery", "limit", "boolean") and not upto:
            problems.add("limit.forbidPartialDelivery", "can be true only when upToRemainingQuota is true")
    return problems


def _check_recipient(problems: Problems, recipient: dict, path: str) -> None:
    kind = take(problems, recipient, "type", path, "string", required=True,
                one_of=("audience", "redelivery", "operator"))
    if kind == "audience":
        take(problems, recipient, "audienceGroupId", path, "integer", required=True)
    elif kind == "redelivery":
        take(problems, recipient, "requestId", path, "string", required=True)
    elif kind == "operator":
        _check_operator(problems, recipient, path, _check_recipient)


def _check_operator(problems: Problems, node: dict, path: str, check: Callable) -> None:
    present = [key for key in ("and", "or", "not") if key in node]
    if len(present) != 1:
        problems.add(path, "exactly one of and, or, not must be specified")
        return
    key = present[0]
    if key == "not":
        inner = take(problems, node, "not", path, "object", required=True)
        if inner is not None:
            check(problems, inner, join_path(path, "not"))
        return
    members = take(problems, node, key, path, "array", required=True, items=(1, 10))
    for member, member_path in objects_in(problems, members or [], join_path(path, key)):
        check(problems, member, member_path)


AGES = tuple(f"age_{n}" for n in (15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70))
SUBSCRIPTION_PERIODS = ("day_7", "day_30", "day_90", "day_180", "day_365")
# LINE's area codes: prefectures of Japan, regions of Taiwan, Thailand and Indonesia
# (messaging-api.yml lists only a sample of them; the reference lists them all).
AREAS = frozenset([f"jp_{n:02d}" for n in range(1, 48)] + [f"tw_{n:02d}" for n in range(1, 8)]
                  + [f"th_{n:02d}" for n in range(1, 9)] + [f"id_{n:02d}" for n in range(1, 13)])


def _check_demographic(problems: Problems, node: dict, path: str) -> None:
    kind = take(problems, node, "type", path, "string", required=True,
                one_of=("age", "appType", "area", "gender", "subscriptionPeriod", "operator"))
    if kind in ("age", "subscriptionPeriod"):
        allowed = AGES if kind == "age" else SUBSCRIPTION_PERIODS
        bounds = [take(problems, node, key, path, "string", one_of=allowed) for key in ("gte", "lt")]
        if "gte" not in node and "lt" not in node:
            problems.add(path, "gte or lt must be specified")
        elif all(bounds) and allowed.index(bounds[0]) >= allowed.index(bounds[1]):
            problems.add(join_path(path, "lt"), "must be greater than gte")
    elif kind in ("appType", "gender", "area"):
        allowed = {"appType": ("ios", "android"), "gender": ("male", "female")}.get(kind)
        values = take(problems, node, "oneOf", path, "array", required=True, items=(1, 100))
        for index, value in enumerate(values or []):
            if not isinstance(value, str):
                problems.wrong_type(f"{path}.oneOf[{index}]")
            elif allowed and value not in allowed:
                problems.add(f"{path}.oneOf[{index}]", f"Must be one of the following values: [{', '.join(allowed)}]")
            elif kind == "area" and value not in AREAS:
                problems.add(f"{path}.oneOf[{index}]", "not an area code")
    elif kind == "operator":
        _check_operator(problems, node, path, _check_demographic)


def loading_request(body: dict) -> Problems:
    problems = Problems()
    take(problems, body, "chatId", "", "string", required=True)
    seconds = take(problems, body, "loadingSeconds", "", "integer", minimum=LOADING_SECONDS[0],
                   maximum=LOADING_SECONDS[1])
    if seconds is not None and seconds % 5:
        problems.add("loadingSeconds", "must be a multiple of 5")
    return problems


def mark_as_read_request(body: dict) -> Problems:
    problems = Problems()
    chat = take(problems, body, "chat", "", "object", required=True)
    if chat is not None:
        take(problems, chat, "userId", "chat", "string", required=True)
    return problems


def mark_as_read_by_token_request(body: dict) -> Problems:
    problems = Problems()
    take(problems, body, "markAsReadToken", "", "string", required=True)
    return problems


def rich_menu_request(body: dict) -> Problems:
    problems = Problems()
    size = take(problems, body, "size", "", "object", required=True)
    width = height = None
    if size is not None:
        width = take(problems, size, "width", "size", "integer", required=True, minimum=RICH_MENU_WIDTH[0],
                     maximum=RICH_MENU_WIDTH[1])
        height = take(problems, size, "height", "size", "integer", required=True, minimum=RICH_MENU_MIN_HEIGHT)
        if width and height and width / height < RICH_MENU_MIN_ASPECT:
            problems.add("size.height", f"width / height must be at least {RICH_MENU_MIN_ASPECT}")
    take(problems, body, "selected", "", "boolean", required=True)
    take(problems, body, "name", "", "string", required=True, max_length=RICH_MENU_NAME_MAX)
    take(problems, body, "chatBarText", "", "string", required=True, max_length=RICH_MENU_CHAT_BAR_TEXT_MAX,
         count=user_perceived_characters)
    areas = take(problems, body, "areas", "", "array", required=True, items=(0, RICH_MENU_AREAS_MAX))
    for area, path in objects_in(problems, areas or [], "areas"):
        bounds = take(problems, area, "bounds", path, "object", required=True)
        if bounds is not None:
            box = {key: take(problems, bounds, key, join_path(path, "bounds"), "integer", required=True, minimum=0)
                   for key in ("x", "y", "width", "height")}
            if None not in box.values() and width and height and (
                    box["width"] < 1 or box["height"] < 1
                    or box["x"] + box["width"] > width or box["y"] + box["height"] > height):
                problems.add(join_path(path, "bounds"), "must be inside the rich menu")
        check_action(problems, area.get("action"), join_path(path, "action"), RICH_MENU_ACTIONS, label_required=False)
    return problems


def rich_menu_alias_id(value: Any) -> bool:
    return (isinstance(value, str) and 1 <= len(value) <= RICH_MENU_ALIAS_ID_MAX
            and set(value) <= RICH_MENU_ALIAS_ID_CHARACTERS)


def alias_request(body: dict, *, with_alias: bool) -> Problems:
    problems = Problems()
    if with_alias:
        take(problems, body, "richMenuAliasId", "", "string", required=True)
    take(problems, body, "richMenuId", "", "string", required=True)
    return problems


def bulk_rich_menu_request(body: dict, *, with_menu: bool) -> Problems:
    problems = Problems()
    if with_menu:
        take(problems, body, "richMenuId", "", "string", required=True)
    user_ids = take(problems, body, "userIds", "", "array", required=True, items=BULK_RICH_MENU_USERS)
    for index, user_id in enumerate(user_ids or []):
        if not isinstance(user_id, str):
            problems.wrong_type(f"userIds[{index}]")
    return problems
