"""Activities in chat: an invited person's ไป / ไม่ไป / ยังไม่แน่ใจ, and a leader recording
who of their village came ("บันทึกผู้เข้าร่วม").

Postback data: act:go, act:no, act:maybe (an activity); see bot.postbacks. A tap on an
activity that is over, cancelled, or not the person's own gets a kind answer and changes
nothing (bot.activities.answer decides).
"""
from __future__ import annotations

from bot import activities, postbacks, texts, thai
from bot.line import messages as m
from bot.line.limits import fit_label
from bot.models import Activity
from bot.settings import TIMEZONE
from flows import engine
from flows.engine import Context
from flows.steps import Choose, Option
from flows.turn import Turn
from flows.welcome import fallback, menu_actions

PREFIX = postbacks.ACTIVITY
_TAP_ANSWERS = {"past": texts.ACTIVITY_TAP_PAST, "cancelled": texts.ACTIVITY_TAP_CANCELLED,
                "not_invited": texts.ACTIVITY_TAP_NOT_INVITED}


def on_postback(turn: Turn, tapped: postbacks.Tap) -> None:
    if turn.in_group or turn.person is None:
        fallback(turn)
        return
    answered = activities.answer(turn.session, tapped.ident, turn.person, tapped.action)
    if answered.outcome in _TAP_ANSWERS:
        turn.reply(m.text(_TAP_ANSWERS[answered.outcome]))
    elif answered.outcome == "same":
        turn.reply(m.text(texts.ACTIVITY_ANSWER_SAME.format(answer=texts.ACTIVITY_ANSWERS[tapped.action])))
    else:
        turn.reply(m.text(texts.ACTIVITY_ANSWERED[tapped.action].format(title=answered.activity.title)))


# ---- the leader records who came ---------------------------------------------------

def _activity_options(ctx: Context) -> list[Option]:
    return [Option(str(activity_id), fit_label(label)) for activity_id, label in ctx.data["activities"]]


def _chosen(ctx: Context) -> Activity | None:
    """The chosen activity, if it is still one this leader may record (checked again at the end)."""
    activity_id = int(ctx.answers.get("activity") or ctx.data["activities"][0][0])
    allowed = {activity.id for activity in activities.leaders_activities(ctx.session, ctx.turn.person)}
    return ctx.session.get(Activity, activity_id) if activity_id in allowed else None


def _people_options(ctx: Context) -> list[Option]:
    activity = _chosen(ctx)
    if activity is None:
        return []
    return [Option(str(p.id), fit_label(p.full_name), name=p.full_name)
            for p in activities.village_invitees(ctx.session, activity, ctx.turn.person.village_id)]


def _save(ctx: Context) -> list[dict]:
    leader = ctx.turn.person
    activity = _chosen(ctx) if leader is not None else None
    if activity is None or not activities.attendance_open(activity):
        return [m.text(texts.ATTENDANCE_GONE, menu_actions(leader))]
    among = {p.id for p in activities.village_invitees(ctx.session, activity, leader.village_id)}
    came = {int(value) for value in ctx.answers.get("came") or [] if value.isascii() and value.isdigit()}
    number = activities.record_attendance(ctx.session, activity, among, came & among, leader=leader)
    return [m.text(texts.ATTENDANCE_SAVED.format(title=activity.title, came=number, invited=len(among)),
                   menu_actions(leader))]


ATTENDANCE = engine.Flow(
    name="activity_attendance",
    title=texts.ATTENDANCE_TITLE,
    steps=[
        Choose("activity", texts.ATTENDANCE_ASK_ACTIVITY, label=texts.ATTENDANCE_ACTIVITY_LABEL,
               options=_activity_options, when=lambda ctx: len(ctx.data["activities"]) > 1,
               default=lambda ctx: ctx.data["activities"][0][0]),
        Choose("came", texts.ATTENDANCE_ASK_WHO, label=texts.ATTENDANCE_WHO_LABEL, options=_people_options,
               many=True, optional=True, everything=texts.ATTENDANCE_EVERYONE),
    ],
    on_done=_save,
)


def record_attendance(turn: Turn) -> None:
    """"บันทึกผู้เข้าร่วม": a leader picks a recent activity and taps who of their village came."""
    leader = turn.person
    if turn.in_group:
        turn.reply(m.text(texts.GROUP_PRIVATE))
        return
    if leader is None or "leader" not in leader.role_names:
        turn.reply(m.text(texts.ATTENDANCE_NOT_LEADER, menu_actions(leader)))
        return
    held = activities.leaders_activities(turn.session, leader)
    if not held:
        turn.reply(m.text(texts.ATTENDANCE_NONE, menu_actions(leader)))
        return
    choices = [[str(a.id), f"{thai.thai_date_short(a.starts_at.astimezone(TIMEZONE))} {a.title}"] for a in held]
    engine.start(turn, ATTENDANCE, context={"activities": choices})
