"""`sammachip report weekly` against figures computed by hand."""
from __future__ import annotations

import json
from decimal import Decimal

from click.testing import CliRunner

from bot import thai
from sammachip.cli import main
from bot.models import HouseholdReport, WeeklyReport
from tests.builders import Place, person

WEEK = "2026-W48"  # its Thursday is 26 Nov 2026, so household reports count for 2026-11


def _province(rt):
    """Two villages in one subdistrict, one village in another district.

    หมู่ 1: leaders A (reported, 3 practising) and B (silent); households h1 up, h2 same, h3 up (October), h4 none.
    หมู่ 2: leader C (reported late, 1 practising); households h5 down.
    Elsewhere (อ.ม่วงสามสิบ): leader D (reported), household h6 up.
    """
    with rt.db.session() as session:
        home = Place(session)
        moo1, moo2 = home.village(1), home.village(2)
        other = Place(session, district="ม่วงสามสิบ", subdistrict="หนองเหล่า").village(5)
        a = person(session, "A", ["leader"], moo1)
        person(session, "B", ["leader"], moo1)
        c = person(session, "C", ["leader"], moo2)
        d = person(session, "D", ["leader"], other)
        households = {name: person(session, name, ["household"], village)
                      for name, village in [("h1", moo1), ("h2", moo1), ("h3", moo1), ("h4", moo1), ("h5", moo2),
                                            ("h6", other)]}
        session.add_all([
            WeeklyReport(leader_id=a.id, week=WEEK, households_practising=3, income_trend="up"),
            WeeklyReport(leader_id=c.id, week=WEEK, households_practising=1, income_trend="same", late=True),
            WeeklyReport(leader_id=d.id, week=WEEK, households_practising=2, income_trend="up"),
            WeeklyReport(leader_id=a.id, week="2026-W47", households_practising=9, income_trend="up"),
        ])
        for name, month, practised, versus in [("h1", "2026-11", True, "up"), ("h2", "2026-11", True, "same"),
                                               ("h3", "2026-10", True, "up"), ("h5", "2026-11", False, "down"),
                                               ("h6", "2026-11", True, "up"), ("h1", "2026-12", True, "down")]:
            session.add(HouseholdReport(household_id=households[name].id, month=month, practised=practised,
                                        income=Decimal("1500.00"), income_vs_start=versus))


def test_weekly_figures_match_hand_counts(rt):
    _province(rt)
    result = CliRunner().invoke(main, ["report", "weekly", "--week", WEEK, "--json"], catch_exceptions=False)
    figures = json.loads(result.output)
    totals = figures["totals"]
    assert (totals["leaders"], totals["reported"], totals["late"]) == (4, 3, 1)
    assert totals["practising_by_leaders"] == 6  # 3 + 1 + 2; last week's 9 is not this week
    assert (totals["households"], totals["reported_households"]) == (6, 5)
    # h1 (Nov: up; December's report is later than the week), h3 (October, still its latest), h6.
    assert totals["higher_income"] == 3
    assert totals["practised_this_month"] == 3  # h1, h2, h6 in November; h3's was October, h5 did not
    assert figures["headline"]["households_higher_income"] == "3/6"
    assert figures["headline"]["households_higher_income_percent"] == 50.0
    home = next(d for d in figures["districts"] if d["district"] == "เขื่องใน")
    assert home["totals"]["reported"] == 2
    [moo1, moo2] = home["subdistricts"][0]["villages"]
    assert (moo1["moo"], moo1["leaders"], moo1["reported"], moo1["higher_income"]) == (1, 2, 1, 2)
    assert (moo2["moo"], moo2["late"], moo2["practising_by_leaders"]) == (2, 1, 1)


def test_district_filter_and_text_output(rt):
    _province(rt)
    only = json.loads(CliRunner().invoke(main, ["report", "weekly", "--week", WEEK, "--district", "ม่วงสามสิบ",
                                                "--json"]).output)
    assert only["totals"]["leaders"] == 1 and only["headline"]["households_higher_income"] == "1/1"
    text = CliRunner().invoke(main, ["report", "weekly", "--week", WEEK]).output
    assert "สัปดาห์ที่ 48" in text and "higher income 3/6 (50.0%)" in text
    assert "3/4 (75.0%), 1 of them late" in text  # the late count, as the JSON has it


def test_text_output_never_cuts_a_place_name(rt):
    _province(rt)
    with rt.db.session() as session:
        place = Place(session, district="เขื่องในบ้านไกลสุดขอบฟ้ามากเป็นพิเศษ", subdistrict="หนองแสงน้อยใหญ่")
        person(session, "นางยาว ชื่อหมู่บ้าน", ["leader"], place.village(12, "โนนสะอาดพัฒนาเหนือใหม่"))
    lines = CliRunner().invoke(main, ["report", "weekly", "--week", WEEK]).output.splitlines()
    assert any(line.startswith("  หมู่ 12 บ้านโนนสะอาดพัฒนาเหนือใหม่ ") for line in lines)
    assert any(line.startswith("อ.เขื่องในบ้านไกลสุดขอบฟ้ามากเป็นพิเศษ ") for line in lines)
    # Every figures row puts its columns in the same place, by display width (Thai marks take no column).
    rows = [line for line in lines if "/" in line and not line.startswith("leaders")]
    assert len(rows) >= 6 and all(thai.display_width(line[:line.index("/")]) == thai.display_width(rows[0][:rows[0].index("/")])
               for line in rows)


def test_bad_week_is_refused_kindly(rt):
    result = CliRunner().invoke(main, ["report", "weekly", "--week", "48"])
    assert result.exit_code != 0 and "2026-W48" in result.output
