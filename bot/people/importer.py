"""People from an officer's spreadsheet (CSV in UTF-8, or XLSX), all or nothing.

Columns (Thai headers, any order; "ลำดับ" and "หมายเหตุ" are read past):

| column | required | what it holds |
| --- | --- | --- |
| ชื่อ-นามสกุล | yes | the name as it should be printed |
| เลขบัตรประชาชน | one of these two | 13 digits, checksum checked; dashes and Thai digits accepted |
| โทรศัพท์ | one of these two | 0812345678, 081-234-5678, +66 81 234 5678, Thai digits |
| บทบาท | yes | ครัวเรือนเป้าหมาย, ผู้นำสัมมาชีพ, กรรมการ, พัฒนากร; several separated by commas |
| จังหวัด, อำเภอ | yes | must already be loaded (see `places.load_places`); จ./อ. prefixes allowed |
| ตำบล, หมู่ที่ | yes, except for officers | the person's village |
| ชื่อหมู่บ้าน | no | checked against the loaded village, to catch a wrong หมู่ที่ |
| อาชีพ | no | occupation practised or taught |
| จำนวนสมาชิก | no | people in the household |
| ผู้นำที่ดูแล | no, households only | the leader's phone or national ID; the leader must be in this file or already imported |
| กลุ่มอาชีพ | no | occupational group in the person's village; created when new; one group per person |
| ตำแหน่งในกลุ่ม | no | ประธาน, รองประธาน, เลขานุการ, เหรัญญิก, บัญชี, การตลาด, การผลิต, ตรวจสอบคุณภาพ, ประชาสัมพันธ์ (a seat makes the person กรรมการ), or สมาชิก |
| พื้นที่รับผิดชอบ | no, officers only | blank or "ทั้งอำเภอ": the whole อำเภอ of the row; otherwise subdistrict names separated by commas (ต.ก่อเอ้, ต.ชีทวน) or another district written as อ.ชื่ออำเภอ |

Every row is checked first; if any row is wrong nothing is written and the report
lists each problem by row and column. A person is identified by `person_key`, a
salted sha256 of the national ID (else of the phone), so the ID itself is never
stored and re-importing the same file changes nothing. A later file updates a
person's name, phone, village, roles and the optional columns it contains;
columns it leaves out are left as they were. People who withdrew consent (PDPA)
are skipped, so an old file cannot bring their data back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from bot.models import (
    District, GroupMember, LeaderHousehold, OccupationalGroup, OfficerScope, Person, PersonRole, Village,
)
from bot.people import keys
from bot.people import roles as vocab
from bot.people.places import (
    DISTRICT, MOO, PROVINCE, SUBDISTRICT, VILLAGE_NAME, find_district, find_subdistrict, find_village, parse_moo,
    place_name,
)
from bot.people.tables import RowError, Table, TableReport, open_table
from bot.thai import arabic_digits, parse_number
from bot.texts.people_import import (REQUIRED, NO_IDENTITY_COLUMN, NO_IDENTITY, BAD_ID, BAD_PHONE,
    UNKNOWN_ROLE, BAD_MOO, UNKNOWN_DISTRICT, UNKNOWN_SUBDISTRICT, UNKNOWN_VILLAGE, WRONG_VILLAGE_NAME,
    BAD_MEMBERS, LEADER_ONLY_FOR_HOUSEHOLD, BAD_LEADER_REF, LEADER_NOT_FOUND, LEADER_AMBIGUOUS, NOT_A_LEADER,
    OWN_LEADER, GROUP_NEEDS_VILLAGE, UNKNOWN_SEAT, SEAT_NEEDS_GROUP, COMMITTEE_NEEDS_SEAT,
    AREA_ONLY_FOR_OFFICERS, UNKNOWN_AREA, DUPLICATE_PERSON, SHARED_PHONE, SUMMARY, WITHDRAWN_SKIPPED)

NATIONAL_ID, PHONE, NAME, ROLES = "เลขบัตรประชาชน", "โทรศัพท์", "ชื่อ-นามสกุล", "บทบาท"
OCCUPATION, MEMBERS, LEADER, GROUP, SEAT, AREA = (
    "อาชีพ", "จำนวนสมาชิก", "ผู้นำที่ดูแล", "กลุ่มอาชีพ", "ตำแหน่งในกลุ่ม", "พื้นที่รับผิดชอบ")
REQUIRED_COLUMNS = [NAME, ROLES, PROVINCE, DISTRICT, SUBDISTRICT, MOO]
OPTIONAL_COLUMNS = [NATIONAL_ID, PHONE, VILLAGE_NAME, OCCUPATION, MEMBERS, LEADER, GROUP, SEAT, AREA]
IDENTITY = f"{NATIONAL_ID} / {PHONE}"



WHOLE_DISTRICT = "ทั้งอำเภอ"
_LIST_SEPARATORS = re.compile(r"[,，、;/\s]+|\s+และ\s+")
_PREFIX_SPACE = re.compile(r"(อ\.|ต\.|อำเภอ|ตำบล)\s+")
_ROLE_SEPARATORS = re.compile(r"[,，、;/\s]+")
_PHONE = re.compile(r"0(?:[689]\d{8}|[2-7]\d{7})")


key_for_id, key_for_phone = keys.for_id, keys.for_phone


def valid_national_id(digits: str) -> bool:
    if len(digits) != 13 or not digits.isdigit():
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == int(digits[12])


def national_id_digits(text: str) -> str:
    return re.sub(r"[\s\-.]", "", arabic_digits(text or ""))


def _is_member_or_blank(seat_text: str) -> bool:
    return re.sub(r"\s+", "", seat_text) in vocab.MEMBER_WORDS | {""}


def normalise_phone(text: str) -> str | None:
    """'๐๘๑-๒๓๔-๕๖๗๘', '+66 81 234 5678' or Excel's '812345678' -> '0812345678'; None if not Thai."""
    digits = re.sub(r"\D", "", arabic_digits(text or ""))
    if len(digits) == 9 and digits[0] in "689":
        digits = "0" + digits  # Excel drops the leading zero of a number-formatted cell
    elif digits.startswith("66") and len(digits) in (10, 11):
        digits = "0" + digits[2:]
    return digits if _PHONE.fullmatch(digits) else None


@dataclass
class ImportReport(TableReport):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn_skipped: int = 0
    groups_created: int = 0

    def summary(self) -> list[str]:
        lines = [SUMMARY.format(created=self.created, updated=self.updated, unchanged=self.unchanged,
                                groups=self.groups_created)]
        if self.withdrawn_skipped:
            lines.append(WITHDRAWN_SKIPPED.format(count=self.withdrawn_skipped))
        return lines


@dataclass
class _Row:
    number: int
    national_id: str | None
    phone: str | None
    full_name: str
    roles: set[str]
    district: District | None
    village: Village | None
    optional: dict[str, object]  # Person attribute -> value, only for columns the file has
    leader_text: str | None
    group: str | None
    seat: str | None
    scopes: set[tuple[int, int | None]]
    existing: Person | None = None
    leader_row: "_Row | None" = None
    leader_person: Person | None = None

    @property
    def key(self) -> str:
        return key_for_id(self.national_id) if self.national_id else key_for_phone(self.phone)


def import_people(session: Session, path: Path | str) -> ImportReport:
    report = ImportReport()
    table, report.errors = open_table(path, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
    if table is None:
        return report
    if NATIONAL_ID not in table.headers and PHONE not in table.headers:
        report.errors.append(RowError(1, IDENTITY, NO_IDENTITY_COLUMN))
    if report.errors:
        return report
    rows = _RowReader(session, table).read(report.errors)
    if not report.errors:
        _Writer(session, table, report).write(rows)
    return report


class _RowReader:
    """Turns cells into checked rows, looking places and leaders up without writing."""

    def __init__(self, session: Session, table: Table):
        self.session = session
        self.headers = set(table.headers)
        self.table = table
        self._districts: dict[tuple[str, str], District | None] = {}

    def read(self, errors: list[RowError]) -> list[_Row]:
        rows = []
        for number, cells in self.table.rows:
            row_errors: list[RowError] = []
            row = self._row(number, cells, row_errors)
            errors.extend(row_errors)
            if row is not None and not row_errors:
                rows.append(row)
        errors.extend(self._duplicates(rows))
        for row in rows:
            row.existing = self._existing(row)
        errors.extend(self._resolve_leaders(rows))
        return rows

    def _row(self, number: int, cells: dict[str, str], errors: list[RowError]) -> _Row | None:
        def fail(column: str, message: str) -> None:
            errors.append(RowError(number, column, message))

        full_name = cells.get(NAME, "")
        if not full_name:
            fail(NAME, REQUIRED)
        national_id = national_id_digits(cells.get(NATIONAL_ID, "")) or None
        if national_id and not valid_national_id(national_id):
            fail(NATIONAL_ID, BAD_ID.format(value=cells[NATIONAL_ID]))
        phone = None
        if cells.get(PHONE):
            phone = normalise_phone(cells[PHONE])
            if phone is None:
                fail(PHONE, BAD_PHONE.format(value=cells[PHONE]))
        elif not national_id:
            fail(IDENTITY, NO_IDENTITY)
        roles = self._roles(cells.get(ROLES, ""), fail)
        seat_text = cells.get(SEAT, "")
        seat = self._seat(seat_text, fail)
        if seat:
            roles.add(vocab.COMMITTEE)
        group = cells.get(GROUP) or None
        if seat_text and not group:
            fail(SEAT, SEAT_NEEDS_GROUP)
        if vocab.COMMITTEE in roles and seat is None and _is_member_or_blank(seat_text):
            fail(SEAT, COMMITTEE_NEEDS_SEAT)
        district, village = self._place(cells, roles, fail)
        if group and village is None and district is not None:
            fail(GROUP, GROUP_NEEDS_VILLAGE)
        leader_text = cells.get(LEADER) or None
        if leader_text and vocab.HOUSEHOLD not in roles:
            fail(LEADER, LEADER_ONLY_FOR_HOUSEHOLD)
        scopes = self._scopes(cells.get(AREA, ""), roles, district, fail)
        optional = self._optional(cells, fail)
        if errors:
            return None
        return _Row(number=number, national_id=national_id, phone=phone, full_name=full_name, roles=roles,
                    district=district, village=village, optional=optional, leader_text=leader_text, group=group,
                    seat=seat, scopes=scopes)

    def _roles(self, text: str, fail) -> set[str]:
        words = [w for w in _ROLE_SEPARATORS.split(text) if w]
        if not words:
            fail(ROLES, REQUIRED)
        roles = set()
        for word in words:
            role = vocab.ROLE_ALIASES.get(word.lower())
            if role is None:
                fail(ROLES, UNKNOWN_ROLE.format(value=word, known=", ".join(vocab.ROLE_LABELS.values())))
            else:
                roles.add(role)
        return roles

    def _seat(self, text: str, fail) -> str | None:
        if _is_member_or_blank(text):
            return None
        seat = vocab.SEAT_ALIASES.get(re.sub(r"\s+", "", text).removeprefix("ฝ่าย"))
        if seat is None:
            fail(SEAT, UNKNOWN_SEAT.format(value=text, known=", ".join(vocab.SEAT_LABELS.values())))
        return seat

    def _place(self, cells: dict[str, str], roles: set[str], fail) -> tuple[District | None, Village | None]:
        province = place_name(PROVINCE, cells.get(PROVINCE, ""))
        district_name = place_name(DISTRICT, cells.get(DISTRICT, ""))
        subdistrict_name = place_name(SUBDISTRICT, cells.get(SUBDISTRICT, ""))
        moo_text = cells.get(MOO, "")
        needs_village = bool(roles - {vocab.OFFICER}) or bool(subdistrict_name or moo_text)
        missing = [c for c, v in ((PROVINCE, province), (DISTRICT, district_name)) if not v]
        if needs_village:
            missing += [c for c, v in ((SUBDISTRICT, subdistrict_name), (MOO, moo_text)) if not v]
        for column in missing:
            fail(column, REQUIRED)
        moo = parse_moo(moo_text) if moo_text else None
        if moo_text and moo is None:
            fail(MOO, BAD_MOO.format(value=moo_text))
        if not province or not district_name:
            return None, None
        district = self._district(province, district_name)
        if district is None:
            fail(DISTRICT, UNKNOWN_DISTRICT.format(district=district_name, province=province))
            return None, None
        if not needs_village or not subdistrict_name or moo is None:
            return district, None
        subdistrict = find_subdistrict(self.session, district, subdistrict_name)
        if subdistrict is None:
            fail(SUBDISTRICT, UNKNOWN_SUBDISTRICT.format(subdistrict=subdistrict_name, district=district_name))
            return district, None
        village = find_village(self.session, subdistrict, moo)
        if village is None:
            fail(MOO, UNKNOWN_VILLAGE.format(moo=moo, subdistrict=subdistrict_name))
            return district, None
        given_name = place_name(VILLAGE_NAME, cells.get(VILLAGE_NAME, ""))
        if given_name and given_name != village.name:
            fail(VILLAGE_NAME, WRONG_VILLAGE_NAME.format(moo=moo, subdistrict=subdistrict_name,
                                                         actual=village.name, given=given_name))
        return district, village

    def _district(self, province: str, name: str) -> District | None:
        if (province, name) not in self._districts:
            self._districts[(province, name)] = find_district(self.session, province, name)
        return self._districts[(province, name)]

    def _scopes(self, text: str, roles: set[str], district: District | None, fail) -> set[tuple[int, int | None]]:
        if vocab.OFFICER not in roles:
            if text:
                fail(AREA, AREA_ONLY_FOR_OFFICERS)
            return set()
        if district is None:
            return set()
        items = [item for item in _LIST_SEPARATORS.split(_PREFIX_SPACE.sub(r"\1", text)) if item]
        if not items:
            return {(district.id, None)}
        scopes = set()
        for item in items:
            scope = self._scope(item, district)
            if scope is None:
                fail(AREA, UNKNOWN_AREA.format(value=item, district=district.name))
            else:
                scopes.add(scope)
        return scopes

    def _scope(self, item: str, district: District) -> tuple[int, int | None] | None:
        if item in (WHOLE_DISTRICT, "ทั้งหมด"):
            return district.id, None
        if item.startswith(("อ.", "อำเภอ")):
            named = self.session.scalar(select(District).where(
                District.province_id == district.province_id, District.name == place_name(DISTRICT, item)))
            return (named.id, None) if named else None
        subdistrict = find_subdistrict(self.session, district, place_name(SUBDISTRICT, item))
        return (district.id, subdistrict.id) if subdistrict else None

    def _optional(self, cells: dict[str, str], fail) -> dict[str, object]:
        optional: dict[str, object] = {}
        if OCCUPATION in self.headers:
            optional["occupation"] = cells.get(OCCUPATION) or None
        if MEMBERS in self.headers:
            optional["household_members"] = None
            if cells.get(MEMBERS):
                count = parse_number(cells[MEMBERS])
                if count is None or count != int(count) or not 1 <= count <= 50:
                    fail(MEMBERS, BAD_MEMBERS.format(value=cells[MEMBERS]))
                else:
                    optional["household_members"] = int(count)
        return optional

    @staticmethod
    def _duplicates(rows: list[_Row]) -> list[RowError]:
        errors = []
        by_key: dict[str, _Row] = {}
        by_phone: dict[str, _Row] = {}
        for row in rows:
            first = by_key.setdefault(row.key, row)
            if first is not row:
                column = NATIONAL_ID if row.national_id else PHONE
                errors.append(RowError(row.number, column, DUPLICATE_PERSON.format(row=first.number)))
                continue
            if row.phone:
                other = by_phone.setdefault(row.phone, row)
                # Family members may share a phone, but only the ID can tell them apart.
                if other is not row and not (row.national_id and other.national_id):
                    errors.append(RowError(row.number, PHONE, SHARED_PHONE.format(row=other.number)))
        return errors

    def _existing(self, row: _Row) -> Person | None:
        own = keys.candidates_for_id(row.national_id) if row.national_id else keys.candidates_for_phone(row.phone)
        person = self.session.scalar(select(Person).where(Person.person_key.in_(own)))
        if person is None and row.national_id and row.phone:
            # First imported by phone alone; now that the ID is known the key moves to it.
            person = self.session.scalar(select(Person).where(
                Person.person_key.in_(keys.candidates_for_phone(row.phone))))
        return person

    def _resolve_leaders(self, rows: list[_Row]) -> list[RowError]:
        errors = []
        by_key = {row.key: row for row in rows}
        in_file_people = {row.existing for row in rows if row.existing is not None}
        by_phone: dict[str, list[_Row]] = {}
        for row in rows:
            if row.phone:
                by_phone.setdefault(row.phone, []).append(row)
        for row in rows:
            if not row.leader_text:
                continue
            value = row.leader_text
            problem = None
            digits = national_id_digits(value)
            if valid_national_id(digits):
                in_file = [by_key[key_for_id(digits)]] if key_for_id(digits) in by_key else []
                in_db = self._people(Person.person_key.in_(keys.candidates_for_id(digits)))
            else:
                phone = normalise_phone(value)
                if phone is None:
                    errors.append(RowError(row.number, LEADER, BAD_LEADER_REF.format(value=value)))
                    continue
                in_file = by_phone.get(phone, [])
                in_db = self._people(or_(Person.phone == phone,
                                         Person.person_key.in_(keys.candidates_for_phone(phone))))
            in_file = [r for r in in_file if r.existing is None or r.existing.withdrawn_at is None]
            in_db = [p for p in in_db if p not in in_file_people]
            if len(in_file) + len(in_db) > 1:
                problem = LEADER_AMBIGUOUS
            elif in_file:
                row.leader_row = in_file[0]
                if in_file[0] is row:
                    problem = OWN_LEADER
                elif vocab.LEADER not in in_file[0].roles:
                    problem = NOT_A_LEADER
            elif in_db:
                row.leader_person = in_db[0]
                if vocab.LEADER not in in_db[0].role_names:
                    problem = NOT_A_LEADER
            else:
                problem = LEADER_NOT_FOUND
            if problem:
                errors.append(RowError(row.number, LEADER, problem.format(value=value)))
        return errors

    def _people(self, condition) -> list[Person]:
        return list(self.session.scalars(select(Person).where(condition, Person.withdrawn_at.is_(None))))


class _Writer:
    """Applies checked rows: people first, then the links between them."""

    def __init__(self, session: Session, table: Table, report: ImportReport):
        self.session = session
        self.headers = set(table.headers)
        self.report = report
        self._groups: dict[tuple[int, str], OccupationalGroup] = {}

    def write(self, rows: list[_Row]) -> None:
        withdrawn = [row for row in rows if row.existing is not None and row.existing.withdrawn_at is not None]
        self.report.withdrawn_skipped = len(withdrawn)
        rows = [row for row in rows if row not in withdrawn]
        before = {row.number: _snapshot(self.session, row.existing) for row in rows if row.existing is not None}
        people = {row.number: self._upsert_person(row) for row in rows}
        self.session.flush()
        for row in rows:
            person = people[row.number]
            self._set_leader(row, person, people)
            self._set_group(row, person)
            self._set_scopes(row, person)
        self.session.flush()
        for row in rows:
            if row.number not in before:
                self.report.created += 1
            elif _snapshot(self.session, people[row.number]) != before[row.number]:
                self.report.updated += 1
            else:
                self.report.unchanged += 1

    def _upsert_person(self, row: _Row) -> Person:
        person = row.existing
        if person is None:
            person = Person(person_key=row.key)
            self.session.add(person)
        person.person_key = row.key
        person.full_name = row.full_name
        if PHONE in self.headers:
            person.phone = row.phone
        person.village_id = row.village.id if row.village else None
        for attribute, value in row.optional.items():
            setattr(person, attribute, value)
        held = {role.role: role for role in person.roles}
        for name in held.keys() - row.roles:
            person.roles.remove(held[name])
        for name in sorted(row.roles - held.keys()):
            person.roles.append(PersonRole(role=name))
        return person

    def _set_leader(self, row: _Row, person: Person, people: dict[int, Person]) -> None:
        if vocab.LEADER not in row.roles:
            self.session.execute(delete(LeaderHousehold).where(LeaderHousehold.leader_id == person.id))
        if vocab.HOUSEHOLD in row.roles and LEADER not in self.headers:
            return
        leader = people[row.leader_row.number] if row.leader_row else row.leader_person
        wanted = {leader.id} if leader is not None and vocab.HOUSEHOLD in row.roles else set()
        current = set(self.session.scalars(
            select(LeaderHousehold.leader_id).where(LeaderHousehold.household_id == person.id)))
        if current - wanted:
            self.session.execute(delete(LeaderHousehold).where(
                LeaderHousehold.household_id == person.id, LeaderHousehold.leader_id.in_(current - wanted)))
        for leader_id in wanted - current:
            self.session.add(LeaderHousehold(leader_id=leader_id, household_id=person.id))

    def _set_group(self, row: _Row, person: Person) -> None:
        if GROUP not in self.headers:
            return
        group = self._group(row.village, row.group, row.optional.get("occupation")) if row.group else None
        memberships = list(self.session.scalars(select(GroupMember).where(GroupMember.person_id == person.id)))
        for membership in memberships:
            if group is None or membership.group_id != group.id:
                self.session.delete(membership)
            elif membership.committee_role != row.seat:
                membership.committee_role = row.seat
        if group is not None and all(m.group_id != group.id for m in memberships):
            self.session.add(GroupMember(group_id=group.id, person_id=person.id, committee_role=row.seat))

    def _group(self, village: Village, name: str, occupation) -> OccupationalGroup:
        key = (village.id, name)
        if key not in self._groups:
            group = self.session.scalar(select(OccupationalGroup).where(
                OccupationalGroup.village_id == village.id, OccupationalGroup.name == name))
            if group is None:
                group = OccupationalGroup(village_id=village.id, name=name, occupation=occupation)
                self.session.add(group)
                self.session.flush()
                self.report.groups_created += 1
            self._groups[key] = group
        return self._groups[key]

    def _set_scopes(self, row: _Row, person: Person) -> None:
        current = {(s.district_id, s.subdistrict_id): s for s in self.session.scalars(
            select(OfficerScope).where(OfficerScope.person_id == person.id))}
        for scope in current.keys() - row.scopes:
            self.session.delete(current[scope])
        for district_id, subdistrict_id in sorted(row.scopes - current.keys(), key=str):
            self.session.add(OfficerScope(person_id=person.id, district_id=district_id, subdistrict_id=subdistrict_id))


def _snapshot(session: Session, person: Person) -> tuple:
    """Everything an import may change about a person, to tell "updated" from "unchanged"."""
    return (
        person.person_key, person.full_name, person.phone, person.village_id, person.occupation,
        person.household_members, frozenset(person.role_names),
        frozenset(session.scalars(select(LeaderHousehold.leader_id).where(LeaderHousehold.household_id == person.id))),
        frozenset(tuple(row) for row in session.execute(
            select(GroupMember.group_id, GroupMember.committee_role).where(GroupMember.person_id == person.id))),
        frozenset(tuple(row) for row in session.execute(
            select(OfficerScope.district_id, OfficerScope.subdistrict_id).where(OfficerScope.person_id == person.id))),
    )
