"""LINE's rules for message and action objects, written from LINE's Messaging API reference
and messaging-api.yml, never from the bot's `bot/line/limits.py`: a limit the bot gets wrong
is then refused here, as LINE would refuse it.
"""
from __future__ import annotations

import json
from typing import Any

from devtools.emulator.checks import Problems, join_path, objects_in, take, user_perceived_characters, utf16_units

# Numbers from LINE's reference (the message, action, template and Flex sections).
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
RICH_MENU_ALIAS_ID_MAX = 32

MESSAGE_TYPES = ("text", "textV2", "sticker", "image", "video", "audio", "location", "imagemap", "template",
                 "flex", "coupon")
TEMPLATE_ACTIONS = ("postback", "message", "uri", "datetimepicker", "clipboard")
QUICK_REPLY_ACTIONS = TEMPLATE_ACTIONS + ("camera", "cameraRoll", "location")
RICH_MENU_ACTIONS = TEMPLATE_ACTIONS + ("richmenuswitch",)
URI_SCHEMES = ("http://", "https://", "line://", "tel:")
FLEX_COMPONENTS = ("box", "button", "image", "video", "icon", "text", "span", "separator", "filler")
FLEX_LAYOUTS = ("horizontal", "vertical", "baseline")


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
            problems.add(join_path(path, "text"), "cannot be set with displayText")
    elif kind == "message":
        take(problems, action, "text", path, "string", required=True, max_length=MESSAGE_ACTION_TEXT_MAX)
    elif kind == "uri":
        uri = take(problems, action, "uri", path, "string", required=True, max_length=URI_MAX)
        if uri is not None and not uri.startswith(URI_SCHEMES):
            problems.add(join_path(path, "uri"), "unsupported scheme: use http, https, line or tel")
        alt = take(problems, action, "altUri", path, "object")
        if alt is not None:
            take(problems, alt, "desktop", join_path(path, "altUri"), "string", max_length=URI_MAX)
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
    for action, action_path in objects_in(problems, actions or [], join_path(path, "actions")):
        check_action(problems, action, action_path, TEMPLATE_ACTIONS)


# Messages

def _check_quick_reply(problems: Problems, quick_reply: dict, path: str) -> None:
    items = take(problems, quick_reply, "items", path, "array", required=True, items=QUICK_REPLY_ITEMS)
    for item, item_path in objects_in(problems, items or [], join_path(path, "items")):
        take(problems, item, "type", item_path, "string", required=True, one_of=("action",))
        take(problems, item, "imageUrl", item_path, "string", https=True)
        check_action(problems, item.get("action"), join_path(item_path, "action"), QUICK_REPLY_ACTIONS)


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
            check_action(problems, template["defaultAction"], join_path(path, "defaultAction"), TEMPLATE_ACTIONS,
                         label_required=False)
        _check_actions(problems, template, path, BUTTONS_ACTIONS)
    elif kind == "confirm":
        take(problems, template, "text", path, "string", required=True, max_length=CONFIRM_TEXT_MAX)
        _check_actions(problems, template, path, CONFIRM_ACTIONS)
    elif kind in ("carousel", "image_carousel"):
        columns = take(problems, template, "columns", path, "array", required=True, items=CAROUSEL_COLUMNS)
        for column, column_path in objects_in(problems, columns or [], join_path(path, "columns")):
            if kind == "image_carousel":
                take(problems, column, "imageUrl", column_path, "string", required=True, https=True)
                check_action(problems, column.get("action"), join_path(column_path, "action"), TEMPLATE_ACTIONS,
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
        _check_flex_component(problems, component.get("altContent"), join_path(path, "altContent"))
    # LINE's reference sets the 20-character label limit for templates, quick replies and rich
    # menus; it names none for Flex, so none is applied there (a refusal LINE would not give
    # is as wrong as an acceptance it would not give).
    if kind == "button":
        check_action(problems, component.get("action"), join_path(path, "action"), TEMPLATE_ACTIONS, label_max=None)
    elif "action" in component:
        check_action(problems, component["action"], join_path(path, "action"), TEMPLATE_ACTIONS, label_max=None)


def _check_bubble(problems: Problems, bubble: dict, path: str) -> None:
    if _json_bytes(bubble) > FLEX_BUBBLE_BYTES:
        problems.add(path, f"Size of a bubble must not exceed {FLEX_BUBBLE_BYTES // 1024} KB")
        return
    take(problems, bubble, "size", path, "string",
         one_of=("nano", "micro", "deca", "hecto", "kilo", "mega", "giga"))
    take(problems, bubble, "direction", path, "string", one_of=("ltr", "rtl"))
    styles = take(problems, bubble, "styles", path, "object")
    for block in ("header", "hero", "body", "footer") if styles is not None else ():
        style = take(problems, styles, block, join_path(path, "styles"), "object")
        if style is not None:
            style_path = join_path(join_path(path, "styles"), block)
            take(problems, style, "backgroundColor", style_path, "string")
            take(problems, style, "separator", style_path, "boolean")
            take(problems, style, "separatorColor", style_path, "string")
    for block in ("header", "hero", "body", "footer"):
        if block in bubble:
            _check_flex_component(problems, bubble[block], join_path(path, block))
    if "action" in bubble:
        check_action(problems, bubble["action"], join_path(path, "action"), TEMPLATE_ACTIONS, label_max=None)


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
        for bubble, bubble_path in objects_in(problems, bubbles, join_path(path, "contents")):
            if take(problems, bubble, "type", bubble_path, "string", required=True, one_of=("bubble",)):
                _check_bubble(problems, bubble, bubble_path)


def _check_imagemap(problems: Problems, message: dict, path: str) -> None:
    take(problems, message, "baseUrl", path, "string", required=True, https=True)
    take(problems, message, "altText", path, "string", required=True, max_length=IMAGEMAP_ALT_TEXT_MAX,
         count=utf16_units)
    size = take(problems, message, "baseSize", path, "object", required=True)
    if size is not None:
        for key in ("width", "height"):
            take(problems, size, key, join_path(path, "baseSize"), "integer", required=True, minimum=1)
    actions = take(problems, message, "actions", path, "array", required=True, items=(0, IMAGEMAP_ACTIONS_MAX))
    for action, action_path in objects_in(problems, actions or [], join_path(path, "actions")):
        kind = take(problems, action, "type", action_path, "string", required=True,
                    one_of=("uri", "message", "clipboard"))
        area = take(problems, action, "area", action_path, "object", required=True)
        for key in ("x", "y", "width", "height") if area is not None else ():
            take(problems, area, key, join_path(action_path, "area"), "integer", required=True, minimum=0)
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
            for emoji, emoji_path in objects_in(problems, emojis or [], join_path(path, "emojis")):
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
            _check_template(problems, template, join_path(path, "template"))
    elif kind == "flex":
        take(problems, message, "altText", path, "string", required=True, max_length=FLEX_ALT_TEXT_MAX,
             count=utf16_units)
        contents = take(problems, message, "contents", path, "object", required=True)
        if contents is not None:
            _check_flex(problems, contents, join_path(path, "contents"))
    elif kind == "coupon":
        take(problems, message, "couponId", path, "string", required=True)
    quick_reply = take(problems, message, "quickReply", path, "object")
    if quick_reply is not None:
        _check_quick_reply(problems, quick_reply, join_path(path, "quickReply"))
    sender = take(problems, message, "sender", path, "object")
    if sender is not None:
        take(problems, sender, "name", join_path(path, "sender"), "string", max_length=SENDER_NAME_MAX)
        take(problems, sender, "iconUrl", join_path(path, "sender"), "string", https=True)


def check_messages(problems: Problems, body: dict) -> list[dict] | None:
    messages = take(problems, body, "messages", "", "array", required=True, items=MESSAGES_PER_REQUEST)
    for message, path in objects_in(problems, messages or [], "messages"):
        _check_message(problems, message, path)
    take(problems, body, "notificationDisabled", "", "boolean")
    return messages
