"""Rich menus: created once per role, replaced when their look changes, linked 500 users a call."""
from __future__ import annotations

import io

import requests
from PIL import Image

from bot import richmenus
from tests.builders import Place, person


def _requests(rt, method: str, fragment: str) -> list[dict]:
    log = requests.get(rt.settings.line_api_base + "/_emulator/requests", timeout=5).json()["requests"]
    return [r for r in log if r["method"] == method and fragment in r["path"]]


def test_images_are_lines_size_and_thai_is_drawn():
    for role in richmenus.MENUS:
        image = Image.open(io.BytesIO(richmenus.render(role)))
        assert image.size == (richmenus.WIDTH, richmenus.HEIGHT)
        assert len(image.getcolors(1 << 16) or []) > 20  # anti-aliased Thai labels, not blank tiles


def test_sync_creates_each_role_once_and_a_second_sync_creates_nothing(rt):
    first = richmenus.sync(rt)
    assert set(first.values()) == {"created"} and set(first) == set(richmenus.MENUS)
    second = richmenus.sync(rt)
    assert set(second.values()) == {"unchanged"}
    creations = [r for r in _requests(rt, "POST", "/v2/bot/richmenu") if r["path"] == "/v2/bot/richmenu"]
    assert len(creations) == len(richmenus.MENUS)  # LINE allows 100 creations an hour: none wasted


def test_changed_menu_replaces_the_old_one_and_moves_its_users(rt, monkeypatch):
    with rt.db.session() as session:
        household = person(session, "นางสมร ใจดี", ["household"], Place(session).village(1))
        user_id = household.line_user_id
    requests.post(rt.settings.line_api_base + "/_emulator/users", json={"user_id": user_id, "display_name": "สมร"},
                  timeout=5)
    richmenus.sync(rt)
    old = richmenus._menu_id(rt, "household")
    monkeypatch.setitem(richmenus.MENUS, "household", [richmenus.ASK, richmenus.HELP])
    assert richmenus.sync(rt)["household"] == "created"
    new = richmenus._menu_id(rt, "household")
    assert new != old
    shown = requests.get(rt.settings.line_api_base + f"/_emulator/users/{user_id}/richmenu", timeout=5).json()
    assert shown["richMenuId"] == new
    assert any(old in r["path"] for r in _requests(rt, "DELETE", "/v2/bot/richmenu/"))


def test_relink_sends_at_most_500_users_per_call(rt):
    with rt.db.session() as session:
        village = Place(session).village(1)
        people = [person(session, f"ครัวเรือน {n}", ["household"], village, consented=False) for n in range(1001)]
        user_ids = [p.line_user_id for p in people]
    for user_id in user_ids:
        requests.post(rt.settings.line_api_base + "/_emulator/users", json={"user_id": user_id, "display_name": "x"},
                      timeout=5)
    richmenus.sync(rt)
    bulk_calls = _requests(rt, "POST", "/v2/bot/richmenu/bulk/link")
    assert len(bulk_calls) == 3  # 500 + 500 + 1
