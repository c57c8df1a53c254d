"""One text normaliser for documents and questions, so both sides meet in the same form.

Order matters: Unicode composition first, then the characters that hide from the eye
(zero-width, BOM), then digits and numbers, then Thai spelling repairs, then PyThaiNLP's
own clean-up, applied line by line because it would otherwise fold paragraph breaks.
"""
from __future__ import annotations

import re
import unicodedata

import bot.kb  # noqa: F401  (sets PyThaiNLP's offline flags before it is imported)
from pythainlp.corpus import thai_words
from pythainlp.tokenize import word_tokenize
from pythainlp.util import normalize as thai_normalize
from pythainlp.util import thai_digit_to_arabic_digit

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# three in a row is real Thai (แบบบันทึก); four or more is a stuck or excited key
_THAI_LETTER_RUN = re.compile(r"([\u0e01-\u0e2e\u0e30-\u0e5b])\1{3,}")
_NIKHAHIT_AA = re.compile("\u0e4d\u0e32")  # ํ + า is how some fonts and PDFs spell ำ
_TONE_AFTER_AA = re.compile("([\u0e32\u0e33])([\u0e48-\u0e4b])")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
# A Thai abbreviation is consonants closed by a dot, often several in a row: กข.คจ., ป.ต.ท., สพอ.
# A dot straight after a bare consonant cannot end an ordinary word (those end in a vowel,
# a tone mark or a final consonant after one), so the shape alone identifies them.
_ABBREVIATION = re.compile("(?<![\u0e01-\u0e4e])((?:[\u0e01-\u0e2e]{1,4}\\.)+)")

# PDF extraction that drops a line's marks one cell to the right leaves the signature
# "consonant, consonant+marks, space": กลมุ่ อาชีพ for กลุ่มอาชีพ, องคค์ วาม for องค์ความ.
# The same shape also occurs in sound text (ความรู้ การ...), so the repair is tried only
# in text that shows the defect often (see looks_split), and kept only where the
# dictionary recognises more of the surrounding words afterwards.
_SPLIT_MARKS = re.compile(
    "([\u0e01-\u0e2e])([\u0e48-\u0e4c]?)([\u0e01-\u0e2e])([\u0e31\u0e34-\u0e3a\u0e47-\u0e4c]+) (?=[\u0e01-\u0e2e\u0e40-\u0e44])"
)
_SPLIT_SPACE = re.compile("(?<=[\u0e32\u0e33\u0e48-\u0e4b]) (?=[\u0e01-\u0e2e])")  # สร้า งและ
_TELLTALE = re.compile("[\u0e32][\u0e48-\u0e4b]|[\u0e01-\u0e2e] [\u0e31\u0e34-\u0e3a\u0e47-\u0e4c]")


def normalize(text: str) -> str:
    """Canonical form of Thai text; keeps line breaks, never changes letter case."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = thai_digit_to_arabic_digit(text)
    text = _NIKHAHIT_AA.sub("\u0e33", text)
    split = looks_split(text)  # decided before the next line erases the telltale signs
    text = _TONE_AFTER_AA.sub(r"\2\1", text)  # a tone mark can never follow า/ำ
    if split:
        text = _SPLIT_MARKS.sub(_repair_if_more_words, text)
        text = _SPLIT_SPACE.sub(_repair_if_more_words, text)
    text = _THAI_LETTER_RUN.sub(r"\1", text)
    lines = (_SPACES.sub(" ", thai_normalize(line)).strip() for line in text.split("\n"))
    return "\n".join(lines)


def fold_abbreviations(text: str) -> str:
    """กข.คจ. and ป.ต.ท. become กขคจ and ปตท, and 1,500 becomes 1500, the way people type them in chat.

    Kept out of normalize() so that displayed passages keep the dots and the thousands
    separators a reader needs; search applies it to documents and questions alike.
    """
    return _THOUSANDS.sub("", _ABBREVIATION.sub(lambda m: m[1].replace(".", "") + " ", text))


def looks_split(text: str) -> bool:
    """True for text whose tone marks and vowels were pulled off their consonants."""
    thai = sum(1 for ch in text if "\u0e01" <= ch <= "\u0e5b")
    return len(_TELLTALE.findall(text)) >= max(3, thai / 1000)


def _order_marks(marks: str) -> str:
    # vowel signs first, then tone marks, as Thai spelling requires
    return "".join(sorted(marks, key=lambda ch: ch in "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"))


def _repair_if_more_words(match: re.Match) -> str:
    original = match[0]
    repaired = match[1] + _order_marks(match[2] + match[4]) + match[3] if match.groups() else ""
    text, start, end = match.string, match.start(), match.end()
    left = text[text.rfind(" ", 0, start) + 1:start]
    right_end = text.find(" ", end)
    right = text[end:right_end if right_end >= 0 else len(text)]
    before = _known_chars(left + original + right)
    after = _known_chars(left + repaired + right)
    return repaired if after > before else original


def _known_chars(chunk: str) -> int:
    words = _dictionary()
    return sum(len(token) for token in word_tokenize(chunk, engine="newmm") if token in words)


def _dictionary() -> frozenset[str]:
    global _WORDS
    if _WORDS is None:
        _WORDS = thai_words()
    return _WORDS


_WORDS: frozenset[str] | None = None
