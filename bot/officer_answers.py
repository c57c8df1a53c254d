"""An officer answers a question the bot could not: recorded, then pushed to the asker.

Used by the officers' chat flow, the command line and the console alike.
"""
from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from bot import knowledge, texts
from bot.line import messages as m
from bot.line import outbox
from bot.models import AskedQuestion


def answer_message(asked: AskedQuestion) -> dict:
    return m.text(texts.KB_OFFICER_REPLY.format(question=asked.question, answer=asked.officer_answer,
                                                 officer=asked.answered_by))


def answer_key(asked: AskedQuestion) -> str:
    """One push per distinct answer: a repeated command sends nothing, a correction is sent."""
    digest = hashlib.sha1((asked.officer_answer or "").encode()).hexdigest()[:12]
    return f"kb-answer:{asked.id}:{digest}"


def queue_answer(session: Session, question_id: int, answer_text: str, officer: str) -> tuple[AskedQuestion, list[int]]:
    """Record the answer and queue its push to the asker, in the caller's transaction.

    Raises `knowledge.QuestionStateError` for a question that is not open."""
    asked = knowledge.record_officer_answer(session, question_id, answer_text, officer)
    ids = []
    if asked.line_user_id:
        ids = outbox.queue_push(session, answer_key(asked), asked.line_user_id, [answer_message(asked)])
    return asked, ids


def send_answer(runtime, question_id: int, answer_text: str, officer: str) -> None:
    with runtime.db.session() as session:
        _, ids = queue_answer(session, question_id, answer_text, officer)
    for outbox_id in ids:
        runtime.dispatch.deliver(outbox_id)
