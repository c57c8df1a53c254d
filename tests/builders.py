"""Small builders for people and places, written straight to the real test database."""
from __future__ import annotations

import secrets

from bot import clock, texts
from bot.models import (
    Consent, District, LeaderHousehold, LineUser, OfficerScope, Person, PersonRole, Province, Subdistrict, Village,
)


class Place:
    def __init__(self, session, district: str = "เขื่องใน", subdistrict: str = "ก่อเอ้"):
        province = Province(name=f"อุบลราชธานี-{secrets.token_hex(3)}")
        self.district = District(province=province, name=district)
        self.subdistrict = Subdistrict(district=self.district, name=subdistrict)
        session.add_all([province, self.district, self.subdistrict])
        session.flush()
        self.session = session

    def village(self, moo: int, name: str = "ดอนแดง") -> Village:
        village = Village(subdistrict=self.subdistrict, moo=moo, name=name)
        self.session.add(village)
        self.session.flush()
        return village


def person(session, name: str, roles: list[str], village: Village | None = None, linked: bool = True,
           consented: bool = True, following: bool = True, occupation: str = "ทอเสื่อกก") -> Person:
    someone = Person(person_key=secrets.token_hex(32), full_name=name, phone="08" + str(secrets.randbelow(10**8)).zfill(8),
                     village_id=village.id if village else None, occupation=occupation)
    someone.roles = [PersonRole(role=role) for role in roles]
    if linked:
        someone.line_user_id = "U" + secrets.token_hex(16)
        someone.linked_at = clock.utcnow()
        session.add(LineUser(line_user_id=someone.line_user_id, following=following))
        if consented:
            session.add(Consent(line_user_id=someone.line_user_id, notice_version=texts.CONSENT_NOTICE_VERSION,
                                agreed=True, answered_at=clock.utcnow()))
    session.add(someone)
    session.flush()
    return someone


def follows(session, leader: Person, *households: Person) -> None:
    session.add_all([LeaderHousehold(leader_id=leader.id, household_id=h.id) for h in households])
    session.flush()


def officer_of(session, officer: Person, place: Place) -> None:
    session.add(OfficerScope(person_id=officer.id, district_id=place.district.id))
    session.flush()
