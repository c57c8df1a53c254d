"""The emulator's own reading of LINE's rules for request bodies, written from LINE's
Messaging API reference and messaging-api.yml, never from the bot's `bot/line/limits.py`:
a limit the bot gets wrong is then refused here, as LINE would refuse it.

A value of the wrong JSON type is answered as LINE's parser answers it ("The property,
'x', in the request body is invalid"); every other broken rule becomes one `details` entry
of "The request body has N error(s)". Properties LINE does not know are ignored, as LINE does.
"""
from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from typing import Any

# Numbers from LINE's reference, with the page section they come from.
MESSAGES_PER_REQUEST = (1, 5)  # "Max: 5" message objects
TEXT_MAX = 5000  # text message "Max character limit: 5000"
EMOJIS_MAX = 20
QUICK_REPLY_ITEMS = (1, 13)
ACTION_LABEL_MAX = 20
IMAGE_CAROUSEL_LABEL_MAX = 12
POSTBACK_DATA_MAX = 300
POSTBACK_TEXT_MAX = 300  # displayText, text, fillInText
MESSAGE_ACTION_TEXT_MAX = 300
URI_MAX = 1000
CLIPBOARD_TEXT_MAX = 1000
HTTPS_URL_MAX = 2000
SENDER_NAME_MAX = 20
TRACKING_ID_MAX = 100
LOCATION_TEXT_MAX = 100
IMAGEMAP_ALT_TEXT_MAX = 1500
IMAGEMAP_ACTIONS_MAX = 50
TEMPLATE_ALT_TEXT_MAX = 400
FLEX_ALT_TEXT_MAX = 1500
BUTTONS_TITLE_MAX = 40
BUTTONS_TEXT_MAX, BUTTONS_TEXT_MAX_WITH_TITLE_OR_IMAGE = 160, 60
BUTTONS_ACTIONS = (1, 4)
CONFIRM_TEXT_MAX = 240
CONFIRM_ACTIONS = (2, 2)
CAROUSEL_COLUMNS = (1, 10)
CAROUSEL_TITLE_MAX = 40
CAROUSEL_TEXT_MAX, CAROUSEL_TEXT_MAX_WITH_TITLE_OR_IMAGE = 120, 60
CAROUSEL_ACTIONS = (1, 3)
FLEX_BUBBLE_BYTES = 30 * 1024  # "the JSON data of a bubble must be 30 KB or less"
FLEX_CAROUSEL_BYTES = 50 * 1024
FLEX_CAROUSEL_BUBBLES = (1, 12)
MULTICAST_RECIPIENTS = (1, 500)
BULK_RICH_MENU_USERS = (1, 500)
AGGREGATION_UNITS_MAX = 1
RICH_MENU_WIDTH = (800, 2500)
RICH_MENU_MIN_HEIGHT = 250
RICH_MENU_MIN_ASPECT = 1.45
RICH_MENU_AREAS_MAX = 20
RICH_MENU_NAME_MAX = 300
RICH_MENU_CHAT_BAR_TEXT_MAX = 14
RICH_MENU_ALIAS_ID_MAX = 32
RICH_MENU_ALIAS_ID_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")
LOADING_SECONDS = (5, 60)

MESSAGE_TYPES = ("text", "textV2", "sticker", "image", "video", "audio", "location", "imagemap", "template",
                 "flex", "coupon")
TEMPLATE_ACTIONS = ("postback", "message", "uri", "datetimepicker", "clipboard")
QUICK_REPLY_ACTIONS = TEMPLATE_ACTIONS + ("camera", "cameraRoll", "location")
RICH_MENU_ACTIONS = TEMPLATE_ACTIONS + ("richmenuswitch",)
URI_SCHEMES = ("http://", "https://", "line://", "tel:")
FLEX_COMPONENTS = ("box", "button", "image", "video", "icon", "text", "span", "separator", "filler")
FLEX_LAYOUTS = ("horizontal", "vertical", "baseline")


def utf16_units(text: str) -> int:
    """Message text is counted in UTF-16 code units (an emoji outside the BMP counts 2)."""
    return sum(2 if ord(char) > 0xFFFF else 1 for char in text)


def user_perceived_characters(text: str) -> int:
    """Labels count what a reader sees as one character: a Thai consonant with its vowel and
    tone marks is one (combining marks, SARA AM and zero-width joiners join the one before)."""
    joiners = {"\u0e33", "\u0eb3", "\u200d"}
    return sum(1 for char in text if not unicodedata.combining(char)
               and unicodedata.category(char) not in ("Mn", "Mc", "Me") and char not in joiners)


class Problems:
    """What is wrong with one request body: the first mistyped property, and every broken rule."""

    def __init__(self) -> None:
        self.mistyped: str | None = None
        self.details: list[dict[str, str]] = []

    def wrong_type(self, path: str) -> None:
        self.mistyped = self.mistyped or path

    def add(self, path: str, message: str) -> None:
        self.details.append({"message": message, "property": path})

    def __bool__(self) -> bool:
        return self.mistyped is not None or bool(self.details)


_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def take(problems: Problems, obj: dict, key: str, path: str, kind: str, *, required: bool = False,
         max_length: int | None = None, min_length: int | None = None, count: Callable[[str], int] = len,
         one_of: tuple | None = None, https: bool = False, items: tuple[int, int] | None = None,
         minimum: float | None = None, maximum: float | None = None) -> Any:
    """`obj[key]` when it is there with the right type and its rules hold, else None (the problem noted)."""
    where = _join(path, key)
    value = obj.get(key)
    if value is None:
        if required:
            problems.add(where, "must be specified")
        return None
    if not _TYPES[kind](value):
        problems.wrong_type(where)
        return None
    if one_of is not None and value not in one_of:
        problems.add(where, f"Must be one of the following values: [{', '.join(map(str, one_of))}]")
        return None
    if kind == "string":
        lower = min_length if min_length is not None else (1 if required else 0)
        if count(value) < lower and value == "":
            problems.add(where, "May not be empty")
            return None
        if https and not value.startswith("https://"):
            problems.add(where, "must be an HTTPS URL")
            return None
        limit = max_length if max_length is not None else (HTTPS_URL_MAX if https else None)
        if not lower <= count(value) <= (limit if limit is not None else count(value)):
            problems.add(where, f"Length must be between {lower} and {limit}")
            return None
    if items is not None and not items[0] <= len(value) <= items[1]:
        problems.add(where, f"Size must be between {items[0]} and {items[1]}")
        return None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        problems.add(where, f"must be between {minimum} and {maximum}")
        return None
    return value


def _objects(problems: Problems, values: list, path: str) -> list[tuple[dict, str]]:
    """The list's members that are objects, with their paths; others noted as mistyped."""
    found = []
    for index, value in enumerate(values):
        if isinstance(value, dict):
            found.append((value, f"{path}[{index}]"))
        else:
            problems.wrong_type(f"{path}[{index}]")
    return found


# Actions

def check_action(problems: Problems, action: Any, path: str, allowed: tuple[str, ...], *,
                 label_max: int | None = ACTION_LABEL_MAX, label_required: bool = True) -> None:
    if not isinstance(action, dict):
        problems.wrong_type(path)
        return
    kind = take(problems, action, "type", path, "string", required=True, one_of=allowed)
    if kind is None:
        return
    take(problems, action, "label", path, "string", required=label_required and label_max is not None,
         max_length=label_max, count=user_perceived_characters)
    if kind == "postback":
        take(problems, action, "data", path, "string", required=True, max_length=POSTBACK_DATA_MAX, min_length=0)
        for key in ("displayText", "text", "fillInText"):
            take(problems, action, key, path, "string", max_length=POSTBACK_TEXT_MAX)
        take(problems, action, "inputOption", path, "string",
             one_of=("closeRichMenu", "openRichMenu", "openKeyboard", "openVoice"))
        if "displayText" in action and "text" in action:
            problems.add(_join(path, "text"), "cannot be set with displayText")
    elif kind == "message":
        take(problems, action, "text", path, "string", required=True, max_length=MESSAGE_ACTION_TEXT_MAX)
    elif kind == "uri":
        uri = take(problems, action, "uri", path, "string", required=True, max_length=URI_MAX)
        if uri is not None and not uri.startswith(URI_SCHEMES):
            problems.add(_join(path, "uri"), "unsupported scheme: use http, https, line or tel")
        alt = take(problems, action, "altUri", path, "object")
        if alt is not None:
            take(problems, alt, "desktop", _join(path, "altUri"), "string", max_length=URI_MAX)
    elif kind == "datetimepicker":
        take(problems, action, "data", path, "string", required=True, max_length=POSTBACK_DATA_MAX, min_length=0)
        take(problems, action, "mode", path, "string", required=True, one_of=("date", "time", "datetime"))
        for key in ("initial", "max", "min"):
            take(problems, action, key, path, "string")
    elif kind == "richmenuswitch":
        take(problems, action, "richMenuAliasId", path, "string", required=True, max_length=RICH_MENU_ALIAS_ID_MAX)
        take(problems, action, "data", path, "string", required=True, max_length=POSTBACK_DATA_MAX, min_length=0)
    elif kind == "clipboard":
        take(problems, action, "clipboardText", path, "string", required=True, max_length=CLIPBOARD_TEXT_MAX,
             min_length=1)


def _check_actions(problems: Problems, owner: dict, path: str, size: tuple[int, int]) -> None:
    actions = take(problems, owner, "actions", path, "array", required=True, items=size)
    for action, action_path in _objects(problems, actions or [], _join(path, "actions")):
        check_action(problems, action, action_path, TEMPLATE_ACTIONS)


# Messages

def _check_quick_reply(problems: Problems, quick_reply: dict, path: str) -> None:
    items = take(problems, quick_reply, "items", path, "array", required=True, items=QUICK_REPLY_ITEMS)
    for item, item_path in _objects(problems, items or [], _join(path, "items")):
        take(problems, item, "type", item_path, "string", required=True, one_of=("action",))
        take(problems, item, "imageUrl", item_path, "string", https=True)
        check_action(problems, item.get("action"), _join(item_path, "action"), QUICK_REPLY_ACTIONS)


def _check_template(problems: Problems, template: dict, path: str) -> None:
    kind = take(problems, template, "type", path, "string", required=True,
                one_of=("buttons", "confirm", "carousel", "image_carousel"))
    if kind == "buttons":
        short = "title" in template or "thumbnailImageUrl" in template
        take(problems, template, "thumbnailImageUrl", path, "string", https=True)
        take(problems, template, "imageAspectRatio", path, "string", one_of=("rectangle", "square"))
        take(problems, template, "imageSize", path, "string", one_of=("cover", "contain"))
        take(problems, template, "title", path, "string", max_length=BUTTONS_TITLE_MAX)
        take(problems, template, "text", path, "string", required=True,
             max_length=BUTTONS_TEXT_MAX_WITH_TITLE_OR_IMAGE if short else BUTTONS_TEXT_MAX)
        if "defaultAction" in template:
            check_action(problems, template["defaultAction"], _join(path, "defaultAction"), TEMPLATE_ACTIONS,
                         label_required=False)
        _check_actions(problems, template, path, BUTTONS_ACTIONS)
    elif kind == "confirm":
        take(problems, template, "text", path, "string", required=True, max_length=CONFIRM_TEXT_MAX)
        _check_actions(problems, template, path, CONFIRM_ACTIONS)
    elif kind in ("carousel", "image_carousel"):
        columns = take(problems, template, "columns", path, "array", required=True, items=CAROUSEL_COLUMNS)
        for column, column_path in _objects(problems, columns or [], _join(path, "columns")):
            if kind == "image_carousel":
                take(problems, column, "imageUrl", column_path, "string", required=True, https=True)
                check_action(problems, column.get("action"), _join(column_path, "action"), TEMPLATE_ACTIONS,
                             label_max=IMAGE_CAROUSEL_LABEL_MAX, label_required=False)
                continue
            short = "title" in column or "thumbnailImageUrl" in column
            take(problems, column, "thumbnailImageUrl", column_path, "string", https=True)
            take(problems, column, "title", column_path, "string", max_length=CAROUSEL_TITLE_MAX)
            take(problems, column, "text", column_path, "string", required=True,
                 max_length=CAROUSEL_TEXT_MAX_WITH_TITLE_OR_IMAGE if short else CAROUSEL_TEXT_MAX)
            _check_actions(problems, column, column_path, CAROUSEL_ACTIONS)


# The Flex properties LINE types or restricts, per component (from the Flex Message reference).
_POSITIONED = {"flex": "integer", "margin": "string", "position": ("relative", "absolute"), "offsetTop": "string",
               "offsetBottom": "string", "offsetStart": "string", "offsetEnd": "string"}
_ALIGNED = {"align": ("start", "end", "center"), "gravity": ("top", "bottom", "center")}
_LETTERING = {"size": "string", "color": "string", "weight": ("regular", "bold"), "style": ("normal", "italic"),
              "decoration": ("none", "underline", "line-through")}
FLEX_PROPERTIES: dict[str, dict[str, Any]] = {
    "box": {**_POSITIONED, "spacing": "string", "backgroundColor": "string", "borderColor": "string",
            "borderWidth": "string", "cornerRadius": "string", "width": "string", "maxWidth": "string",
            "height": "string", "maxHeight": "string", "paddingAll": "string", "paddingTop": "string",
            "paddingBottom": "string", "paddingStart": "string", "paddingEnd": "string",
            "justifyContent": ("center", "flex-start", "flex-end", "space-between", "space-around", "space-evenly"),
            "alignItems": ("center", "flex-start", "flex-end"), "background": "object"},
    "button": {**_POSITIONED, "color": "string", "style": ("primary", "secondary", "link"),
               "gravity": ("top", "bottom", "center"), "height": ("md", "sm"), "adjustMode": ("shrink-to-fit",),
               "scaling": "boolean"},
    "image": {**_POSITIONED, **_ALIGNED, "size": "string", "aspectRatio": "string", "aspectMode": ("fit", "cover"),
              "backgroundColor": "string", "animated": "boolean"},
    "video": {"aspectRatio": "string"},
    "icon": {**_POSITIONED, "size": "string", "aspectRatio": "string", "scaling": "boolean"},
    "text": {**_POSITIONED, **_ALIGNED, **_LETTERING, "wrap": "boolean", "lineSpacing": "string",
             "maxLines": "integer", "adjustMode": ("shrink-to-fit",), "scaling": "boolean"},
    "span": dict(_LETTERING),
    "separator": {"margin": "string", "color": "string"},
    "filler": {"flex": "integer"},
}


def _check_flex_properties(problems: Problems, component: dict, path: str, kind: str) -> None:
    for key, rule in FLEX_PROPERTIES.get(kind, {}).items():
        if isinstance(rule, tuple):
            take(problems, component, key, path, "string", one_of=rule)
        else:
            take(problems, component, key, path, rule)


def _json_bytes(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _check_flex_component(problems: Problems, component: Any, path: str) -> None:
    if not isinstance(component, dict):
        problems.wrong_type(path)
        return
    kind = take(problems, component, "type", path, "string", required=True, one_of=FLEX_COMPONENTS)
    _check_flex_properties(problems, component, path, kind)
    if kind == "box":
        take(problems, component, "layout", path, "string", required=True, one_of=FLEX_LAYOUTS)
        contents = take(problems, component, "contents", path, "array", required=True)
        for index, child in enumerate(contents or []):
            _check_flex_component(problems, child, f"{path}.contents[{index}]")
    elif kind == "text":
        spans = take(problems, component, "contents", path, "array")
        if spans is None:
            take(problems, component, "text", path, "string", required=True)
        for index, span in enumerate(spans or []):
            _check_flex_component(problems, span, f"{path}.contents[{index}]")
    elif kind == "span":
        take(problems, component, "text", path, "string", required=True)
    elif kind in ("image", "icon"):
        take(problems, component, "url", path, "string", required=True, https=True)
    elif kind == "video":
        take(problems, component, "url", path, "string", required=True, https=True)
        take(problems, component, "previewUrl", path, "string", required=True, https=True)
        _check_flex_component(problems, component.get("altContent"), _join(path, "altContent"))
    # LINE's reference sets the 20-character label limit for templates, quick replies and rich
    # menus; it names none for Flex, so none is applied there (a refusal LINE would not give
    # is as wrong as an acceptance it would not give).
    if kind == "button":
        check_action(problems, component.get("action"), _join(path, "action"), TEMPLATE_ACTIONS, label_max=None)
    elif "action" in component:
        check_action(problems, component["action"], _join(path, "action"), TEMPLATE_ACTIONS, label_max=None)


def _check_bubble(problems: Problems, bubble: dict, path: str) -> None:
    if _json_bytes(bubble) > FLEX_BUBBLE_BYTES:
        problems.add(path, f"Size of a bubble must not exceed {FLEX_BUBBLE_BYTES // 1024} KB")
        return
    take(problems, bubble, "size", path, "string",
         one_of=("nano", "micro", "deca", "hecto", "kilo", "mega", "giga"))
    take(problems, bubble, "direction", path, "string", one_of=("ltr", "rtl"))
    styles = take(problems, bubble, "styles", path, "object")
    for block in ("header", "hero", "body", "footer") if styles is not None else ():
        style = take(problems, styles, block, _join(path, "styles"), "object")
        if style is not None:
            style_path = _join(_join(path, "styles"), block)
            take(problems, style, "backgroundColor", style_path, "string")
            take(problems, style, "separator", style_path, "boolean")
            take(problems, style, "separatorColor", style_path, "string")
    for block in ("header", "hero", "body", "footer"):
        if block in bubble:
            _check_flex_component(problems, bubble[block], _join(path, block))
    if "action" in bubble:
        check_action(problems, bubble["action"], _join(path, "action"), TEMPLATE_ACTIONS, label_max=None)


def _check_flex(problems: Problems, contents: dict, path: str) -> None:
    kind = take(problems, contents, "type", path, "string", required=True, one_of=("bubble", "carousel"))
    if kind == "bubble":
        _check_bubble(problems, contents, path)
    elif kind == "carousel":
        bubbles = take(problems, contents, "contents", path, "array", required=True, items=FLEX_CAROUSEL_BUBBLES)
        if bubbles is None:
            return
        if _json_bytes(contents) > FLEX_CAROUSEL_BYTES:
            problems.add(path, f"Size of a carousel must not exceed {FLEX_CAROUSEL_BYTES // 1024} KB")
            return
        for bubble, bubble_path in _objects(problems, bubbles, _join(path, "contents")):
            if take(problems, bubble, "type", bubble_path, "string", required=True, one_of=("bubble",)):
                _check_bubble(problems, bubble, bubble_path)


def _check_imagemap(problems: Problems, message: dict, path: str) -> None:
    take(problems, message, "baseUrl", path, "string", required=True, https=True)
    take(problems, message, "altText", path, "string", required=True, max_length=IMAGEMAP_ALT_TEXT_MAX,
         count=utf16_units)
    size = take(problems, message, "baseSize", path, "object", required=True)
    if size is not None:
        for key in ("width", "height"):
            take(problems, size, key, _join(path, "baseSize"), "integer", required=True, minimum=1)
    actions = take(problems, message, "actions", path, "array", required=True, items=(0, IMAGEMAP_ACTIONS_MAX))
    for action, action_path in _objects(problems, actions or [], _join(path, "actions")):
        kind = take(problems, action, "type", action_path, "string", required=True,
                    one_of=("uri", "message", "clipboard"))
        area = take(problems, action, "area", action_path, "object", required=True)
        for key in ("x", "y", "width", "height") if area is not None else ():
            take(problems, area, key, _join(action_path, "area"), "integer", required=True, minimum=0)
        target = {"uri": "linkUri", "message": "text", "clipboard": "clipboardText"}.get(kind)
        if target:
            take(problems, action, target, action_path, "string", required=True)


def _check_message(problems: Problems, message: dict, path: str) -> None:
    kind = take(problems, message, "type", path, "string", required=True, one_of=MESSAGE_TYPES)
    if kind in ("text", "textV2"):
        take(problems, message, "text", path, "string", required=True, max_length=TEXT_MAX, count=utf16_units)
        take(problems, message, "quoteToken", path, "string")
        if kind == "text":
            emojis = take(problems, message, "emojis", path, "array", items=(0, EMOJIS_MAX))
            for emoji, emoji_path in _objects(problems, emojis or [], _join(path, "emojis")):
                take(problems, emoji, "index", emoji_path, "integer", required=True, minimum=0)
                take(problems, emoji, "productId", emoji_path, "string", required=True)
                take(problems, emoji, "emojiId", emoji_path, "string", required=True)
        else:
            take(problems, message, "substitution", path, "object")
    elif kind == "sticker":
        take(problems, message, "packageId", path, "string", required=True)
        take(problems, message, "stickerId", path, "string", required=True)
        take(problems, message, "quoteToken", path, "string")
    elif kind in ("image", "video"):
        take(problems, message, "originalContentUrl", path, "string", required=True, https=True)
        take(problems, message, "previewImageUrl", path, "string", required=True, https=True)
        if kind == "video":
            take(problems, message, "trackingId", path, "string", max_length=TRACKING_ID_MAX)
    elif kind == "audio":
        take(problems, message, "originalContentUrl", path, "string", required=True, https=True)
        take(problems, message, "duration", path, "integer", required=True, minimum=1)
    elif kind == "location":
        for key in ("title", "address"):
            take(problems, message, key, path, "string", required=True, max_length=LOCATION_TEXT_MAX,
                 count=utf16_units)
        take(problems, message, "latitude", path, "number", required=True, minimum=-90, maximum=90)
        take(problems, message, "longitude", path, "number", required=True, minimum=-180, maximum=180)
    elif kind == "imagemap":
        _check_imagemap(problems, message, path)
    elif kind == "template":
        take(problems, message, "altText", path, "string", required=True, max_length=TEMPLATE_ALT_TEXT_MAX,
             count=utf16_units)
        template = take(problems, message, "template", path, "object", required=True)
        if template is not None:
            _check_template(problems, template, _join(path, "template"))
    elif kind == "flex":
        take(problems, message, "altText", path, "string", required=True, max_length=FLEX_ALT_TEXT_MAX,
             count=utf16_units)
        contents = take(problems, message, "contents", path, "object", required=True)
        if contents is not None:
            _check_flex(problems, contents, _join(path, "contents"))
    elif kind == "coupon":
        take(problems, message, "couponId", path, "string", required=True)
    quick_reply = take(problems, message, "quickReply", path, "object")
    if quick_reply is not None:
        _check_quick_reply(problems, quick_reply, _join(path, "quickReply"))
    sender = take(problems, message, "sender", path, "object")
    if sender is not None:
        take(problems, sender, "name", _join(path, "sender"), "string", max_length=SENDER_NAME_MAX)
        take(problems, sender, "iconUrl", _join(path, "sender"), "string", https=True)


def check_messages(problems: Problems, body: dict) -> list[dict] | None:
    messages = take(problems, body, "messages", "", "array", required=True, items=MESSAGES_PER_REQUEST)
    for message, path in _objects(problems, messages or [], "messages"):
        _check_message(problems, message, path)
    take(problems, body, "notificationDisabled", "", "boolean")
    return messages


# Request bodies, one function per endpoint that takes one

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
    units = take(problems, body, "customAggregationUnits", "", "array", items=(0, AGGREGATION_UNITS_MAX))
    for index, unit in enumerate(units or []):
        if not isinstance(unit, str):
            problems.wrong_type(f"customAggregationUnits[{index}]")


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
            check(problems, inner, _join(path, "not"))
        return
    members = take(problems, node, key, path, "array", required=True, items=(1, 10))
    for member, member_path in _objects(problems, members or [], _join(path, key)):
        check(problems, member, member_path)


AGES = tuple(f"age_{n}" for n in (15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70))
SUBSCRIPTION_PERIODS = ("day_7", "day_30", "day_90", "day_180", "day_365")


def _check_demographic(problems: Problems, node: dict, path: str) -> None:
    kind = take(problems, node, "type", path, "string", required=True,
                one_of=("age", "appType", "area", "gender", "subscriptionPeriod", "operator"))
    if kind in ("age", "subscriptionPeriod"):
        allowed = AGES if kind == "age" else SUBSCRIPTION_PERIODS
        bounds = [take(problems, node, key, path, "string", one_of=allowed) for key in ("gte", "lt")]
        if "gte" not in node and "lt" not in node:
            problems.add(path, "gte or lt must be specified")
        elif all(bounds) and allowed.index(bounds[0]) >= allowed.index(bounds[1]):
            problems.add(_join(path, "lt"), "must be greater than gte")
    elif kind in ("appType", "gender", "area"):
        allowed = {"appType": ("ios", "android"), "gender": ("male", "female")}.get(kind)
        values = take(problems, node, "oneOf", path, "array", required=True, items=(1, 100))
        for index, value in enumerate(values or []):
            if not isinstance(value, str):
                problems.wrong_type(f"{path}.oneOf[{index}]")
            elif allowed and value not in allowed:
                problems.add(f"{path}.oneOf[{index}]", f"Must be one of the following values: [{', '.join(allowed)}]")
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
    for area, path in _objects(problems, areas or [], "areas"):
        bounds = take(problems, area, "bounds", path, "object", required=True)
        if bounds is not None:
            box = {key: take(problems, bounds, key, _join(path, "bounds"), "integer", required=True, minimum=0)
                   for key in ("x", "y", "width", "height")}
            if None not in box.values() and width and height and (
                    box["width"] < 1 or box["height"] < 1
                    or box["x"] + box["width"] > width or box["y"] + box["height"] > height):
                problems.add(_join(path, "bounds"), "must be inside the rich menu")
        check_action(problems, area.get("action"), _join(path, "action"), RICH_MENU_ACTIONS, label_required=False)
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
