"""Activities of my area: create one (the three-day rule, or "urgent"), the list with answers
and who came, an activity's live counts by village and its invited people (exported like
every list), recording who came, and calling one off."""
from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime, time

from flask import flash, request
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot import activities, audience, clock, scheduling, thai
from bot import texts as bot_texts
from bot.models import (
    Activity, ActivityAttendance, ActivityInvitee, OccupationalGroup, Person, Subdistrict, Village,
)
from bot.people.roles import ROLE_LABELS
from bot.settings import TIMEZONE
from bot.texts import console as texts
from console import web

bp = web.blueprint("console_activities", __name__, "/activities")
_COORDINATES = re.compile(r"\s*(-?\d{1,3}(?:\.\d+)?)\s*[,\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*")


def _when(moment: datetime) -> str:
    local = moment.astimezone(TIMEZONE)
    return f"{thai.thai_date_short(local)} {local:%H:%M}"


def _answer_counts(session, activity_ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"invited": 0, "go": 0, "no": 0, "maybe": 0,
                                                             "none": 0, "came": 0})
    for activity_id, answer, number in session.execute(
            select(ActivityInvitee.activity_id, ActivityInvitee.answer, func.count())
            .where(ActivityInvitee.activity_id.in_(activity_ids))
            .group_by(ActivityInvitee.activity_id, ActivityInvitee.answer)):
        counts[activity_id]["invited"] += number
        counts[activity_id][answer or "none"] += number
    for activity_id, number in session.execute(
            select(ActivityAttendance.activity_id, func.count()).where(
                ActivityAttendance.activity_id.in_(activity_ids), ActivityAttendance.attended.is_(True))
            .group_by(ActivityAttendance.activity_id)):
        counts[activity_id]["came"] = number
    return counts


@bp.route("/")
@web.signed_in
def index():
    session = web.db()
    rows = session.scalars(select(Activity).where(activities.in_area(web.area()))
                           .order_by(Activity.starts_at.desc())).all()
    counts = _answer_counts(session, [a.id for a in rows])
    table = web.Table("กิจกรรม", "กิจกรรม",
                      ["กิจกรรม", "วันเวลา", "สถานที่", "สถานะ", "เร่งด่วน", "เชิญ", "ไป", "ไม่ไป", "ยังไม่แน่ใจ",
                       "ยังไม่ตอบ", "มาร่วม"],
                      [[a.title, _when(a.starts_at), a.place, texts.ACTIVITY_STATUSES[a.status],
                        texts.ACTIVITY_URGENT if a.urgent else "-", counts[a.id]["invited"], counts[a.id]["go"],
                        counts[a.id]["no"], counts[a.id]["maybe"], counts[a.id]["none"], counts[a.id]["came"]]
                       for a in rows], [a.id for a in rows])
    web.log("view", "activities", count=len(rows))
    return web.page("console/activities.html", table)


def _villages(session):
    return session.execute(select(Village, Subdistrict.name).join(Subdistrict)
                           .where(Village.id.in_(web.area().village_ids()))
                           .order_by(Subdistrict.name, Village.moo)).all()


def _draft() -> activities.Draft:
    """The form as a draft; anything unreadable is a kind error, never a 500."""
    form = request.form
    try:
        day = date.fromisoformat(form.get("day", ""))
        at = time.fromisoformat(form.get("time", ""))
    except ValueError:
        typed = thai.parse_date(form.get("day", ""))
        if typed is None or not re.fullmatch(r"[0-9]{1,2}[:.][0-9]{2}", form.get("time", "").strip()):
            raise activities.ActivityError(texts.ACTIVITY_BAD_WHEN)
        hour, minute = (int(part) for part in re.split(r"[:.]", form.get("time", "").strip()))
        if hour > 23 or minute > 59:
            raise activities.ActivityError(texts.ACTIVITY_BAD_WHEN)
        day, at = typed, time(hour, minute)
    if not 2000 <= day.year <= 2200:
        raise activities.ActivityError(texts.ACTIVITY_BAD_WHEN)
    found = _COORDINATES.fullmatch(form.get("location", ""))
    if found is None:
        raise activities.ActivityError(texts.ACTIVITY_BAD_LOCATION)
    return activities.Draft(title=form.get("title", "")[:500], place=form.get("place", "")[:500],
                            details=form.get("details", "")[:5000],
                            starts_at=datetime.combine(day, at.replace(tzinfo=None), tzinfo=TIMEZONE),
                            latitude=float(found.group(1)), longitude=float(found.group(2)),
                            urgent=form.get("urgent") == "1")


def _groups(session):
    return session.scalars(select(OccupationalGroup).where(OccupationalGroup.village_id.in_(web.area().village_ids()))
                           .order_by(OccupationalGroup.name)).all()


def _occupations(session) -> list[str]:
    """The occupations people of the area learn (the curricula), as written in the import."""
    return list(session.scalars(select(Person.occupation).distinct().where(
        Person.village_id.in_(web.area().village_ids()), Person.withdrawn_at.is_(None),
        Person.occupation.is_not(None)).order_by(Person.occupation).limit(200)))


def _spec() -> audience.AudienceSpec:
    """The audience chosen in the form (a category left empty means anyone: bot.audience), so a
    choice that cannot be read is refused rather than dropped, which would widen it."""
    try:
        return audience.AudienceSpec.from_json({
            "villages": web.form_ids("villages"), "groups": web.form_ids("groups"),
            "roles": request.form.getlist("roles"), "occupations": request.form.getlist("occupations")})
    except (ValueError, audience.AudienceError) as error:
        raise activities.ActivityError(texts.BAD_INPUT) from error


def _preview(session, now: datetime) -> dict:
    """Who the chosen villages and roles reach today, before anything is created: how many,
    by village and role, and how many are left out and why."""
    try:
        spec = _spec()
    except activities.ActivityError as error:
        return {"error": str(error)}
    try:
        audience.check(session, web.area(), spec)
    except audience.AudienceError:
        return {"error": texts.ACTIVITY_AUDIENCE_OUTSIDE}
    found = audience.resolve(session, web.area(), spec, now.date())
    names = {village.id: web.village(village.moo, village.name) for village, _ in _villages(session)}
    return {"count": found.count,
            "villages": sorted((names.get(village_id, "-"), number) for village_id, number in found.by_village.items()),
            "roles": [(ROLE_LABELS.get(role, role), number) for role, number in sorted(found.by_role.items())],
            "excluded": [(texts.LEFT_OUT[reason], number) for reason, number in found.excluded.items()]}


@bp.route("/new", methods=["GET", "POST"])
@web.signed_in
def new():
    session = web.db()
    now = clock.now()
    context = {"villages": _villages(session), "roles": ROLE_LABELS, "groups": _groups(session),
               "occupations": _occupations(session), "form": request.form,
               "earliest": activities.earliest_day(now), "earliest_label": thai.thai_date(activities.earliest_day(now)),
               "days": activities.NOTICE_DAYS, "form_key": web.form_key()}
    if request.method == "GET":
        return web.page("console/activity_new.html", **context)
    if request.form.get("preview"):
        return web.page("console/activity_new.html", preview=_preview(session, now), **context)
    if earlier := activities.made_from(session, web.account(), web.posted_form_key()):
        return _already_made(earlier)
    try:
        activity, decisions = activities.create(session, web.account(), web.area(), _draft(), _spec(), now,
                                                form_key=web.posted_form_key())
        web.log("change", f"activity:{activity.id}", did="create", urgent=activity.urgent)
        session.commit()
    except activities.ActivityError as error:
        flash(str(error), "error")
        return web.page("console/activity_new.html", **context), 422
    except IntegrityError as error:  # the same form sent twice at once: the other request made it
        return _already_made(web.made_meanwhile(session, error, activities.made_from))
    queued = 0
    for decision in decisions:
        queued += decision.outcome == "queued"
        scheduling.enqueue_deliveries(web.runtime(), decision.outbox_ids)
    invited = len(decisions)
    later = texts.ACTIVITY_CREATED_LATER if any(d.outcome in ("quiet", "capped") for d in decisions) else ""
    return web.back(texts.ACTIVITY_CREATED.format(invited=invited, queued=queued, later=later),
                    endpoint="console_activities.show", activity_id=activity.id)


def _already_made(activity: Activity):
    return web.back(texts.ACTIVITY_ALREADY_MADE.format(title=activity.title), "error",
                    endpoint="console_activities.show", activity_id=activity.id)


@bp.route("/<int:activity_id>")
@web.signed_in
def show(activity_id: int):
    session = web.db()
    activity = web.found(activities.get_in_area(session, web.area(), activity_id))
    by_village = activities.counts_by_village(session, activity)
    village_table = web.Table(f"กิจกรรม{activity.id}-หมู่บ้าน", "คำตอบรายหมู่บ้าน",
                              ["หมู่บ้าน", "เชิญ", "ไป", "ไม่ไป", "ยังไม่แน่ใจ", "ยังไม่ตอบ", "มาร่วม"],
                              [[row["village"].label if row["village"] else "-", row["invited"], row["go"], row["no"],
                                row["maybe"], row["none"], row["came"]] for row in by_village])
    people = session.execute(
        select(Person, ActivityInvitee, Village, ActivityAttendance.attended)
        .join(ActivityInvitee, ActivityInvitee.person_id == Person.id)
        .outerjoin(Village, Village.id == ActivityInvitee.village_id)
        .outerjoin(ActivityAttendance, (ActivityAttendance.activity_id == activity.id)
                   & (ActivityAttendance.person_id == Person.id))
        .where(ActivityInvitee.activity_id == activity.id)
        .order_by(Village.subdistrict_id, Village.moo, Person.full_name)).all()
    answers = {None: texts.ACTIVITY_NOT_ANSWERED, **bot_texts.ACTIVITY_ANSWERS}
    came = {None: texts.ACTIVITY_NOT_RECORDED, True: texts.ACTIVITY_CAME, False: texts.ACTIVITY_DID_NOT_COME}
    people_table = web.Table(f"กิจกรรม{activity.id}-รายชื่อ", "รายชื่อผู้ได้รับเชิญ",
                             ["ชื่อ", "หมู่บ้าน", "โทรศัพท์", "คำตอบ", "ตอบเมื่อ", "มาร่วม"],
                             [[p.full_name, web.village(v.moo, v.name) if v else "-", p.phone or "-",
                               answers[i.answer], _when(i.answered_at) if i.answered_at else "-", came[attended]]
                              for p, i, v, attended in people], [p.id for p, _, _, _ in people])
    web.log("view", f"activity:{activity.id}", people=len(people))
    return web.page("console/activity.html", village_table, people_table, activity=activity,
                    when=activities.when_label(activity), status=texts.ACTIVITY_STATUSES[activity.status],
                    attendance_open=activities.attendance_open(activity), recorded=_recorded(session, activity),
                    can_cancel=activity.status == "planned" and activity.starts_at > clock.now(),
                    attended={p.id for p, _, _, attended in people if attended},
                    invitees=[(p, v) for p, _, v, _ in people])


def _recorded(session, activity) -> str:
    """When attendance was last recorded for the activity ("" if never): the page carries it
    so that a save can tell whether it is still saving over what it showed."""
    last = session.scalar(select(func.max(ActivityAttendance.recorded_at)).where(
        ActivityAttendance.activity_id == activity.id))
    return last.isoformat() if last else ""


@bp.route("/<int:activity_id>/attendance", methods=["POST"])
@web.signed_in
def attendance(activity_id: int):
    session = web.db()
    activity = web.found(activities.get_in_area(session, web.area(), activity_id))
    if request.form.get("recorded", "") != _recorded(session, activity):
        # Someone (a leader in chat) recorded since this page was opened: saving the page
        # as it was shown would undo what they ticked.
        return web.back(texts.ACTIVITY_ATTENDANCE_CHANGED, "error", "console_activities.show",
                        activity_id=activity.id)
    among = set(session.scalars(select(ActivityInvitee.person_id).where(ActivityInvitee.activity_id == activity.id)))
    # Unreadable values are ignored here: they are only ever narrowed to the invited.
    came = {web.as_id(value) for value in request.form.getlist("came")} - {None}
    try:
        number = activities.record_attendance(session, activity, among, came & among, account=web.account())
    except activities.ActivityError as error:
        return web.back(str(error), "error", "console_activities.show", activity_id=activity.id)
    web.log("change", f"activity:{activity.id}", did="attendance", came=number)
    return web.back(texts.ACTIVITY_ATTENDANCE_SAVED.format(came=number), endpoint="console_activities.show",
                    activity_id=activity.id)


@bp.route("/<int:activity_id>/cancel", methods=["POST"])
@web.signed_in
def cancel(activity_id: int):
    session = web.db()
    activity = web.found(activities.get_in_area(session, web.area(), activity_id))
    try:
        decisions = activities.cancel(session, activity)
    except activities.ActivityError as error:
        return web.back(str(error), "error", "console_activities.show", activity_id=activity.id)
    web.log("change", f"activity:{activity.id}", did="cancel")
    session.commit()
    for decision in decisions:
        scheduling.enqueue_deliveries(web.runtime(), decision.outbox_ids)
    return web.back(texts.ACTIVITY_CANCELLED.format(told=sum(d.outcome == "queued" for d in decisions)),
                    endpoint="console_activities.show", activity_id=activity.id)
