from datetime import timedelta

from sqlalchemy import func, select, update

from bot import clock
from bot.models import InviteCode, Person
from bot.people.invites import ALPHABET, CODE_LENGTH, issue_codes, normalise_code, redeem


def _known_code(rt, code: str = "KT4M7X") -> int:
    """Give the first person a code the test can type; returns their id."""
    with rt.db.session() as session:
        issue_codes(session)
        person_id = session.scalar(select(Person.id).order_by(Person.id))
        session.execute(update(InviteCode).where(InviteCode.person_id == person_id).values(code=code))
    return person_id


def _state(rt) -> tuple:
    with rt.db.session() as session:
        return (tuple(session.execute(select(Person.id, Person.line_user_id).order_by(Person.id))),
                tuple(session.execute(select(InviteCode.id, InviteCode.used_at).order_by(InviteCode.id))))


def test_alphabet_has_no_look_alikes():
    assert not set("0O1IL5S2Z8B") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) and CODE_LENGTH == 6


def test_one_live_code_per_unlinked_person(rt, demo_people):
    with rt.db.session() as session:
        codes = issue_codes(session)
        assert len(codes) == 15 and len({c.code for c in codes}) == 15
        assert all(len(c.code) == 6 and set(c.code) <= set(ALPHABET) for c in codes)
        assert issue_codes(session) == []
        village_id = session.scalar(select(Person.village_id).where(Person.village_id.is_not(None)))
        assert issue_codes(session, village_id=village_id) == []


def test_an_expired_code_is_replaced_and_refused(rt, demo_people):
    person_id = _known_code(rt)
    with clock.frozen_at(clock.now() + timedelta(days=31)):
        with rt.db.session() as session:
            assert redeem(session, "U-late", "KT4M7X") is None
            fresh = issue_codes(session)
            assert len(fresh) == 15 and person_id in {c.person_id for c in fresh}
        with rt.db.session() as session:
            live = session.scalar(select(func.count()).select_from(InviteCode).where(InviteCode.expires_at > clock.utcnow()))
            assert live == 15


def test_codes_last_to_the_end_of_the_printed_day(rt, demo_people):
    with clock.frozen_at("2026-11-21T09:00"):
        with rt.db.session() as session:
            code = issue_codes(session, expires_in_days=30)[0]
    local = code.expires_at.astimezone(clock.now().tzinfo)
    assert (local.day, local.month, local.hour, local.minute) == (21, 12, 23, 59)


def test_redeem_accepts_loose_typing_and_links_once(rt, demo_people):
    person_id = _known_code(rt)
    assert normalise_code("  รหัส: kt๔-m๗x ") == "KT4M7X"
    with rt.db.session() as session:
        linked = redeem(session, "U-somrn", "รหัส kt๔-m๗ x")
        assert linked is not None and linked.id == person_id and linked.linked_at is not None
    with rt.db.session() as session:
        assert session.get(Person, person_id).line_user_id == "U-somrn"
        assert session.scalar(select(InviteCode.used_at).where(InviteCode.code == "KT4M7X")) is not None
        assert issue_codes(session) == []  # a linked person needs no new code


def test_every_failure_looks_the_same_and_changes_nothing(rt, demo_people):
    _known_code(rt)
    with rt.db.session() as session:
        other = session.scalars(select(InviteCode).order_by(InviteCode.person_id)).all()[1].code
        assert redeem(session, "U-first", "KT4M7X") is not None
    before = _state(rt)
    attempts = [
        ("U-second", "KT4M7X"),   # used code
        ("U-first", other),       # LINE user already linked to someone
        ("U-third", "AAAAAA"),    # no such code
        ("U-third", "KT4M7"),     # too short
        ("U-third", "สวัสดีค่ะ"),  # not a code at all
        ("U-third", "KT4M7O"),    # a look-alike that is never issued
    ]
    with rt.db.session() as session:
        assert [redeem(session, user, text) for user, text in attempts] == [None] * len(attempts)
    assert _state(rt) == before


def test_a_person_already_linked_cannot_be_linked_again(rt, demo_people):
    person_id = _known_code(rt)
    with rt.db.session() as session:
        session.execute(update(Person).where(Person.id == person_id).values(line_user_id="U-elsewhere"))
        assert redeem(session, "U-new", "KT4M7X") is None
    with rt.db.session() as session:
        assert session.scalar(select(InviteCode.used_at).where(InviteCode.code == "KT4M7X")) is None
