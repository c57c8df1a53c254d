"""Rich menus through line-bot-sdk: create, image, link, bulk link, default, aliases."""
from __future__ import annotations

import pytest
from linebot.v3.messaging import (ApiException, CreateRichMenuAliasRequest, RichMenuBulkLinkRequest,
                                  RichMenuBulkUnlinkRequest, RichMenuRequest, UpdateRichMenuAliasRequest)

from devtools.emulator.images import solid_png

HALF = {"width": 2500, "height": 843}


def _menu(size=HALF, chat_bar_text: str = "เมนู", **extra) -> dict:
    return {"size": size, "selected": True, "name": "หลัก", "chatBarText": chat_bar_text,
            "areas": [{"bounds": {"x": 0, "y": 0, "width": size["width"] // 2, "height": size["height"]},
                       "action": {"type": "postback", "label": "ถาม", "data": "menu=ask"}},
                      {"bounds": {"x": size["width"] // 2, "y": 0, "width": size["width"] // 2,
                                  "height": size["height"]},
                       "action": {"type": "richmenuswitch", "richMenuAliasId": "more", "data": "menu=more"}}],
            **extra}


def _create(line_api, line_blob, size=HALF, image: bool = True) -> str:
    rich_menu_id = line_api.create_rich_menu(RichMenuRequest.from_dict(_menu(size))).rich_menu_id
    if image:
        line_blob.set_rich_menu_image(rich_menu_id, body=solid_png(size["width"], size["height"]),
                                      _headers={"Content-Type": "image/png"})
    return rich_menu_id


def test_create_get_list_delete(admin, line_api, line_blob):
    rich_menu_id = _create(line_api, line_blob, {"width": 2500, "height": 1686})
    assert rich_menu_id.startswith("richmenu-")
    menu = line_api.get_rich_menu(rich_menu_id)
    assert (menu.size.width, menu.size.height, menu.chat_bar_text, len(menu.areas)) == (2500, 1686, "เมนู", 2)
    assert [m.rich_menu_id for m in line_api.get_rich_menu_list().richmenus] == [rich_menu_id]
    assert bytes(line_blob.get_rich_menu_image(rich_menu_id)).startswith(b"\x89PNG")
    line_api.delete_rich_menu(rich_menu_id)
    with pytest.raises(ApiException) as gone:
        line_api.get_rich_menu(rich_menu_id)
    assert gone.value.status == 404


@pytest.mark.parametrize("menu, prop", [
    (_menu({"width": 2500, "height": 2000}), "size.height"),
    (_menu({"width": 3000, "height": 843}), "size.width"),
    (_menu(chat_bar_text="ก" * 15), "chatBarText"),
    ({**_menu(), "areas": [{"bounds": {"x": 2000, "y": 0, "width": 1000, "height": 843},
                            "action": {"type": "message", "text": "x"}}]}, "areas[0].bounds"),
    ({**_menu(), "areas": [{"bounds": {"x": 0, "y": 0, "width": 10, "height": 10},
                            "action": {"type": "postback", "label": "ก" * 21, "data": "x"}}]}, "areas[0].action.label"),
])
def test_invalid_menus_are_refused(admin, menu, prop):
    for path in ("/v2/bot/richmenu", "/v2/bot/richmenu/validate"):
        response = admin.api("POST", path, json=menu)
        assert response.status_code == 400, path
        assert prop in [detail["property"] for detail in response.json()["details"]]


def test_image_must_be_png_or_jpeg_of_the_menu_size(admin, line_api, line_blob):
    rich_menu_id = _create(line_api, line_blob, image=False)
    path = f"/v2/bot/richmenu/{rich_menu_id}/content"
    gif = admin.data("POST", path, data=b"GIF89a", headers={"Content-Type": "image/gif"})
    assert gif.status_code == 415
    small = admin.data("POST", path, data=solid_png(800, 270), headers={"Content-Type": "image/png"})
    assert small.status_code == 400
    right = admin.data("POST", path, data=solid_png(2500, 843), headers={"Content-Type": "image/png"})
    assert right.status_code == 200
    twice = admin.data("POST", path, data=solid_png(2500, 843), headers={"Content-Type": "image/png"})
    assert twice.status_code == 400


def test_link_needs_an_image_then_shows_to_the_user(admin, line_api, line_blob):
    user = admin.new_user()
    bare = _create(line_api, line_blob, image=False)
    with pytest.raises(ApiException) as refused:
        line_api.link_rich_menu_id_to_user(user, bare)
    assert refused.value.status == 400 and "must upload richmenu image" in refused.value.body
    rich_menu_id = _create(line_api, line_blob)
    line_api.link_rich_menu_id_to_user(user, rich_menu_id)
    assert line_api.get_rich_menu_id_of_user(user).rich_menu_id == rich_menu_id
    seen = admin.call("GET", f"/_emulator/users/{user}/richmenu").json()
    assert seen["richMenuId"] == rich_menu_id and seen["richMenu"]["chatBarText"] == "เมนู"
    image = admin.call("GET", seen["image_url"])
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/png"
    [listed] = admin.call("GET", "/_emulator/users").json()["users"]
    assert listed["rich_menu_id"] == rich_menu_id
    line_api.unlink_rich_menu_id_from_user(user)
    with pytest.raises(ApiException) as none:
        line_api.get_rich_menu_id_of_user(user)
    assert none.value.status == 404
    assert admin.call("GET", f"/_emulator/users/{user}/richmenu").status_code == 404


def test_default_menu_shows_to_users_without_their_own(admin, line_api, line_blob):
    user = admin.new_user()
    rich_menu_id = _create(line_api, line_blob)
    line_api.set_default_rich_menu(rich_menu_id)
    assert line_api.get_default_rich_menu_id().rich_menu_id == rich_menu_id
    assert admin.call("GET", f"/_emulator/users/{user}/richmenu").json()["richMenuId"] == rich_menu_id
    line_api.cancel_default_rich_menu()
    assert admin.call("GET", f"/_emulator/users/{user}/richmenu").status_code == 404


def test_bulk_link_and_unlink(admin, line_api, line_blob):
    users = [admin.new_user(f"คนที่ {n}") for n in range(3)]
    rich_menu_id = _create(line_api, line_blob)
    response = line_api.link_rich_menu_id_to_users_with_http_info(
        RichMenuBulkLinkRequest(rich_menu_id=rich_menu_id, user_ids=users))
    assert response.status_code == 202
    assert all(line_api.get_rich_menu_id_of_user(user).rich_menu_id == rich_menu_id for user in users)
    line_api.unlink_rich_menu_id_from_users(RichMenuBulkUnlinkRequest(user_ids=users[:2]))
    assert line_api.get_rich_menu_id_of_user(users[2]).rich_menu_id == rich_menu_id
    too_many = admin.api("POST", "/v2/bot/richmenu/bulk/link",
                         json={"richMenuId": rich_menu_id, "userIds": [users[0]] * 501})
    assert too_many.status_code == 400


def test_aliases(admin, line_api, line_blob):
    first, second = _create(line_api, line_blob), _create(line_api, line_blob)
    line_api.create_rich_menu_alias(CreateRichMenuAliasRequest(rich_menu_alias_id="more", rich_menu_id=first))
    with pytest.raises(ApiException) as taken:
        line_api.create_rich_menu_alias(CreateRichMenuAliasRequest(rich_menu_alias_id="more", rich_menu_id=second))
    assert taken.value.status == 400
    assert line_api.get_rich_menu_alias("more").rich_menu_id == first
    line_api.update_rich_menu_alias("more", UpdateRichMenuAliasRequest(rich_menu_id=second))
    assert [(a.rich_menu_alias_id, a.rich_menu_id) for a in line_api.get_rich_menu_alias_list().aliases] == [
        ("more", second)]
    bad_id = admin.api("POST", "/v2/bot/richmenu/alias", json={"richMenuAliasId": "Not OK", "richMenuId": first})
    assert bad_id.status_code == 400
    line_api.delete_rich_menu_alias("more")
    assert line_api.get_rich_menu_alias_list().aliases == []
