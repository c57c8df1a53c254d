"""Amounts and dates as villagers write and read them."""
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


@pytest.mark.parametrize("typed, day", [
    ("27/11/2569", date(2026, 11, 27)), ("27/11/69", date(2026, 11, 27)), ("๒๗/๑๑/๒๕๖๙", date(2026, 11, 27)),
    ("27 พ.ย. 2569", date(2026, 11, 27)), ("27 พฤศจิกายน 2026", date(2026, 11, 27)),
    ("2569-11-27", date(2026, 11, 27)), ("2026-11-27", date(2026, 11, 27)), ("5/1/2570", date(2027, 1, 5)),
    ("15 มี.ค. 70", date(2027, 3, 15)), ("27.11.2569", date(2026, 11, 27)), ("วันที่ 1/12 พ.ศ. 2569", None),
    ("31/2/2569", None), ("1/13/2569", None), ("27/11", None), ("พรุ่งนี้", None), ("", None),
])
def test_dates_people_type_in_either_era(typed, day):
    assert thai.parse_date(typed) == day


@pytest.mark.parametrize("stored, shown", [
    ("0811110021", "081-111-0021"), ("081-111-0021", "081-111-0021"), ("+66811110021", "081-111-0021"),
    ("๐๘๑๑๑๑๐๐๒๑", "081-111-0021"), ("021234567", "02-123-4567"), ("045123456", "045-123-456"),
    ("1669", "1669"), (None, "-"), ("", "-"),
])
def test_phone_numbers_are_grouped_as_thais_read_them(stored, shown):
    assert thai.phone(stored) == shown


def test_names_and_dates_are_not_glued_to_the_next_word():
    # The sentences of the issue: each filled value that ends a name or a date gets its space.
    assert thai.fill("ได้รับรายงาน{week}แล้วค่ะ", week=thai.week_label("2026-W48")) == \
        "ได้รับรายงานสัปดาห์ที่ 48 (23–29 พ.ย. 2569) แล้วค่ะ"
    assert thai.fill("{who}ยืนยันรับเงิน", who="คุณแสงเดือน บุญมา") == "คุณแสงเดือน บุญมา ยืนยันรับเงิน"
    assert thai.fill("ชำระที่{who}นะคะ", who="คุณสมร ใจดี") == "ชำระที่คุณสมร ใจดี นะคะ"
    # A single word stays joined as Thai writes it; so does a value followed by a space, a digit or a line end.
    assert thai.fill("งวดที่ 4 ของ{who}ค่ะ", who="คุณ") == "งวดที่ 4 ของคุณค่ะ"
    assert thai.fill("{a} บาท\n{b}\n{c}5", a="1,500", b="สมร ใจดี", c="x 1") == "1,500 บาท\nสมร ใจดี\nx 15"
    assert thai.fill("บ้าน{name}", name="") == "บ้าน"


def test_every_text_with_placeholders_spaces_its_names():
    from bot import texts

    assert isinstance(texts.WEEKLY_SAVED, thai.Sentence)
    assert texts.PAYMENT_CONFIRMED_BORROWER.format(decider="คุณแสงเดือน บุญมา", amount="1 บาท", left="0 บาท",
                                                   thanks="").startswith("คุณแสงเดือน บุญมา ยืนยัน")
    assert all(isinstance(line, thai.Sentence) for line in texts.MY_DATA_LINES)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789๐๑๒๓๔๕๖๗๘๙/-. พ.ศ.ค.ม.ย.มีนาคมธันวาคมabc\u200b"), max_size=30))
def test_any_typed_date_is_a_date_or_none(typed):
    assert thai.parse_date(typed) is None or isinstance(thai.parse_date(typed), date)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_typed_answer_or_phone_is_handled(typed):
    from flows.steps import Option, match_option

    assert isinstance(thai.plain_answer(typed), str) and isinstance(thai.phone(typed), str)
    options = [Option("1", "นายเคน สีดา"), Option("up", "เพิ่มขึ้น")]
    assert match_option(options, typed) in (None, *options)
