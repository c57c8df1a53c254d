"""The chat simulator page: served only when enabled, and showing a real conversation
with the bot in a real browser."""
from __future__ import annotations

import dataclasses

import pytest
from PIL import Image

from bot import create_app, texts
from tests.simulator.headless import Browser, find_chromium

WINDOW = (420, 900)
CHAT_BACKGROUND = (0x8C, 0xAB, 0xD9)
USER_BUBBLE = (0x8D, 0xE0, 0x55)


def test_page_and_its_static_files_are_served(client):
    page = client.get("/simulator")
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "/simulator/static/simulator.js" in html and "/simulator/static/simulator.css" in html
    script = client.get("/simulator/static/simulator.js")
    assert script.status_code == 200 and script.mimetype in {"text/javascript", "application/javascript"}
    style = client.get("/simulator/static/simulator.css")
    assert style.status_code == 200 and style.mimetype == "text/css"


def test_page_is_not_served_when_the_simulator_is_disabled(rt):
    app = create_app(dataclasses.replace(rt.settings, simulator_enabled=False))
    try:
        client = app.test_client()
        assert client.get("/simulator").status_code == 404
        assert client.get("/simulator/static/simulator.js").status_code == 404
        assert client.get("/simulator/api/users").status_code == 404
    finally:
        app.extensions["sammachip"].close()


def _shown(browser: Browser, selector: str) -> list[str]:
    return browser.evaluate(f"[...document.querySelectorAll({selector!r})].map(node => node.textContent)")


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="no chromium binary")
def test_browser_shows_welcome_menu_and_quick_replies(stack, tmp_path):
    user = stack.new_user("ยายสมร")
    delivered = stack.send(user, "follow") + stack.say(user, texts.MENU_WORD)

    browser = Browser(find_chromium(), tmp_path / "profile", *WINDOW, log_path=tmp_path / "chromium.log")
    try:
        browser.open(f"{stack.web_url}/simulator?user={user}")
        assert browser.wait_for("document.querySelectorAll('#quick-replies .chip').length > 0"), \
            "the page never showed the menu's quick replies"
        dom = browser.dom()
        bot_said = _shown(browser, ".row.theirs .bubble")
        user_said = _shown(browser, ".row.mine .bubble")
        chips = _shown(browser, "#quick-replies .chip")
        browser.screenshot(tmp_path / "sim.png")
    finally:
        browser.close()

    assert texts.WELCOME in dom
    assert texts.MENU_ASK in chips and texts.MENU_HELP in chips
    # Everything the bot said, in order, and the last message's quick replies as chips.
    assert bot_said == [message["text"] for message in delivered]
    assert chips == [item["action"]["label"] for item in delivered[-1]["quickReply"]["items"]]
    assert user_said == [texts.MENU_WORD]

    shot = Image.open(tmp_path / "sim.png").convert("RGB")
    assert shot.size == WINDOW
    colours = shot.getcolors(maxcolors=WINDOW[0] * WINDOW[1])
    assert len(colours) > 50, "the screenshot is nearly blank"
    counts = {colour: count for count, colour in colours}
    assert counts.get(CHAT_BACKGROUND, 0) > 10_000, "no chat background"
    assert counts.get(USER_BUBBLE, 0) > 500, "no green bubble for the user's own message"
    dark = sum(count for colour, count in counts.items() if sum(colour) < 3 * 80)
    assert dark > 300, "no dark text pixels"
