"""Audiences: a table of people x filters -> the exact set, with scope and dedup."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from bot import audience, clock
from bot.audience import AudienceError, AudienceSpec
from tests.notices.world import area

EVERYONE_IN_A = {"สมศรี", "บุญ", "มะลิ", "ชัย"}

# (account, spec as officers build it with ids by name, expected names, expected exclusions)
CASES = [
    ("officer_a", {}, EVERYONE_IN_A, {"blocked": 1, "withdrawn": 1, "unlinked": 1, "no_consent": 1}),
    ("officer_a", {"villages": ["v1"]}, {"สมศรี", "บุญ"}, {"withdrawn": 1, "unlinked": 1}),
    ("officer_a", {"villages": ["v1", "v2"]}, {"สมศรี", "บุญ", "มะลิ"},
     {"blocked": 1, "withdrawn": 1, "unlinked": 1, "no_consent": 1}),
    ("officer_a", {"subdistricts": ["s2"]}, {"ชัย"}, {}),
    ("officer_a", {"districts": ["district_a"]}, EVERYONE_IN_A, None),
    ("officer_a", {"provinces": ["province"]}, EVERYONE_IN_A, None),  # cut to the officer's district
    ("officer_a", {"villages": ["v1"], "subdistricts": ["s1"]}, {"สมศรี", "บุญ", "มะลิ"}, None),  # overlap: once
    ("officer_a", {"villages": ["v3"], "subdistricts": ["s2"]}, {"ชัย"}, {}),
    ("officer_a", {"roles": ["leader"]}, {"บุญ", "มะลิ"}, {}),
    ("officer_a", {"roles": ["household"]}, {"สมศรี", "มะลิ", "ชัย"},
     {"blocked": 1, "withdrawn": 1, "unlinked": 1, "no_consent": 1}),
    ("officer_a", {"roles": ["leader", "household"], "villages": ["v2"]}, {"มะลิ"}, {"blocked": 1, "no_consent": 1}),
    ("officer_a", {"roles": ["officer"]}, set(), {}),  # officers belong to no village
    ("officer_a", {"groups": ["g1"]}, {"สมศรี", "มะลิ"}, {}),
    ("officer_a", {"groups": ["g1", "g2"]}, {"สมศรี", "มะลิ"}, {"blocked": 1}),  # มะลิ is in both: once
    ("officer_a", {"occupations": ["ทอเสื่อกก"]}, {"สมศรี", "ชัย"}, {}),  # ไกล does it too, in another district
    ("officer_a", {"groups": ["g2"], "occupations": ["ทอเสื่อกก"]}, {"สมศรี", "มะลิ", "ชัย"}, {"blocked": 1}),
    ("officer_a", {"overdue_days": 30}, {"สมศรี"}, {}),
    ("officer_a", {"overdue_days": 40}, {"สมศรี"}, {}),
    ("officer_a", {"overdue_days": 41}, set(), {}),
    ("officer_a", {"overdue_days": 0}, {"สมศรี"}, {}),  # "overdue" means at least a day late
    ("officer_a", {"due_within_days": 7}, {"มะลิ"}, {"blocked": 1}),  # through their group's loan
    ("officer_a", {"due_within_days": 4}, set(), {}),
    ("officer_a", {"funds": ["f1"]}, {"สมศรี", "มะลิ"}, {"blocked": 1}),
    ("officer_a", {"funds": ["f2"]}, set(), {}),  # ชัย paid everything
    ("officer_a", {"overdue_days": 1, "due_within_days": 7}, {"สมศรี", "มะลิ"}, {"blocked": 1}),
    ("officer_a", {"funds": ["f1"], "overdue_days": 1}, {"สมศรี"}, {}),
    ("officer_a", {"funds": ["f1"], "villages": ["v2"]}, {"มะลิ"}, {"blocked": 1}),
    ("officer_a", {"missing_weekly_report": True}, {"บุญ"}, {}),
    ("officer_a", {"missing_monthly_report": True}, {"สมศรี", "มะลิ", "ชัย"},
     {"withdrawn": 1, "unlinked": 1, "no_consent": 1}),
    ("officer_a", {"missing_weekly_report": True, "missing_monthly_report": True}, EVERYONE_IN_A, None),
    ("officer_a", {"roles": ["leader"], "missing_monthly_report": True}, {"มะลิ"}, {}),
    ("officer_a", {"villages": ["v1"], "missing_weekly_report": True}, {"บุญ"}, {}),
    ("officer_a", {"villages": ["v9"]}, set(), {}),  # outside the area: nobody (and `check` refuses it)
    ("officer_a", {"funds": ["f9"]}, set(), {}),
    ("officer_a", {"groups": ["g9"]}, set(), {}),
    ("officer_s2", {}, {"ชัย"}, {}),
    ("officer_s2", {"subdistricts": ["s1", "s2"]}, {"ชัย"}, {}),
    ("officer_b", {}, {"ไกล"}, {}),
    ("officer_b", {"overdue_days": 30}, {"ไกล"}, {}),
    ("committee", {}, {"สมศรี", "บุญ", "มะลิ"}, None),  # the villages the fund serves
    ("committee", {"overdue_days": 1}, {"สมศรี"}, {}),
    ("admin", {"occupations": ["ทอเสื่อกก"]}, {"สมศรี", "ชัย", "ไกล"}, {}),
    ("admin", {"roles": ["leader"], "overdue_days": 1}, {"ไกล"}, {}),
]


def spec_of(world, named: dict) -> AudienceSpec:
    ids = {"provinces", "districts", "subdistricts", "villages", "groups", "funds"}
    return AudienceSpec.from_json({key: [world.ids[name] for name in value] if key in ids else value
                                   for key, value in named.items()})


@pytest.mark.parametrize("account,named,expected,excluded", CASES,
                         ids=[f"{c[0]}-{'-'.join(c[1]) or 'everyone'}-{n}" for n, c in enumerate(CASES)])
def test_each_filter_gives_exactly_the_people_it_names(rt, world, account, named, expected, excluded):
    with rt.db.sessions() as session:
        scope, spec = area(session, world, account), spec_of(world, named)
        found = audience.resolve(session, scope, spec, clock.now().date())
        counted = audience.tally(session, scope, spec, clock.now().date())
    assert world.names(found.line_user_ids) == expected
    assert len(found.line_user_ids) == len(set(found.line_user_ids)) == found.count
    assert counted == (found.count, found.excluded)  # what a notice's quota check counts
    if excluded is not None:
        assert found.excluded == excluded


def test_breakdown_by_village_and_by_role(rt, world):
    with rt.db.sessions() as session:
        found = audience.resolve(session, area(session, world, "officer_a"), AudienceSpec(), clock.now().date())
    ids = world.ids
    assert found.by_village == {ids["v1"]: 2, ids["v2"]: 1, ids["v3"]: 1}
    assert found.by_role == {"household": 3, "leader": 2}  # มะลิ is both
    with rt.db.sessions() as session:
        leaders = audience.resolve(session, area(session, world, "officer_a"), AudienceSpec(roles=("leader",)),
                                   clock.now().date())
    assert leaders.by_role == {"leader": 2}


@pytest.mark.parametrize("named,field", [({"villages": ["v9"]}, "villages"), ({"subdistricts": ["s9"]}, "subdistricts"),
                                         ({"districts": ["district_b"]}, "districts"), ({"groups": ["g9"]}, "groups"),
                                         ({"funds": ["f9"]}, "funds")])
def test_naming_anything_outside_the_area_is_refused(rt, world, named, field):
    with rt.db.sessions() as session:
        with pytest.raises(AudienceError) as refused:
            audience.check(session, area(session, world, "officer_a"), spec_of(world, named))
        assert refused.value.field == field
        audience.check(session, area(session, world, "admin"), spec_of(world, named))


def test_a_subdistrict_officer_may_name_their_district_and_reaches_only_their_subdistrict(rt, world):
    with rt.db.sessions() as session:
        scope = area(session, world, "officer_s2")
        audience.check(session, scope, spec_of(world, {"districts": ["district_a"]}))
        with pytest.raises(AudienceError):
            audience.check(session, scope, spec_of(world, {"subdistricts": ["s1"]}))


def test_a_person_who_withdraws_or_blocks_later_drops_out(rt, world):
    from sqlalchemy import update

    from bot import erasure
    from bot.models import LineUser

    with rt.db.session() as session:
        erasure.withdraw(session, world.users["สมศรี"])
        session.execute(update(LineUser).where(LineUser.line_user_id == world.users["บุญ"]).values(following=False))
    with rt.db.sessions() as session:
        found = audience.resolve(session, area(session, world, "officer_a"), AudienceSpec(), clock.now().date())
    assert world.names(found.line_user_ids) == {"มะลิ", "ชัย"}
    assert found.excluded == {"withdrawn": 2, "unlinked": 1, "blocked": 2, "no_consent": 1}


def test_a_later_no_to_the_consent_notice_counts_over_an_earlier_yes(rt, world):
    from datetime import timedelta

    from bot.models import Consent

    with rt.db.session() as session:
        session.add(Consent(line_user_id=world.users["ชัย"], notice_version="1", agreed=False,
                            answered_at=clock.utcnow() + timedelta(seconds=1)))
    with rt.db.sessions() as session:
        found = audience.resolve(session, area(session, world, "officer_a"), AudienceSpec(), clock.now().date())
    assert "ชัย" not in world.names(found.line_user_ids) and found.excluded["no_consent"] == 2


def test_specs_round_trip_through_json():
    spec = AudienceSpec(villages=(3, 1), roles=("leader",), overdue_days=30, missing_weekly_report=True)
    stored = spec.to_json()
    assert stored == {"villages": [3, 1], "roles": ["leader"], "overdue_days": 30, "missing_weekly_report": True}
    assert AudienceSpec.from_json(stored) == AudienceSpec(villages=(1, 3), roles=("leader",), overdue_days=30,
                                                          missing_weekly_report=True)
    assert AudienceSpec.from_json({}).everyone


@pytest.mark.parametrize("bad", [None, [], "x", {"villages": "1"}, {"villages": [0]}, {"villages": [True]},
                                 {"roles": ["king"]}, {"overdue_days": -1}, {"overdue_days": "3"},
                                 {"overdue_days": 10**6}, {"missing_weekly_report": 1}, {"occupations": [""]},
                                 {"nobody": [1]}, {"villages": list(range(1, 600))}])
def test_malformed_specs_are_refused(bad):
    with pytest.raises(AudienceError):
        AudienceSpec.from_json(bad)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["villages", "roles", "overdue_days", "groups", "occupations",
                                        "missing_weekly_report", "funds", "x"]),
                       st.one_of(st.none(), st.booleans(), st.integers(-5, 10**7), st.text(max_size=5),
                                 st.lists(st.one_of(st.integers(-3, 10**12), st.text(max_size=3)), max_size=4))))
def test_any_submitted_spec_is_a_clean_refusal_or_resolves_within_the_area(rt, world, data):
    try:
        spec = AudienceSpec.from_json(data)
    except AudienceError:
        return
    with rt.db.sessions() as session:
        found = audience.resolve(session, area(session, world, "officer_a"), spec, clock.now().date())
    assert world.names(found.line_user_ids) <= EVERYONE_IN_A
