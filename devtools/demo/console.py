"""The demo officer's console account: the demo district's officer, signing in with a known password.

Development only (the demo data is never loaded in production); a second call changes nothing.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import accounts
from bot.models import ConsoleAccount

USERNAME = "demo-officer"
PASSWORD = "demo-officer-1234"
PERSON_PHONE = "0811110102"  # นายวิชัย รักถิ่น, the officer of the whole demo district


def load_demo_officer(session: Session) -> ConsoleAccount:
    account = session.scalar(select(ConsoleAccount).where(ConsoleAccount.username == USERNAME))
    if account is None:
        account = accounts.create_from_names(session, PERSON_PHONE, USERNAME, PASSWORD, "officer",
                                             province="อุบลราชธานี", district="เขื่องใน")
    return account
