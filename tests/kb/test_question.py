import pytest

from bot.kb.question import asks, kind_of, parse


@pytest.mark.parametrize("question, kind", [
    ("ตั้งกลุ่มต้องมีสมาชิกกี่คน", "figure"),
    ("ดอกเบี้ยร้อยละเท่าไหร่", "figure"),
    ("โมเดล ปตท. คืออะไร", "definition"),
    ("กข.คจ. ย่อมาจาก", "definition"),
    ("ทำไมหนี้ค้างนาน", "reason"),
    ("ทอเสื่อกกต้องเริ่มยังไง", "steps"),
    ("สิเฮ็ดจั่งใด๋", "steps"),
    ("กรรมการกลุ่มมีอะไรบ้าง", "list"),
    ("ใครเป็นคนตั้งกฎของกลุ่ม", "person"),
    ("ชาวบ้านว่างหลังเกี่ยวข้าว", "other"),   # "เกี่ยว" (harvest) is not "กี่" (how many)
    ("ค่างวดเหลือเท่าไหร", "figure"),          # typed without its tone mark
    ("เปิดร้านค้าชุมชนต้องมีไร", "list"),          # casual: ไร for อะไร
    ("กองทุนนี้ตั้งตั้งแต่ปีไหน", "time"),
    ("เรื่องการเลี้ยงปลานี้ใครเป็นคนเขียน", "author"),   # the record's owner, not a person in it
    ("ใครเป็นเจ้าของความรู้เรื่องจักสาน", "author"),
])
def test_kind_of_question(question, kind):
    assert kind_of(question) == kind


def test_a_long_question_keeps_its_asking_clauses_as_focus():
    question = ("ผมเป็นเหรัญญิกกลุ่มจักสาน ปีนี้กลุ่มมีกำไร แต่สมาชิกบางคนมาช่วยทุกวัน บางคนแทบไม่มาเลย "
                "ควรแบ่งเงินปันผลยังไงให้ยุติธรรมครับ")
    asked = parse(question)
    assert "แบ่งเงินปันผลยังไง" in asked.focus and "เหรัญญิก" in asked.story
    assert asked.kind == "steps"


def test_a_short_question_is_all_focus():
    asked = parse("กองทุนสตรีคืออะไร")
    assert (asked.focus, asked.story) == ("กองทุนสตรีคืออะไร", "")


@pytest.mark.parametrize("text, asking", [
    ("กลุ่มอาชีพต้องมีกรรมการอะไรบ้าง", True), ("ปตท แม่นหยัง", True), ("ขายได้ไหม", True), ("5 ก?", True),
    ("สองสามบ้าน", False), ("พันห้า", False), ("ขาดตลาดขายเสื่อ", False),
    ("ขาดตลาดขายผ้าไหม", False), ("เส้นไหมแพง", False), ("ผ้าไหมขายได้ไหม", True),   # silk, not "ไหม?"
    # words that name a kind of answer without asking: replies to a report's steps
    ("ขายได้บ้าง", False), ("เริ่มขายแล้ว", False), ("ขั้นตอนการย้อมสียาก", False), ("กำไรร้อยละ 20", False),
    ("ขายอะไรได้บ้าง", True),
    ("ไฟไหม้นา", False),                                                       # burnt, not "ไหม?"
    ("จักสานกระติบข้าว เริ่มสานตรงไหนก่อน", True), ("ค่าไฟเดือนนี้จ่ายที่ไหนได้บ้าง", True),   # where
    ("อยากรู้วิธีทำปุ๋ยหมัก", True), ("บอกขั้นตอนการกู้เงินกองทุนสตรีหน่อย", True),       # asking for the way
])
def test_asks_tells_a_question_from_a_reply(text, asking):
    assert asks(text) is asking


@pytest.mark.parametrize("question, asking", [
    ("แก้หนี้ กขคจ พิบูล ได้กี่หมู่บ้านแล้ว", "ได้กี่หมู่บ้านแล้ว"),
    ("กองทุนสตรีคืออะไร", "กองทุนสตรีคืออะไร"),          # one clause: all of it asks
    ("ปลูกผักสวนครัว ขายได้", "ปลูกผักสวนครัว ขายได้"),   # no question word: all of it
])
def test_the_words_that_ask_are_told_from_the_words_around_them(question, asking):
    assert parse(question).asking == asking
