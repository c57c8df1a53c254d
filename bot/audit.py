"""The audit log: who viewed, exported or changed personal data, and when (PDPA).

Written in the same transaction as the change it records, so a change is never
without its entry; a view is written even when nothing changes.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.models import AuditEntry, ConsoleAccount

ACTIONS = ("view", "export", "change", "sign_in")


def record(session: Session, account: ConsoleAccount | None, action: str, subject: str,
           address: str | None = None, details: dict[str, Any] | None = None) -> AuditEntry:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action}")
    entry = AuditEntry(account_id=account.id if account else None, action=action, subject=subject[:200],
                       address=(address or "")[:64] or None, details=details or {}, at=clock.utcnow())
    session.add(entry)
    return entry


def recent(session: Session, limit: int = 500) -> list[tuple[AuditEntry, str | None]]:
    """The newest entries with the username that made each."""
    return list(session.execute(
        select(AuditEntry, ConsoleAccount.username).outerjoin(ConsoleAccount, ConsoleAccount.id == AuditEntry.account_id)
        .order_by(AuditEntry.id.desc()).limit(limit)))
