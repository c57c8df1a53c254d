"""A LINE user's standing answer to the PDPA notice: the latest one counts."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import is_in
from bot.models import Consent


def latest(session: Session, line_user_id: str | None) -> Consent | None:
    if not line_user_id:
        return None
    return session.scalar(select(Consent).where(Consent.line_user_id == line_user_id)
                          .order_by(Consent.answered_at.desc(), Consent.id.desc()).limit(1))


def agreed(session: Session, line_user_id: str | None) -> bool:
    answer = latest(session, line_user_id)
    return answer is not None and answer.agreed


def agreed_among(session: Session, line_user_ids: list[str]) -> set[str]:
    """Which of these users' latest answer is yes, in one query (for planners)."""
    latest_answer: dict[str, tuple] = {}
    for user, answered_at, consent_id, yes in session.execute(
            select(Consent.line_user_id, Consent.answered_at, Consent.id, Consent.agreed)
            .where(is_in(session, Consent.line_user_id, line_user_ids))):
        if user not in latest_answer or (answered_at, consent_id) > latest_answer[user][:2]:
            latest_answer[user] = (answered_at, consent_id, yes)
    return {user for user, (_, _, yes) in latest_answer.items() if yes}
