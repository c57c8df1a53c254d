import pytest

from bot import texts
from bot.kb.answer import answer_question
from bot.kb.index import IndexedPassage, KnowledgeIndex


@pytest.mark.parametrize("question, expected", [
    ("กลุ่มอาชีพต้องมีกรรมการอะไรบ้าง", "เหรัญญิก ดูแลเงิน"),
    ("กู้กองทุนสตรีต้องเตรียมอะไร", "เขียนโครงการ บอกว่า"),
    ("โมเดล ปตท. คืออะไร", "ป ป้องกัน: ทำก่อนกู้"),
    ("ทำไมหนี้ กข.คจ. ค้างนาน", "ไม่ส่งมอบเอกสาร"),
    ("หลัก ๔ ท. มีอะไรบ้าง", "ทัศนคติ: ครัวเรือน"),          # Thai digit
    ("กลุมอาชีพตองมีกรรมการอะไรบาง", "เหรัญญิก ดูแลเงิน"),   # typos
])
def test_ranking(default_index, question, expected):
    assert expected in default_index.search(question, k=1)[0].passage.text


@pytest.mark.parametrize("question, expected", [
    ("เฮ็ดจั่งใด๋ให้กลุ่มยั่งยืน", "กลุ่มจะยั่งยืนเมื่อ"),
    ("ยืมเงินกองทุนสตรีต้องเฮ็ดหยัง", "เขียนโครงการ บอกว่า"),
    ("เบิ่งเงินกู้ได้จั่งใด๋", "กดเมนูเงินกู้"),
])
def test_isan_questions(default_index, question, expected):
    answer = answer_question(default_index, question)
    assert answer.answered and expected in answer.full_text


@pytest.mark.parametrize("question", ["เลขเด็ดงวดนี้", "ราคาข้าววันนี้เท่าไหร่", "ผลบอลเมื่อคืนใครชนะ", "ราคาทองวันนี้"])
def test_off_topic_is_declined(default_index, question):
    answer = answer_question(default_index, question)
    assert answer.kind == "unknown" and not answer.answered
    assert answer.text == texts.KB_UNKNOWN_OFFER and answer.passage_id is None


@pytest.mark.parametrize("message, kind, reply", [
    ("สวัสดีค่ะ", "greeting", texts.KB_GREETING_REPLY),
    ("หวัดดีจ้า", "greeting", texts.KB_GREETING_REPLY),
    ("ขอบคุณค่ะ 🙏", "thanks", texts.KB_THANKS_REPLY),
    ("ขอบใจหลายเด้อ", "thanks", texts.KB_THANKS_REPLY),
])
def test_greetings_and_thanks(default_index, message, kind, reply):
    answer = answer_question(default_index, message)
    assert (answer.kind, answer.text, answer.answered) == (kind, reply, False)


def test_answer_is_short_and_sourced(default_index):
    answer = answer_question(default_index, "กลุ่มอาชีพต้องมีกรรมการอะไรบ้าง")
    assert answer.kind == "answer" and answer.answered
    body, source = answer.text.rsplit("\n\n", 1)
    assert source == "จาก: กลุ่มอาชีพ: หลัก 5 ก 5 ร่วม และหน้าที่กรรมการ ทีมผู้ช่วยสัมมาชีพ สำนักงานพัฒนาชุมชนอำเภอ"
    assert "เหรัญญิก" in body and len(body) <= 400
    assert answer.full_text.startswith("กลุ่มอาชีพต้องมีกรรมการอะไรบ้าง")
    assert answer.sources[0].file == "02_occupational_groups.md"


def test_to_json_shape(default_index):
    data = answer_question(default_index, "กู้กองทุนสตรีต้องเตรียมอะไร").to_json()
    assert set(data) == {"answered", "answer", "sources"} and data["answered"] is True
    assert set(data["sources"][0]) == {"title", "file", "score"}
    assert data["sources"][0]["file"] == "03_womens_fund.md"
    assert answer_question(default_index, "เลขเด็ดงวดนี้").to_json() == {
        "answered": False, "answer": texts.KB_UNKNOWN_OFFER, "sources": []}


def test_long_passage_is_trimmed_to_matching_lines():
    lines = [f"ข้อ {i} เรื่องการปลูกผักสวนครัวและการดูแลแปลงผักให้งาม" for i in range(20)]
    lines[12] = "ข้อ 12 การเลี้ยงไก่ไข่ต้องให้น้ำสะอาดทุกวัน"
    passage = IndexedPassage(1, "คู่มือ", "", "a.md", "เกษตร", "เกษตรในบ้าน\n" + "\n".join(lines))
    index = KnowledgeIndex.build([passage, IndexedPassage(2, "อื่น", "", "b.md", "", "การทอผ้าไหมด้วยกี่พื้นบ้าน")])
    answer = answer_question(index, "เลี้ยงไก่ไข่ต้องให้น้ำอย่างไร")
    assert answer.answered and "ไก่ไข่ต้องให้น้ำสะอาด" in answer.text.split("\n\n")[0]
    assert len(answer.text.split("\n\n")[0]) <= 400


def test_empty_index_declines():
    assert answer_question(KnowledgeIndex.build([]), "กรรมการกลุ่ม").kind == "unknown"


@pytest.mark.parametrize("question", ["หนี้ กขคจ ค้างชำระ แก้ยังไง", "หนี้ กข คจ ค้างชำระ แก้ยังไง", "หนี้ กข.คจ. ค้างชำระแก้ยังไง"])
def test_abbreviation_written_any_way(default_index, question):
    assert default_index.search(question, k=1)[0].passage.source_file == "04_village_fund_debts.md"


@pytest.mark.parametrize("question, heading", [("หลัก 5 ร่วม คืออะไร", "หลัก 5 ร่วม"), ("ปตท แม่นหยัง", "โมเดล ปตท. คืออะไร")])
def test_short_markdown_section_answers_its_own_question(default_index, question, heading):
    assert default_index.search(question, k=1)[0].passage.heading == heading
