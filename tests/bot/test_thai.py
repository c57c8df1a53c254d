"""Amounts and dates as villagers write and read them."""
from datetime import date
from decimal import Decimal

import pytest

from bot import thai


@pytest.mark.parametrize("typed, amount", [
    ("1500", "1500"), ("1,500", "1500"), ("๑,๕๐๐", "1500"), ("1500 บาท", "1500"), ("๑๕๐๐บาท", "1500"),
    ("พันห้า", "1500"), ("สองพันห้า", "2500"), ("หมื่นสอง", "12000"), ("สองพันบาท", "2000"),
    ("ร้อยห้าสิบ", "150"), ("หนึ่งพันห้าร้อย", "1500"), ("12.50", "12.50"), ("0", "0"), ("3 ครัวเรือน", "3"),
])
def test_amounts_people_type(typed, amount):
    assert thai.parse_number(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["", "หลายบาท", "1,50", "1e5", "12.345", "สิบห้าห้า", "abc"])
def test_nonsense_is_not_an_amount(typed):
    assert thai.parse_money(typed) is None


def test_money_keeps_satang_exactly():
    assert thai.parse_money("1,234.50") == Decimal("1234.50")
    assert thai.money(Decimal("1500")) == "1,500 บาท" and thai.money(Decimal("1500.5")) == "1,500.50 บาท"


def test_dates_in_buddhist_era_and_weeks():
    assert thai.thai_date(date(2026, 11, 27), weekday=True) == "วันศุกร์ 27 พฤศจิกายน 2569"
    assert thai.iso_week(date(2026, 11, 27)) == "2026-W48" and thai.previous_week("2026-W01") == "2025-W52"
    assert thai.week_label("2026-W48") == "สัปดาห์ที่ 48 (23–29 พ.ย. 2569)"
    assert thai.week_label("2026-W49") == "สัปดาห์ที่ 49 (30 พ.ย.–6 ธ.ค. 2569)"
