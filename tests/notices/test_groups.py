"""Village LINE groups: known from the bot's join, tied to a village by that village's officer,
then sent the notice (the same words, no personal data), billed per member; never after the bot left."""
from __future__ import annotations

import requests
from sqlalchemy import select

from bot import notices
from bot.audience import AudienceSpec
from bot.line import messages as m
from bot.line import outbox
from bot.models import ConsoleAccount, LineGroup, OutboundMessage
from tests.notices.test_chat import OfficerChat
from tests.notices.test_console import signed_in  # noqa: F401  (the fixture)
from tests.notices.world import area


def _group_with_bot(rt, members: int = 2) -> str:
    api = rt.settings.line_api_base
    users = [requests.post(api + "/_emulator/users", json={"display_name": f"สมาชิก{n}"}, timeout=5).json()["user_id"]
             for n in range(members)]
    group = requests.post(api + "/_emulator/groups", json={"name": "บ้านดอนแดง หมู่ 1", "members": users},
                          timeout=5).json()["group_id"]
    event = requests.post(api + f"/_emulator/groups/{group}/events", json={"type": "join"}, timeout=5).json()["event"]
    OfficerChat(rt, user_id=users[0]).turn(event)
    return group


def test_a_group_the_bot_joined_is_tied_to_a_village_and_receives_the_notice(rt, world, signed_in):
    group = _group_with_bot(rt)
    with rt.db.sessions() as session:
        row = session.scalar(select(LineGroup).where(LineGroup.group_id == group))
    assert row is not None and row.village_id is None and row.left_at is None
    officer = signed_in("officer-a")
    assert "บ้านดอนแดง หมู่ 1" in officer.get("/console/notices/groups").get_data(as_text=True)
    assert officer.post("/console/notices/groups", {"group": str(row.id), "village": str(world.ids["v1"])}
                        ).status_code == 302
    other = signed_in("officer-b")
    assert other.post("/console/notices/groups", {"group": str(row.id), "village": str(world.ids["v9"])}
                      ).status_code == 404
    assert "ดอนแดง" not in other.get("/console/notices/groups").get_data(as_text=True)

    with rt.db.session() as session:
        account = session.get(ConsoleAccount, world.accounts["officer_a"])
        _, cost = notices.preview(session, area(session, world, "officer_a"), AudienceSpec(roles=("leader",)),
                                  rt.line, [row.id])
        assert cost.messages == 2 + 2  # two leaders, and a group of two members
        notice = notices.create(session, account, title="ประชุม", spec=AudienceSpec(roles=("leader",)),
                                messages=[m.text("ประชุมหมู่บ้านค่ะ")], line=rt.line, group_ids=[row.id])
    ids = notices.release(rt, notice.id)
    with rt.db.sessions() as session:
        pushed = session.scalar(select(OutboundMessage).where(OutboundMessage.recipient == group,
                                                              OutboundMessage.notice_id.is_not(None)))
    assert pushed.id in ids and pushed.notice_id == notice.id and pushed.kind == "push"
    assert outbox.deliver(rt, pushed.id) == "sent"
    got = requests.get(rt.settings.line_api_base + f"/_emulator/users/{group}/messages", timeout=5).json()
    assert [item["message"]["text"] for item in got["messages"]][-1:] == ["ประชุมหมู่บ้านค่ะ"]


def test_a_group_the_bot_left_gets_nothing_and_cannot_be_chosen(rt, world, signed_in):
    group = _group_with_bot(rt)
    with rt.db.session() as session:
        row = session.scalar(select(LineGroup).where(LineGroup.group_id == group))
        row.village_id = world.ids["v1"]
    event = requests.post(rt.settings.line_api_base + f"/_emulator/groups/{group}/events", json={"type": "leave"},
                          timeout=5).json()["event"]
    OfficerChat(rt).turn(event)
    with rt.db.session() as session:
        assert notices.village_groups(session, area(session, world, "officer_a")) == []
        account = session.get(ConsoleAccount, world.accounts["officer_a"])
        try:
            notices.create(session, account, title="ประชุม", spec=AudienceSpec(), messages=[m.text("ค่ะ")],
                           line=rt.line, group_ids=[row.id])
        except notices.NoticeError:
            pass
        else:
            raise AssertionError("a group the bot left was accepted")
