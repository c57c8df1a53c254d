"""A district with two villages, an officer's console account, and the people an activity
invites: households who will answer each way, one who stays silent, their leader, someone
in the other village and someone not yet linked in LINE."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot import accounts, activities, audience, clock
from bot.area import Area
from bot.models import ConsoleAccount
from tests.builders import Place, follows, person

NOW = "2026-12-02T10:00:00+07:00"  # a Wednesday morning
PASSWORD = "correct horse battery"


@dataclass
class World:
    district: int
    village: int
    other_village: int
    account: int
    going: int
    saying_no: int
    silent: int
    leader: int
    elsewhere: int
    unlinked: int
    users: dict[str, str]


def build(session, username: str = "officer-x") -> World:
    place = Place(session)
    village, other = place.village(1, "ดอนแดง"), place.village(2, "หนองบัว")
    going = person(session, "นางสมร ไปแน่", ["household"], village)
    saying_no = person(session, "นายคำ ไม่สะดวก", ["household"], village)
    silent = person(session, "นางจันทร์ เงียบ", ["household"], village)
    leader = person(session, "นางพิมพ์ ผู้นำ", ["leader"], village)
    follows(session, leader, going, saying_no, silent)
    elsewhere = person(session, "นายดำ หมู่สอง", ["household"], other)
    unlinked = person(session, "นางแก้ว ยังไม่ผูก", ["household"], village, linked=False)
    officer = person(session, "นางสาวพร พัฒนากร", ["officer"])
    account = accounts.create(session, officer, username, PASSWORD, "officer", district=place.district)
    session.flush()
    return World(place.district.id, village.id, other.id, account.id, going.id, saying_no.id, silent.id, leader.id,
                 elsewhere.id, unlinked.id,
                 {"going": going.line_user_id, "saying_no": saying_no.line_user_id, "silent": silent.line_user_id,
                  "leader": leader.line_user_id, "elsewhere": elsewhere.line_user_id})


def draft(starts: str, urgent: bool = False, title: str = "อบรมทอเสื่อกก") -> activities.Draft:
    return activities.Draft(title=title, place="ศาลาประชาคมบ้านดอนแดง",
                            starts_at=datetime.fromisoformat(starts).replace(tzinfo=clock.now().tzinfo),
                            latitude=15.3789, longitude=104.6432, details="นำกรรไกรมาด้วย", urgent=urgent)


def create(rt, world: World, starts: str, urgent: bool = False, villages: tuple[int, ...] | None = None,
           title: str = "อบรมทอเสื่อกก"):
    """An activity for the village (or `villages`), made now by the world's officer; returns (id, decisions)."""
    with rt.db.session() as session:
        account = session.get(ConsoleAccount, world.account)
        spec = audience.AudienceSpec(villages=villages if villages is not None else (world.village,))
        activity, decisions = activities.create(session, account, Area.of(account), draft(starts, urgent, title),
                                                spec)
        return activity.id, decisions
