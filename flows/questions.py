"""Questions answered from the knowledge base, and the hand-off to an officer.

Postback data: kb:more, kb:yes, kb:no and kb:officer (written and read by bot.postbacks).
"""
from __future__ import annotations

from bot import knowledge, postbacks, texts
from bot.line import messages as m
from bot.models import AskedQuestion
from flows.turn import Turn

PREFIX = postbacks.KNOWLEDGE


def answer(turn: Turn, question: str) -> None:
    if not turn.in_group and turn.user_id:
        turn.runtime.line.show_loading(turn.user_id)
    result, asked = knowledge.ask(turn.session, turn.runtime.knowledge, question, turn.user_id, _village(turn))
    if asked is None:  # a greeting or thanks: a friendly word, no search
        turn.reply(m.text(result.text))
        return
    if not result.answered:
        turn.reply(m.text(texts.KB_UNKNOWN_OFFER, [
            m.postback(texts.KB_SEND_TO_OFFICER, postbacks.tap(PREFIX, "officer", asked.id)),
            m.say(texts.KB_NO_THANKS, texts.MENU_WORD),
        ]))
        return
    _reply_answer(turn, result, asked)


def _village(turn: Turn) -> str | None:
    person = turn.person
    return person.village.label if person is not None and person.village is not None else None


def _reply_answer(turn: Turn, result, asked: AskedQuestion) -> None:
    # "Read more" only in a private chat: a group gets the answer, not the documents.
    card = m.bubble(texts.KB_ANSWER_TITLE, [result.text], buttons=[] if turn.in_group else [
        m.postback(texts.KB_READ_MORE, postbacks.tap(PREFIX, "more", result.passage_id),
                   display_text=texts.KB_READ_MORE)])
    turn.reply(m.flex(result.text, card, [
        m.postback(texts.KB_YES, postbacks.tap(PREFIX, "yes", asked.id)),
        m.postback(texts.KB_NO, postbacks.tap(PREFIX, "no", asked.id)),
    ]))


def on_postback(turn: Turn, tapped: postbacks.Tap) -> None:
    action, ident = tapped.action, tapped.ident
    if action == "more":
        _read_more(turn, ident)
        return
    asked = turn.session.get(AskedQuestion, ident)
    # Only the asker may give feedback on or escalate their own question.
    if asked is None or asked.line_user_id != turn.user_id:
        turn.reply(m.text(texts.FALLBACK))
        return
    if action == "yes":
        if asked.helpful is None:
            asked.helpful = True
        turn.reply(m.text(texts.KB_THANKS_FOR_FEEDBACK))
    elif action in {"no", "officer"}:
        handed_over = knowledge.escalate(turn.session, asked, helpful=False if action == "no" else None)
        turn.reply(m.text(texts.KB_ESCALATED if handed_over else texts.KB_ALREADY_ESCALATED))
    else:
        turn.reply(m.text(texts.FALLBACK))


def _read_more(turn: Turn, passage_id: int) -> None:
    found = knowledge.passage_text(turn.session, passage_id)
    if found is None:
        turn.reply(m.text(texts.KB_PASSAGE_GONE))
        return
    title, body = found
    turn.reply(m.text(f"{title}\n\n{body}"[:5000]))


def answer_if_known(turn: Turn, text: str) -> bool:
    """Answer `text` only if the knowledge base is confident (used mid-conversation)."""
    result = knowledge.answer(turn.session, turn.runtime.knowledge, text)
    if not result.answered:
        return False
    _reply_answer(turn, result, knowledge.record(turn.session, result, text, turn.user_id, _village(turn)))
    return True
