"""End to end, as LINE and a villager see it: a household linked through the real chat is
invited; the worker sends the card and the map pin to the LINE emulator (which judges them
by LINE's rules); her tap on "ไป" comes back as a signed webhook and is recorded."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import requests
from sqlalchemy import select

from bot import accounts, activities, audience, clock, runtime, scheduling, texts
from bot.area import Area
from bot.models import ActivityInvitee, Person
from bot.settings import TIMEZONE
from tests.activities.world import PASSWORD, draft
from tests.builders import person
from tests.chat import linked_user
from tests.polling import eventually


def _pushed(stack, user: str) -> list[dict]:
    items = requests.get(f"{stack.emulator_url}/_emulator/users/{user}/messages", timeout=5).json()["messages"]
    return [item["message"] for item in items if item["via"] == "push"]


def test_a_linked_household_gets_the_card_and_map_and_answers_with_a_tap(stack, village):
    rt = runtime.Runtime(stack.settings)
    user, name = linked_user(stack, rt, "household")
    # The morning of today (Bangkok), so the worker's real clock sees the activity still to come.
    morning = datetime.combine(datetime.now(TIMEZONE).date(), time(10), tzinfo=TIMEZONE)
    starts = (morning + timedelta(days=5)).strftime("%Y-%m-%dT09:00")
    with clock.frozen_at(morning), rt.db.session() as session:
        household = session.scalar(select(Person).where(Person.line_user_id == user))
        officer = person(session, "นายชาติ พัฒนากร", ["officer"], linked=False)
        account = accounts.create(session, officer, f"officer-{household.id}", PASSWORD, "officer",
                                  district=household.village.subdistrict.district)
        activity, decisions = activities.create(session, account, Area.of(account), draft(starts),
                                                audience.AudienceSpec(villages=(household.village_id,)))
        activity_id = activity.id
    assert [d.outcome for d in decisions] == ["queued"]
    for decision in decisions:
        scheduling.enqueue_deliveries(rt, decision.outbox_ids)
    card, pin = eventually(lambda: _pushed(stack, user) or None, "the invitation on LINE", timeout=15)
    assert card["type"] == "flex" and pin["type"] == "location" and pin["latitude"] == 15.3789
    going = next(b["action"] for b in card["contents"]["footer"]["contents"] if b["action"]["label"] == "ไป")
    [said] = stack.send(user, "postback", data=going["data"])
    assert said["text"] == texts.ACTIVITY_ANSWERED["go"].format(title="อบรมทอเสื่อกก")
    with rt.db.sessions() as session:
        assert session.scalar(select(ActivityInvitee.answer).where(ActivityInvitee.activity_id == activity_id)) == "go"
    rt.close()
