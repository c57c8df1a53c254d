"""Thai numbers, money and dates as villagers write and read them.

Numbers arrive as "1,500", "๑๕๐๐", "1500 บาท", "สองพันบาท" or the spoken "พันห้า"
(1,500, not 1,005); dates go out with Thai month names and Buddhist-era years.
"""
from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from pythainlp.util import thai_digit_to_arabic_digit, thai_strftime, thaiword_to_num  # noqa: E402

from bot import texts  # noqa: E402

# Words people add around an amount; removing them leaves the number.
_UNIT_WORDS = ("บาทถ้วน", "บาท", "ครัวเรือน", "ครอบครัว", "หลังคาเรือน", "หลัง", "คน", "ราย", "ครั้ง", "สตางค์", "ถ้วน")
_DIGIT_WORDS = {"หนึ่ง": 1, "เอ็ด": 1, "สอง": 2, "ยี่": 2, "สาม": 3, "สี่": 4, "ห้า": 5, "หก": 6, "เจ็ด": 7, "แปด": 8, "เก้า": 9}
_BIG_UNITS = {"ร้อย": 100, "พัน": 1000, "หมื่น": 10_000, "แสน": 100_000, "ล้าน": 1_000_000}
_SPOKEN_SHORT = re.compile("(" + "|".join(_BIG_UNITS) + ")(" + "|".join(_DIGIT_WORDS) + ")$")
_ARABIC = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def arabic_digits(text: str) -> str:
    return thai_digit_to_arabic_digit(text or "")


def _clean(text: str) -> str:
    text = arabic_digits(text).strip().replace(" ", "").replace("\u200b", "")
    for word in _UNIT_WORDS:
        if text.endswith(word) and len(text) > len(word):
            text = text[: -len(word)]
    return text


def parse_number(text: str) -> Decimal | None:
    """The number in `text`, or None when it is not a plain amount."""
    cleaned = _clean(text)
    if not cleaned:
        return None
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if _ARABIC.match(cleaned):
        try:
            return Decimal(cleaned)
        except InvalidOperation:
            return None
    return _parse_words(cleaned)


def _parse_words(words: str) -> Decimal | None:
    # "พันห้า" is spoken short for one thousand five hundred: the last digit word
    # counts in the unit below the one it follows.
    spoken = _SPOKEN_SHORT.search(words)
    tail = 0
    if spoken:
        unit, digit = spoken.groups()
        tail = _DIGIT_WORDS[digit] * _BIG_UNITS[unit] // 10
        words = words[: spoken.start(2)]
    try:
        return Decimal(thaiword_to_num(words) + tail)
    except (ValueError, TypeError, KeyError):
        return None


def parse_money(text: str) -> Decimal | None:
    """Baht with satang precision; None for nonsense or more than two decimals."""
    amount = parse_number(text)
    if amount is None or amount != amount.quantize(Decimal("0.01")):
        return None
    return amount.quantize(Decimal("0.01"))


def money(amount: Decimal | int) -> str:
    """1500 -> "1,500 บาท"; 1500.5 -> "1,500.50 บาท"."""
    amount = Decimal(amount)
    shown = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{shown} บาท"


def thai_date(day: date | datetime, weekday: bool = False) -> str:
    """27 พ.ย. 2569 style, with the Buddhist-era year."""
    return thai_strftime(datetime(day.year, day.month, day.day), "%A %-d %B %Y" if weekday else "%-d %B %Y")


def thai_date_short(day: date | datetime) -> str:
    return thai_strftime(datetime(day.year, day.month, day.day), "%-d %b %Y")


def iso_week(day: date | datetime) -> str:
    """"2026-W48": the ISO week (Monday to Sunday) a day falls in."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(week: str) -> date:
    year, number = week.split("-W")
    return date.fromisocalendar(int(year), int(number), 1)


def previous_week(week: str) -> str:
    return iso_week(week_monday(week) - timedelta(days=7))


def week_label(week: str) -> str:
    """"สัปดาห์ที่ 48 (23–29 พ.ย. 2569)": the ISO week in Thai, with the Buddhist-era year."""
    monday = week_monday(week)
    sunday = monday + timedelta(days=6)
    start = thai_strftime(datetime(monday.year, monday.month, monday.day), "%-d" if monday.month == sunday.month
                          else "%-d %b")
    end = thai_date_short(sunday)
    return texts.WEEK_LABEL.format(number=int(week.split("-W")[1]), start=start, end=end)


def month_key(day: date | datetime) -> str:
    return f"{day.year}-{day.month:02d}"


def month_label(month: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    return thai_strftime(datetime(year, number, 1), "%B %Y")


# Titles dropped before "คุณ": "คุณนางสมร" reads wrong, "คุณสมร" is how people say it.
_TITLES = ("นางสาว", "น.ส.", "นาง", "นาย")


def call_name(full_name: str) -> str:
    """The name to put after "คุณ": the imported full name without its title."""
    for title in _TITLES:
        if full_name.startswith(title) and len(full_name) > len(title):
            return full_name[len(title):].strip()
    return full_name
