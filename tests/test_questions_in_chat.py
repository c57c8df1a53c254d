"""Questions end to end: an answer with its source, feedback, the hand-off to an officer,
the officer's answer pushed to the asker, and the approved answer serving the next villager."""
from __future__ import annotations


import requests

from bot import texts, thai
from tests.chat import card_buttons, chip, labels, linked_user, tap, wait_for_push

UNKNOWN = "ปลูกทุเรียนต้องใส่ปุ๋ยสูตรไหน"


def _guest(stack) -> str:
    user = stack.new_user()
    stack.send(user, "follow")
    stack.say(user, texts.CONSENT_LATER)
    return user


def test_answer_card_names_its_source_and_reads_more(stack, village):
    user = _guest(stack)
    [answer] = stack.say(user, "เฮ็ดจั่งใด๋ให้กลุ่มยั่งยืน")  # Isan: how to make the group last
    assert answer["type"] == "flex" and "จาก:" in answer["altText"]
    assert labels(answer) == [texts.KB_YES, texts.KB_NO]
    [whole] = tap(stack, user, card_buttons(answer)[texts.KB_READ_MORE])
    assert len(whole["text"]) > 100
    [thanks] = tap(stack, user, chip(answer, texts.KB_YES))
    assert thanks["text"] == texts.KB_THANKS_FOR_FEEDBACK


def test_read_more_shows_the_whole_section_not_the_answer_again(stack, village):
    user = _guest(stack)
    [answer] = stack.say(user, "ผู้สูงอายุทำอาชีพอะไรได้บ้าง")
    [whole] = tap(stack, user, card_buttons(answer)[texts.KB_READ_MORE])
    shown = answer["altText"].rsplit("\n\n", 1)[0].removeprefix("📌 ")
    assert whole["text"] != answer["altText"] and len(whole["text"]) > len(shown)
    assert all(line in whole["text"] for line in shown.split("\n") if line != "…")


def test_asking_makes_no_call_to_line_inside_the_turn(stack, village):
    """The loading animation was a synchronous LINE call inside the turn's transaction: gone."""
    user = _guest(stack)
    stack.say(user, "กลุ่มอาชีพต้องมีกรรมการอะไรบ้าง")
    history = requests.get(f"{stack.emulator_url}/_emulator/users/{user}/history", timeout=10).json()["history"]
    assert not [entry for entry in history if entry.get("kind") == "loading"]


def test_greeting_gets_a_friendly_word_not_a_search(stack, village):
    user = _guest(stack)
    [hello] = stack.say(user, "สวัสดีค่ะ")
    assert hello["text"] == texts.KB_GREETING_REPLY


def test_off_topic_question_gets_a_kind_word_and_no_hand_off(stack, village):
    user = _guest(stack)
    [declined] = stack.say(user, "หวยงวดนี้ออกอะไร")
    assert declined["text"] == texts.KB_OUT_OF_SCOPE
    assert texts.KB_SEND_TO_OFFICER not in labels(declined)


def test_an_officers_own_unknown_question_is_not_offered_to_the_officers(stack, village):
    officer, _ = linked_user(stack, village, "officer")
    [declined] = stack.say(officer, UNKNOWN)
    assert declined["text"] == texts.KB_UNKNOWN_FOR_OFFICER
    assert texts.KB_SEND_TO_OFFICER not in labels(declined)


def test_officer_answers_in_chat_asker_gets_it_and_next_villager_is_answered_at_once(stack, village):
    asker = _guest(stack)
    [offer] = stack.say(asker, UNKNOWN)
    assert offer["text"] == texts.KB_UNKNOWN_OFFER
    [sent] = tap(stack, asker, chip(offer, texts.KB_SEND_TO_OFFICER))
    assert sent["text"] == texts.KB_ESCALATED
    [again] = tap(stack, asker, chip(offer, texts.KB_SEND_TO_OFFICER))  # a repeated tap
    assert again["text"] == texts.KB_ALREADY_ESCALATED

    officer, officer_name = linked_user(stack, village, "officer")
    title, cards = stack.say(officer, texts.OFFICER_QUESTIONS_WORD)
    assert title["text"].startswith("คำถามรอตอบ")
    bubbles = cards["contents"]["contents"]
    ours = next(b for b in bubbles if b["body"]["contents"][0]["text"] == UNKNOWN)
    [prompt] = tap(stack, officer, ours["footer"]["contents"][0]["action"])
    assert UNKNOWN in prompt["text"]
    reply = "ทุเรียนช่วงก่อนออกดอกใช้ปุ๋ยสูตร 8-24-24 ถามเกษตรอำเภอเพื่อตรวจดินก่อนนะคะ"
    [add_to_kb] = stack.say(officer, reply)
    assert add_to_kb["text"].startswith(texts.OFFICER_ADD_TO_KB)
    [summary] = stack.say(officer, texts.FLOW_YES)
    [done] = tap(stack, officer, card_buttons(summary)[texts.FLOW_CONFIRM])
    assert done["text"] == texts.OFFICER_ANSWER_SENT_AND_ADDED

    pushed = wait_for_push(stack, asker, reply)
    assert UNKNOWN in pushed and reply in pushed
    assert pushed.startswith(f"คุณ{thai.call_name(officer_name)} เจ้าหน้าที่พัฒนาชุมชน ตอบ")  # who answered

    next_villager = _guest(stack)
    [answer] = stack.say(next_villager, UNKNOWN)
    assert answer["type"] == "flex" and "8-24-24" in answer["altText"] and officer_name in answer["altText"]


def test_not_helpful_answer_goes_to_the_officers_queue(stack, village):
    user = _guest(stack)
    [answer] = stack.say(user, "กลุ่มอาชีพต้องมีกรรมการอะไรบ้าง")
    [handed] = tap(stack, user, chip(answer, texts.KB_NO))
    assert handed["text"] == texts.KB_ESCALATED
    officer, _ = linked_user(stack, village, "officer")
    _, cards = stack.say(officer, texts.OFFICER_QUESTIONS_WORD)
    reasons = [b["body"]["contents"][1]["text"] for b in cards["contents"]["contents"]
               if b["body"]["contents"][0]["text"] == "กลุ่มอาชีพต้องมีกรรมการอะไรบ้าง"]
    assert texts.OFFICER_REASON_NOT_HELPFUL in reasons


def test_the_queue_shows_where_a_linked_asker_lives(stack, village):
    user, _ = linked_user(stack, village, "household")
    [offer] = stack.say(user, "เลี้ยงปลาดุกในบ่อซีเมนต์ต้องเปลี่ยนน้ำกี่วัน")
    tap(stack, user, chip(offer, texts.KB_SEND_TO_OFFICER))
    officer, _ = linked_user(stack, village, "officer")
    _, cards = stack.say(officer, texts.OFFICER_QUESTIONS_WORD)
    [ours] = [b for b in cards["contents"]["contents"]
              if b["body"]["contents"][0]["text"] == "เลี้ยงปลาดุกในบ่อซีเมนต์ต้องเปลี่ยนน้ำกี่วัน"]
    assert ours["body"]["contents"][2]["text"].startswith("จาก หมู่ 1")


def test_villagers_cannot_open_the_officers_queue(stack, village):
    user, _ = linked_user(stack, village, "household")
    [reply] = stack.say(user, texts.OFFICER_QUESTIONS_WORD)
    assert reply["text"] == texts.FALLBACK
