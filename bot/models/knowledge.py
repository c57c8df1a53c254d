"""The knowledge base as stored: documents, their passages, and the questions asked of it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot import clock
from bot.db import Base


class KnowledgeDocument(Base):
    __tablename__ = "kb_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Importing the same file again replaces the document with this key.
    source_file: Mapped[str] = mapped_column(String(300), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    owner: Mapped[str | None] = mapped_column(String(500))
    # "default" ships with the bot, "import" came from an officer's file, "officer" from an approved answer.
    origin: Mapped[str] = mapped_column(String(16))
    content_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    passages: Mapped[list["KnowledgePassage"]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="KnowledgePassage.position")


class KnowledgePassage(Base):
    __tablename__ = "kb_passages"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("kb_documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str | None] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    # the record inside the file this passage belongs to (a bundle holds several); None: the document's
    title: Mapped[str | None] = mapped_column(String(500))
    owner: Mapped[str | None] = mapped_column(String(500))
    document: Mapped[KnowledgeDocument] = relationship(back_populates="passages")


class AskedQuestion(Base):
    """Every question the knowledge base was asked, and what became of it.

    The asker's "not what I asked" and questions the bot could not answer become
    open work for an officer; an approved officer answer joins the knowledge base.
    """

    __tablename__ = "kb_questions"
    __table_args__ = (Index("ix_kb_questions_status_asked", "status", "asked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    line_user_id: Mapped[str | None] = mapped_column(String(64))
    question: Mapped[str] = mapped_column(Text)
    # The passage the bot answered with; null when it did not know.
    passage_id: Mapped[int | None] = mapped_column(ForeignKey("kb_passages.id", ondelete="SET NULL"))
    helpful: Mapped[bool | None]
    # answered | unknown (bot declined, in scope) | out_of_scope (not what the bot is for: never handed on)
    # | open (waiting for an officer) | replied (officer answered)
    # | approved (the answer is now in the knowledge base) | dismissed
    status: Mapped[str] = mapped_column(String(16))
    village: Mapped[str | None] = mapped_column(String(200))
    officer_answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(String(200))
    asked_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    escalated_at: Mapped[datetime | None]
    replied_at: Mapped[datetime | None]
    approved_at: Mapped[datetime | None]
