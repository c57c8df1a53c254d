"""Isan (north-eastern Thai) words that villagers type, mapped to the Central Thai of the documents.

Only words whose Central Thai meaning is unambiguous in a how-to question are listed;
each maps to the word the officers' documents use. Sources: DOMAIN.md and everyday Isan.
"""
from __future__ import annotations

ISAN_TO_CENTRAL: dict[str, str] = {
    "บ่": "ไม่",          # not
    "เฮ็ด": "ทำ",         # do, make
    "เฮ็ดจั่งใด๋": "ทำอย่างไร",
    "หยัง": "อะไร",        # what
    "แม่นหยัง": "คืออะไร",  # what is it
    "มื้อ": "วัน",          # day
    "มื้อนี้": "วันนี้",
    "เบิ่ง": "ดู",          # look, see
    "แม่น": "ใช่",          # yes, right
    "จั่งใด๋": "อย่างไร",     # how
    "จั่งได๋": "อย่างไร",     # common spelling of the same word
    "จังใด": "อย่างไร",
    "จั่งซี่": "อย่างนี้",     # like this
    "กะ": "ก็",            # also, then
    "เว้า": "พูด",          # speak
    "ได๋": "ไหน",          # which, where
    "อีหยัง": "อะไร",
    "เงินกู้ยืม": "เงินกู้",
    "ยืม": "กู้",           # villagers say borrow for take a loan
    "ซำใด๋": "เท่าไร",       # how much
    "ปานใด๋": "เท่าไร",
    "ผู้ใด๋": "ใคร",         # who
    "ไผ": "ใคร",           # who
    "อยากฮู้": "อยากรู้",     # want to know
    "ฮู้": "รู้",            # know
    "เฮือน": "เรือน",        # house (ครัวเรือน)
    "ครัวเฮือน": "ครัวเรือน",
    "ข้อย": "ฉัน",          # I
    "เฮา": "เรา",           # we
    "เพิ่น": "เขา",          # they, he, she (polite)
    "สิ": "จะ",             # will
    "แหน่": "บ้าง",          # some (หยังแหน่ = อะไรบ้าง)
    "หยังแหน่": "อะไรบ้าง",
    "ได้บ่": "ได้ไหม",
    "แม่นบ่": "ใช่ไหม",
    "ซ่อย": "ช่วย",
    "ยามใด๋": "เมื่อไร",      # when
    "ไปใส": "ไปไหน",
    "ไส": "ไหน",            # where
    "หลายปานใด๋": "เท่าไร",
    "เฮ็ดงาน": "ทำงาน",
    "จักมื้อ": "กี่วัน",      # how many days (จัก alone would clash with จักสาน)
    "พ้อ": "พบ",            # meet, come across
    "ฮ่วม": "ร่วม",          # join
    "เอิ้น": "เรียก",         # call
    "เบิด": "หมด",          # all, used up
    "อีหลี": "จริง",         # really
    "หม่อง": "ที่",           # place
    "คนเฒ่า": "ผู้สูงอายุ",   # elderly (also คนเฒ่าคนแก่)
    "คนเฒ่าคนแก่": "ผู้สูงอายุ",
    "ผู้เฒ่า": "ผู้สูงอายุ",
    "แม่ใหญ่": "ยาย",
    "พ่อใหญ่": "ตา",
    "ส่ำใด๋": "เท่าไร",
    "ย่าน": "กลัว",          # afraid
    "เลื้อย": "บ่อย",         # often
    "เทื่อ": "ครั้ง",         # time, occasion
    "ย้อนหยัง": "เพราะอะไร",  # why
    "บ่อน": "ที่",           # place
    "ฮอด": "ถึง",           # reach, until
    "เถิง": "ถึง",
    "กี่มื้อ": "กี่วัน",
    "ฮ้าน": "ร้าน",          # shop
    "โฮงเฮียน": "โรงเรียน",   # school
    # more of the everyday dialect (question words, verbs with ร/ล spoken as ฮ, pronouns)
    "จั๊กได๋": "เท่าไร",      # how much
    "จักได๋": "เท่าไร",
    "ท่อใด๋": "เท่าไร",
    "ท่อใด": "เท่าไร",
    "แนวใด๋": "อะไร",       # what (thing)
    "แนวใด": "อะไร",
    "จังได๋": "อย่างไร",      # how
    "จังใด๋": "อย่างไร",
    "จั่งใด": "อย่างไร",
    "จั่งได": "อย่างไร",
    "มื้อใด๋": "วันไหน",      # which day
    "ยามใด": "เมื่อไร",
    "ผู้ได๋": "ใคร",
    "อยู่ไส": "ที่ไหน",
    "เฮ็ดหยัง": "ทำอะไร",
    "เบิ่งแยง": "ดูแล",       # look after
    "เบิ่งแญง": "ดูแล",
    "ฮู้จัก": "รู้จัก",
    "เฮียน": "เรียน",         # learn
    "ฮัก": "รัก",
    "ฮ้อน": "ร้อน",
    "ไฮ่": "ไร่",            # upland field
    "เฮ็ดไฮ่": "ทำไร่",
    "เฮ็ดนา": "ทำนา",
    "ฮ่ำฮวย": "ร่ำรวย",
    "ม่วน": "สนุก",
    "แซบ": "อร่อย",
    "ซิ": "จะ",             # will
    "แม่ญิง": "ผู้หญิง",       # woman
    "ผู้ญิง": "ผู้หญิง",
    "ผู้บ่าว": "ชายหนุ่ม",     # young man
    "ผู้สาว": "หญิงสาว",      # young woman
    "ข่อย": "ฉัน",           # I (the other common spelling of ข้อย)
    "คัก": "มาก",            # very, a lot
    "ฟ้าว": "รีบ",           # hurry
    "ซอกหา": "หา",          # look for
    "หม่องใด๋": "ที่ไหน",      # where
    "ปลาแดก": "ปลาร้า",      # fermented fish
    "เข้าเหนียว": "ข้าวเหนียว",  # sticky rice
}
