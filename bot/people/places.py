"""Provinces, districts, subdistricts and villages (หมู่ที่ N) from an officer's list.

Columns: จังหวัด, อำเภอ, ตำบล, หมู่ที่, ชื่อหมู่บ้าน. Names may carry the usual
prefixes (จ., อ., ต., บ้าน), numbers may be Thai digits. Loading is get-or-create,
so the same file loaded twice changes nothing; a village whose name changed in a
later file is renamed. Nothing is written unless every row is valid.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import District, Province, Subdistrict, Village
from bot.people.tables import RowError, TableReport, open_table
from bot.thai import arabic_digits
from bot.texts.places_import import (REQUIRED, BAD_MOO, MOO_NAMED_TWICE, SUMMARY)

PROVINCE, DISTRICT, SUBDISTRICT, MOO, VILLAGE_NAME = "จังหวัด", "อำเภอ", "ตำบล", "หมู่ที่", "ชื่อหมู่บ้าน"
PLACE_COLUMNS = [PROVINCE, DISTRICT, SUBDISTRICT, MOO, VILLAGE_NAME]


_PREFIXES = {
    PROVINCE: ("จังหวัด", "จ."),
    DISTRICT: ("อำเภอ", "อ."),
    SUBDISTRICT: ("ตำบล", "ต."),
    VILLAGE_NAME: ("หมู่บ้าน", "บ้าน"),
}
_MOO_PREFIX = re.compile(r"^(หมู่ที่|หมู่|ม\.)\s*")


def place_name(column: str, text: str) -> str:
    """"อ. เขื่องใน" -> "เขื่องใน"; the label adds the prefix back when printed."""
    text = (text or "").strip()
    for prefix in _PREFIXES.get(column, ()):
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix):].strip()
    return text


def parse_moo(text: str) -> int | None:
    digits = _MOO_PREFIX.sub("", arabic_digits(text or "").strip())
    if not digits.isdigit():
        return None
    moo = int(digits)
    return moo if 1 <= moo <= 999 else None


def find_district(session: Session, province: str, district: str) -> District | None:
    return session.scalar(
        select(District).join(Province).where(Province.name == province, District.name == district))


def find_subdistrict(session: Session, district: District, name: str) -> Subdistrict | None:
    return session.scalar(
        select(Subdistrict).where(Subdistrict.district_id == district.id, Subdistrict.name == name))


def find_village(session: Session, subdistrict: Subdistrict, moo: int) -> Village | None:
    return session.scalar(select(Village).where(Village.subdistrict_id == subdistrict.id, Village.moo == moo))


@dataclass
class PlacesReport(TableReport):
    provinces: int = 0
    districts: int = 0
    subdistricts: int = 0
    villages: int = 0
    renamed: int = 0
    unchanged: int = 0

    def summary(self) -> list[str]:
        return [SUMMARY.format(provinces=self.provinces, districts=self.districts, subdistricts=self.subdistricts,
                               villages=self.villages, renamed=self.renamed, unchanged=self.unchanged)]


@dataclass(frozen=True)
class _PlaceRow:
    province: str
    district: str
    subdistrict: str
    moo: int
    name: str


def load_places(session: Session, path: Path | str) -> PlacesReport:
    report = PlacesReport()
    table, report.errors = open_table(path, PLACE_COLUMNS, [])
    if report.errors:
        return report
    rows = _validated_rows(table, report.errors)
    if not report.errors:
        _write(session, rows, report)
    return report


def _validated_rows(table, errors: list[RowError]) -> list[_PlaceRow]:
    rows = []
    named: dict[tuple, tuple[int, str]] = {}
    for number, cells in table.rows:
        values = {column: place_name(column, cells.get(column, "")) for column in PLACE_COLUMNS}
        row_errors = [RowError(number, column, REQUIRED) for column, value in values.items() if not value]
        moo = parse_moo(cells.get(MOO, ""))
        if values[MOO] and moo is None:
            row_errors.append(RowError(number, MOO, BAD_MOO.format(value=cells[MOO])))
        if row_errors:
            errors.extend(row_errors)
            continue
        row = _PlaceRow(values[PROVINCE], values[DISTRICT], values[SUBDISTRICT], moo, values[VILLAGE_NAME])
        where = (row.province, row.district, row.subdistrict, row.moo)
        earlier = named.setdefault(where, (number, row.name))
        if earlier[1] != row.name:
            errors.append(RowError(number, VILLAGE_NAME, MOO_NAMED_TWICE.format(
                moo=row.moo, subdistrict=row.subdistrict, row=earlier[0], name=earlier[1])))
        rows.append(row)
    return rows


def _write(session: Session, rows: list[_PlaceRow], report: PlacesReport) -> None:
    for row in dict.fromkeys(rows):
        province = session.scalar(select(Province).where(Province.name == row.province))
        if province is None:
            province = Province(name=row.province)
            session.add(province)
            session.flush()
            report.provinces += 1
        district = find_district(session, row.province, row.district)
        if district is None:
            district = District(province_id=province.id, name=row.district)
            session.add(district)
            session.flush()
            report.districts += 1
        subdistrict = find_subdistrict(session, district, row.subdistrict)
        if subdistrict is None:
            subdistrict = Subdistrict(district_id=district.id, name=row.subdistrict)
            session.add(subdistrict)
            session.flush()
            report.subdistricts += 1
        village = find_village(session, subdistrict, row.moo)
        if village is None:
            session.add(Village(subdistrict_id=subdistrict.id, moo=row.moo, name=row.name))
            session.flush()
            report.villages += 1
        elif village.name != row.name:
            village.name = row.name
            report.renamed += 1
        else:
            report.unchanged += 1
