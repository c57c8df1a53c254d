"""`sammachip invites list`: a new tester picks a demo person by role and village, not from the CSV."""
from __future__ import annotations

from click.testing import CliRunner

from bot.people import invites
from sammachip.cli import main
from tests.builders import Place, person


def test_invites_list_shows_each_codes_roles_and_village(rt):
    with rt.db.session() as session:
        place = Place(session)
        dondaeng = place.village(5, "ดอนแดง")
        person(session, "นางสมร ใจดี", ["household"], place.village(3, "หนองบัว"), linked=False)
        person(session, "นายมา ขยัน", ["leader", "committee"], dondaeng, linked=False)
        person(session, "นางแก้ว มีสุข", ["household"], dondaeng)  # linked: no code listed
        invites.issue_codes(session)
    result = CliRunner().invoke(main, ["invites", "list"], catch_exceptions=False)
    lines = result.output.splitlines()
    assert len(lines) == 2
    somorn, ma = (next(line for line in lines if name in line) for name in ("นางสมร", "นายมา"))
    assert "[household]" in somorn and "หมู่ 3" in somorn and "หนองบัว" in somorn
    assert "[committee, leader]" in ma and "หมู่ 5" in ma
