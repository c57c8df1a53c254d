"""Console accounts: who may sign in, with what password, and the one-time links asked for in chat.

Passwords are kept only as argon2 hashes; a sign-in link's token only as its sha256,
so a copy of the database opens nothing.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import clock
from bot.people.importer import key_for_id, key_for_phone, national_id_digits, normalise_phone
from bot.models import ConsoleAccount, District, Fund, Person, Province, SignInLink, Subdistrict

ROLES = ("officer", "committee", "admin")
LINK_LIFETIME = timedelta(minutes=10)
MIN_PASSWORD = 10
_hasher = PasswordHasher()
# Verified against when the username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


class AccountError(ValueError):
    """The account cannot be made or changed as asked (the message says why, for the command line)."""


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password needs at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def create(session: Session, person: Person, username: str, password: str, role: str, *,
           province: Province | None = None, district: District | None = None,
           subdistrict: Subdistrict | None = None, fund: Fund | None = None) -> ConsoleAccount:
    """An account for an imported person. An officer needs an area, a committee member a fund."""
    username = username.strip().lower()
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if not username or len(username) > 64:
        raise AccountError("a username of 1-64 characters is needed")
    if role == "officer" and not (province or district or subdistrict):
        raise AccountError("an officer needs a province, district or subdistrict")
    if role == "committee" and fund is None:
        raise AccountError("a committee member needs a fund")
    if session.scalar(select(ConsoleAccount.id).where(ConsoleAccount.username == username)):
        raise AccountError(f"the username {username} is taken")
    if session.scalar(select(ConsoleAccount.id).where(ConsoleAccount.person_id == person.id)):
        raise AccountError(f"{person.full_name} already has an account")
    if subdistrict is not None:
        district = subdistrict.district
    if district is not None:
        province = district.province
    account = ConsoleAccount(person_id=person.id, username=username, password_hash=hash_password(password),
                             role=role, province_id=province.id if province else None,
                             district_id=district.id if district else None,
                             subdistrict_id=subdistrict.id if subdistrict else None,
                             fund_id=fund.id if fund else None, created_at=clock.utcnow())
    session.add(account)
    session.flush()
    return account


def authenticate(session: Session, username: str, password: str) -> ConsoleAccount | None:
    """The account if the password is right and the account is active; else None."""
    account = session.scalar(select(ConsoleAccount).where(ConsoleAccount.username == username.strip().lower()))
    try:
        _hasher.verify(account.password_hash if account else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if account is None or account.disabled_at is not None:
        return None
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    account.last_sign_in_at = clock.utcnow()
    return account


def disable(session: Session, username: str) -> ConsoleAccount:
    account = session.scalar(select(ConsoleAccount).where(ConsoleAccount.username == username.strip().lower()))
    if account is None:
        raise AccountError(f"no account {username}")
    account.disabled_at = account.disabled_at or clock.utcnow()
    return account


def active(session: Session, account_id: int) -> ConsoleAccount | None:
    account = session.get(ConsoleAccount, account_id)
    return account if account is not None and account.disabled_at is None else None


def for_line_user(session: Session, line_user_id: str) -> ConsoleAccount | None:
    return session.scalar(select(ConsoleAccount).join(Person, Person.id == ConsoleAccount.person_id).where(
        Person.line_user_id == line_user_id, Person.withdrawn_at.is_(None), ConsoleAccount.disabled_at.is_(None)))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link_token(session: Session, account: ConsoleAccount) -> str:
    """A fresh single-use token, valid for ten minutes; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    session.add(SignInLink(account_id=account.id, token_hash=_digest(token),
                           expires_at=clock.utcnow() + LINK_LIFETIME))
    session.flush()
    return token


def redeem_link_token(session: Session, token: str) -> ConsoleAccount | None:
    """The account the token signs in, once: used, expired or unknown tokens give None."""
    now = clock.utcnow()
    result = session.execute(update(SignInLink).where(
        SignInLink.token_hash == _digest(token), SignInLink.used_at.is_(None), SignInLink.expires_at > now,
    ).values(used_at=now).returning(SignInLink.account_id))
    account_id = result.scalar()
    if account_id is None:
        return None
    account = active(session, account_id)
    if account is not None:
        account.last_sign_in_at = now
    return account


def find_person(session: Session, reference: str) -> Person:
    """An imported person by phone number or national ID (as the import keys them)."""
    digits = national_id_digits(reference)
    keys = [key_for_id(digits)] if len(digits) == 13 else []
    phone = normalise_phone(reference)
    if phone:
        keys.append(key_for_phone(phone))
    people = list(session.scalars(select(Person).where(Person.person_key.in_(keys)))) if keys else []
    if not people and phone:
        people = list(session.scalars(select(Person).where(Person.phone == phone, Person.withdrawn_at.is_(None))))
    if len(people) != 1:
        raise AccountError(f"no single imported person matches {reference!r} (give a phone number or national ID)")
    return people[0]


def create_from_names(session: Session, reference: str, username: str, password: str, role: str, *,
                      province: str | None = None, district: str | None = None, subdistrict: str | None = None,
                      fund: str | None = None) -> ConsoleAccount:
    """`sammachip officers add`: the person and the area given as the officer would write them."""
    person = find_person(session, reference)
    places: dict = {}
    if province:
        places["province"] = session.scalar(select(Province).where(Province.name == province))
        if places["province"] is None:
            raise AccountError(f"no province {province}")
    if district:
        query = select(District).where(District.name == district)
        if places.get("province"):
            query = query.where(District.province_id == places["province"].id)
        found = list(session.scalars(query))
        if len(found) != 1:
            raise AccountError(f"no single district {district} (give --province too)")
        places["district"] = found[0]
    if subdistrict:
        if not places.get("district"):
            raise AccountError("a subdistrict needs --district")
        places["subdistrict"] = session.scalar(select(Subdistrict).where(
            Subdistrict.name == subdistrict, Subdistrict.district_id == places["district"].id))
        if places["subdistrict"] is None:
            raise AccountError(f"no subdistrict {subdistrict} in {district}")
    if fund:
        places["fund"] = session.scalar(select(Fund).where(Fund.name == fund))
        if places["fund"] is None:
            raise AccountError(f"no fund {fund}")
    return create(session, person, username, password, role, **places)
