"""The knowledge base as stored: records, whole sections for "อ่านเพิ่ม", and what a decline records."""
from __future__ import annotations

from bot import knowledge
from bot.kb.ingest import MAX_PASSAGE, Record, SourceDocument
from bot.models import AskedQuestion, KnowledgePassage


def test_read_more_joins_every_piece_of_a_long_section(rt):
    steps = "\n".join(f"{i}. ขั้นที่ {i} ของการทำปุ๋ยหมักจากใบไม้และมูลสัตว์ในหมู่บ้าน รดน้ำให้ชื้นพอดี" for i in range(1, 40))
    document = SourceDocument("ปุ๋ยหมัก", "สพอ.ทดสอบ", "compost.md", f"# ปุ๋ยหมัก\n\n## วิธีทำปุ๋ยหมัก\n{steps}")
    with rt.db.session() as session:
        knowledge.store_document(session, document, origin="import")
    with rt.db.sessions() as session:
        pieces = session.query(KnowledgePassage).order_by(KnowledgePassage.position).all()
        assert len(pieces) >= 2 and len({p.heading for p in pieces}) == 1
        title, section = knowledge.section_text(session, pieces[1].id)
    assert title == "ปุ๋ยหมัก" and len(section) > MAX_PASSAGE
    assert section.startswith("วิธีทำปุ๋ยหมัก\n1. ") and "39. ขั้นที่ 39" in section
    assert section.count("วิธีทำปุ๋ยหมัก\n") == 1   # the heading once, not once per piece


def test_each_record_keeps_its_own_title_and_owner(rt):
    document = SourceDocument("หนังสือนำส่ง", "สพจ.ทดสอบ", "bundle.txt", "", records=(
        Record("หนังสือนำส่ง", "สพจ.ทดสอบ", "ส่งองค์ความรู้ของอำเภอมาเพื่อพิจารณา " * 10),
        Record("การเลี้ยงปลาในกระชัง", "สพอ.เขื่องใน", "ปล่อยลูกปลาเมื่อน้ำใส ให้อาหารวันละสองครั้ง " * 10),
    ))
    with rt.db.session() as session:
        knowledge.store_document(session, document, origin="import")
    with rt.db.sessions() as session:
        result = knowledge.answer(session, rt.knowledge, "เลี้ยงปลาในกระชังให้อาหารวันละกี่ครั้ง")
    assert result.answered and result.text.endswith("จาก: การเลี้ยงปลาในกระชัง สพอ.เขื่องใน")


def test_an_out_of_scope_question_is_recorded_but_never_handed_on(rt):
    with rt.db.session() as session:
        knowledge.import_defaults(session)
    with rt.db.session() as session:
        result, asked = knowledge.ask(session, rt.knowledge, "ผลบอลเมื่อคืนใครชนะ", "U" + "7" * 32)
        assert result.kind == "out_of_scope" and asked.status == "out_of_scope"
        assert knowledge.escalate(session, asked) is False
    with rt.db.sessions() as session:
        assert knowledge.open_questions(session) == []
        assert session.query(AskedQuestion).count() == 1
