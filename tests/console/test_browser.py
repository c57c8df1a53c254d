"""The console in headless Chromium at a phone's 360 px: sign in, stay in one's area, and one
task per page, with screenshots (kept in the test's folder, or SAMMACHIP_SCREENSHOTS if set).

Playwright drives Debian's /usr/bin/chromium; it never downloads a browser of its own."""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.models import AskedQuestion, HelpCase, Payment
from tests.conftest import free_port
from tests.console.world import PASSWORD
from tests.simulator.headless import CHROMIUM_FLAGS, find_chromium

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = find_chromium()


@pytest.fixture
def server(app, world):
    from werkzeug.serving import make_server

    port = free_port()
    httpd = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    httpd.shutdown()


@pytest.fixture
def page(tmp_path):
    if CHROMIUM is None:
        pytest.skip("no chromium on this machine")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            flag for flag in CHROMIUM_FLAGS if flag != "--headless"], headless=True)
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH")
        yield context.new_page()
        browser.close()


def shot(page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("SAMMACHIP_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def sign_in(page, server: str, username: str) -> None:
    page.goto(server + "/console/sign-in")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('เข้าสู่ระบบ')")


def test_sign_in_overview_and_scope_at_360px(page, server, world, tmp_path):
    page.goto(server + "/console/")
    assert "/console/sign-in" in page.url
    shot(page, "01-sign-in", tmp_path)
    sign_in(page, server, world.a.username)
    assert page.locator("h1").inner_text().startswith("ภาพรวมพื้นที่")
    assert page.locator("svg.chart").count() == 2
    # Nothing wider than the phone: the page never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "02-overview", tmp_path)
    response = page.goto(server + f"/console/villages/{world.b.village}")
    assert response.status == 404
    page.goto(server + f"/console/villages/{world.a.village}")
    assert world.a.mark in page.content() and world.b.mark not in page.content()
    shot(page, "03-village", tmp_path)


def test_one_task_per_page(rt, page, server, world, tmp_path):
    sign_in(page, server, world.a.username)
    page.goto(server + "/console/missing/")
    assert "0811113333" in page.content()
    shot(page, "04-missing", tmp_path)

    page.goto(server + "/console/questions/")
    page.fill("textarea[name=answer]", "แช่กกในน้ำหนึ่งคืนก่อนทอค่ะ")
    page.click("button:has-text('ส่งคำตอบ')")
    assert "ส่งคำตอบให้ผู้ถามแล้วค่ะ" in page.content()
    shot(page, "05-questions", tmp_path)

    page.goto(server + "/console/loans/payments")
    page.click("button:has-text('ยืนยัน')")
    assert "ยืนยันการชำระแล้วค่ะ" in page.content()
    page.goto(server + "/console/loans/")
    shot(page, "06-loans", tmp_path)

    page.goto(server + "/console/help/")
    page.click(f"text=ขอช่วย {world.a.mark}")
    page.fill("textarea[name=note]", "โทรคุยแล้ว นัดเยี่ยมวันศุกร์")
    page.select_option("select[name=status]", "in_progress")
    page.click("button:has-text('บันทึก')")
    shot(page, "07-help-case", tmp_path)

    page.goto(server + "/console/reports/weekly")
    page.click(f"text=นายผู้นำ {world.a.mark}")
    assert "สอนทอเสื่อ" in page.content()
    page.goto(server + f"/console/people/?village={world.a.village}")
    shot(page, "08-people", tmp_path)
    with rt.db.session() as session:
        assert session.get(AskedQuestion, world.a.question).status == "replied"
        assert session.get(Payment, world.a.payment).status == "confirmed"
        assert session.scalar(select(HelpCase.status)) == "in_progress"
