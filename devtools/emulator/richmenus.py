"""LINE's rich menu API: menus, their images, per-user and default links, and aliases.

Only what a rich menu needs before it can reach a user is enforced here as LINE does:
a valid menu object, one PNG or JPEG image of the menu's exact size, and that image
uploaded before the menu is linked to anyone or made the default.
"""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from devtools.emulator import identifiers
from devtools.emulator.errors import NOT_FOUND, invalid_body, invalid_property, json_body, line_error
from devtools.emulator.images import image_size
from bot.line.limits import (MAX_BULK_RICH_MENU_USERS, MAX_RICH_MENU_IMAGE_BYTES, valid_rich_menu_alias_id,
                                 validate_rich_menu)
from devtools.emulator.state import RichMenu, current_state

rich_menus = Blueprint("line_rich_menus", __name__)

IMAGE_TYPES = ("image/png", "image/jpeg")
NO_IMAGE = "must upload richmenu image before applying it to user"
NO_USER_RICH_MENU = "the user has no richmenu"
RICH_MENU_NOT_FOUND = "richmenu not found"
ALIAS_CONFLICT = "conflict richmenu alias id"
IMAGE_ALREADY_UPLOADED = "An image has already been uploaded to the richmenu"


def _ok(status: int = 200) -> Response:
    response = jsonify({})
    response.status_code = status
    return response


def _menu_json(rich_menu_id: str, menu: RichMenu) -> dict:
    return {"richMenuId": rich_menu_id, **menu.body}


def _usable_menu(rich_menu_id: str) -> Response | None:
    """An error unless the menu exists and has its image (needed to link or alias it)."""
    menu = current_state().rich_menus.get(rich_menu_id)
    if menu is None:
        return line_error(404, NOT_FOUND)
    if menu.image is None:
        return line_error(400, NO_IMAGE)
    return None


@rich_menus.post("/v2/bot/richmenu")
def create():
    body = json_body()
    details = validate_rich_menu(body)
    if details:
        return invalid_body(details)
    rich_menu_id = identifiers.rich_menu_id()
    fields = ("size", "selected", "name", "chatBarText", "areas")
    current_state().rich_menus[rich_menu_id] = RichMenu({key: body[key] for key in fields})
    return jsonify(richMenuId=rich_menu_id)


@rich_menus.post("/v2/bot/richmenu/validate")
def validate():
    details = validate_rich_menu(json_body())
    return invalid_body(details) if details else _ok()


@rich_menus.post("/v2/bot/richmenu/<rich_menu_id>/content")
def upload_image(rich_menu_id: str):
    state = current_state()
    with state.lock:
        menu = state.rich_menus.get(rich_menu_id)
        if menu is None:
            return line_error(404, NOT_FOUND)
        if menu.image is not None:
            return line_error(400, IMAGE_ALREADY_UPLOADED)
        content_type = (request.mimetype or "").lower()
        if content_type not in IMAGE_TYPES:
            return line_error(415, "Unsupported Media Type: use image/png or image/jpeg")
        data = request.get_data()
        if len(data) > MAX_RICH_MENU_IMAGE_BYTES:
            return line_error(400, f"The image must be {MAX_RICH_MENU_IMAGE_BYTES // 1024} KB or less")
        size = image_size(data, content_type)
        wanted = (menu.body["size"]["width"], menu.body["size"]["height"])
        if size != wanted:
            return line_error(400, f"The image must be a {content_type} of {wanted[0]}x{wanted[1]} pixels")
        menu.image, menu.content_type = data, content_type
    return _ok()


@rich_menus.get("/v2/bot/richmenu/<rich_menu_id>/content")
def download_image(rich_menu_id: str):
    menu = current_state().rich_menus.get(rich_menu_id)
    if menu is None or menu.image is None:
        return line_error(404, NOT_FOUND)
    return Response(menu.image, mimetype=menu.content_type)


@rich_menus.get("/v2/bot/richmenu/<rich_menu_id>")
def get(rich_menu_id: str):
    menu = current_state().rich_menus.get(rich_menu_id)
    return line_error(404, NOT_FOUND) if menu is None else jsonify(_menu_json(rich_menu_id, menu))


@rich_menus.delete("/v2/bot/richmenu/<rich_menu_id>")
def delete(rich_menu_id: str):
    state = current_state()
    with state.lock:
        if state.rich_menus.pop(rich_menu_id, None) is None:
            return line_error(404, NOT_FOUND)
        for user in state.users.values():
            if user.rich_menu_id == rich_menu_id:
                user.rich_menu_id = None
        if state.default_rich_menu_id == rich_menu_id:
            state.default_rich_menu_id = None
        for alias_id in [alias for alias, target in state.aliases.items() if target == rich_menu_id]:
            del state.aliases[alias_id]
    return _ok()


@rich_menus.get("/v2/bot/richmenu/list")
def list_menus():
    state = current_state()
    with state.lock:
        return jsonify(richmenus=[_menu_json(key, menu) for key, menu in state.rich_menus.items()])


@rich_menus.post("/v2/bot/user/all/richmenu/<rich_menu_id>")
def set_default(rich_menu_id: str):
    state = current_state()
    with state.lock:
        problem = _usable_menu(rich_menu_id)
        if problem:
            return problem
        state.default_rich_menu_id = rich_menu_id
    return _ok()


@rich_menus.get("/v2/bot/user/all/richmenu")
def get_default():
    rich_menu_id = current_state().default_rich_menu_id
    return line_error(404, "no default richmenu") if rich_menu_id is None else jsonify(richMenuId=rich_menu_id)


@rich_menus.delete("/v2/bot/user/all/richmenu")
def cancel_default():
    current_state().default_rich_menu_id = None
    return _ok()


@rich_menus.post("/v2/bot/user/<user_id>/richmenu/<rich_menu_id>")
def link(user_id: str, rich_menu_id: str):
    state = current_state()
    with state.lock:
        problem = _usable_menu(rich_menu_id)
        if problem:
            return problem
        if not identifiers.USER_ID.match(user_id):
            return invalid_property("userId")
        user = state.users.get(user_id)
        if user is None:
            return line_error(404, NOT_FOUND)
        user.rich_menu_id = rich_menu_id
    return _ok()


@rich_menus.get("/v2/bot/user/<user_id>/richmenu")
def get_linked(user_id: str):
    user = current_state().users.get(user_id)
    if user is None or user.rich_menu_id is None:
        return line_error(404, NO_USER_RICH_MENU)
    return jsonify(richMenuId=user.rich_menu_id)


@rich_menus.delete("/v2/bot/user/<user_id>/richmenu")
def unlink(user_id: str):
    user = current_state().users.get(user_id)
    if user is None:
        return line_error(404, NOT_FOUND)
    user.rich_menu_id = None
    return _ok()


def _bulk_user_ids(body: dict) -> list[str] | Response:
    user_ids = body.get("userIds")
    if not isinstance(user_ids, list) or not 1 <= len(user_ids) <= MAX_BULK_RICH_MENU_USERS:
        return invalid_body([{"message": f"Size must be between 1 and {MAX_BULK_RICH_MENU_USERS}",
                              "property": "userIds"}])
    if not all(isinstance(user_id, str) and identifiers.USER_ID.match(user_id) for user_id in user_ids):
        return invalid_property("userIds")
    return user_ids


@rich_menus.post("/v2/bot/richmenu/bulk/link")
def bulk_link():
    body = json_body()
    user_ids = _bulk_user_ids(body)
    if isinstance(user_ids, Response):
        return user_ids
    state = current_state()
    with state.lock:
        problem = _usable_menu(str(body.get("richMenuId")))
        if problem:
            return problem
        for user_id in user_ids:
            if user_id in state.users:
                state.users[user_id].rich_menu_id = body["richMenuId"]
    return _ok(202)


@rich_menus.post("/v2/bot/richmenu/bulk/unlink")
def bulk_unlink():
    user_ids = _bulk_user_ids(json_body())
    if isinstance(user_ids, Response):
        return user_ids
    state = current_state()
    with state.lock:
        for user_id in user_ids:
            if user_id in state.users:
                state.users[user_id].rich_menu_id = None
    return _ok(202)


@rich_menus.post("/v2/bot/richmenu/alias")
def create_alias():
    body = json_body()
    alias_id, rich_menu_id = body.get("richMenuAliasId"), body.get("richMenuId")
    if not valid_rich_menu_alias_id(alias_id):
        return invalid_property("richMenuAliasId")
    state = current_state()
    with state.lock:
        if alias_id in state.aliases:
            return line_error(400, ALIAS_CONFLICT)
        if rich_menu_id not in state.rich_menus:
            return line_error(400, RICH_MENU_NOT_FOUND)
        state.aliases[alias_id] = rich_menu_id
    return _ok()


@rich_menus.get("/v2/bot/richmenu/alias/<alias_id>")
def get_alias(alias_id: str):
    rich_menu_id = current_state().aliases.get(alias_id)
    if rich_menu_id is None:
        return line_error(404, NOT_FOUND)
    return jsonify(richMenuAliasId=alias_id, richMenuId=rich_menu_id)


@rich_menus.post("/v2/bot/richmenu/alias/<alias_id>")
def update_alias(alias_id: str):
    rich_menu_id = json_body().get("richMenuId")
    state = current_state()
    with state.lock:
        if alias_id not in state.aliases:
            return line_error(400, "richmenu alias not found")
        if rich_menu_id not in state.rich_menus:
            return line_error(400, RICH_MENU_NOT_FOUND)
        state.aliases[alias_id] = rich_menu_id
    return _ok()


@rich_menus.delete("/v2/bot/richmenu/alias/<alias_id>")
def delete_alias(alias_id: str):
    if current_state().aliases.pop(alias_id, None) is None:
        return line_error(400, "richmenu alias not found")
    return _ok()


@rich_menus.get("/v2/bot/richmenu/alias/list")
def list_aliases():
    aliases = current_state().aliases
    return jsonify(aliases=[{"richMenuAliasId": key, "richMenuId": value} for key, value in list(aliases.items())])
