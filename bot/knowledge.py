"""The knowledge base as the bot uses it: stored in the database, searched in memory.

Documents and passages live in the database so every process answers from the
same knowledge; each process keeps one search index and rebuilds it only when
the stored knowledge changes (a cheap version query per question).
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import clock
from bot.kb import default_documents
from bot.kb.answer import Answer, answer_question, section_heading
from bot.kb.index import IndexedPassage, KnowledgeIndex
from bot.kb.ingest import SourceDocument, read_document, split_passages
from bot.models import AskedQuestion, KnowledgeDocument, KnowledgePassage


@dataclass(frozen=True)
class ImportResult:
    source_file: str
    title: str
    passages: int
    change: str  # "added" | "replaced" | "unchanged"


def store_document(session: Session, document: SourceDocument, origin: str) -> ImportResult:
    """Add a document, or replace the stored one with the same source file name."""
    drafts = split_passages(document)
    digest = hashlib.sha256("\n\n".join(f"{d.title}\n{d.owner}\n{d.heading}\n{d.text}" for d in drafts).encode()).hexdigest()
    stored = session.scalar(select(KnowledgeDocument).where(KnowledgeDocument.source_file == document.source_file))
    if stored is not None and stored.content_hash == digest:
        return ImportResult(document.source_file, stored.title, len(stored.passages), "unchanged")
    change = "replaced" if stored is not None else "added"
    if stored is None:
        stored = KnowledgeDocument(source_file=document.source_file)
        session.add(stored)
    stored.title, stored.owner, stored.origin = document.title, document.owner, origin
    stored.content_hash, stored.imported_at = digest, clock.utcnow()
    stored.passages = [KnowledgePassage(position=d.position, heading=d.heading, text=d.text,
                                        title=d.title[:500] or None, owner=d.owner[:500] or None) for d in drafts]
    session.flush()
    return ImportResult(document.source_file, document.title, len(drafts), change)


def import_file(session: Session, path: Path, origin: str = "import") -> ImportResult:
    return store_document(session, read_document(Path(path)), origin)


def import_defaults(session: Session) -> list[ImportResult]:
    return [import_file(session, path, origin="default") for path in default_documents()]


def _version(session: Session) -> tuple:
    return tuple(session.execute(
        select(func.count(KnowledgeDocument.id), func.max(KnowledgeDocument.imported_at),
               func.count(KnowledgePassage.id)).select_from(KnowledgeDocument).outerjoin(KnowledgePassage)
    ).one())


class IndexCache:
    """One index per process, rebuilt when the stored knowledge changes."""

    def __init__(self):
        self._lock = threading.Lock()
        self._version: tuple | None = None
        self._index: KnowledgeIndex | None = None

    def get(self, session: Session) -> KnowledgeIndex:
        version = _version(session)
        with self._lock:
            if self._index is None or version != self._version:
                self._index = KnowledgeIndex.build(_passages(session))
                self._version = version
            return self._index


def _passages(session: Session) -> list[IndexedPassage]:
    rows = session.execute(
        select(KnowledgePassage, KnowledgeDocument).join(KnowledgeDocument).order_by(KnowledgePassage.id)
    ).all()
    return [IndexedPassage(id=p.id, title=p.title or d.title, owner=p.owner or d.owner or "",
                           source_file=d.source_file, heading=p.heading or "", text=p.text) for p, d in rows]


def answer(session: Session, index_cache: IndexCache, question: str) -> Answer:
    return answer_question(index_cache.get(session), question)


def record(session: Session, answer: Answer, question: str, line_user_id: str | None,
           village: str | None = None) -> AskedQuestion | None:
    """Log a searched question (not greetings) for the officers' queue and figures."""
    if answer.kind in {"greeting", "thanks"}:
        return None
    status = "answered" if answer.answered else answer.kind  # "unknown" or "out_of_scope"
    asked = AskedQuestion(line_user_id=line_user_id, question=question[:2000], village=village,
                          passage_id=answer.passage_id if answer.answered else None,
                          status=status, asked_at=clock.utcnow())
    session.add(asked)
    session.flush()
    return asked


def ask(session: Session, index_cache: IndexCache, question: str, line_user_id: str | None = None,
        village: str | None = None) -> tuple[Answer, AskedQuestion | None]:
    """Answer a question as the chat would, and log it with the asker's village, if known."""
    result = answer(session, index_cache, question)
    return result, record(session, result, question, line_user_id, village)


def section_text(session: Session, passage_id: int) -> tuple[str, str] | None:
    """(title, the whole section) for the "อ่านเพิ่ม" button.

    A long section is stored as several passages in a row under one heading path; the
    answer showed a few sentences of one of them, so "read more" joins them all.
    """
    row = session.execute(select(KnowledgePassage, KnowledgeDocument).join(KnowledgeDocument)
                          .where(KnowledgePassage.id == passage_id)).first()
    if row is None:
        return None
    passage, document = row
    siblings = list(session.scalars(select(KnowledgePassage).where(
        KnowledgePassage.document_id == document.id, KnowledgePassage.heading == passage.heading,
        KnowledgePassage.title.is_(None) if passage.title is None else KnowledgePassage.title == passage.title,
    ).order_by(KnowledgePassage.position)))
    # only the run of passages that touches this one: the same heading may recur elsewhere
    run, position = [], None
    for sibling in siblings:
        if position is not None and sibling.position != position + 1:
            if any(p.id == passage.id for p in run):
                break
            run = []
        run.append(sibling)
        position = sibling.position
    heading = section_heading(passage.heading or "", passage.text)  # every piece opens with it, if any
    body = [p.text.split("\n", 1)[1] if heading and p.text.startswith(heading + "\n") else p.text for p in run]
    return passage.title or document.title, "\n".join([heading, *body] if heading else body)


class QuestionStateError(ValueError):
    """The question is not in a state that allows this step."""


def escalate(session: Session, asked: AskedQuestion, helpful: bool | None = None) -> bool:
    """Hand a question to the officers; False if it was already handed over (a repeated tap)."""
    if helpful is not None and asked.helpful is None:
        asked.helpful = helpful
    if asked.status not in {"answered", "unknown"}:  # out_of_scope is never handed on
        return False
    asked.status, asked.escalated_at = "open", clock.utcnow()
    return True


def open_questions(session: Session) -> list[AskedQuestion]:
    return list(session.scalars(select(AskedQuestion).where(AskedQuestion.status == "open")
                                .order_by(AskedQuestion.escalated_at, AskedQuestion.id)))


def record_officer_answer(session: Session, question_id: int, answer: str, officer: str) -> AskedQuestion:
    asked = session.get(AskedQuestion, question_id)
    if asked is None or asked.status not in {"open", "replied"}:
        raise QuestionStateError(f"question {question_id} is not waiting for an answer")
    answer = answer.strip()
    if not answer:
        raise QuestionStateError("the answer is empty")
    asked.officer_answer, asked.answered_by = answer, officer
    asked.status, asked.replied_at = "replied", clock.utcnow()
    return asked


def approve(session: Session, question_id: int) -> ImportResult:
    """Put an officer's answer into the knowledge base, so the next asker gets it at once."""
    asked = session.get(AskedQuestion, question_id)
    if asked is None or asked.status != "replied":
        raise QuestionStateError(f"question {question_id} has no officer answer to approve")
    document = SourceDocument(title=asked.question, owner=asked.answered_by,
                              source_file=f"officer-answer-{asked.id}",
                              text=f"# {asked.question}\n\n{asked.officer_answer}")
    result = store_document(session, document, origin="officer")
    asked.status, asked.approved_at = "approved", clock.utcnow()
    return result


def dismiss(session: Session, question_id: int) -> None:
    asked = session.get(AskedQuestion, question_id)
    if asked is None or asked.status not in {"open", "replied"}:
        raise QuestionStateError(f"question {question_id} cannot be dismissed")
    asked.status = "dismissed"
