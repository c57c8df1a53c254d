"""Who the bot is talking to, end to end: consent, invite codes, rich menus per role,
privacy, blocking and village groups, through the simulator and a real worker."""
from __future__ import annotations

import re
import time

import requests
from sqlalchemy import select

from bot import richmenus, texts, thai
from bot.line import messages as m
from bot.line import outbox
from bot.models import InviteCode, Person, RichMenu
from tests.chat import code_for, linked_user


def _menu_of(stack, user: str) -> str | None:
    response = requests.get(f"{stack.emulator_url}/_emulator/users/{user}/richmenu", timeout=5)
    return response.json().get("richMenuId") if response.status_code == 200 else None


def _menu_id(rt, role: str) -> str:
    with rt.db.sessions() as session:
        return session.scalar(select(RichMenu.rich_menu_id).where(RichMenu.role == role))


def _wait_for(predicate, timeout: float = 5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    return predicate()


def test_consent_then_code_links_the_household_and_shows_its_menu(stack, village):
    user, name = linked_user(stack, village, "household")
    assert _wait_for(lambda: _menu_of(stack, user) == _menu_id(village, "household"))
    [card] = stack.say(user, texts.MY_DATA_WORD)
    assert name in card["altText"] and texts.ROLE_NAMES["household"] in card["altText"]
    assert re.search(r"โทรศัพท์: 0\d{2}-\d{3}-\d{4}\n", card["altText"])  # 081-111-0021, as people read it
    assert "การยินยอม: ให้ความยินยอมแล้วเมื่อ " in card["altText"] and "ยินยอมเมื่อ: ยินยอมแล้ว" not in card["altText"]


def test_officer_gets_the_officer_menu(stack, village):
    user, _ = linked_user(stack, village, "officer")
    assert _wait_for(lambda: _menu_of(stack, user) == _menu_id(village, "officer"))


def test_wrong_codes_get_one_kind_answer_and_are_limited_per_hour(stack, village):
    code, _ = code_for(village, "household")
    user = stack.new_user()
    stack.send(user, "follow")
    stack.say(user, texts.CONSENT_AGREE)
    for wrong in ["ZZZZZZ", "AAAAAA", "CDEFGH", "KKKKKK", "QQQQQQ"]:
        [reply] = stack.say(user, wrong)
        assert reply["text"].startswith(texts.LINK_CODE_WRONG)
    [refused] = stack.say(user, code)  # the right code, but the sixth try within the hour
    assert refused["text"] == texts.LINK_TOO_MANY_TRIES  # and not "please type your code" after it
    with village.db.sessions() as session:
        assert session.scalar(select(Person.line_user_id).join(InviteCode).where(InviteCode.code == code)) is None


def test_code_from_the_qr_sheet_before_consent_asks_consent_then_links(stack, village):
    code, name = code_for(village, "leader")
    user = stack.new_user()
    stack.send(user, "follow")
    stack.say(user, texts.CONSENT_LATER)
    [consent] = stack.say(user, f"รหัส {code}")
    assert consent["text"] == texts.CONSENT_NOTICE
    [done] = stack.say(user, texts.CONSENT_AGREE)
    assert thai.call_name(name) in done["text"]


def test_guest_can_ask_questions_and_sees_nothing_personal(stack, village):
    user = stack.new_user()
    stack.send(user, "follow")
    stack.say(user, texts.CONSENT_LATER)
    [answer] = stack.say(user, "กลุ่มอาชีพต้องมีกรรมการอะไรบ้าง")
    assert answer["type"] == "flex"
    [mine] = stack.say(user, texts.MY_DATA_WORD)
    assert mine["text"].startswith(texts.MY_DATA_GUEST.split("{")[0])


def test_withdrawal_erases_personal_data_and_keeps_the_count(stack, village):
    user, name = linked_user(stack, village, "household")
    with village.db.sessions() as session:
        before = session.query(Person).count()
    [confirm] = stack.say(user, texts.WITHDRAW_WORD)
    assert confirm["text"] == texts.WITHDRAW_CONFIRM
    [done] = stack.say(user, texts.FLOW_YES)
    assert done["text"] == texts.WITHDRAW_DONE
    with village.db.sessions() as session:
        assert session.query(Person).count() == before
        assert session.scalar(select(Person).where(Person.full_name == name)) is None
        assert session.scalar(select(Person).where(Person.line_user_id == user)) is None
    assert _wait_for(lambda: _menu_of(stack, user) == _menu_id(village, richmenus.GUEST))  # the default menu
    [mine] = stack.say(user, texts.MY_DATA_WORD)
    assert name not in mine["text"]


def test_unfollow_stops_a_queued_push(stack, village):
    user, _ = linked_user(stack, village, "household")
    stack.send(user, "unfollow")
    assert _wait_for(lambda: _following(village, user) is False)
    with village.db.session() as session:
        [outbox_id] = outbox.queue_push(session, f"encouragement:{user}", user, [m.text("สู้ ๆ นะคะ")])
    assert outbox.deliver(village, outbox_id) == "blocked"


def _following(rt, user: str):
    from bot.models import LineUser

    with rt.db.sessions() as session:
        return session.scalar(select(LineUser.following).where(LineUser.line_user_id == user))


def test_in_a_village_group_the_bot_answers_only_when_called_and_keeps_personal_data_private(stack, village):
    user = stack.new_user()
    group = {"type": "group", "groupId": "C" + "7" * 32}

    def in_group(text: str) -> list[dict]:
        return stack.send(user, "text", text=text, source=group, wait=4)

    assert in_group("สวัสดีทุกคน") == []  # not addressed to the bot
    [private] = in_group(f"{texts.GROUP_CALL_NAME} {texts.MY_DATA_WORD}")
    assert private["text"] == texts.GROUP_PRIVATE
    [answer] = in_group(f"{texts.GROUP_CALL_NAME} กลุ่มอาชีพต้องมีกรรมการอะไรบ้าง")
    assert answer["type"] == "flex"
