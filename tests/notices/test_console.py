"""The console's notices: compose with a live count, preview, send now or later, follow the
progress, cancel; only the officer's area, every change audited, hostile forms a kind answer."""
from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from hypothesis import HealthCheck, given, settings, strategies as st
from rq import Queue, SimpleWorker
from sqlalchemy import select

from bot import clock, notices
from bot.line import outbox
from bot.models import AuditEntry, Notice, NoticeTemplate, OutboundMessage
from tests.console.conftest import Officer
from tests.notices.world import PASSWORD
from workers.queues import DEFAULT


@pytest.fixture
def signed_in(app, world):
    known: dict[str, Officer] = {}

    def make(username: str) -> Officer:
        officer = Officer(app.test_client())
        assert officer.sign_in(username, PASSWORD).status_code == 302
        return officer

    def cached(username: str) -> Officer:
        """One signed-in officer for every example of a hypothesis test (signing in hashes a password)."""
        if username not in known:
            known[username] = make(username)
        return known[username]

    make.cached = cached
    return make


def _form(world, **extra) -> dict:
    return {"title": "ประชุมกลุ่ม", "text": "ประชุมวันศุกร์ 9 โมงค่ะ", "villages": [str(world.ids["v1"])], **extra}


def test_the_live_count_shows_who_and_how_many_by_village_and_role(signed_in, world):
    officer = signed_in("officer-a")
    answer = officer.post("/console/notices/count", {"villages": [str(world.ids["v1"]), str(world.ids["v2"])]}).json
    assert answer["count"] == 3 and answer["over"] is False
    assert answer["roles"] == {"ครัวเรือนเป้าหมาย": 2, "ผู้นำสัมมาชีพ": 2}
    assert sorted(answer["villages"].values()) == [1, 2]
    assert answer["excluded"] == {"บล็อกหรือเลิกติดตาม": 1, "ถอนความยินยอม": 1, "ยังไม่ผูก LINE": 1, "ยังไม่ยินยอม": 1}


def test_preview_then_send_now_goes_out_and_the_list_shows_its_progress(rt, signed_in, world):
    officer = signed_in("officer-a")
    page = officer.post("/console/notices/new", _form(world, action="preview")).get_data(as_text=True)
    assert "ส่งถึง 2 คน" in page and "ประชุมวันศุกร์ 9 โมงค่ะ" in page
    with rt.db.sessions() as session:
        assert session.scalar(select(Notice.id)) is None  # a preview writes nothing
    sent = officer.post("/console/notices/new", _form(world, action="send"))
    assert sent.status_code == 302
    with rt.db.sessions() as session:  # the request hands the release to a worker
        assert session.scalar(select(Notice.status)) == "pending"
    SimpleWorker([Queue(DEFAULT, connection=rt.redis)], connection=rt.redis).work(burst=True)
    with rt.db.sessions() as session:
        notice = session.scalar(select(Notice))
        [row] = session.scalars(select(OutboundMessage).where(OutboundMessage.notice_id == notice.id)).all()
        actions = session.scalars(select(AuditEntry.subject).where(AuditEntry.action == "change")).all()
    assert notice.status == "sent" and world.names(row.recipients) == {"สมศรี", "บุญ"}
    assert "notice-create" in actions
    outbox.deliver(rt, row.id)
    listing = officer.get("/console/notices/").get_data(as_text=True)
    assert "ประชุมกลุ่ม" in listing and "ส่งแล้ว" in listing
    shown = officer.get(f"/console/notices/{notice.id}").get_data(as_text=True)
    assert "ส่งถึงแล้ว" in shown and "ยังไม่มีสถิติ" in shown


def test_send_now_whose_job_redis_lost_is_released_by_the_cron_once(rt, signed_in, world):
    officer = signed_in("officer-a")
    assert officer.post("/console/notices/new", _form(world, action="send")).status_code == 302
    rt.redis.flushdb()  # the release job is gone before a worker took it
    assert notices.release_due(rt) == 1 and notices.release_due(rt) == 0
    with rt.db.sessions() as session:
        notice = session.scalar(select(Notice))
        [row] = session.scalars(select(OutboundMessage).where(OutboundMessage.notice_id == notice.id)).all()
    assert notice.status == "sent" and world.names(row.recipients) == {"สมศรี", "บุญ"}


def test_a_time_at_night_is_refused_and_seven_oclock_offered_in_the_form(rt, signed_in, world):
    officer = signed_in("officer-a")
    page = officer.post("/console/notices/new", _form(world, action="send", when="at", date="2026-12-02",
                                                      time="21:30")).get_data(as_text=True)
    assert "20:00–07:00" in page and 'value="07:00"' in page and 'value="2026-12-03"' in page
    with rt.db.sessions() as session:
        assert session.scalar(select(Notice.id)) is None


def test_scheduled_then_cancelled_from_its_page(rt, signed_in, world):
    officer = signed_in("officer-a")
    officer.post("/console/notices/new", _form(world, action="send", when="at", date="2026-12-03", time="09:00"))
    with rt.db.sessions() as session:
        notice = session.scalar(select(Notice))
    assert notice.status == "pending"
    assert "ยกเลิกประกาศนี้" in officer.get(f"/console/notices/{notice.id}").get_data(as_text=True)
    officer.post(f"/console/notices/{notice.id}/cancel")
    with rt.db.sessions() as session:
        assert session.get(Notice, notice.id).status == "cancelled"


def test_a_notice_being_released_shows_so_refreshes_and_can_be_cancelled(rt, signed_in, world):
    officer = signed_in("officer-a")
    officer.post("/console/notices/new", _form(world, action="send"))
    with rt.db.session() as session:  # its release under way: claimed, nothing written yet
        notice = session.scalar(select(Notice))
        notice.status, notice.released_at, notice.recipient_count = "releasing", clock.utcnow(), 0
        notice.release_token, notice.lease_until = "a" * 32, clock.utcnow() + notices.RELEASE_LEASE
    shown = officer.get(f"/console/notices/{notice.id}").get_data(as_text=True)
    assert "กำลังทยอยส่ง" in shown and 'http-equiv="refresh"' in shown and "ยกเลิกส่วนที่ยังไม่ได้ส่ง" in shown
    assert "กำลังทยอยส่ง" in officer.get("/console/notices/").get_data(as_text=True)
    officer.post(f"/console/notices/{notice.id}/cancel")
    with rt.db.sessions() as session:
        assert session.get(Notice, notice.id).status == "cancelled"
    assert notices.release_due(rt) == 0
    shown = officer.get(f"/console/notices/{notice.id}").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in shown and 'class="danger"' not in shown
    assert "ยกเลิกประกาศ" in shown  # nothing had gone out: the notice is called off, not "the rest"


def test_over_the_quota_the_send_button_is_off_and_sending_is_refused(rt, signed_in, world):
    requests.post(rt.settings.line_api_base + "/_emulator/config", json={"monthly_quota": 1}, timeout=5)
    officer = signed_in("officer-a")
    page = officer.post("/console/notices/new", _form(world, action="preview")).get_data(as_text=True)
    assert "เหลือ 1 ข้อความ" in page and re.search(r'value="send"\s+disabled', page)
    page = officer.post("/console/notices/new", _form(world, action="send")).get_data(as_text=True)
    assert "โควตา" in page
    with rt.db.sessions() as session:
        assert session.scalar(select(Notice.id)) is None


def test_a_template_saved_with_one_notice_fills_the_next(rt, signed_in, world):
    officer = signed_in("officer-a")
    officer.post("/console/notices/new", _form(world, action="send", save_template="1", template_name="ประชุม",
                                               quick_replies="ไป, ไม่ไป"))
    with rt.db.sessions() as session:
        template = session.scalar(select(NoticeTemplate))
    assert template.name == "ประชุม" and template.messages[-1]["quickReply"]
    page = officer.post("/console/notices/new", {"title": "อีกครั้ง", "template": str(template.id),
                                                 "action": "preview"}).get_data(as_text=True)
    assert "ประชุมวันศุกร์ 9 โมงค่ะ" in page
    other = signed_in("officer-b")
    assert other.post("/console/notices/new", {"title": "x", "template": str(template.id),
                                               "action": "preview"}).status_code == 200
    assert "ประชุมวันศุกร์" not in other.post("/console/notices/new", {
        "title": "x", "template": str(template.id), "action": "preview"}).get_data(as_text=True)


def test_another_districts_officer_sees_none_of_it_and_cannot_target_it(rt, signed_in, world):
    officer_a = signed_in("officer-a")
    officer_a.post("/console/notices/new", _form(world, action="send"))
    with rt.db.sessions() as session:
        notice_id = session.scalar(select(Notice.id))
    officer_b = signed_in("officer-b")
    assert "ประชุมกลุ่ม" not in officer_b.get("/console/notices/").get_data(as_text=True)
    assert officer_b.get(f"/console/notices/{notice_id}").status_code == 404
    assert officer_b.post(f"/console/notices/{notice_id}/cancel").status_code == 404
    page = officer_b.post("/console/notices/new", _form(world, action="send")).get_data(as_text=True)
    assert "นอกพื้นที่" in page
    form = officer_b.get("/console/notices/new").get_data(as_text=True)
    assert "ดอนแดง" not in form and "ไกล" in form


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["villages", "roles", "overdue_days", "when", "date", "time", "template",
                                        "image_url", "quick_replies", "card_title", "card_url", "text", "title",
                                        "action", "line_groups"]),
                       st.text(max_size=30), max_size=8))
def test_any_form_gets_a_page_never_a_server_error(signed_in, world, fields):
    officer = signed_in.cached("officer-a")
    assert officer.post("/console/notices/new", fields).status_code < 500
    assert officer.post("/console/notices/count", fields).status_code < 500


def _form_key(page: str) -> str:
    return re.search(r'name="form_key" value="([^"]+)"', page)[1]


def test_sending_the_same_form_twice_makes_one_notice(rt, signed_in, world):
    officer = signed_in("officer-a")
    key = _form_key(officer.get("/console/notices/new").get_data(as_text=True))
    preview = officer.post("/console/notices/new", _form(world, action="preview", form_key=key)).get_data(as_text=True)
    assert _form_key(preview) == key  # carried from the first view to the send button
    first = officer.post("/console/notices/new", _form(world, action="send", form_key=key))
    again = officer.post("/console/notices/new", _form(world, action="send", form_key=key))
    assert first.status_code == again.status_code == 302 and first.headers["Location"] == again.headers["Location"]
    assert "ไม่ได้ส่งซ้ำ" in officer.get(again.headers["Location"]).get_data(as_text=True)
    SimpleWorker([Queue(DEFAULT, connection=rt.redis)], connection=rt.redis).work(burst=True)
    with rt.db.sessions() as session:
        [notice] = session.scalars(select(Notice)).all()
        [row] = session.scalars(select(OutboundMessage).where(OutboundMessage.notice_id == notice.id)).all()
    assert world.names(row.recipients) == {"สมศรี", "บุญ"}
    other = _form_key(officer.get("/console/notices/new").get_data(as_text=True))  # a new form is a new notice
    assert other != key
    officer.post("/console/notices/new", _form(world, action="send", form_key=other))
    with rt.db.sessions() as session:
        assert len(session.scalars(select(Notice)).all()) == 2


def test_two_taps_at_the_same_moment_make_one_notice_and_no_error(rt, signed_in, world):
    officers = [signed_in("officer-a"), signed_in("officer-a")]
    key = _form_key(officers[0].get("/console/notices/new").get_data(as_text=True))
    start = threading.Barrier(2)

    def send(officer):
        start.wait()
        return officer.post("/console/notices/new", _form(world, action="send", form_key=key)).status_code

    with ThreadPoolExecutor(2) as pool:
        codes = list(pool.map(send, officers))
    assert codes == [302, 302]
    with rt.db.sessions() as session:
        assert len(session.scalars(select(Notice)).all()) == 1
