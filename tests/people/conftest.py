"""Shared helpers for the people tests: the demo places and small hand-made sheets."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from devtools.demo.people import PEOPLE_CSV, PLACES_CSV
from bot.people.importer import import_people
from bot.people.places import load_places

DEMO = PLACES_CSV.parent
PEOPLE_HEADERS = ["ชื่อ-นามสกุล", "เลขบัตรประชาชน", "โทรศัพท์", "บทบาท", "จังหวัด", "อำเภอ", "ตำบล", "หมู่ที่",
                  "อาชีพ", "จำนวนสมาชิก", "ผู้นำที่ดูแล", "กลุ่มอาชีพ", "ตำแหน่งในกลุ่ม", "พื้นที่รับผิดชอบ"]
PLACE = {"จังหวัด": "อุบลราชธานี", "อำเภอ": "เขื่องใน", "ตำบล": "เขื่องใน", "หมู่ที่": "3"}


def national_id(first_twelve: str) -> str:
    """A 13-digit ID with a correct check digit, for test data only."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first_twelve))
    return first_twelve + str((11 - total % 11) % 10)


def person(name: str, phone: str, roles: str = "ครัวเรือนเป้าหมาย", **cells) -> dict:
    # Python folds keyword names with NFKC, which splits SARA AM (ำ) into ํ + า; fold it back.
    cells = {key.replace("\u0e4d\u0e32", "\u0e33"): value for key, value in cells.items()}
    return {"ชื่อ-นามสกุล": name, "โทรศัพท์": phone, "บทบาท": roles, **PLACE, **cells}


def write_csv(path: Path, rows: list[dict], headers: list[str] = PEOPLE_HEADERS, bom: bool = True) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=headers)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def places(rt):
    with rt.db.session() as session:
        assert load_places(session, DEMO / "places.csv").ok


@pytest.fixture
def demo_people(rt, places):
    with rt.db.session() as session:
        report = import_people(session, PEOPLE_CSV)
    assert report.ok, report.lines()
    return report
