"""Officers answer, in chat, the questions the bot could not.

Postback oq:answer (see bot.postbacks) starts the answer flow; the answer is pushed
to the asker and, if the officer agrees, joins the knowledge base at once.
"""
from __future__ import annotations

from bot import clock, knowledge, officer_answers, postbacks, texts, thai
from bot.line import messages as m
from bot.models import AskedQuestion
from flows import engine
from flows.engine import Context
from flows.steps import Text, YesNo
from flows.turn import Turn
from flows.welcome import fallback

PREFIX = postbacks.OFFICER_QUESTION
MAX_CARDS = 10


def _is_officer(turn: Turn) -> bool:
    return turn.person is not None and "officer" in turn.person.role_names


def show_open(turn: Turn) -> None:
    if not _is_officer(turn):
        fallback(turn)
        return
    waiting = knowledge.open_questions(turn.session)
    if not waiting:
        turn.reply(m.text(texts.OFFICER_NO_OPEN))
        return
    cards = []
    for asked in waiting[:MAX_CARDS]:
        when = (asked.escalated_at or asked.asked_at).astimezone(clock.now().tzinfo)
        reason = texts.OFFICER_REASON_NOT_HELPFUL if asked.helpful is False else texts.OFFICER_REASON_UNANSWERED
        lines = [reason] + ([texts.OFFICER_ASKED_FROM.format(village=asked.village)] if asked.village else [])
        cards.append(m.bubble(asked.question[:300], lines, footnote=texts.OFFICER_ASKED_ON.format(
            date=thai.thai_date_short(when)), buttons=[m.postback(texts.OFFICER_ANSWER_BUTTON,
                                                                  postbacks.tap(PREFIX, "answer", asked.id))]))
    title = texts.OFFICER_OPEN_TITLE.format(count=len(waiting))
    turn.reply(m.text(title), m.flex(title, m.carousel(cards)))


def on_postback(turn: Turn, tapped: postbacks.Tap) -> None:
    if not _is_officer(turn):
        fallback(turn)
        return
    asked = turn.session.get(AskedQuestion, tapped.ident)
    if asked is None or asked.status != "open":
        turn.reply(m.text(texts.OFFICER_QUESTION_CLOSED))
        return
    engine.start(turn, ANSWER, context={"question_id": asked.id, "question": asked.question})


def _send(ctx: Context) -> list[dict]:
    officer = ctx.turn.person
    try:
        asked = knowledge.record_officer_answer(ctx.session, ctx.data["question_id"], ctx.answers["answer"],
                                                officer.full_name)
    except knowledge.QuestionStateError:
        return [m.text(texts.OFFICER_QUESTION_CLOSED)]
    if asked.line_user_id:
        ctx.turn.push(officer_answers.answer_key(asked), asked.line_user_id, officer_answers.answer_message(asked))
    if ctx.answers.get("approve"):
        knowledge.approve(ctx.session, asked.id)
        return [m.text(texts.OFFICER_ANSWER_SENT_AND_ADDED)]
    return [m.text(texts.OFFICER_ANSWER_SENT)]


ANSWER = engine.Flow(
    name="officer_answer",
    title=texts.OFFICER_ANSWER_TITLE,
    steps=[
        Text("answer", lambda ctx: texts.OFFICER_TYPE_ANSWER.format(question=ctx.data["question"]),
             label=texts.OFFICER_ANSWER_LABEL, limit=1500),
        YesNo("approve", texts.OFFICER_ADD_TO_KB, label=texts.OFFICER_ADD_LABEL),
    ],
    on_done=_send,
)
