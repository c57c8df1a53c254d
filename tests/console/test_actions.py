"""One task per page, done by the officer whose area it is: what changes, what is sent,
and that bad input gets a Thai message and changes nothing."""
from __future__ import annotations

import io
from urllib.parse import quote

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from markupsafe import escape

from bot import accounts, knowledge, thai
from bot.models import (
    AskedQuestion, Fund, HelpCase, InviteCode, KnowledgeDocument, OutboundMessage, Payment, Person,
    ScheduledMessage, StoredMedia,
)
from bot.texts import console as texts
from tests.console.world import PASSWORD


def _pushes_to(rt, user_id: str) -> list[str]:
    with rt.db.session() as session:
        rows = session.scalars(select(OutboundMessage).where(OutboundMessage.recipient == user_id))
        return [message.get("text", "") for row in rows for message in row.messages]


def test_an_answer_is_pushed_to_the_asker_signed_with_the_officers_name(rt, officer_of, world):
    officer = officer_of(world.a.username)
    assert world.a.mark in officer.get("/console/questions/").get_data(as_text=True)
    response = officer.post(f"/console/questions/{world.a.question}/answer", {"answer": "แช่กกในน้ำ 1 คืนค่ะ"})
    assert response.status_code == 302
    pushed = _pushes_to(rt, world.a.users["household"])
    assert any("แช่กกในน้ำ 1 คืนค่ะ" in text and "คุณพัฒนากร อาเอ" in text for text in pushed)
    officer.post(f"/console/questions/{world.a.question}/approve")
    with rt.db.session() as session:
        assert session.get(AskedQuestion, world.a.question).status == "approved"
        assert session.scalar(select(KnowledgeDocument).where(KnowledgeDocument.origin == "officer"))


def test_an_empty_answer_gets_a_thai_message_and_sends_nothing(rt, officer_of, world):
    officer = officer_of(world.a.username)
    officer.post(f"/console/questions/{world.a.question}/answer", {"answer": "   "})
    assert texts.ANSWER_EMPTY in officer.get("/console/questions/").get_data(as_text=True)
    assert _pushes_to(rt, world.a.users["household"]) == []


def test_dismissing_closes_the_question(rt, officer_of, world):
    officer_of(world.a.username).post(f"/console/questions/{world.a.question}/dismiss")
    with rt.db.session() as session:
        assert session.get(AskedQuestion, world.a.question).status == "dismissed"


def test_nudge_now_goes_once_through_the_send_once_gate_to_linked_leaders_only(rt, officer_of, world):
    officer = officer_of(world.a.username)
    week = thai.previous_week(thai.iso_week(thai.week_monday("2026-W49")))
    page = officer.get(f"/console/missing/?week={week}").get_data(as_text=True)
    assert "0811113333" in page and "ยังไม่ผูก" in page  # the unlinked leader, with a phone to call
    officer.post("/console/missing/nudge", {"week": week})
    officer.post("/console/missing/nudge", {"week": week})
    assert len(_pushes_to(rt, world.a.users["leader"])) == 1
    assert _pushes_to(rt, world.b.users["leader"]) == []
    with rt.db.session() as session:
        assert session.scalar(select(func.count()).select_from(ScheduledMessage)
                              .where(ScheduledMessage.category == "nudge", ScheduledMessage.outcome == "queued")) == 1


def test_confirming_a_payment_and_the_recorder_cannot_confirm_their_own(rt, app, officer_of, world):
    with rt.db.session() as session:
        leader = session.get(Person, world.a.leader)
        accounts.create(session, leader, "leader-a", PASSWORD, "committee",
                        fund=session.get(Fund, world.a.fund))
    recorder = officer_of("leader-a")
    recorder.post(f"/console/loans/payments/{world.a.payment}/confirm")
    assert texts.PAYMENT_OWN in recorder.get("/console/loans/payments").get_data(as_text=True)
    with rt.db.session() as session:
        assert session.get(Payment, world.a.payment).status == "pending"
    officer_of(world.a.username).post(f"/console/loans/payments/{world.a.payment}/confirm")
    with rt.db.session() as session:
        assert session.get(Payment, world.a.payment).status == "confirmed"


def test_a_slip_is_fetched_from_line_once_and_kept(rt, officer_of, world):
    base = rt.settings.line_api_base
    user = requests.post(base + "/_emulator/users", json={"display_name": "ผู้ส่งสลิป"}, timeout=5).json()
    event = requests.post(base + f"/_emulator/users/{user['user_id']}/events", json={"type": "image"}, timeout=5).json()
    message_id = event["event"]["message"]["id"]
    with rt.db.session() as session:
        session.get(Payment, world.a.payment).slip_message_id = message_id
    officer = officer_of(world.a.username)
    first = officer.get(f"/console/media/{message_id}")
    assert first.status_code == 200 and first.mimetype == "image/png"
    requests.post(base + "/_emulator/reset", timeout=5)  # LINE has forgotten it: ours still shows
    assert officer.get(f"/console/media/{message_id}").data == first.data
    with rt.db.session() as session:
        assert session.scalar(select(func.count()).select_from(StoredMedia)) == 1
    assert officer_of(world.b.username).get(f"/console/media/{message_id}").status_code == 404


def test_a_help_request_becomes_a_case_with_notes_until_closed(rt, officer_of, world):
    officer = officer_of(world.a.username)
    assert f"ขอช่วย {world.a.mark}" in officer.get("/console/help/").get_data(as_text=True)
    with rt.db.session() as session:
        case_id = session.scalar(select(HelpCase.id).where(HelpCase.village_id == world.a.village))
    officer.post(f"/console/help/{case_id}", {"note": "โทรคุยแล้ว จะไปเยี่ยมวันศุกร์", "status": "in_progress"})
    officer.post(f"/console/help/{case_id}", {"note": "", "status": "in_progress"})  # nothing to save
    page = officer.get(f"/console/help/{case_id}").get_data(as_text=True)
    assert "โทรคุยแล้ว" in page and texts.CASE_NOTE_EMPTY in page
    officer.post(f"/console/help/{case_id}", {"note": "", "status": "closed"})
    officer.get("/console/help/")  # viewing again raises no second case for the same report
    with rt.db.session() as session:
        case = session.get(HelpCase, case_id)
        assert case.status == "closed" and len(case.notes) == 2
        assert session.scalar(select(func.count()).select_from(HelpCase)) == 1


def test_a_lost_code_is_reissued_and_the_old_one_stops(rt, officer_of, world):
    officer = officer_of(world.a.username)
    officer.post("/console/people/codes", {"village": str(world.a.village)})
    with rt.db.session() as session:
        old = session.scalar(select(InviteCode.code).where(InviteCode.person_id == world.a.unlinked_leader))
    officer.post(f"/console/people/{world.a.unlinked_leader}/reissue")
    page = officer.get(f"/console/people/?village={world.a.village}").get_data(as_text=True)
    with rt.db.session() as session:
        from bot.people import invites
        new = invites.live_code(session, world.a.unlinked_leader).code
    assert new != old and new in page and old not in page
    cards = officer.get(f"/console/people/cards/{world.a.village}.pdf")
    assert cards.status_code == 200 and cards.data.startswith(b"%PDF")


PEOPLE_HEADER = "ชื่อ-นามสกุล,โทรศัพท์,บทบาท,จังหวัด,อำเภอ,ตำบล,หมู่ที่\n"


def _upload(officer, text: str, name: str = "people.csv", kind: str = "people"):
    return officer.post("/console/people/import", {"kind": kind, "file": (io.BytesIO(text.encode()), name)},
                        content_type="multipart/form-data")


def _people(rt) -> int:
    with rt.db.session() as session:
        return session.scalar(select(func.count()).select_from(Person))


def test_an_import_with_a_bad_row_lists_it_in_thai_and_writes_nothing(rt, officer_of, world):
    officer = officer_of(world.a.username)
    before = _people(rt)
    response = _upload(officer, PEOPLE_HEADER + "นางใหม่ หนึ่ง,0812345678,ครัวเรือนเป้าหมาย,อุบลราชธานี,เขื่องใน,นาอาเอ,1\n"
                                                "นางใหม่ สอง,12,ครัวเรือนเป้าหมาย,อุบลราชธานี,เขื่องใน,นาอาเอ,1\n")
    assert response.status_code == 422
    assert "แถวที่ 3" in response.get_data(as_text=True)
    assert _people(rt) == before


def test_an_import_naming_another_district_is_refused_whole(rt, officer_of, world):
    before = _people(rt)
    response = _upload(officer_of(world.a.username),
                       PEOPLE_HEADER + "นางใหม่ หนึ่ง,0812345678,ครัวเรือนเป้าหมาย,อุบลราชธานี,ม่วงสามสิบ,นาบีบี,1\n")
    assert response.status_code == 422 and "ไม่อยู่ในพื้นที่ของคุณ" in response.get_data(as_text=True)
    assert _people(rt) == before


def test_a_good_import_adds_the_people(rt, officer_of, world):
    before = _people(rt)
    response = _upload(officer_of(world.a.username),
                       PEOPLE_HEADER + "นางใหม่ หนึ่ง,0812345678,ครัวเรือนเป้าหมาย,อุบลราชธานี,เขื่องใน,นาอาเอ,1\n")
    assert response.status_code == 302
    assert _people(rt) == before + 1


def test_a_file_that_is_not_a_table_gets_a_thai_message(rt, officer_of, world):
    officer = officer_of(world.a.username)
    response = _upload(officer, "MZ\x00\x01 not a workbook", name="virus.xlsx")
    assert response.status_code == 422
    response = _upload(officer, "hello", name="notes.exe")
    assert response.status_code == 302
    assert texts.IMPORT_BAD_TYPE in officer.get("/console/people/").get_data(as_text=True)


def test_knowledge_upload_and_try_a_question(rt, officer_of, world):
    officer = officer_of(world.a.username)
    text = "# การย้อมกกด้วยสีธรรมชาติ\n\nการย้อมกกด้วยสีธรรมชาติ ใช้เปลือกมะพูดต้มกับน้ำ แช่กกไว้หนึ่งคืน แล้วตากแดดให้แห้ง"
    response = officer.post("/console/questions/knowledge/upload",
                            {"document": (io.BytesIO(text.encode()), "dye.md")}, content_type="multipart/form-data")
    assert response.status_code == 302
    with rt.db.session() as session:
        assert session.scalar(select(KnowledgeDocument).where(KnowledgeDocument.source_file == "dye.md"))
    question = "กลุ่มอาชีพต้องมีกรรมการอะไรบ้าง"
    with rt.db.session() as session:
        knowledge.import_defaults(session)
        expected = knowledge.answer(session, rt.knowledge, question)
    assert expected.answered
    page = officer.get(f"/console/questions/knowledge?q={question}").get_data(as_text=True)
    assert escape(expected.text) in page
    bad = officer.post("/console/questions/knowledge/upload", {"document": (io.BytesIO(b"x"), "run.exe")},
                       content_type="multipart/form-data")
    assert bad.status_code == 302
    assert texts.DOCUMENT_BAD_TYPE in officer.get("/console/questions/knowledge").get_data(as_text=True)


def test_the_monthly_summary_workbook_has_the_offices_sheets(officer_of, world):
    from openpyxl import load_workbook

    response = officer_of(world.a.username).get("/console/reports/summary?month=2026-12&format=workbook")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["สรุป", "รายหมู่บ้าน", "เงินกู้"]
    assert "ธันวาคม 2569" in book["สรุป"]["A1"].value
    village_rows = list(book["รายหมู่บ้าน"].iter_rows(values_only=True))
    assert village_rows[1][1] == "หมู่ 1 บ้านอาเอ" and len(village_rows) == 2


def test_exports_have_thai_headers_and_buddhist_era_dates(officer_of, world):
    response = officer_of(world.a.username).get("/console/reports/weekly?format=csv")
    text = response.data.decode("utf-8-sig")
    assert text.startswith("ผู้นำ,หมู่บ้าน,ส่งเมื่อ")
    assert "2569" in text and "2026" not in text.split("\n", 1)[1]


def test_tampered_ids_and_hostile_values_never_give_a_5xx(officer_of, world):
    officer = officer_of(world.a.username)
    for url in ["/console/villages/99999999", "/console/reports/weekly?week=2026-W99", "/console/reports/monthly?month=x",
                "/console/reports/weekly?village=abc", "/console/media/..%2f..%2fetc", "/console/help/0",
                "/console/missing/?week=<script>", "/console/people/?village=-1", "/console/reports/summary?month=2026-13"]:
        assert officer.get(url).status_code in (200, 404), url
    for url, form in [("/console/people/codes", {"village": "1 OR 1=1"}), ("/console/help/99999", {"note": "x"}),
                      ("/console/loans/payments/99999/confirm", {})]:
        assert officer.post(url, form).status_code == 404, url


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(max_size=40))
def test_any_typed_value_in_a_page_address_is_a_page_or_a_404(officer_of, world, value):
    officer = officer_of.cached(world.a.username)
    for name in ("week", "month", "village", "status", "q", "next"):
        for url in ("/console/reports/weekly", "/console/reports/monthly", "/console/missing/", "/console/help/",
                    "/console/questions/knowledge", "/console/people/", "/console/reports/summary"):
            assert officer.get(url, query_string={name: value}).status_code in (200, 404)
    assert officer.get("/console/media/" + quote(value, safe="")).status_code in (404, 308)
