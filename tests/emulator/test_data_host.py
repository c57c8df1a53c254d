"""LINE serves content and rich-menu images from api-data.line.me, not api.line.me. The
emulator answers those endpoints only on its data address, so a client on the wrong host
fails here, as it would in production (where `sammachip richmenu sync` and every photo
fetch went to api.line.me and got 404)."""
from __future__ import annotations

import base64
import dataclasses

import pytest
import requests
from linebot.v3.messaging.exceptions import ApiException

from bot import richmenus
from bot.line.client import LineClient
from bot.settings import LINE_DATA_API_URL, Settings
from devtools.emulator.images import solid_png

PRODUCTION = {"SAMMACHIP_ENV": "production", "LINE_CHANNEL_SECRET": "s3cret", "LINE_CHANNEL_ACCESS_TOKEN": "t0ken",
              "REDIS_URL": "redis://cache:6379/0", "SAMMACHIP_PERSON_KEY_SECRET": "k" * 40,
              "SAMMACHIP_SECRET_KEY": "a-long-random-console-key", "SAMMACHIP_CONSOLE_URL": "https://bot.example/console"}


def _log(rt) -> list[dict]:
    return requests.get(rt.settings.line_api_base + "/_emulator/requests", timeout=5).json()["requests"]


def test_production_uses_lines_data_host_and_it_can_be_overridden():
    assert Settings.from_env(PRODUCTION).line_data_api_base == LINE_DATA_API_URL == "https://api-data.line.me"
    moved = Settings.from_env({**PRODUCTION, "LINE_DATA_API_BASE": "https://data.example/"})
    assert moved.line_data_api_base == "https://data.example"


def test_rich_menu_sync_uploads_images_to_the_data_address(rt):
    assert set(richmenus.sync(rt).values()) == {"created"}
    uploads = [entry for entry in _log(rt) if entry["path"].endswith("/content")]
    assert len(uploads) == len(richmenus.MENUS)
    assert {(entry["host"], entry["status"]) for entry in uploads} == {("api-data.line.me", 200)}


def test_content_a_user_sent_is_fetched_from_the_data_address(rt):
    photo = solid_png(64, 48, (200, 30, 30))
    user = requests.post(rt.settings.line_api_base + "/_emulator/users", json={"display_name": "ยายสมร"},
                         timeout=5).json()["user_id"]
    sent = requests.post(rt.settings.line_api_base + f"/_emulator/users/{user}/events", timeout=5,
                         json={"type": "image", "content": base64.b64encode(photo).decode(),
                               "content_type": "image/png"}).json()
    message_id = sent["event"]["message"]["id"]
    assert rt.line.message_content(message_id) == photo
    assert rt.line.message_content("1") is None  # gone or never there: nothing, not an error


def test_a_client_on_the_api_host_for_blobs_fails_as_it_would_on_line(rt):
    wrong = LineClient(dataclasses.replace(rt.settings, line_data_api_base=rt.settings.line_api_base))
    try:
        with pytest.raises(ApiException) as refused:
            wrong.create_rich_menu(richmenus.definition("household"), richmenus.render("household"))
        assert refused.value.status == 404
    finally:
        wrong.close()

