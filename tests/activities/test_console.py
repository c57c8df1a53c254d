"""The activities pages as officers of two districts: create (the three-day rule, or urgent),
list, detail with counts by village, export, attendance, cancel; each officer only their own,
another district's activity a 404, and odd forms a kind answer, never a 5xx."""
from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot import activities, clock
from bot.models import Activity, ActivityAttendance, ActivityInvitee, AuditEntry, OutboundMessage, Person
from bot.texts import console as texts
# The console's two-district world and signed-in officers (tests/console/conftest.py).
from tests.console.conftest import Officer, frozen, officer_of, world  # noqa: F401

FORM = {"title": "อบรมทอเสื่อกก", "day": "2026-12-05", "time": "09:00", "place": "ศาลาประชาคม",
        "location": "15.3789, 104.6432", "details": "นำกรรไกรมาด้วย", "roles": ["household"]}


def _create(officer: Officer, village: int, **changes):
    return officer.post("/console/activities/new", {**FORM, "villages": [str(village)], **changes})


def _activities(rt) -> list[Activity]:
    with rt.db.sessions() as session:
        return list(session.scalars(select(Activity).order_by(Activity.id)))


def test_too_soon_is_refused_with_the_first_day_allowed_and_urgent_goes(rt, officer_of, world):
    officer = officer_of(world.a.username)
    refused = _create(officer, world.a.village, day="2026-12-04")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "5 ธันวาคม 2569" in html and 'value="อบรมทอเสื่อกก"' in html  # what was typed stays
    assert _activities(rt) == []
    made = _create(officer, world.a.village, day="2026-12-04", urgent="1")
    assert made.status_code == 302
    [activity] = _activities(rt)
    assert activity.urgent and activity.district_id == world.a.district
    page = officer.get(made.headers["Location"]).get_data(as_text=True)
    assert "ส่งคำเชิญแล้ว 1 คน" in page  # the village's one linked household
    with rt.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(OutboundMessage)
                              .where(OutboundMessage.dedup_key.contains(f"activity:{activity.id}:invite:"))) == 1
        assert session.scalar(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.subject == f"activity:{activity.id}",
                                     AuditEntry.action == "change")) == 1


def test_an_audience_outside_the_area_is_refused(rt, officer_of, world):
    response = _create(officer_of(world.a.username), world.b.village)
    assert response.status_code == 422
    assert texts.ACTIVITY_AUDIENCE_OUTSIDE in response.get_data(as_text=True)
    assert _activities(rt) == []


def test_another_district_gets_404_and_sees_nothing(rt, officer_of, world):
    mine, theirs = officer_of(world.a.username), officer_of(world.b.username)
    assert _create(mine, world.a.village).status_code == 302
    [activity] = _activities(rt)
    for url in (f"/console/activities/{activity.id}", f"/console/activities/{activity.id}?format=csv"):
        assert theirs.get(url).status_code == 404
    for url in (f"/console/activities/{activity.id}/attendance", f"/console/activities/{activity.id}/cancel"):
        assert theirs.post(url, {"came": [str(world.a.household)]}).status_code == 404
    listing = theirs.get("/console/activities/").get_data(as_text=True)
    assert "อบรมทอเสื่อกก" not in listing and world.a.mark not in listing
    assert "อบรมทอเสื่อกก" in mine.get("/console/activities/").get_data(as_text=True)
    assert _activities(rt)[0].status == "planned"


def test_the_list_and_the_invited_people_export_with_thai_headers_and_buddhist_dates(rt, officer_of, world):
    officer = officer_of(world.a.username)
    _create(officer, world.a.village, roles=["household", "leader"])
    [activity] = _activities(rt)
    listing = officer.get("/console/activities/?format=csv")
    rows = list(csv.reader(io.StringIO(listing.data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["กิจกรรม", "วันเวลา", "สถานที่", "สถานะ"]
    assert rows[1][:4] == ["อบรมทอเสื่อกก", "5 ธ.ค. 2569 09:00", "ศาลาประชาคม", "ตามกำหนด"]
    assert rows[1][5:] == ["2", "0", "0", "0", "2", "0"]  # invited, go, no, maybe, not answered, came
    book = load_workbook(io.BytesIO(officer.get(f"/console/activities/{activity.id}?format=xlsx&table=1").data))
    sheet = [[cell.value for cell in row] for row in book.active.iter_rows()]
    assert sheet[0] == ["ชื่อ", "หมู่บ้าน", "โทรศัพท์", "คำตอบ", "ตอบเมื่อ", "มาร่วม"]
    assert sorted(row[0] for row in sheet[1:]) == sorted([f"นางครัวเรือน {world.a.mark}", f"นายผู้นำ {world.a.mark}"])
    assert {row[3] for row in sheet[1:]} == {texts.ACTIVITY_NOT_ANSWERED}
    with rt.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "export")) == 2


def test_attendance_from_the_console_shows_in_the_village_and_overview_figures(rt, officer_of, world):
    officer = officer_of(world.a.username)
    _create(officer, world.a.village, roles=["household", "leader"])
    [activity] = _activities(rt)
    too_early = officer.post(f"/console/activities/{activity.id}/attendance", {"came": [str(world.a.household)]})
    assert too_early.status_code == 302
    with rt.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ActivityAttendance)) == 0
    with clock.frozen_at("2026-12-05T15:00"):
        # Someone of the other district in the form is ignored, not recorded.
        saved = officer.post(f"/console/activities/{activity.id}/attendance",
                             {"came": [str(world.a.household), str(world.b.household), "x", "-1"]})
        assert saved.status_code == 302
        detail = officer.get(f"/console/activities/{activity.id}").get_data(as_text=True)
        assert texts.ACTIVITY_ATTENDANCE_SAVED.format(came=1) in detail
        villages = officer.get("/console/villages/?format=csv").data.decode("utf-8-sig")
        assert list(csv.reader(io.StringIO(villages)))[1][-1] == "1"
        village = officer.get(f"/console/villages/{world.a.village}?format=csv&table=4").data.decode("utf-8-sig")
        assert list(csv.reader(io.StringIO(village)))[1] == ["อบรมทอเสื่อกก", "5 ธ.ค. 2569", "2", "0", "1"]
        overview = officer.get("/console/").get_data(as_text=True)
        assert "<b>1/2</b><span>มาร่วม" in overview
    with rt.db.sessions() as session:
        came = dict(session.execute(select(ActivityAttendance.person_id, ActivityAttendance.attended)).all())
    assert came == {world.a.household: True, world.a.leader: False}


def test_a_page_opened_before_a_leader_recorded_does_not_undo_what_they_ticked(rt, officer_of, world):
    officer = officer_of(world.a.username)
    _create(officer, world.a.village, roles=["household", "leader"])
    [activity] = _activities(rt)
    with clock.frozen_at("2026-12-05T15:00"):
        shown = officer.get(f"/console/activities/{activity.id}").get_data(as_text=True)
        recorded = re.search(r'name="recorded" value="([^"]*)"', shown).group(1)
        with rt.db.session() as session:  # meanwhile the leader ticks the household in chat
            activities.record_attendance(session, session.get(Activity, activity.id), {world.a.household},
                                         {world.a.household})
        stale = officer.post(f"/console/activities/{activity.id}/attendance", {"recorded": recorded, "came": []},
                             follow_redirects=True)
        assert texts.ACTIVITY_ATTENDANCE_CHANGED in stale.get_data(as_text=True)
        with rt.db.sessions() as session:
            assert dict(session.execute(select(ActivityAttendance.person_id, ActivityAttendance.attended)).all()) \
                == {world.a.household: True}
        fresh = officer.get(f"/console/activities/{activity.id}").get_data(as_text=True)
        recorded = re.search(r'name="recorded" value="([^"]*)"', fresh).group(1)
        saved = officer.post(f"/console/activities/{activity.id}/attendance",
                             {"recorded": recorded, "came": [str(world.a.household), str(world.a.leader)]})
        assert saved.status_code == 302
    with rt.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ActivityAttendance)
                              .where(ActivityAttendance.attended.is_(True))) == 2


def test_a_choice_that_cannot_be_read_is_refused_not_dropped_which_would_invite_everyone(rt, officer_of, world):
    officer = officer_of(world.a.username)
    for villages in (["99999999999999"], ["³"], [str(world.a.village), "x"]):
        refused = _create(officer, world.a.village, villages=villages)
        assert refused.status_code == 422 and texts.BAD_INPUT in refused.get_data(as_text=True)
    assert _create(officer, world.a.village, roles=["nobody"]).status_code == 422
    preview = _create(officer, world.a.village, villages=["³"], preview="1").get_data(as_text=True)
    assert texts.BAD_INPUT in preview
    assert _activities(rt) == []


def test_cancelling_from_the_console(rt, officer_of, world):
    officer = officer_of(world.a.username)
    _create(officer, world.a.village)
    [activity] = _activities(rt)
    assert officer.post(f"/console/activities/{activity.id}/cancel").status_code == 302
    assert _activities(rt)[0].status == "cancelled"
    again = officer.post(f"/console/activities/{activity.id}/cancel", follow_redirects=True)
    assert texts.ACTIVITY_CANNOT_CANCEL in again.get_data(as_text=True)


FIELDS = st.fixed_dictionaries({}, optional={
    "title": st.text(max_size=120), "day": st.one_of(st.text(max_size=12), st.dates().map(str)),
    "time": st.text(max_size=6), "place": st.text(max_size=120), "location": st.text(max_size=40),
    "details": st.text(max_size=50), "urgent": st.sampled_from(["1", "0", "", "on"]),
    "villages": st.lists(st.text(alphabet="0123456789-x³", max_size=12), max_size=3),
    "roles": st.lists(st.text(max_size=10), max_size=3),
    "groups": st.lists(st.text(alphabet="0123456789-x³١", max_size=12), max_size=2), "preview": st.sampled_from(["", "1"])})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=FIELDS)
@example(form={**FORM, "villages": ["³", "0", "99999999999"], "groups": ["١"], "time": "٠٩:٠٠"})
def test_any_form_gets_an_answer_never_a_5xx(rt, officer_of, world, form):
    officer = officer_of.cached(world.a.username)
    response = officer.post("/console/activities/new", form)
    assert response.status_code in ((200,) if form.get("preview") else (302, 422))
    with rt.db.sessions() as session:
        outside = session.scalar(select(func.count()).select_from(Activity).where(
            Activity.district_id != world.a.district))
    assert outside == 0


def test_the_officer_sees_who_is_reached_before_creating(rt, officer_of, world):
    officer = officer_of(world.a.username)
    page = _create(officer, world.a.village, roles=["household", "leader"], preview="1")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "จะได้รับคำเชิญทาง LINE 2 คน" in html
    assert f"หมู่ 1 บ้าน{world.a.mark}: 2 คน" in html
    assert "ยังไม่ผูก LINE 1 คน" in html  # the leader not yet linked: to be phoned
    assert _activities(rt) == []
    outside = _create(officer, world.b.village, preview="1").get_data(as_text=True)
    assert texts.ACTIVITY_AUDIENCE_OUTSIDE in outside and world.b.mark not in outside


def test_inviting_by_curriculum(rt, officer_of, world):
    with rt.db.session() as session:
        session.get(Person, world.a.household).occupation = "เพาะเห็ด"
        session.get(Person, world.a.leader).occupation = "ทอเสื่อกก"
    officer = officer_of(world.a.username)
    form = officer.get("/console/activities/new").get_data(as_text=True)
    assert 'value="เพาะเห็ด"' in form and 'value="ทอเสื่อกก"' in form
    assert _create(officer, world.a.village, roles=[], occupations=["เพาะเห็ด"]).status_code == 302
    [activity] = _activities(rt)
    with rt.db.sessions() as session:
        assert session.scalars(select(ActivityInvitee.person_id)).all() == [world.a.household]
        assert activity.audience == {"villages": [world.a.village], "occupations": ["เพาะเห็ด"]}


def test_creating_from_the_same_form_twice_invites_once(rt, officer_of, world):
    officer = officer_of(world.a.username)
    page = officer.get("/console/activities/new").get_data(as_text=True)
    key = re.search(r'name="form_key" value="([^"]+)"', page)[1]
    first = _create(officer, world.a.village, form_key=key)
    again = _create(officer, world.a.village, form_key=key)
    assert first.status_code == again.status_code == 302 and first.headers["Location"] == again.headers["Location"]
    assert "ไม่ได้เชิญซ้ำ" in officer.get(again.headers["Location"]).get_data(as_text=True)
    [activity] = _activities(rt)
    with rt.db.sessions() as session:
        assert session.scalar(select(func.count()).select_from(OutboundMessage)
                              .where(OutboundMessage.dedup_key.contains(f"activity:{activity.id}:invite:"))) == 1
    _create(officer, world.a.village, form_key=re.search(r'name="form_key" value="([^"]+)"', officer.get(
        "/console/activities/new").get_data(as_text=True))[1])
    assert len(_activities(rt)) == 2  # a form opened anew is a new activity
