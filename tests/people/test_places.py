from sqlalchemy import func, select

from bot.models import District, Subdistrict, Village
from bot.people.places import load_places
from devtools.demo.people import load_demo
from tests.people.conftest import DEMO


def _count(rt, model) -> int:
    with rt.db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_demo_places_build_the_hierarchy_once(rt):
    with rt.db.session() as session:
        first = load_places(session, DEMO / "places.csv")
    with rt.db.session() as session:
        second = load_places(session, DEMO / "places.csv")
        village = session.scalar(select(Village).where(Village.moo == 3))
        assert village.label == "หมู่ 3 บ้านโนนสวรรค์ ต.เขื่องใน อ.เขื่องใน"
    assert (first.provinces, first.districts, first.subdistricts, first.villages) == (1, 1, 3, 7)
    assert (second.villages, second.unchanged) == (0, 7)
    assert _count(rt, Village) == 7


def test_prefixes_and_thai_digits_are_read_and_a_renamed_village_is_updated(rt, tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("จังหวัด,อำเภอ,ตำบล,หมู่ที่,ชื่อหมู่บ้าน\n"
                    "จ.อุบลราชธานี,อ.เขื่องใน,ต.ก่อเอ้,หมู่ ๗,บ้านหนองแก\n", encoding="utf-8")
    with rt.db.session() as session:
        assert load_places(session, path).villages == 1
    path.write_text("จังหวัด,อำเภอ,ตำบล,หมู่ที่,ชื่อหมู่บ้าน\nอุบลราชธานี,เขื่องใน,ก่อเอ้,7,หนองแกใหม่\n", encoding="utf-8")
    with rt.db.session() as session:
        assert load_places(session, path).renamed == 1
        assert session.scalar(select(Village.name)) == "หนองแกใหม่"
        assert session.scalar(select(Subdistrict.name)) == "ก่อเอ้"


def test_a_bad_row_or_header_writes_nothing(rt, tmp_path):
    bad_row = tmp_path / "bad_row.csv"
    bad_row.write_text("จังหวัด,อำเภอ,ตำบล,หมู่ที่,ชื่อหมู่บ้าน\n"
                       "อุบลราชธานี,เขื่องใน,ก่อเอ้,1,ก่อเอ้\nอุบลราชธานี,เขื่องใน,ก่อเอ้,สาม,ดอนยาง\n", encoding="utf-8")
    bad_header = tmp_path / "bad_header.csv"
    bad_header.write_text("จังหวัด,อำเภอ,ตำบล,หมู่\nอุบลราชธานี,เขื่องใน,ก่อเอ้,1\n", encoding="utf-8")
    with rt.db.session() as session:
        row_report = load_places(session, bad_row)
        header_report = load_places(session, bad_header)
    assert [(e.row, e.column) for e in row_report.errors] == [(3, "หมู่ที่")]
    assert {(e.row, e.column) for e in header_report.errors} == {(1, "หมู่ที่"), (1, "ชื่อหมู่บ้าน"), (1, "หมู่")}
    assert _count(rt, District) == 0


def test_demo_loader_is_idempotent(rt):
    with rt.db.session() as session:
        places, people = load_demo(session)
    with rt.db.session() as session:
        again_places, again_people = load_demo(session)
    assert (places.villages, people.created) == (7, 15)
    assert (again_places.villages, again_people.created, again_people.unchanged) == (0, 0, 15)
