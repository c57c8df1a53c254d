from openpyxl import Workbook
from sqlalchemy import func, select

from bot.models import (
    GroupMember, LeaderHousehold, OccupationalGroup, OfficerScope, Person, PersonRole, Subdistrict,
)
from bot import clock
from bot.people.importer import import_people, key_for_id, key_for_phone, normalise_phone, valid_national_id
from tests.people.conftest import DEMO, PEOPLE_HEADERS, national_id, person, write_csv

TABLES = (Person, PersonRole, LeaderHousehold, OccupationalGroup, GroupMember, OfficerScope)


def _counts(rt) -> dict[str, int]:
    with rt.db.session() as session:
        return {m.__name__: session.scalar(select(func.count()).select_from(m)) for m in TABLES}


def _import(rt, path):
    with rt.db.session() as session:
        return import_people(session, path)


def _by_phone(session, phone: str) -> Person:
    return session.scalar(select(Person).where(Person.phone == phone))


def test_demo_file_imports_people_roles_leaders_committee_and_officers(rt, demo_people):
    assert (demo_people.created, demo_people.groups_created) == (15, 1)
    with rt.db.session() as session:
        leader = _by_phone(session, "0811110001")
        assert leader.role_names == {"leader", "committee"}
        taught = session.scalars(select(LeaderHousehold).where(LeaderHousehold.leader_id == leader.id)).all()
        assert len(taught) == 5
        seats = dict(session.execute(select(Person.full_name, GroupMember.committee_role).join(GroupMember)).all())
        assert seats["นายบุญมี ศรีสุข"] == "chair" and seats["นางสมร ใจดี"] == "treasurer"
        assert seats["นางทองใบ พรมมา"] is None
        assert _by_phone(session, "0811110015").role_names == {"committee"}
        officer = _by_phone(session, "0811110101")
        scoped = session.scalars(select(Subdistrict.name).join(OfficerScope, OfficerScope.subdistrict_id == Subdistrict.id)
                                 .where(OfficerScope.person_id == officer.id)).all()
        assert sorted(scoped) == ["ค้อทอง", "เขื่องใน"] and officer.village_id is None
        whole = session.scalars(select(OfficerScope).where(OfficerScope.person_id == _by_phone(session, "0811110102").id)).all()
        assert [(s.subdistrict_id) for s in whole] == [None]


def test_reimporting_the_same_file_changes_nothing(rt, demo_people):
    before = _counts(rt)
    again = _import(rt, DEMO / "people.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 15)
    assert _counts(rt) == before


def test_a_later_file_updates_instead_of_duplicating(rt, demo_people, tmp_path):
    path = write_csv(tmp_path / "update.csv", [
        person("นางสมร ใจดี (แก้ชื่อ)", "0811110011", "ครัวเรือนเป้าหมาย, ผู้นำสัมมาชีพ", อาชีพ="เลี้ยงไก่ไข่",
               ผู้นำที่ดูแล="0811110001", กลุ่มอาชีพ="กลุ่มทอเสื่อกกบ้านโนนสวรรค์", ตำแหน่งในกลุ่ม="เหรัญญิก")])
    report = _import(rt, path)
    assert (report.created, report.updated) == (0, 1)
    with rt.db.session() as session:
        somrn = _by_phone(session, "0811110011")
        assert (somrn.full_name, somrn.occupation) == ("นางสมร ใจดี (แก้ชื่อ)", "เลี้ยงไก่ไข่")
        assert somrn.role_names == {"household", "leader", "committee"}
    assert _counts(rt)["Person"] == 15


def test_leader_may_come_from_the_database(rt, demo_people, tmp_path):
    path = write_csv(tmp_path / "new.csv", [person("นายใหม่ มาทีหลัง", "0899999999", ผู้นำที่ดูแล="๐๘๑-๑๑๑-๐๐๐๑")])
    assert _import(rt, path).created == 1


def test_thai_digits_and_loose_formats_are_accepted(rt, places, tmp_path):
    path = write_csv(tmp_path / "thai.csv", [
        person("นางหนึ่ง ทดสอบ", "๐๘๑-๒๓๔-๕๖๗๘", "ผู้น\u0e4d\u0e32สัมมาชีพ", หมู่ที่="หมู่ ๓", จำนวนสมาชิก="๔ คน"),
        person("นางสอง ทดสอบ", "+66 82 345 6789", เลขบัตรประชาชน=national_id("110170023070").replace("", " ").strip()),
    ])
    report = _import(rt, path)
    assert report.ok, report.lines()
    with rt.db.session() as session:
        first = _by_phone(session, "0812345678")
        assert (first.household_members, first.village.moo, first.role_names) == (4, 3, {"leader"})
        assert _by_phone(session, "0823456789").person_key == key_for_id(national_id("110170023070"))


def test_every_bad_row_is_reported_by_row_and_column_and_nothing_is_written(rt, places, tmp_path):
    rows = [
        person("", "0810000001"),
        person("นายบัตรผิด", "0810000002", เลขบัตรประชาชน="1234567890123"),
        person("นายบทบาทแปลก", "0810000003", "ชาวนา"),
        person("นายหมู่บ้านไม่มี", "0810000004", หมู่ที่="42"),
        person("นายตำแหน่งผิด", "0810000005", กลุ่มอาชีพ="กลุ่มทอผ้า", ตำแหน่งในกลุ่ม="หัวหน้าใหญ่"),
        person("นายไม่มีผู้นำ", "0810000006", ผู้นำที่ดูแล="0899990000"),
        person("นายเบอร์ผิด", "12345"),
        person("นางถูกต้อง ทุกช่อง", "0810000008"),
        person("นายกรรมการไร้ตำแหน่ง", "0810000009", "กรรมการ"),
    ]
    report = _import(rt, write_csv(tmp_path / "bad.csv", rows))
    found = {(e.row, e.column) for e in report.errors}
    assert found == {(2, "ชื่อ-นามสกุล"), (3, "เลขบัตรประชาชน"), (4, "บทบาท"), (5, "หมู่ที่"),
                     (6, "ตำแหน่งในกลุ่ม"), (7, "ผู้นำที่ดูแล"), (8, "โทรศัพท์"), (10, "ตำแหน่งในกลุ่ม")}
    assert "แถวที่ 4 คอลัมน์ «บทบาท»: ไม่รู้จักบทบาท «ชาวนา»" in "\n".join(report.lines())
    assert _counts(rt)["Person"] == 0


def test_a_household_leader_must_be_a_leader(rt, places, tmp_path):
    rows = [person("นางครัวเรือน หนึ่ง", "0810000001"),
            person("นางครัวเรือน สอง", "0810000002", ผู้นำที่ดูแล="0810000001")]
    report = _import(rt, write_csv(tmp_path / "not_leader.csv", rows))
    assert [(e.row, e.column) for e in report.errors] == [(3, "ผู้นำที่ดูแล")]


def test_duplicates_within_a_file_are_refused(rt, places, tmp_path):
    same_id = national_id("310040012345")
    rows = [person("นางซ้ำ หนึ่ง", "0810000001"),
            person("นางซ้ำ หนึ่ง อีกครั้ง", "081-000-0001"),
            person("นายบัตรเดียวกัน", "0810000003", เลขบัตรประชาชน=same_id),
            person("นายบัตรเดียวกัน", "0810000004", เลขบัตรประชาชน=same_id)]
    report = _import(rt, write_csv(tmp_path / "dupes.csv", rows))
    assert [(e.row, e.column) for e in report.errors] == [(3, "โทรศัพท์"), (5, "เลขบัตรประชาชน")]
    assert "แถวที่ 2" in report.errors[0].message


def test_wrong_or_missing_headers_are_named(rt, places, tmp_path):
    headers = ["ชื่อ", "โทรศัพท์", "บทบาท", "จังหวัด", "อำเภอ", "ตำบล", "หมู่ที่"]
    path = write_csv(tmp_path / "headers.csv", [{"ชื่อ": "นางหนึ่ง", "โทรศัพท์": "0810000001", "บทบาท": "ครัวเรือน",
                                                 "จังหวัด": "อุบลราชธานี", "อำเภอ": "เขื่องใน", "ตำบล": "เขื่องใน",
                                                 "หมู่ที่": "3"}], headers=headers)
    report = _import(rt, path)
    assert {(e.row, e.column) for e in report.errors} == {(1, "ชื่อ-นามสกุล"), (1, "ชื่อ")}
    not_a_table = tmp_path / "people.txt"
    not_a_table.write_text("x")
    assert _import(rt, not_a_table).errors[0].row == 0


def test_xlsx_imports_the_same_as_csv(rt, demo_people, tmp_path):
    import csv

    with (DEMO / "people.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    workbook = Workbook()
    sheet = workbook.active
    phone_column = rows[0].index("โทรศัพท์")
    for number, row in enumerate(rows):
        if number:  # Excel users type phones as numbers and lose the leading zero
            row[phone_column] = int(row[phone_column].replace("-", ""))
        sheet.append(row)
    workbook.save(tmp_path / "people.xlsx")
    before = _counts(rt)
    report = _import(rt, tmp_path / "people.xlsx")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 15), report.lines()
    assert _counts(rt) == before


def test_a_person_first_known_by_phone_keeps_their_row_when_the_id_arrives(rt, places, tmp_path):
    _import(rt, write_csv(tmp_path / "phone.csv", [person("นางมีแต่เบอร์", "0810000001")]))
    id_number = national_id("350990012345")
    report = _import(rt, write_csv(tmp_path / "id.csv", [person("นางมีแต่เบอร์", "0810000001", เลขบัตรประชาชน=id_number)]))
    assert (report.created, report.updated) == (0, 1)
    with rt.db.session() as session:
        assert session.scalar(select(Person.person_key)) == key_for_id(id_number)


def test_withdrawn_people_are_not_brought_back(rt, places, tmp_path):
    path = write_csv(tmp_path / "one.csv", [person("นางถอนตัว", "0810000001")])
    _import(rt, path)
    with rt.db.session() as session:
        gone = session.scalar(select(Person))
        gone.full_name, gone.phone, gone.withdrawn_at = "", None, clock.utcnow()
    report = _import(rt, path)
    assert (report.withdrawn_skipped, report.created) == (1, 0)
    with rt.db.session() as session:
        assert session.scalar(select(Person.full_name)) == ""


def test_identity_helpers():
    assert valid_national_id(national_id("110170023070"))
    assert not valid_national_id("1101700230700")
    assert normalise_phone("812345678") == "0812345678"
    assert normalise_phone("02-123-4567") == "021234567"
    assert normalise_phone("0812345") is None
    assert key_for_phone("0812345678") != key_for_id("0812345678") and len(key_for_phone("0812345678")) == 64
    assert PEOPLE_HEADERS[0] == "ชื่อ-นามสกุล"


def test_person_key_is_keyed_by_the_secret_in_settings_not_the_source(rt):
    import dataclasses
    import hashlib

    from bot import runtime

    phone = "0812345678"
    first = key_for_phone(phone)
    other = runtime.Runtime(dataclasses.replace(rt.settings, person_key_secret="another-secret-" + "x" * 20))
    runtime.install(other)
    try:
        assert key_for_phone(phone) != first  # without the secret, trying every phone finds nothing
    finally:
        runtime.install(rt)
    assert first != hashlib.sha256(f"sammachip-bot/person-key/v1:phone:{phone}".encode()).hexdigest()
