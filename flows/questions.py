"""Questions answered from the knowledge base, and the hand-off to an officer.

Postback data: kb:more, kb:yes, kb:no and kb:officer (written and read by bot.postbacks).

No LINE call is made here: the turn runs inside a database transaction, and a network
call there would hold the transaction open for as long as LINE takes. (The loading
animation this module once showed is gone for the same reason: the search takes a few
milliseconds, and the reply goes out through the outbox.)
"""
from __future__ import annotations

from bot import knowledge, postbacks, texts
from bot.kb.answer import Answer
from bot.kb.question import asks
from bot.line import messages as m
from bot.models import AskedQuestion
from flows.turn import Turn

PREFIX = postbacks.KNOWLEDGE


def answer(turn: Turn, question: str) -> None:
    result, asked = knowledge.ask(turn.session, turn.runtime.knowledge, question, turn.user_id, _village(turn))
    if asked is None:  # a greeting or thanks: a friendly word, no search
        turn.reply(m.text(result.text))
        return
    if result.kind == "out_of_scope":  # not what the bot is for: a kind word, nothing to hand on
        turn.reply(m.text(result.text))
        return
    if not result.answered:
        _reply_unknown(turn, asked)
        return
    _reply_answer(turn, result, asked)


def _is_officer(turn: Turn) -> bool:
    person = turn.person
    return person is not None and "officer" in person.role_names


def _reply_unknown(turn: Turn, asked: AskedQuestion) -> None:
    if _is_officer(turn):  # the officers' queue is where this question would go: not to themselves
        turn.reply(m.text(texts.KB_UNKNOWN_FOR_OFFICER))
        return
    turn.reply(m.text(texts.KB_UNKNOWN_OFFER, [
        m.postback(texts.KB_SEND_TO_OFFICER, postbacks.tap(PREFIX, "officer", asked.id)),
        m.say(texts.KB_NO_THANKS, texts.MENU_WORD),
    ]))


def _village(turn: Turn) -> str | None:
    person = turn.person
    return person.village.label if person is not None and person.village is not None else None


def _reply_answer(turn: Turn, result: Answer, asked: AskedQuestion) -> None:
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
    elif action in {"no", "officer"} and _is_officer(turn):
        # an officer's "not what I asked" is feedback on the answer, not work for the officers
        if action == "no" and asked.helpful is None:
            asked.helpful = False
        turn.reply(m.text(texts.KB_THANKS_FOR_FEEDBACK))
    elif action in {"no", "officer"}:
        handed_over = knowledge.escalate(turn.session, asked, helpful=False if action == "no" else None)
        turn.reply(m.text(texts.KB_ESCALATED if handed_over else texts.KB_ALREADY_ESCALATED))
    else:
        turn.reply(m.text(texts.FALLBACK))


def _read_more(turn: Turn, passage_id: int) -> None:
    found = knowledge.section_text(turn.session, passage_id)
    if found is None:
        turn.reply(m.text(texts.KB_PASSAGE_GONE))
        return
    title, section = found
    turn.reply(m.text(f"{section}\n\n{texts.KB_SOURCE_LINE.format(source=title)}"[:5000]))


def answer_if_known(turn: Turn, text: str) -> bool:
    """Answer `text` only if it asks something and the knowledge base is confident (used
    mid-conversation, where "สองสามบ้าน" is a reply to the step, not a question)."""
    if not asks(text):
        return False
    result = knowledge.answer(turn.session, turn.runtime.knowledge, text)
    if not result.answered:
        return False
    _reply_answer(turn, result, knowledge.record(turn.session, result, text, turn.user_id, _village(turn)))
    return True
