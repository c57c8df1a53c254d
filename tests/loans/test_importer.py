"""Importing loans: the demo file, Thai dates and numbers, every bad row reported with
nothing written, and re-import changing nothing."""
from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from devtools.demo.loans import LOANS_CSV, load_demo_loans
from bot.loans.importer import import_loans, parse_date
from bot.models import Fund, Instalment, Loan
from devtools.demo.people import load_demo


@pytest.fixture
def district(rt):
    with rt.db.session() as session:
        load_demo(session)


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _counts(rt) -> tuple[int, int, int]:
    with rt.db.sessions() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) for t in (Fund, Loan, Instalment))


@pytest.mark.parametrize("text, expected", [
    ("15/3/2570", date(2027, 3, 15)), ("๑๕/๐๓/๗๐", date(2027, 3, 15)), ("15 มี.ค. 2570", date(2027, 3, 15)),
    ("15 มีนาคม พ.ศ. 2570", date(2027, 3, 15)), ("2027-03-15", date(2027, 3, 15)), ("2570-03-15", date(2027, 3, 15)),
    ("31/2/2570", None), ("เมื่อวาน", None)])
def test_thai_and_iso_dates(text, expected):
    assert parse_date(text) == expected


def test_demo_loans_load_and_reload_unchanged(rt, district):
    with rt.db.session() as session:
        first = load_demo_loans(session)
    assert first.ok, first.lines()
    assert (first.created, first.funds_created) == (4, 2)
    assert _counts(rt) == (2, 4, 12 + 4 + 10 + 2)
    with rt.db.sessions() as session:
        group_loan = session.scalar(select(Loan).where(Loan.contract == "สต-001/2569"))
        assert group_loan.group.name == "กลุ่มทอเสื่อกกบ้านโนนสวรรค์" and group_loan.committee.full_name == "นางแสงเดือน บุญมา"
        assert group_loan.fund.treasurer.full_name == "นางสมร ใจดี" and group_loan.fund.subdistrict_id
        assert group_loan.instalments[0].due_on == date(2026, 7, 15)
        assert sum(i.principal_due for i in group_loan.instalments) == Decimal("30000.00")
        scheduled = session.scalar(select(Loan).where(Loan.contract == "กข-016"))
        assert [(i.number, i.due_on, i.amount_due) for i in scheduled.instalments] == [
            (1, date(2026, 12, 5), Decimal("2500.00")), (2, date(2027, 1, 5), Decimal("2500.00"))]
        assert scheduled.fund.village_id
    with rt.db.session() as session:
        again = load_demo_loans(session)
    assert (again.created, again.updated, again.unchanged, again.funds_created) == (0, 0, 4, 0)
    assert _counts(rt) == (2, 4, 28)


def test_moved_due_date_updates_in_place(rt, district, tmp_path):
    with rt.db.session() as session:
        load_demo_loans(session)
        ids = set(session.scalars(select(Instalment.id)))
    rows = _rows(LOANS_CSV)
    rows[3]["วันครบกำหนด"] = "20/12/2569"
    with rt.db.session() as session:
        report = import_loans(session, _write(tmp_path / "moved.csv", rows))
    assert (report.updated, report.unchanged) == (1, 3)
    with rt.db.sessions() as session:
        assert set(session.scalars(select(Instalment.id))) == ids
        assert session.scalar(select(func.count()).where(Instalment.due_on == date(2026, 12, 20))) == 1


def test_every_bad_row_reported_and_nothing_written(rt, district, tmp_path):
    rows = _rows(LOANS_CSV)
    rows[0]["เงินต้น"] = "สามหมื่นกว่า"
    rows[1]["วันที่อนุมัติ"] = "32/13/2569"
    rows[2]["ผู้กู้"] = "089-999-9999"
    rows[3]["กรรมการผู้รับผิดชอบ"] = "081-111-0021"  # a household, not a committee member
    rows[4]["งวดชำระ"] = "รายวัน"
    with rt.db.session() as session:
        report = import_loans(session, _write(tmp_path / "bad.csv", rows))
    assert not report.ok
    by_row = {(e.row, e.column) for e in report.errors}
    assert {(2, "เงินต้น"), (3, "วันที่อนุมัติ"), (4, "ผู้กู้"), (5, "กรรมการผู้รับผิดชอบ"), (6, "งวดชำระ")} <= by_row
    assert _counts(rt) == (0, 0, 0)
    assert report.lines()[0].startswith("ไม่ได้บันทึกอะไรเลย")


def test_the_same_contract_twice(rt, district, tmp_path):
    rows = _rows(LOANS_CSV)
    rows.append({**rows[0], "ลำดับ": "6"})
    with rt.db.session() as session:
        report = import_loans(session, _write(tmp_path / "twice.csv", rows))
    assert [(e.row, e.column) for e in report.errors] == [(7, "เลขที่สัญญา")]


def test_missing_and_unknown_headers(rt, district, tmp_path):
    rows = [{k: v for k, v in row.items() if k != "เงินต้น"} | {"สีโปรด": "แดง"} for row in _rows(LOANS_CSV)]
    with rt.db.session() as session:
        report = import_loans(session, _write(tmp_path / "headers.csv", rows))
    assert {(e.row, e.column) for e in report.errors} == {(1, "เงินต้น"), (1, "สีโปรด")}


def test_scheduled_instalments_must_add_up_to_the_principal(rt, district, tmp_path):
    rows = _rows(LOANS_CSV)
    rows[4]["ยอดงวด"] = "2,000"
    with rt.db.session() as session:
        report = import_loans(session, _write(tmp_path / "sum.csv", rows))
    assert [e.column for e in report.errors] == ["ยอดงวด"]
