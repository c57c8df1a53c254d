"""What a question asks: its focus sentence and the kind of answer it wants.

A villager's long question is mostly story ("I am the treasurer of a basketry group, this
year we made a profit...") with the question at the end. The clauses that hold a question
word are the focus; the rest is context that may still help find the right record, so
search weighs it less. The kind of question (a figure, a list, a definition, steps, a
reason, a person, a time) decides which sentences of a passage make the answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.kb.isan import ISAN_TO_CENTRAL
from bot.kb.normalize import normalize

LONG_QUESTION = 70  # characters: shorter questions are all focus

# question words in Central Thai and Isan, and words that name a kind of answer without asking
# ("วิธี", "ขั้นตอน", a bare "บ้าง": "ขายได้บ้าง" is a reply); checked after normalisation, spaces removed
_KINDS: list[tuple[str, str, str]] = [
    # who wrote a record: its owner, named in the source line under every answer
    ("author", r"ใคร(เป็นคน|เป็นผู้)?(เขียน|แต่ง|เรียบเรียง)|(ของ)?ใครเขียน|ใครเป็นเจ้าของ",
     r"ผู้เขียน|เจ้าของ(องค์)?ความรู้"),
    ("figure", r"(?<!เ)กี่(?!ยว)|เท่าไร|เท่าไหร|เท่าใด|ซำใด๋|ปานใด|แค่ไหน|นานไหม|จำนวนเท่า", r"ร้อยละ"),
    ("definition", r"คืออะไร|คือไร|คือ$|ย่อมาจาก|หมายถึง|แปลว่า|คือหยัง|แม่นหยัง|หมายความว่า", ""),
    ("reason", r"ทำไม|เพราะอะไร|เหตุใด|เพื่ออะไร|ย้อนหยัง", ""),
    ("steps", r"อย่างไร|ยังไง|ยังงัย|ไง|จั่งใด|จั่งได|จังใด|แบบไหน|ทำไง", r"วิธี|ขั้นตอน|เริ่ม"),
    ("list", r"อะไรบ้าง|ไหนบ้าง|ใครบ้าง|หยังแหน่|อะไร|หยัง|มีไร|ทำไร", r"บ้าง|ได้แก่"),
    ("person", r"ใคร|ผู้ใด|ไผ|หน่วยงานไหน", ""),
    ("time", r"เมื่อไร|เมื่อไหร่|ตอนไหน|ช่วงไหน|วันไหน|เดือนไหน|ปีไหน|ปีใด|ยามใด", ""),
]
_KIND_OF = [(kind, re.compile("|".join(p for p in (asking, naming) if p))) for kind, asking, naming in _KINDS]
# ไหม asks ("ขายได้ไหม") except where it is silk ("ทอผ้าไหม", "เส้นไหม", "ไหมพรม") or burnt
# ("ไฟไหม้"); where something is asks too, and so does a request for the steps or the way
_ASKS = re.compile("|".join(asking for _, asking, _ in _KINDS)
                   + r"|(?<!ผ้า)(?<!เส้น)(?<!หนอน)(?<!ใย)(?<!ทอ)ไหม(?!พรม|[่้])|มั้ย|หรือไม่|หรือเปล่า|ได้บ่|\?"
                   + r"|ตรงไหน|ที่ไหน|อันไหน|(บอก|ขอ|อยากรู้|อยากทราบ|สอน|แนะนำ).{0,12}(วิธี|ขั้นตอน)")
_CLAUSE = re.compile(r"[ \n]+|(?<=[.!?])")
# Isan "จัก" before what is counted is "กี่" (จักคน = กี่คน); not in จักสาน or รู้จัก
_ISAN_HOW_MANY = re.compile(r"(?<!รู้)จั๊?ก(?=\s*(คน|บาท|แบบ|อย่าง|มื้อ|วัน|เทื่อ|ครั้ง|เดือน|ปี|ข้อ|ด้าน|ขั้น|ชนิด|"
                            r"ประเภท|กลุ่ม|หมู่บ้าน|บ้าน|ตำบล|ครัวเรือน|ราย|แห่ง|ชั่วโมง|กิโล|ไร่|ตัว|ก้อน|เปอร์เซ็นต์))")


@dataclass(frozen=True)
class Question:
    text: str      # normalised
    focus: str     # the clauses that ask; the whole text for a short question
    story: str     # the rest of a long question
    asking: str    # the words of the focus that hold a question word ("ได้กี่หมู่บ้าน" of "แก้หนี้ ... ได้กี่หมู่บ้าน")
    kind: str      # author | figure | definition | reason | steps | list | person | time | other


def parse(question: str) -> Question:
    text = _ISAN_HOW_MANY.sub("กี่", normalize(question).strip())
    focus, story = text, ""
    if len(text) > LONG_QUESTION:
        clauses = [c for c in _CLAUSE.split(text) if c]
        asking = [i for i, c in enumerate(clauses) if _ASKS.search(_central(c))]
        if asking:
            # the asking clause and the one before it (its object is often there)
            keep = {j for i in asking for j in (i - 1, i) if j >= 0}
            focus = " ".join(c for i, c in enumerate(clauses) if i in keep)
            story = " ".join(c for i, c in enumerate(clauses) if i not in keep)
    words = focus.split()
    asking = " ".join(w for w in words if _ASKS.search(_central(w))) or focus
    return Question(text=text, focus=focus, story=story, asking=asking, kind=kind_of(focus))


def asks(text: str) -> bool:
    """True when the text holds a question word or mark, not just a statement or a figure."""
    return bool(_ASKS.search(_central(normalize(text))))


def kind_of(text: str) -> str:
    central = _central(text)
    for kind, pattern in _KIND_OF:
        if pattern.search(central):
            return kind
    return "other"


def _central(text: str) -> str:
    compact = re.sub(r"\s+", "", text)
    for isan in sorted(ISAN_TO_CENTRAL, key=len, reverse=True):
        if len(isan) > 2 and isan in compact:
            compact = compact.replace(isan, ISAN_TO_CENTRAL[isan])
    return compact
