"""LINE's rich menu API: menus, their images, per-user and default links, and aliases.

Only what a rich menu needs before it can reach a user is enforced here as LINE does:
a valid menu object, one PNG or JPEG image of the menu's exact size, and that image
uploaded before the menu is linked to anyone or made the default.
"""
from __future__ import annotations

from flask import Blueprint, Response, jsonify

from devtools.emulator import identifiers, rules
from devtools.emulator.errors import NOT_FOUND, invalid_property, json_body, line_error, refusal
from devtools.emulator.state import RichMenu, current_state

rich_menus = Blueprint("line_rich_menus", __name__)

NO_IMAGE = "must upload richmenu image before applying it to user"
NO_USER_RICH_MENU = "the user has no richmenu"
RICH_MENU_NOT_FOUND = "richmenu not found"
ALIAS_CONFLICT = "conflict richmenu alias id"


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
    refused = refusal(rules.rich_menu_request(body))
    if refused:
        return refused
    rich_menu_id = identifiers.rich_menu_id()
    fields = ("size", "selected", "name", "chatBarText", "areas")
    current_state().rich_menus[rich_menu_id] = RichMenu({key: body[key] for key in fields})
    return jsonify(richMenuId=rich_menu_id)


@rich_menus.post("/v2/bot/richmenu/validate")
def validate():
    return refusal(rules.rich_menu_request(json_body())) or _ok()


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


def _bulk_user_ids(body: dict, with_menu: bool) -> list[str] | Response:
    refused = refusal(rules.bulk_rich_menu_request(body, with_menu=with_menu))
    if refused:
        return refused
    if not all(identifiers.USER_ID.match(user_id) for user_id in body["userIds"]):
        return invalid_property("userIds")
    return body["userIds"]


@rich_menus.post("/v2/bot/richmenu/bulk/link")
def bulk_link():
    body = json_body()
    user_ids = _bulk_user_ids(body, with_menu=True)
    if isinstance(user_ids, Response):
        return user_ids
    state = current_state()
    with state.lock:
        problem = _usable_menu(body["richMenuId"])
        if problem:
            return problem
        for user_id in user_ids:
            if user_id in state.users:
                state.users[user_id].rich_menu_id = body["richMenuId"]
    return _ok(202)


@rich_menus.post("/v2/bot/richmenu/bulk/unlink")
def bulk_unlink():
    user_ids = _bulk_user_ids(json_body(), with_menu=False)
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
    refused = refusal(rules.alias_request(body, with_alias=True))
    if refused:
        return refused
    alias_id, rich_menu_id = body["richMenuAliasId"], body["richMenuId"]
    if not rules.rich_menu_alias_id(alias_id):
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
    body = json_body()
    refused = refusal(rules.alias_request(body, with_alias=False))
    if refused:
        return refused
    rich_menu_id = body["richMenuId"]
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
