"""LINE's documented limits on message and rich menu objects, as LINE reports breaking them.

The bot checks these before it queues anything, so a message LINE would refuse fails at
the line that built it. The emulator judges with its own reading of the same rules
(`devtools/emulator/message_rules.py`), so a number wrong here is refused there, as LINE would.
Numbers come from LINE's Messaging API reference and messaging-api.yml. LINE counts
message text in UTF-16 code units, but action labels, template texts and rich menu
texts in grapheme clusters (which matters for Thai, whose vowel and tone marks combine).
"""
from __future__ import annotations

import json
import unicodedata
from typing import Any

MAX_MESSAGES_PER_REQUEST = 5
MAX_MULTICAST_RECIPIENTS = 500
MAX_BULK_RICH_MENU_USERS = 500

MAX_TEXT_LENGTH = 5000
MAX_QUICK_REPLY_ITEMS = 13
MAX_ACTION_LABEL_LENGTH = 20  # quick reply buttons, buttons/confirm/carousel templates, rich menus
MAX_IMAGE_CAROUSEL_LABEL_LENGTH = 12
MAX_POSTBACK_DATA_LENGTH = 300
MAX_POSTBACK_DISPLAY_TEXT_LENGTH = 300
MAX_MESSAGE_ACTION_TEXT_LENGTH = 300
MAX_URI_LENGTH = 1000
MAX_CLIPBOARD_TEXT_LENGTH = 1000
MAX_IMAGE_URL_LENGTH = 2000
MAX_SENDER_NAME_LENGTH = 20

MAX_TEMPLATE_ALT_TEXT_LENGTH = 400
MAX_IMAGEMAP_ALT_TEXT_LENGTH = 400
MAX_FLEX_ALT_TEXT_LENGTH = 1500
MAX_BUTTONS_TEMPLATE_TITLE_LENGTH = 40
MAX_BUTTONS_TEMPLATE_TEXT_LENGTH = 160
MAX_BUTTONS_TEMPLATE_TEXT_LENGTH_WITH_IMAGE_OR_TITLE = 60
MAX_BUTTONS_TEMPLATE_ACTIONS = 4
MAX_CONFIRM_TEMPLATE_TEXT_LENGTH = 240
CONFIRM_TEMPLATE_ACTIONS = 2
MAX_CAROUSEL_COLUMNS = 10
MAX_CAROUSEL_COLUMN_TITLE_LENGTH = 40
MAX_CAROUSEL_COLUMN_TEXT_LENGTH = 120
MAX_CAROUSEL_COLUMN_TEXT_LENGTH_WITH_IMAGE_OR_TITLE = 60
MAX_CAROUSEL_COLUMN_ACTIONS = 3

MAX_FLEX_BUBBLE_BYTES = 30 * 1024
MAX_FLEX_CAROUSEL_BYTES = 50 * 1024
MAX_FLEX_CAROUSEL_BUBBLES = 12

MAX_LOCATION_TITLE_LENGTH = 100
MAX_LOCATION_ADDRESS_LENGTH = 100

RICH_MENU_MIN_WIDTH = 800
RICH_MENU_MAX_WIDTH = 2500
RICH_MENU_MIN_HEIGHT = 250
RICH_MENU_MIN_ASPECT_RATIO = 1.45
MAX_RICH_MENU_AREAS = 20
MAX_RICH_MENU_NAME_LENGTH = 300
MAX_RICH_MENU_CHAT_BAR_TEXT_LENGTH = 14
MAX_RICH_MENU_IMAGE_BYTES = 1024 * 1024
RICH_MENU_ALIAS_ID_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-")
MAX_RICH_MENU_ALIAS_ID_LENGTH = 32

MIN_LOADING_SECONDS = 5
MAX_LOADING_SECONDS = 60
LOADING_SECONDS_STEP = 5

MESSAGE_TYPES = ("text", "textV2", "sticker", "image", "video", "audio", "location",
                 "imagemap", "template", "flex", "coupon")
TEMPLATE_ACTION_TYPES = ("postback", "message", "uri", "datetimepicker", "clipboard")  # also Flex
QUICK_REPLY_ACTION_TYPES = TEMPLATE_ACTION_TYPES + ("camera", "cameraRoll", "location")
RICH_MENU_ACTION_TYPES = TEMPLATE_ACTION_TYPES + ("richmenuswitch",)
DATETIME_PICKER_MODES = ("date", "time", "datetime")
URI_SCHEMES = ("http://", "https://", "line://", "tel:")

Detail = dict[str, str]

# Grapheme clusters without a third-party segmenter: marks and joiners extend the
# character before them; Thai/Lao SARA AM are spacing marks in UAX #29 though not `M*`.
_EXTENDING_CODE_POINTS = frozenset({"\u200d", "\u0e33", "\u0eb3"})


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def grapheme_length(text: str) -> int:
    return sum(1 for char in text
               if not unicodedata.category(char).startswith("M") and char not in _EXTENDING_CODE_POINTS)


def fit_label(text: str, limit: int = MAX_ACTION_LABEL_LENGTH) -> str:
    """`text` cut to `limit` characters as LINE counts them, never inside a Thai syllable."""
    if grapheme_length(text) <= limit:
        return text
    kept, count = [], 0
    for char in text:
        base = not unicodedata.category(char).startswith("M") and char not in _EXTENDING_CODE_POINTS
        if base and count == limit - 1:
            break
        count += base
        kept.append(char)
    return "".join(kept).rstrip() + "…"


def json_size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _missing(path: str) -> Detail:
    return {"message": "must be specified", "property": path}


def _length(path: str, maximum: int, minimum: int = 0) -> Detail:
    return {"message": f"Length must be between {minimum} and {maximum}", "property": path}


def _size(path: str, maximum: int, minimum: int = 0) -> Detail:
    return {"message": f"Size must be between {minimum} and {maximum}", "property": path}


def _one_of(path: str, allowed: tuple[str, ...]) -> Detail:
    return {"message": f"Must be one of the following values: [{', '.join(allowed)}]", "property": path}


def _check_string(details: list[Detail], obj: dict, key: str, path: str, maximum: int, *,
                  required: bool = True, minimum: int = 1, count=grapheme_length) -> None:
    value = obj.get(key)
    if value is None:
        if required:
            details.append(_missing(f"{path}.{key}"))
        return
    if not isinstance(value, str):
        details.append({"message": "must be a string", "property": f"{path}.{key}"})
    elif not minimum <= count(value) <= maximum:
        details.append(_length(f"{path}.{key}", maximum, minimum) if value else {"message": "May not be empty", "property": f"{path}.{key}"})


def _check_url(details: list[Detail], obj: dict, key: str, path: str, *, required: bool = True,
               maximum: int = MAX_IMAGE_URL_LENGTH) -> None:
    value = obj.get(key)
    if value is None:
        if required:
            details.append(_missing(f"{path}.{key}"))
        return
    if not isinstance(value, str) or not value.startswith("https://"):
        details.append({"message": "must be an HTTPS URL", "property": f"{path}.{key}"})
    elif len(value) > maximum:
        details.append(_length(f"{path}.{key}", maximum))


def validate_action(action: Any, path: str, *, label_limit: int | None, label_required: bool,
                    allow: tuple[str, ...] = TEMPLATE_ACTION_TYPES) -> list[Detail]:
    """Details for one action object; `label_limit` None means LINE sets no limit here."""
    if not isinstance(action, dict):
        return [_missing(path)]
    kind = action.get("type")
    if kind not in allow:
        return [_one_of(f"{path}.type", allow)]
    details: list[Detail] = []
    if label_limit is not None:
        _check_string(details, action, "label", path, label_limit, required=label_required)
    if kind == "postback":
        _check_string(details, action, "data", path, MAX_POSTBACK_DATA_LENGTH, minimum=0, count=len)
        _check_string(details, action, "displayText", path, MAX_POSTBACK_DISPLAY_TEXT_LENGTH, required=False)
    elif kind == "message":
        _check_string(details, action, "text", path, MAX_MESSAGE_ACTION_TEXT_LENGTH)
    elif kind == "uri":
        uri = action.get("uri")
        if not isinstance(uri, str) or not uri:
            details.append(_missing(f"{path}.uri"))
        elif len(uri) > MAX_URI_LENGTH:
            details.append(_length(f"{path}.uri", MAX_URI_LENGTH))
        elif not uri.startswith(URI_SCHEMES):
            details.append({"message": "invalid uri scheme", "property": f"{path}.uri"})
    elif kind == "datetimepicker":
        _check_string(details, action, "data", path, MAX_POSTBACK_DATA_LENGTH, minimum=0, count=len)
        if action.get("mode") not in DATETIME_PICKER_MODES:
            details.append(_one_of(f"{path}.mode", DATETIME_PICKER_MODES))
    elif kind == "richmenuswitch":
        _check_string(details, action, "data", path, MAX_POSTBACK_DATA_LENGTH, minimum=0, count=len)
        _check_string(details, action, "richMenuAliasId", path, MAX_RICH_MENU_ALIAS_ID_LENGTH, count=len)
    elif kind == "clipboard":
        _check_string(details, action, "clipboardText", path, MAX_CLIPBOARD_TEXT_LENGTH, count=len)
    return details


def _check_quick_reply(details: list[Detail], quick_reply: Any, path: str) -> None:
    items = quick_reply.get("items") if isinstance(quick_reply, dict) else None
    if not isinstance(items, list):
        details.append(_missing(f"{path}.items"))
        return
    if not 1 <= len(items) <= MAX_QUICK_REPLY_ITEMS:
        details.append(_size(f"{path}.items", MAX_QUICK_REPLY_ITEMS, 1))
        return
    for index, item in enumerate(items):
        item_path = f"{path}.items[{index}]"
        if not isinstance(item, dict) or item.get("type", "action") != "action":
            details.append(_one_of(f"{item_path}.type", ("action",)))
            continue
        _check_url(details, item, "imageUrl", item_path, required=False)
        details += validate_action(item.get("action"), f"{item_path}.action", label_limit=MAX_ACTION_LABEL_LENGTH,
                                   label_required=True, allow=QUICK_REPLY_ACTION_TYPES)


def _flex_actions(node: Any, path: str):
    """Every action object inside a Flex container, with its property path."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "action" and isinstance(value, dict):
                yield value, f"{path}.action"
            else:
                yield from _flex_actions(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _flex_actions(value, f"{path}[{index}]")


def _check_flex(details: list[Detail], message: dict, path: str) -> None:
    _check_string(details, message, "altText", path, MAX_FLEX_ALT_TEXT_LENGTH, count=utf16_length)
    contents = message.get("contents")
    if not isinstance(contents, dict):
        details.append(_missing(f"{path}.contents"))
        return
    kind = contents.get("type")
    if kind == "bubble":
        if json_size(contents) > MAX_FLEX_BUBBLE_BYTES:
            details.append({"message": f"Size of a bubble must not exceed {MAX_FLEX_BUBBLE_BYTES // 1024} KB",
                            "property": f"{path}.contents"})
    elif kind == "carousel":
        bubbles = contents.get("contents")
        if not isinstance(bubbles, list) or not 1 <= len(bubbles) <= MAX_FLEX_CAROUSEL_BUBBLES:
            details.append(_size(f"{path}.contents.contents", MAX_FLEX_CAROUSEL_BUBBLES, 1))
        elif json_size(contents) > MAX_FLEX_CAROUSEL_BYTES:
            details.append({"message": f"Size of a carousel must not exceed {MAX_FLEX_CAROUSEL_BYTES // 1024} KB",
                            "property": f"{path}.contents"})
        else:
            for index, bubble in enumerate(bubbles):
                if not isinstance(bubble, dict) or bubble.get("type") != "bubble":
                    details.append(_one_of(f"{path}.contents.contents[{index}].type", ("bubble",)))
                elif json_size(bubble) > MAX_FLEX_BUBBLE_BYTES:
                    details.append({"message": f"Size of a bubble must not exceed {MAX_FLEX_BUBBLE_BYTES // 1024} KB",
                                    "property": f"{path}.contents.contents[{index}]"})
    else:
        details.append(_one_of(f"{path}.contents.type", ("bubble", "carousel")))
        return
    for action, action_path in _flex_actions(contents, f"{path}.contents"):
        details += validate_action(action, action_path, label_limit=None, label_required=False)


def _check_template_actions(details: list[Detail], owner: dict, path: str, minimum: int, maximum: int,
                            label_limit: int = MAX_ACTION_LABEL_LENGTH) -> None:
    actions = owner.get("actions")
    if not isinstance(actions, list) or not minimum <= len(actions) <= maximum:
        details.append(_size(f"{path}.actions", maximum, minimum))
        return
    for index, action in enumerate(actions):
        details += validate_action(action, f"{path}.actions[{index}]", label_limit=label_limit, label_required=True)


def _check_template(details: list[Detail], message: dict, path: str) -> None:
    _check_string(details, message, "altText", path, MAX_TEMPLATE_ALT_TEXT_LENGTH, count=utf16_length)
    template = message.get("template")
    if not isinstance(template, dict):
        details.append(_missing(f"{path}.template"))
        return
    path = f"{path}.template"
    kind = template.get("type")
    if kind == "buttons":
        _check_string(details, template, "title", path, MAX_BUTTONS_TEMPLATE_TITLE_LENGTH, required=False)
        short = "title" in template or "thumbnailImageUrl" in template
        _check_string(details, template, "text", path, MAX_BUTTONS_TEMPLATE_TEXT_LENGTH_WITH_IMAGE_OR_TITLE
                      if short else MAX_BUTTONS_TEMPLATE_TEXT_LENGTH)
        _check_url(details, template, "thumbnailImageUrl", path, required=False)
        _check_template_actions(details, template, path, 1, MAX_BUTTONS_TEMPLATE_ACTIONS)
    elif kind == "confirm":
        _check_string(details, template, "text", path, MAX_CONFIRM_TEMPLATE_TEXT_LENGTH)
        _check_template_actions(details, template, path, CONFIRM_TEMPLATE_ACTIONS, CONFIRM_TEMPLATE_ACTIONS)
    elif kind in ("carousel", "image_carousel"):
        columns = template.get("columns")
        if not isinstance(columns, list) or not 1 <= len(columns) <= MAX_CAROUSEL_COLUMNS:
            details.append(_size(f"{path}.columns", MAX_CAROUSEL_COLUMNS, 1))
            return
        for index, column in enumerate(columns):
            column_path = f"{path}.columns[{index}]"
            if not isinstance(column, dict):
                details.append(_missing(column_path))
            elif kind == "image_carousel":
                _check_url(details, column, "imageUrl", column_path)
                details += validate_action(column.get("action"), f"{column_path}.action",
                                           label_limit=MAX_IMAGE_CAROUSEL_LABEL_LENGTH, label_required=False)
            else:
                _check_string(details, column, "title", column_path, MAX_CAROUSEL_COLUMN_TITLE_LENGTH, required=False)
                short = "title" in column or "thumbnailImageUrl" in column
                _check_string(details, column, "text", column_path, MAX_CAROUSEL_COLUMN_TEXT_LENGTH_WITH_IMAGE_OR_TITLE
                              if short else MAX_CAROUSEL_COLUMN_TEXT_LENGTH)
                _check_url(details, column, "thumbnailImageUrl", column_path, required=False)
                _check_template_actions(details, column, column_path, 1, MAX_CAROUSEL_COLUMN_ACTIONS)
    else:
        details.append(_one_of(f"{path}.type", ("buttons", "confirm", "carousel", "image_carousel")))


def _check_message(message: Any, path: str) -> list[Detail]:
    if not isinstance(message, dict):
        return [_missing(path)]
    kind = message.get("type")
    if kind not in MESSAGE_TYPES:
        return [_one_of(f"{path}.type", MESSAGE_TYPES)]
    details: list[Detail] = []
    if kind in ("text", "textV2"):
        _check_string(details, message, "text", path, MAX_TEXT_LENGTH, count=utf16_length)
    elif kind == "sticker":
        for key in ("packageId", "stickerId"):
            if not message.get(key):
                details.append(_missing(f"{path}.{key}"))
    elif kind in ("image", "video"):
        _check_url(details, message, "originalContentUrl", path)
        _check_url(details, message, "previewImageUrl", path)
    elif kind == "audio":
        _check_url(details, message, "originalContentUrl", path)
        if not isinstance(message.get("duration"), int):
            details.append(_missing(f"{path}.duration"))
    elif kind == "location":
        _check_string(details, message, "title", path, MAX_LOCATION_TITLE_LENGTH, count=utf16_length)
        _check_string(details, message, "address", path, MAX_LOCATION_ADDRESS_LENGTH, count=utf16_length)
        for key in ("latitude", "longitude"):
            if not isinstance(message.get(key), (int, float)):
                details.append(_missing(f"{path}.{key}"))
    elif kind == "imagemap":
        _check_string(details, message, "altText", path, MAX_IMAGEMAP_ALT_TEXT_LENGTH, count=utf16_length)
        _check_url(details, message, "baseUrl", path)
        for key in ("baseSize", "actions"):
            if key not in message:
                details.append(_missing(f"{path}.{key}"))
    elif kind == "template":
        _check_template(details, message, path)
    elif kind == "flex":
        _check_flex(details, message, path)
    elif kind == "coupon":
        if not message.get("couponId"):
            details.append(_missing(f"{path}.couponId"))
    if "quickReply" in message:
        _check_quick_reply(details, message["quickReply"], f"{path}.quickReply")
    sender = message.get("sender")
    if isinstance(sender, dict):
        _check_string(details, sender, "name", f"{path}.sender", MAX_SENDER_NAME_LENGTH, required=False)
        _check_url(details, sender, "iconUrl", f"{path}.sender", required=False)
    return details


def validate_messages(messages: list[dict]) -> list[Detail]:
    """LINE-style `details` for a request's `messages`; empty when LINE would accept them."""
    if not isinstance(messages, list) or not 1 <= len(messages) <= MAX_MESSAGES_PER_REQUEST:
        return [_size("messages", MAX_MESSAGES_PER_REQUEST, 1)]
    details: list[Detail] = []
    for index, message in enumerate(messages):
        details += _check_message(message, f"messages[{index}]")
    return details


def validate_rich_menu(menu: Any) -> list[Detail]:
    """LINE-style `details` for a rich menu object (create and validate endpoints)."""
    if not isinstance(menu, dict):
        return [_missing("richMenu")]
    details: list[Detail] = []
    size = menu.get("size")
    width = size.get("width") if isinstance(size, dict) else None
    height = size.get("height") if isinstance(size, dict) else None
    if not isinstance(width, int) or not isinstance(height, int):
        details.append(_missing("size"))
        width = height = None
    elif not RICH_MENU_MIN_WIDTH <= width <= RICH_MENU_MAX_WIDTH:
        details.append({"message": f"must be between {RICH_MENU_MIN_WIDTH} and {RICH_MENU_MAX_WIDTH}",
                        "property": "size.width"})
    elif height < RICH_MENU_MIN_HEIGHT or width / height < RICH_MENU_MIN_ASPECT_RATIO:
        details.append({"message": f"must be at least {RICH_MENU_MIN_HEIGHT} and give an aspect ratio "
                                   f"(width / height) of at least {RICH_MENU_MIN_ASPECT_RATIO}",
                        "property": "size.height"})
    if not isinstance(menu.get("selected"), bool):
        details.append(_missing("selected"))
    _check_string(details, menu, "name", "richMenu", MAX_RICH_MENU_NAME_LENGTH)
    _check_string(details, menu, "chatBarText", "richMenu", MAX_RICH_MENU_CHAT_BAR_TEXT_LENGTH)
    areas = menu.get("areas")
    if not isinstance(areas, list):
        details.append(_missing("areas"))
        return [_unprefixed(detail) for detail in details]
    if len(areas) > MAX_RICH_MENU_AREAS:
        details.append(_size("areas", MAX_RICH_MENU_AREAS))
    for index, area in enumerate(areas):
        path = f"areas[{index}]"
        bounds = area.get("bounds") if isinstance(area, dict) else None
        if not isinstance(bounds, dict) or not all(isinstance(bounds.get(k), int) for k in ("x", "y", "width", "height")):
            details.append(_missing(f"{path}.bounds"))
        elif (bounds["x"] < 0 or bounds["y"] < 0 or bounds["width"] < 1 or bounds["height"] < 1
              or (width is not None and (bounds["x"] + bounds["width"] > width
                                         or bounds["y"] + bounds["height"] > height))):
            details.append({"message": "must be inside the rich menu", "property": f"{path}.bounds"})
        details += validate_action(area.get("action") if isinstance(area, dict) else None, f"{path}.action",
                                   label_limit=MAX_ACTION_LABEL_LENGTH, label_required=False,
                                   allow=RICH_MENU_ACTION_TYPES)
    return [_unprefixed(detail) for detail in details]


def _unprefixed(detail: Detail) -> Detail:
    """Rich menu properties are reported from the top of the body (`chatBarText`, not `richMenu.chatBarText`)."""
    return {**detail, "property": detail["property"].removeprefix("richMenu.")}


def validate_loading_seconds(seconds: Any) -> list[Detail]:
    if (not isinstance(seconds, int) or isinstance(seconds, bool)
            or not MIN_LOADING_SECONDS <= seconds <= MAX_LOADING_SECONDS or seconds % LOADING_SECONDS_STEP):
        return [{"message": f"must be a multiple of {LOADING_SECONDS_STEP} between {MIN_LOADING_SECONDS} "
                            f"and {MAX_LOADING_SECONDS}", "property": "loadingSeconds"}]
    return []


def valid_rich_menu_alias_id(alias_id: Any) -> bool:
    return (isinstance(alias_id, str) and 1 <= len(alias_id) <= MAX_RICH_MENU_ALIAS_ID_LENGTH
            and set(alias_id) <= RICH_MENU_ALIAS_ID_ALPHABET)


class MessageLimitError(ValueError):
    """A message LINE would refuse: a bug in the code that built it, caught before queueing."""

    def __init__(self, details: list[dict[str, str]]):
        self.details = details
        super().__init__("; ".join(f"{d['property']}: {d['message']}" for d in details))


def check_messages(messages: list[dict[str, Any]]) -> None:
    details = validate_messages(messages)
    if details:
        raise MessageLimitError(details)
