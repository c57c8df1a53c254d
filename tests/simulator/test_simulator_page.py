"""The chat simulator page: served only when enabled, and showing a real conversation
with the bot in a real browser."""
from __future__ import annotations

import dataclasses
import io

import pytest
import requests
from PIL import Image

from bot import texts
from devtools.webapp import create_dev_app as create_app
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


def _open_page(stack, user: str, tmp_path) -> Browser:
    browser = Browser(find_chromium(), tmp_path / "profile", *WINDOW, log_path=tmp_path / "chromium.log")
    browser.open(f"{stack.web_url}/simulator?user={user}")
    return browser


def _shown(browser: Browser, selector: str) -> list[str]:
    return browser.evaluate(f"[...document.querySelectorAll({selector!r})].map(node => node.textContent)")


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="no chromium binary")
def test_browser_shows_welcome_menu_and_quick_replies(stack, tmp_path):
    user = stack.new_user("ยายสมร")
    delivered = stack.send(user, "follow") + stack.say(user, texts.MENU_WORD)

    browser = _open_page(stack, user, tmp_path)
    try:
        assert browser.wait_for("document.querySelectorAll('#quick-replies .chip').length > 0"), \
            "the page never showed the menu's quick replies"
        dom = browser.dom()
        bot_said = _shown(browser, ".row.theirs .bubble")
        user_said = _shown(browser, ".row.mine .bubble")
        chips = _shown(browser, "#quick-replies .chip")
        browser.screenshot(tmp_path / "sim.png")
    finally:
        browser.close()

    assert texts.WELCOME in dom, (bot_said, delivered)
    assert texts.MENU_ASK in chips and texts.MENU_HELP in chips, (bot_said, delivered)
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


def _link_rich_menu(stack, user: str, areas: list[dict], selected: bool = True) -> None:
    """A two-colour rich menu made and linked through the emulator's Messaging API."""
    line = stack.emulator_url + "/v2/bot"
    auth = {"Authorization": f"Bearer {stack.settings.line_channel_access_token}"}
    menu = {"size": {"width": 2500, "height": 843}, "selected": selected, "name": f"simulator test {selected}",
            "chatBarText": "เมนูทดสอบ", "areas": areas}
    created = requests.post(f"{line}/richmenu", json=menu, headers=auth, timeout=10)
    created.raise_for_status()
    rich_menu_id = created.json()["richMenuId"]
    image = Image.new("RGB", (2500, 843), "#2e7d32")
    image.paste("#1565c0", (1250, 0, 2500, 843))
    png = io.BytesIO()
    image.save(png, "PNG")
    data = stack.settings.line_data_api_base + "/v2/bot"  # images go to LINE's data host
    requests.post(f"{data}/richmenu/{rich_menu_id}/content", data=png.getvalue(), timeout=10,
                  headers={**auth, "Content-Type": "image/png"}).raise_for_status()
    requests.post(f"{line}/user/{user}/richmenu/{rich_menu_id}", headers=auth, timeout=10).raise_for_status()


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="no chromium binary")
def test_rich_menu_areas_map_onto_the_image_and_a_tap_reaches_the_bot(stack, tmp_path):
    user = stack.new_user("ลุงมี")
    stack.send(user, "follow")
    _link_rich_menu(stack, user, [
        {"bounds": {"x": 0, "y": 0, "width": 1250, "height": 843},
         "action": {"type": "message", "label": texts.MENU_HELP, "text": texts.MENU_HELP}},
        {"bounds": {"x": 1250, "y": 0, "width": 1250, "height": 843},
         "action": {"type": "message", "label": texts.MENU_ASK, "text": texts.MENU_ASK}},
    ])
    cursor = requests.get(f"{stack.emulator_url}/_emulator/users/{user}/messages", timeout=10).json()["cursor"]

    browser = _open_page(stack, user, tmp_path)
    try:
        assert browser.wait_for("(img => img.complete && img.naturalWidth > 0)"
                                "(document.getElementById('rich-menu-image'))"), "the rich menu image never loaded"
        assert browser.evaluate("document.getElementById('rich-menu-bar').textContent") == "เมนูทดสอบ"
        image, left, right = browser.evaluate("""['#rich-menu-image', '#rich-menu-areas button:nth-child(1)',
            '#rich-menu-areas button:nth-child(2)'].map(selector => {
              const box = document.querySelector(selector).getBoundingClientRect();
              return [box.left, box.top, box.width, box.height];
            })""")
        assert image[2] == pytest.approx(WINDOW[0], abs=1)
        assert left == pytest.approx([image[0], image[1], image[2] / 2, image[3]], abs=1)
        assert right == pytest.approx([image[0] + image[2] / 2, image[1], image[2] / 2, image[3]], abs=1)

        bubbles_before = len(_shown(browser, ".row.theirs .bubble"))
        browser.evaluate("document.querySelector('#rich-menu-areas button:nth-child(1)').click()")
        assert browser.wait_for(f"document.querySelectorAll('.row.theirs .bubble').length > {bubbles_before}"), \
            "the bot's answer to the tap never appeared"
        replies = requests.get(f"{stack.emulator_url}/_emulator/users/{user}/messages",
                               params={"after": cursor, "wait": 5}, timeout=10).json()["messages"]
        assert browser.wait_for(f"document.querySelectorAll('.row.theirs .bubble').length"
                                f" === {bubbles_before + len(replies)}")
        assert _shown(browser, ".row.mine .bubble") == [texts.MENU_HELP]
        assert _shown(browser, ".row.theirs .bubble")[bubbles_before:] == [item["message"]["text"] for item in replies]

        browser.evaluate("document.getElementById('rich-menu-bar').click()")
        assert browser.evaluate("document.getElementById('rich-menu-panel').hidden") is True
    finally:
        browser.close()


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="no chromium binary")
def test_after_a_reload_taps_read_as_tapped_times_are_bangkoks_and_menus_open_as_line_opens_them(stack, tmp_path):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    user = stack.new_user("ป้าแก้ว")
    stack.send(user, "follow")
    stack.send(user, "postback", data="no-such-thing", display_text="ขอดูเมนู")
    _link_rich_menu(stack, user, [{"bounds": {"x": 0, "y": 0, "width": 2500, "height": 843},
                                   "action": {"type": "message", "label": "ช่วย", "text": texts.MENU_HELP}}],
                    selected=False)
    history = requests.get(f"{stack.emulator_url}/_emulator/users/{user}/history", timeout=10).json()["history"]
    tapped = next(entry for entry in history if entry.get("shown"))
    at = datetime.fromisoformat(tapped["at"].replace("Z", "+00:00")).astimezone(ZoneInfo("Asia/Bangkok"))

    browser = _open_page(stack, user, tmp_path)  # a fresh page: everything comes from history
    try:
        assert browser.wait_for("document.querySelectorAll('.row.mine .bubble').length > 0")
        mine = browser.evaluate("[...document.querySelectorAll('.row.mine')].map(row => "
                                "[row.querySelector('.bubble').textContent, row.querySelector('.time').textContent])")
        assert browser.wait_for("!document.getElementById('rich-menu').hidden"), "the rich menu never showed"
        menu_open = not browser.evaluate("document.getElementById('rich-menu-panel').hidden")
        stack.send(user, "unfollow")
        browser.evaluate("document.getElementById('user-select').dispatchEvent(new Event('change'))")
        assert browser.wait_for("document.getElementById('send').disabled === true"), "a blocked user could still send"
    finally:
        browser.close()
    assert mine == [["ขอดูเมนู", at.strftime("%H:%M")]]  # not "postback: no-such-thing", not the browser's zone
    assert menu_open is False  # `selected: false`: LINE shows the bar, closed


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="no chromium binary")
def test_a_picked_sticker_and_an_attached_photo_are_sent_as_line_sends_them(stack, tmp_path):
    import base64

    from devtools.emulator.images import solid_png

    user = stack.new_user("ยายพร")
    stack.send(user, "follow")
    photo = base64.b64encode(solid_png(48, 32, (200, 40, 40))).decode()
    browser = _open_page(stack, user, tmp_path)
    try:
        # The page has wired its buttons and shown the history (the welcome) before anything is tapped.
        assert browser.wait_for("document.querySelectorAll('.row.theirs .bubble').length > 0")
        browser.evaluate("document.getElementById('attach').click();"
                         "document.querySelector('#attach-tray [data-event=sticker]').click()")
        assert browser.wait_for("document.querySelectorAll('#sticker-tray .sticker-choice').length >= 8")
        browser.evaluate("document.querySelector('#sticker-tray .sticker-choice:nth-child(5)').click()")
        browser.evaluate(f"sendImageFile(new File([Uint8Array.from(atob({photo!r}), c => c.charCodeAt(0))],"
                         f" 'slip.png', {{type: 'image/png'}}))")
        assert browser.wait_for("[...document.querySelectorAll('.row.mine img')].some(img => "
                                "img.src.includes('/simulator/content/') && img.complete && img.naturalWidth === 48)"), \
            "the photo never came back from the data host"
    finally:
        browser.close()
    events = [entry["event"] for entry in requests.get(f"{stack.emulator_url}/_emulator/users/{user}/history",
                                                       timeout=10).json()["history"] if entry["kind"] == "event"]
    sent = {event["message"]["type"]: event["message"] for event in events if event["type"] == "message"}
    assert (sent["sticker"]["packageId"], sent["sticker"]["stickerId"]) == ("789", "10855")
    assert sent["image"]["contentProvider"] == {"type": "line"}
