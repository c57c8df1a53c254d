"""Saved notice messages, kept under a name by the officer who wrote them, to send again."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.models import ConsoleAccount, NoticeTemplate
from bot.notices.content import check

MAX_NAME = 100


def of(session: Session, account: ConsoleAccount) -> list[NoticeTemplate]:
    return list(session.scalars(select(NoticeTemplate).where(NoticeTemplate.account_id == account.id)
                                .order_by(NoticeTemplate.name)))


def get(session: Session, account: ConsoleAccount, template_id: int) -> NoticeTemplate | None:
    return session.scalar(select(NoticeTemplate).where(NoticeTemplate.id == template_id,
                                                       NoticeTemplate.account_id == account.id))


def save(session: Session, account: ConsoleAccount, name: str, messages: list[dict[str, Any]]) -> NoticeTemplate:
    """Keep these messages under `name`; a name used before is replaced."""
    check(messages)
    name = " ".join(name.split())[:MAX_NAME]
    template = session.scalar(select(NoticeTemplate).where(NoticeTemplate.account_id == account.id,
                                                           NoticeTemplate.name == name))
    if template is None:
        template = NoticeTemplate(account_id=account.id, name=name, created_at=clock.utcnow())
        session.add(template)
    template.messages = messages
    session.flush()
    return template
