"""Thai numbers, money, dates, phone numbers and sentences as villagers write and read them.

Numbers arrive as "1,500", "๑๕๐๐", "1500 บาท", "สองพันบาท" or the spoken "พันห้า"
(1,500, not 1,005); dates go out with Thai month names and Buddhist-era years, and
come in as "27/11/69", "27 พ.ย. 2569" or "2026-11-27" (PyThaiNLP knows the month
names and the eras). Sentences are filled so that a name or a date is never glued
to the Thai word after it.
"""
from __future__ import annotations

import os
import re
import string
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from pythainlp.util import (  # noqa: E402
    thai_digit_to_arabic_digit, thai_strftime, thai_strptime, thaiword_to_num,
)
from pythainlp.util.date import thai_full_months  # noqa: E402

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


def date_and_time(moment: datetime) -> str:
    """"เสาร์ 5 ธันวาคม 2569 เวลา 09:00 น.", in the moment's own zone (pass it in Bangkok time)."""
    return f"{thai_date(moment, weekday=True)} เวลา {moment:%H:%M} น."


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
    from bot import texts  # here: the texts module fills its sentences with this module's Sentence

    return texts.WEEK_LABEL.format(number=int(week.split("-W")[1]), start=start, end=end)


def month_key(day: date | datetime) -> str:
    return f"{day.year}-{day.month:02d}"


def month_label(month: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    return thai_strftime(datetime(year, number, 1), "%B %Y")


def month_label_short(month: str) -> str:
    """"2026-11" -> "พ.ย. 2569" (fits a button)."""
    year, number = (int(part) for part in month.split("-"))
    return thai_strftime(datetime(year, number, 1), "%b %Y")


# Titles dropped before "คุณ": "คุณนางสมร" reads wrong, "คุณสมร" is how people say it.
_TITLES = ("นางสาว", "น.ส.", "นาง", "นาย")


def call_name(full_name: str) -> str:
    """The name to put after "คุณ": the imported full name without its title."""
    for title in _TITLES:
        if full_name.startswith(title) and len(full_name) > len(title):
            return full_name[len(title):].strip()
    return full_name


# ---- dates people type --------------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DIGIT_SEPARATOR = re.compile(r"(?<=\d)\s*[/.\-]\s*(?=\d)|(?<=\d)\s*/\s*|\s*/\s*(?=\d)")


def parse_date(text: str) -> date | None:
    """"27/11/2569", "27/11/69", "27 พ.ย. 2569", "27 พฤศจิกายน 2026", "2569-11-27" -> a date, else None.

    A year above 2400 or of two digits is Buddhist era ("69" is 2569); PyThaiNLP reads
    the month (number, short or full name) and converts the era.
    """
    cleaned = " ".join(arabic_digits(text or "").replace("พ.ศ.", " ").replace("ค.ศ.", " ").split())
    if match := _ISO_DATE.match(cleaned):
        year, month, day = (int(part) for part in match.groups())
        cleaned = f"{day} {month} {year}"
    words = _DIGIT_SEPARATOR.sub(" ", cleaned).split()
    if len(words) != 3 or not words[2].isdigit():
        return None
    if words[1].isdigit():  # a month by its number: named, as PyThaiNLP reads "1" in "11" first
        if not 1 <= int(words[1]) <= 12:
            return None
        words[1] = thai_full_months[int(words[1]) - 1]
    cleaned, year_text = " ".join(words), words[2]
    era = "be" if int(year_text) > 2400 or len(year_text) <= 2 else "ad"
    try:
        return thai_strptime(cleaned, "%d %B %Y", year=era).date()
    except (IndexError, ValueError, KeyError, TypeError):
        return None


# ---- phone numbers ------------------------------------------------------------------

def phone(number: str | None) -> str:
    """"0811110021" -> "081-111-0021" (mobile), "021234567" -> "02-123-4567" (Bangkok),
    "045123456" -> "045-123-456" (provinces); anything else as it was, "-" when missing."""
    if not number:
        return "-"
    digits = re.sub(r"\D", "", arabic_digits(number))
    if digits.startswith("66") and len(digits) in (10, 11):
        digits = "0" + digits[2:]
    if len(digits) == 10 and digits.startswith("0"):
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if len(digits) == 9 and digits.startswith("02"):
        return f"{digits[:2]}-{digits[2:5]}-{digits[5:]}"
    if len(digits) == 9 and digits.startswith("0"):
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return number


# ---- sentences ----------------------------------------------------------------------

def _starts_thai_word(text: str) -> bool:
    # Thai consonants and the leading vowels เ แ โ ใ ไ; not ๆ, digits or punctuation.
    return bool(text) and ("\u0e01" <= text[0] <= "\u0e2e" or "\u0e40" <= text[0] <= "\u0e44")


def fill(template: str, *args, **kwargs) -> str:
    """`template.format(...)`, with a space between a filled name, date or amount and the Thai word after it.

    Thai writes no spaces between words, but a name, a date or an amount glued to the next
    word misreads: "คุณแสงเดือน บุญมายืนยัน" reads as "บุญ มายืนยัน", "2569)แล้วค่ะ" as a typo.
    """
    formatter = string.Formatter()
    parts: list[str] = []
    after_value = False
    auto = 0
    for literal, field, spec, conversion in formatter.parse(template):
        if after_value and _starts_thai_word(literal):
            parts.append(" ")
        parts.append(literal)
        after_value = False
        if field is None:
            continue
        if field == "":
            field, auto = str(auto), auto + 1
        value, _ = formatter.get_field(field, args, kwargs)
        shown = formatter.format_field(formatter.convert_field(value, conversion), spec or "")
        parts.append(shown)
        after_value = _needs_space_after(shown)
    return "".join(parts)


def _needs_space_after(value: str) -> bool:
    # A name ("สมร ใจดี"), a date or an amount has spaces inside or ends in a digit or a bracket;
    # a single Thai word ("คุณ", "เลี้ยงกบ") reads fine glued to the next one.
    return bool(value) and not value[-1].isspace() and (" " in value or not _starts_thai_word(value[-1]))


class Sentence(str):
    """A text of the bot with placeholders; `.format` fills it with `fill`, so every caller spaces alike."""

    def format(self, *args, **kwargs) -> str:
        return fill(self, *args, **kwargs)

    def format_map(self, mapping) -> str:
        return fill(self, **mapping)


# ---- what people type as an answer -----------------------------------------------------

# Polite endings people add to a short answer ("เพิ่มขึ้นค่ะ", "ข้ามครับ"); they change nothing.
_POLITE_ENDINGS = ("นะคะ", "นะครับ", "ค่ะ", "คะ", "ครับ", "คับ", "จ้า", "จ้ะ", "จ๊ะ", "นะ")


def plain_answer(text: str) -> str:
    """A typed answer made comparable: digits in Arabic, no spaces or zero-width marks, lower case,
    no polite ending ("เสร็จแล้วค่ะ" -> "เสร็จแล้ว")."""
    cleaned = re.sub(r"[\s\u200b]+", "", arabic_digits(text or "")).lower().rstrip(".!")
    for ending in _POLITE_ENDINGS:
        if cleaned.endswith(ending) and len(cleaned) > len(ending):
            return cleaned[: -len(ending)]
    return cleaned


# ---- Thai in a terminal -----------------------------------------------------------------

def display_width(text: str) -> int:
    """Columns a text takes in a terminal: Thai vowel and tone marks above or below a letter take none."""
    return sum(0 if unicodedata.category(ch) in {"Mn", "Me", "Cf"} else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` columns; never cut (a cut Thai name can read as another word)."""
    return text + " " * max(width - display_width(text), 0)
