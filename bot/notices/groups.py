"""The village LINE groups the bot is in: known from its join and leave events, tied to a
village by an officer of that village's area, and then able to receive notices (which carry
no personal data: a notice is the same words for everyone)."""
from __future__ import annotations

from typing import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.area import Area
from bot.db import insert_ignoring_duplicates
from bot.models import LineGroup


def joined(session: Session, group_id: str) -> None:
    """The bot is in this group (it joined, or someone joined it there): known, and not left."""
    insert_ignoring_duplicates(session, LineGroup, [{"group_id": group_id, "joined_at": clock.utcnow()}], "group_id")
    session.execute(update(LineGroup).where(LineGroup.group_id == group_id, LineGroup.left_at.is_not(None))
                    .values(left_at=None, joined_at=clock.utcnow()))


def left(session: Session, group_id: str) -> None:
    session.execute(update(LineGroup).where(LineGroup.group_id == group_id).values(left_at=clock.utcnow()))


def claimable(session: Session, scope: Area) -> list[LineGroup]:
    """Groups an officer may tie to a village: those with none yet, and those of their own villages."""
    return list(session.scalars(select(LineGroup).where(
        LineGroup.left_at.is_(None),
        (LineGroup.village_id.is_(None)) | LineGroup.village_id.in_(scope.village_ids())).order_by(LineGroup.id)))


def assign(session: Session, scope: Area, line_group_id: int, village_id: int | None) -> LineGroup | None:
    """Tie a group to a village of the area (None unties it); None when either is not theirs."""
    group = next((g for g in claimable(session, scope) if g.id == line_group_id), None)
    if group is None or (village_id is not None and scope.village_in(session, village_id) is None):
        return None
    group.village_id = village_id
    session.flush()
    return group


def village_groups(session: Session, scope: Area, group_ids: Sequence[int] | None = None) -> list[LineGroup]:
    """The LINE groups the bot is in whose village is in the area (all, or those of `group_ids`)."""
    query = select(LineGroup).where(LineGroup.left_at.is_(None), LineGroup.village_id.in_(scope.village_ids()))
    if group_ids is not None:
        query = query.where(LineGroup.id.in_(list(group_ids)))
    return list(session.scalars(query.order_by(LineGroup.village_id, LineGroup.id)))
