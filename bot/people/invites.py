"""Invite codes: the only way a LINE account becomes a known person.

An officer hands each imported person a printed six-character code; typing it in
the chat links that LINE account to the person. Codes avoid characters that look
alike on paper or on a phone keyboard, and are read loosely ("รหัส ab-c๓ 4d").
"""
from __future__ import annotations

import logging
import re
import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.db import insert_ignoring_duplicates
from bot.models import InviteCode, Person
from bot.settings import TIMEZONE
from bot.thai import arabic_digits

log = logging.getLogger(__name__)

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: an elderly reader copying from paper cannot confuse them.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
_SPOKEN_PREFIX = re.compile(r"^\s*(รหัส(เชิญ)?|code)\s*[:：]?", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s\-_.:/]+")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw_text: str) -> str | None:
    """The code as stored, from what a person typed; None when it cannot be a code."""
    text = _SPOKEN_PREFIX.sub("", arabic_digits(raw_text or ""))
    code = _SEPARATORS.sub("", text).upper()
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def last_moment_of_day(moment: datetime) -> datetime:
    """Codes run to the end of the Bangkok day, so the date printed on the card is the whole truth."""
    return moment.astimezone(TIMEZONE).replace(hour=23, minute=59, second=59, microsecond=0).astimezone(timezone.utc)


def _live(now: datetime):
    return (InviteCode.used_at.is_(None)) & (InviteCode.expires_at > now)


def issue_codes(session: Session, village_id: int | None = None, expires_in_days: int = 30) -> list[InviteCode]:
    """A live code for every unlinked person (of one village, if given) who has none.

    Returns only the codes created by this call: running it again returns nothing
    new until a code expires or another person is imported.
    """
    now = clock.utcnow()
    has_live_code = select(InviteCode.id).where(InviteCode.person_id == Person.id, _live(now)).exists()
    query = select(Person.id).where(Person.line_user_id.is_(None), Person.withdrawn_at.is_(None), ~has_live_code)
    if village_id is not None:
        query = query.where(Person.village_id == village_id)
    waiting = list(session.scalars(query.order_by(Person.id)))
    expires_at = last_moment_of_day(clock.now() + timedelta(days=expires_in_days))
    new_ids: list[int] = []
    while waiting:
        rows = [{"person_id": person_id, "code": new_code(), "created_at": now, "expires_at": expires_at}
                for person_id in waiting]
        # A clash with an existing code is skipped atomically; those people simply draw again.
        new_ids += insert_ignoring_duplicates(session, InviteCode, rows, "code")
        issued = set(session.scalars(select(InviteCode.person_id).where(InviteCode.id.in_(new_ids))))
        waiting = [person_id for person_id in waiting if person_id not in issued]
    return list(session.scalars(select(InviteCode).where(InviteCode.id.in_(new_ids)).order_by(InviteCode.person_id)))


def reissue(session: Session, person: Person, expires_in_days: int = 30) -> InviteCode | None:
    """A new code for one unlinked person (a lost card): their live codes stop working now."""
    if person.line_user_id is not None or person.withdrawn_at is not None:
        return None
    now = clock.utcnow()
    session.execute(update(InviteCode).where(InviteCode.person_id == person.id, _live(now)).values(expires_at=now))
    expires_at = last_moment_of_day(clock.now() + timedelta(days=expires_in_days))
    new_ids: list[int] = []
    while not new_ids:  # a clash with an existing code draws again
        new_ids = insert_ignoring_duplicates(session, InviteCode, [
            {"person_id": person.id, "code": new_code(), "created_at": now, "expires_at": expires_at}], "code")
    return session.get(InviteCode, new_ids[0])


def live_code(session: Session, person_id: int) -> InviteCode | None:
    return session.scalar(select(InviteCode).where(InviteCode.person_id == person_id, _live(clock.utcnow()))
                          .order_by(InviteCode.expires_at.desc()))


def redeem(session: Session, line_user_id: str, raw_text: str) -> Person | None:
    """Link `line_user_id` to the person the code was issued to.

    Every failure returns the same None: an unknown, used or expired code, a LINE
    account already linked, or a person already linked. Guessers learn nothing.
    """
    code = normalise_code(raw_text)
    if code is None:
        return None
    now = clock.utcnow()
    invite = session.scalar(select(InviteCode).where(InviteCode.code == code, _live(now)))
    if invite is None:
        return None
    if session.scalar(select(Person.id).where(Person.line_user_id == line_user_id)) is not None:
        return None
    # Conditional updates, so two people racing for one code, or for one person,
    # cannot both succeed: the loser's WHERE no longer matches.
    linked = session.execute(
        update(Person).where(Person.id == invite.person_id, Person.line_user_id.is_(None),
                             Person.withdrawn_at.is_(None))
        .values(line_user_id=line_user_id, linked_at=now)).rowcount
    if not linked:
        return None
    claimed = session.execute(
        update(InviteCode).where(InviteCode.id == invite.id, InviteCode.used_at.is_(None)).values(used_at=now)).rowcount
    if not claimed:
        session.execute(update(Person).where(Person.id == invite.person_id, Person.line_user_id == line_user_id)
                        .values(line_user_id=None, linked_at=None))
        return None
    person = session.get(Person, invite.person_id)
    session.refresh(person)
    session.refresh(invite)
    return person


# Guessing codes: every try counts against the LINE user; every failure counts against
# the code typed and against everybody, so rotating user ids does not help a guesser.
TRY_WINDOW_SECONDS = 3600
TRIES_PER_USER = 5
FAILURES_PER_CODE = 5
FAILURES_EVERYWHERE = 100
ALERT_AT_FAILURES = 50  # a burst this big in an hour is logged as an error for operators


def _count(redis, key: str) -> int:
    """Add one to a counter that lives for the try window, atomically: the window is set
    when the counter is created, in the same transaction, so no crash leaves it forever."""
    pipe = redis.pipeline(transaction=True)
    pipe.set(key, 0, ex=TRY_WINDOW_SECONDS, nx=True)
    pipe.incr(key)
    return int(pipe.execute()[1])


def may_try(redis, line_user_id: str, code: str | None) -> bool:
    """Count this try; False when this user, this code or everybody has had too many."""
    if _count(redis, f"link-tries:user:{line_user_id}") > TRIES_PER_USER:
        return False
    failures = redis.mget([f"link-failures:code:{code or '-'}", "link-failures:all"])
    per_code, everywhere = (int(value or 0) for value in failures)
    return (code is None or per_code < FAILURES_PER_CODE) and everywhere < FAILURES_EVERYWHERE


def record_failure(redis, code: str | None) -> None:
    if code is not None:
        _count(redis, f"link-failures:code:{code}")
    everywhere = _count(redis, "link-failures:all")
    if everywhere == ALERT_AT_FAILURES or everywhere == FAILURES_EVERYWHERE:
        log.error("ALERT: %d wrong invite codes in the last hour%s", everywhere,
                  "; linking paused for everybody" if everywhere >= FAILURES_EVERYWHERE else "")
