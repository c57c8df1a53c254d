import io
from urllib.parse import unquote

import pytest
from PIL import Image
from sqlalchemy import select

from bot.models import Person, Village
from bot.people.importer import import_people
from bot.people.invites import issue_codes
from bot.people.sheets import PAGE_SIZE, invite_url, render_village_sheet
from tests.people.conftest import person, write_csv


def test_invite_url_follows_lines_oa_message_scheme():
    url = invite_url("@sammachip", "KT4M7X")
    assert url == "https://line.me/R/oaMessage/%40sammachip/?%E0%B8%A3%E0%B8%AB%E0%B8%B1%E0%B8%AA%20KT4M7X"
    assert unquote(url.split("?", 1)[1]) == "รหัส KT4M7X"
    assert invite_url("sammachip", "KT4M7X") == url


def test_png_is_an_a4_page(rt, demo_people):
    with rt.db.session() as session:
        issue_codes(session)
        village_id = session.scalar(select(Person.village_id).where(Person.phone == "0811110011"))
        image = Image.open(io.BytesIO(render_village_sheet(session, village_id, "@sammachip", fmt="png")))
    assert image.format == "PNG" and image.size == PAGE_SIZE


def test_pdf_runs_onto_more_pages_when_needed(rt, places, tmp_path):
    rows = [person(f"นางทดสอบ คนที่ {n}", f"08100000{n:02d}") for n in range(10)]
    with rt.db.session() as session:
        assert import_people(session, write_csv(tmp_path / "many.csv", rows)).ok
        issue_codes(session)
        village_id = session.scalar(select(Person.village_id))
        pdf = render_village_sheet(session, village_id, "@sammachip")
    assert pdf.startswith(b"%PDF") and b"/Count 2" in pdf


def test_a_village_without_codes_still_prints_and_unknown_villages_fail(rt, places):
    with rt.db.session() as session:
        village_id = session.scalar(select(Village.id))
        assert render_village_sheet(session, village_id, "@sammachip", fmt="pdf").startswith(b"%PDF")
        with pytest.raises(LookupError):
            render_village_sheet(session, 999_999, "@sammachip")
        with pytest.raises(ValueError):
            render_village_sheet(session, village_id, "@sammachip", fmt="svg")
