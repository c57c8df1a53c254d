"""Where each user is in a conversation, kept in the database so any web or
worker process can take the next step and a restart loses nothing."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot import clock
from bot.db import Base


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    # One conversation at a time per user: starting another replaces it.
    line_user_id: Mapped[str] = mapped_column(String(64), unique=True)
    flow: Mapped[str] = mapped_column(String(64))
    step: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Values the flow was started with (the report week, the households to choose from).
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Bumped at every prompt: a button from an older prompt carries an older
    # version, so a repeated or late tap is recognised and never recorded twice.
    version: Mapped[int] = mapped_column(Integer, default=1)
    started_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    expires_at: Mapped[datetime]
