"""Questions the bot could not answer: answer (pushed to the asker, signed with the officer's
name), approve into the knowledge base, dismiss; the knowledge documents, upload, and a box
to try a question as a villager would see the answer."""
from __future__ import annotations

import tempfile
from pathlib import Path

from flask import request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot import knowledge, officer_answers, texts as bot_texts, thai
from bot.kb.ingest import read_document
from bot.models import AskedQuestion, KnowledgeDocument, Person, Village
from bot.texts import console as texts
from console import web

bp = web.blueprint("console_questions", __name__, "/questions")
DOCUMENT_TYPES = {".docx", ".pdf", ".txt", ".md"}
WAITING = ("open", "replied")


def _in_area():
    """Questions asked by people of the area (an admin also sees askers not yet linked to a person)."""
    query = select(AskedQuestion, Person, Village).outerjoin(
        Person, Person.line_user_id == AskedQuestion.line_user_id).outerjoin(Village, Village.id == Person.village_id)
    if web.area().everything:
        return query
    return query.where(Person.village_id.in_(web.area().village_ids()))


def _question(question_id: int) -> AskedQuestion:
    row = web.db().execute(_in_area().where(AskedQuestion.id == question_id)).first()
    return web.found(row)[0]


@bp.route("/")
@web.signed_in
def index():
    rows = web.db().execute(_in_area().where(AskedQuestion.status.in_(WAITING))
                            .order_by(AskedQuestion.escalated_at, AskedQuestion.id)).all()
    table = web.Table("คำถามรอตอบ", "คำถามรอเจ้าหน้าที่ตอบ", ["คำถาม", "ผู้ถาม", "หมู่บ้าน", "ถามเมื่อ", "สถานะ", "คำตอบ"],
                      [[q.question, p.full_name if p else "-", v.label if v else (q.village or "-"),
                        thai.thai_date_short(q.escalated_at or q.asked_at),
                        "ตอบแล้ว รออนุมัติเข้าคลัง" if q.status == "replied" else "รอตอบ", q.officer_answer or ""]
                       for q, p, v in rows], [q.id for q, _, _ in rows])
    web.log("view", "questions", count=len(rows))
    return web.page("console/questions.html", table, rows=rows, thai=thai)


@bp.route("/<int:question_id>/answer", methods=["POST"])
@web.signed_in
def answer(question_id: int):
    _question(question_id)
    text = request.form.get("answer", "").strip()[:2000]
    if not text:
        return web.back(texts.ANSWER_EMPTY, "error")
    session = web.db()
    try:
        _, ids = officer_answers.queue_answer(session, question_id, text, web.account().person.full_name)
    except knowledge.QuestionStateError:
        return web.back(texts.QUESTION_NOT_WAITING, "error")
    web.log("change", f"question:{question_id}", step="answer")
    session.commit()
    for outbox_id in ids:
        web.runtime().dispatch.deliver(outbox_id)
    return web.back(texts.ANSWER_SENT)


@bp.route("/<int:question_id>/approve", methods=["POST"])
@web.signed_in
def approve(question_id: int):
    _question(question_id)
    try:
        knowledge.approve(web.db(), question_id)
    except knowledge.QuestionStateError:
        return web.back(texts.QUESTION_NOT_WAITING, "error")
    web.log("change", f"question:{question_id}", step="approve")
    return web.back(texts.QUESTION_APPROVED)


@bp.route("/<int:question_id>/dismiss", methods=["POST"])
@web.signed_in
def dismiss(question_id: int):
    _question(question_id)
    try:
        knowledge.dismiss(web.db(), question_id)
    except knowledge.QuestionStateError:
        return web.back(texts.QUESTION_NOT_WAITING, "error")
    web.log("change", f"question:{question_id}", step="dismiss")
    return web.back(texts.QUESTION_DISMISSED)


@bp.route("/knowledge", endpoint="knowledge")
@web.signed_in
def knowledge_page():
    session = web.db()
    documents = session.scalars(select(KnowledgeDocument).options(selectinload(KnowledgeDocument.passages))
                                .order_by(KnowledgeDocument.imported_at.desc())).all()
    table = web.Table("คลังความรู้", "เอกสารในคลังความรู้", ["ชื่อเรื่อง", "เจ้าของความรู้", "ไฟล์", "จำนวนตอน", "นำเข้าเมื่อ"],
                      [[d.title, d.owner or "-", d.source_file, len(d.passages), thai.thai_date_short(d.imported_at)]
                       for d in documents])
    question = request.args.get("q", "").strip()[:500]
    tried = None
    if question:
        result = knowledge.answer(session, web.runtime().knowledge, question)
        tried = {"answered": result.answered, "text": result.text if result.answered else bot_texts.KB_UNKNOWN_OFFER,
                 "sources": result.sources}
    return web.page("console/knowledge.html", table, question=question, tried=tried)


@bp.route("/knowledge/upload", methods=["POST"])
@web.signed_in
def upload():
    upload = request.files.get("document")
    name = Path(upload.filename or "").name if upload else ""
    if not name or Path(name).suffix.lower() not in DOCUMENT_TYPES:
        return web.back(texts.DOCUMENT_BAD_TYPE, "error", "console_questions.knowledge")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        upload.save(path)
        try:
            document = read_document(path)
        except Exception:  # a broken .docx or .pdf raises whatever its parser raises
            return web.back(texts.DOCUMENT_UNREADABLE, "error", "console_questions.knowledge")
    if not document.text.strip():
        return web.back(texts.DOCUMENT_UNREADABLE, "error", "console_questions.knowledge")
    result = knowledge.store_document(web.db(), document, origin="import")
    web.log("change", f"kb-document:{result.source_file}", step="upload")
    return web.back(texts.DOCUMENT_IMPORTED.format(title=result.title, passages=result.passages,
                                                   change=texts.DOCUMENT_CHANGES[result.change]),
                    endpoint="console_questions.knowledge")
