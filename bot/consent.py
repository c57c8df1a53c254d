"""A LINE user's standing answer to the PDPA notice: the latest one counts."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Consent


def latest(session: Session, line_user_id: str | None) -> Consent | None:
    if not line_user_id:
        return None
    return session.scalar(select(Consent).where(Consent.line_user_id == line_user_id)
                          .order_by(Consent.answered_at.desc(), Consent.id.desc()).limit(1))


def agreed(session: Session, line_user_id: str | None) -> bool:
    answer = latest(session, line_user_id)
    return answer is not None and answer.agreed
