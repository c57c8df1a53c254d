"""Activities: an officer invites the people they follow to a training day or a meeting,
the bot announces it with ไป / ไม่ไป / ยังไม่แน่ใจ buttons, reminds the day before, and
attendance is recorded afterwards. Used by the console (create, counts, attendance), the
chat (answers, the leader's attendance) and the cron planner (announcements left for the
morning, reminders).

The three-day rule comes from the field: the programme clashes with harvest season, so
people must hear of an activity at least three days ahead. It is counted in Bangkok
calendar days from when the announcement can go out (at once, or 07:00 when created in
quiet hours) to the activity's day; closer needs an explicit "urgent".

Every message goes through the scheduling gate (`bot.scheduling.decide_all`) under a key
per activity and person, so nothing is sent at night, to someone who blocked the bot or
withdrew, or twice. An announcement held back (quiet hours, a full day) is planned again by
`plan_activities` until the activity starts.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import String, and_, cast, exists, false, func, literal, select, true
from sqlalchemy.orm import Session

from bot import audience, clock, ladders, postbacks, scheduling, texts, thai
from bot.area import Area
from bot.line import messages as m
from bot.line.limits import utf16_length
from bot.models import (
    Activity, ActivityAttendance, ActivityInvitee, ConsoleAccount, District, Person, ScheduledMessage, Subdistrict,
    Village,
)
from bot.settings import TIMEZONE
from bot.texts import console as console_texts

NOTICE_DAYS = 3
ANSWERS = ("go", "no", "maybe")
MAX_TITLE = MAX_PLACE = 100  # a LINE location message's title and address
MAX_DETAILS = 1000
LATEST_DAYS = 365
# A leader may record who came for this long after an activity.
ATTENDANCE_DAYS = 30
FIGURES_DAYS = 365


class ActivityError(ValueError):
    """An activity that cannot be created as asked; the message says why, kindly, in Thai."""


@dataclass(frozen=True)
class Draft:
    """What the officer filled in."""

    title: str
    place: str
    starts_at: datetime  # aware
    latitude: float
    longitude: float
    details: str = ""
    urgent: bool = False


def announce_from(now: datetime) -> datetime:
    """When an announcement made now can go out: now, or 07:00 after quiet hours."""
    if not clock.quiet_hours(now):
        return now
    morning = datetime.combine(now.date(), clock.QUIET_UNTIL, tzinfo=now.tzinfo)
    return morning if now < morning else morning + timedelta(days=1)


def earliest_day(now: datetime) -> date:
    """The first day an activity created now may be held without "urgent"."""
    return announce_from(now).date() + timedelta(days=NOTICE_DAYS)


def check(draft: Draft, now: datetime) -> None:
    """Raise ActivityError when the draft breaks a rule (the three-day rule among them)."""
    if not draft.title.strip() or utf16_length(draft.title) > MAX_TITLE:
        raise ActivityError(console_texts.ACTIVITY_BAD_TITLE.format(limit=MAX_TITLE))
    if not draft.place.strip() or utf16_length(draft.place) > MAX_PLACE:
        raise ActivityError(console_texts.ACTIVITY_BAD_PLACE.format(limit=MAX_PLACE))
    if len(draft.details) > MAX_DETAILS:
        raise ActivityError(console_texts.ACTIVITY_BAD_DETAILS.format(limit=MAX_DETAILS))
    if not (math.isfinite(draft.latitude) and math.isfinite(draft.longitude)
            and -90 <= draft.latitude <= 90 and -180 <= draft.longitude <= 180):
        raise ActivityError(console_texts.ACTIVITY_BAD_LOCATION)
    starts = draft.starts_at.astimezone(now.tzinfo)
    if starts <= announce_from(now):
        raise ActivityError(console_texts.ACTIVITY_IN_THE_PAST)
    if starts.date() > now.date() + timedelta(days=LATEST_DAYS):
        raise ActivityError(console_texts.ACTIVITY_TOO_FAR)
    if not draft.urgent and starts.date() < earliest_day(now):
        raise ActivityError(console_texts.ACTIVITY_TOO_SOON.format(
            days=NOTICE_DAYS, earliest=thai.thai_date(earliest_day(now))))


def _area_columns(session: Session, account: ConsoleAccount) -> dict[str, int | None]:
    """The creating account's area, every level filled, so wider accounts above it see it too."""
    province, district, subdistrict = account.province_id, account.district_id, account.subdistrict_id
    if subdistrict is not None:
        district = session.get(Subdistrict, subdistrict).district_id
    if district is not None:
        province = session.get(District, district).province_id
    return {"province_id": province, "district_id": district, "subdistrict_id": subdistrict}


def in_area(area: Area):
    """SQL: activities the area may see (made by an account of this area or one inside it)."""
    if area.everything:
        return true()
    if area.role != "officer":
        return false()
    if area.subdistrict_id is not None:
        return Activity.subdistrict_id == area.subdistrict_id
    if area.district_id is not None:
        return Activity.district_id == area.district_id
    if area.province_id is not None:
        return Activity.province_id == area.province_id
    return false()


def get_in_area(session: Session, area: Area, activity_id: int) -> Activity | None:
    return session.scalar(select(Activity).where(Activity.id == activity_id, in_area(area)))


def create(session: Session, account: ConsoleAccount, area: Area, draft: Draft, spec: audience.AudienceSpec,
           now: datetime | None = None, form_key: str | None = None) -> tuple[Activity, list[scheduling.Decision]]:
    """Create the activity, invite its audience (resolved once, by bot.audience) and announce it:
    now, or from 07:00 by the planner when made in quiet hours."""
    now = now or clock.now()
    check(draft, now)
    if area.role not in ("officer", "admin"):
        raise ActivityError(console_texts.ACTIVITY_OFFICERS_ONLY)
    try:
        audience.check(session, area, spec)
    except audience.AudienceError as error:
        raise ActivityError(console_texts.ACTIVITY_AUDIENCE_OUTSIDE) from error
    invited = audience.sendable(area, spec, now.date()).subquery()
    if not session.scalar(select(func.count()).select_from(invited)):
        raise ActivityError(console_texts.ACTIVITY_NO_ONE)
    activity = Activity(title=draft.title.strip(), details=draft.details.strip() or None,
                        starts_at=draft.starts_at, day=draft.starts_at.astimezone(now.tzinfo).date(),
                        place=draft.place.strip(), latitude=draft.latitude, longitude=draft.longitude,
                        audience=spec.to_json(), urgent=draft.urgent, status="planned", account_id=account.id,
                        created_at=now, form_key=form_key, **_area_columns(session, account))
    session.add(activity)
    session.flush()
    session.execute(ActivityInvitee.__table__.insert().from_select(
        ["activity_id", "person_id", "village_id"],
        select(literal(activity.id), invited.c.person_id, invited.c.village_id)))
    return activity, scheduling.decide_all(session, _invitation_plans(session, [activity]))


def made_from(session: Session, account: ConsoleAccount, form_key: str | None) -> Activity | None:
    """The activity this account already made from the form with this key, if any."""
    if not form_key:
        return None
    return session.scalar(select(Activity).where(Activity.form_key == form_key, Activity.account_id == account.id))


def cancel(session: Session, activity: Activity, now: datetime | None = None) -> list[scheduling.Decision]:
    """Call it off; those who said they would go are told (through the gate, so never at night)."""
    now = now or clock.now()
    if activity.status == "cancelled" or activity.starts_at <= now:
        raise ActivityError(console_texts.ACTIVITY_CANNOT_CANCEL)
    activity.status, activity.cancelled_at = "cancelled", now
    # an invitation or reminder still waiting for a worker or a retry must not arrive after it is off
    invited = session.scalars(select(ActivityInvitee.person_id).where(ActivityInvitee.activity_id == activity.id)).all()
    scheduling.withdraw(session, [_plan_key(activity.id, what, person_id) for person_id in invited
                                  for what in ("invite", *(f"remind:{step.days}" for step in ladders.ACTIVITY_REMINDERS.steps))])
    return scheduling.decide_all(session, _cancel_plans(session, [activity]))


# ---- messages --------------------------------------------------------------------

def when_label(activity: Activity) -> str:
    return thai.date_and_time(activity.starts_at.astimezone(TIMEZONE))


def _buttons(activity: Activity) -> list[dict]:
    return [m.postback(texts.ACTIVITY_ANSWERS[answer], postbacks.tap(postbacks.ACTIVITY, answer, activity.id))
            for answer in ANSWERS]


def _card(activity: Activity, title: str, closing: str, buttons: bool = True) -> list[dict]:
    lines = [texts.ACTIVITY_LINE_WHEN.format(when=when_label(activity)),
             texts.ACTIVITY_LINE_PLACE.format(place=activity.place)]
    if activity.details:
        lines.append(activity.details)
    lines.append(closing)
    card = m.bubble(title, lines, buttons=_buttons(activity) if buttons else ())
    return [m.flex("\n".join([title, *lines]), card),
            m.location(activity.title, activity.place, activity.latitude, activity.longitude)]


def invitation(activity: Activity) -> list[dict]:
    return _card(activity, texts.ACTIVITY_INVITE_TITLE.format(title=activity.title), texts.ACTIVITY_ASK_ANSWER)


def reminder(activity: Activity, answer: str | None) -> list[dict]:
    closing = texts.ACTIVITY_REMIND_GOING if answer == "go" else texts.ACTIVITY_REMIND_UNANSWERED
    return _card(activity, texts.ACTIVITY_REMINDER.format(title=activity.title), closing)


def _cancelled_card(activity: Activity) -> list[dict]:
    title = texts.ACTIVITY_CANCELLED_TITLE.format(title=activity.title)
    lines = [texts.ACTIVITY_LINE_WHEN.format(when=when_label(activity)), texts.ACTIVITY_CANCELLED_BODY]
    return [m.flex("\n".join([title, *lines]), m.bubble(title, lines))]


# ---- planning: announcements held back, and the day-before reminder ----------------

def _undecided(kind: str):
    """SQL: the invitee's message of this kind has no decision yet (its scheduling key, _plan_key, is unused),
    so a planner run hands the gate only what is left, not every invitee again."""
    key = (literal("activity:", String) + cast(ActivityInvitee.activity_id, String) + literal(f":{kind}:", String)
           + cast(ActivityInvitee.person_id, String))
    return ~exists().where(ScheduledMessage.key == key)


def _plan_key(activity_id: int, what: str, person_id: int) -> str:
    return f"activity:{activity_id}:{what}:{person_id}"


def _invitation_plans(session: Session, activities: list[Activity]) -> list[scheduling.Plan]:
    if not activities:
        return []
    messages = {activity.id: invitation(activity) for activity in activities}
    rows = session.execute(select(ActivityInvitee.activity_id, Person).join(
        Person, Person.id == ActivityInvitee.person_id).where(ActivityInvitee.activity_id.in_(list(messages)),
                                                              _undecided("invite"))
        .order_by(ActivityInvitee.activity_id, ActivityInvitee.id)).all()
    return [scheduling.Plan(_plan_key(activity_id, "invite", person.id), ladders.ACTIVITY_REMINDERS.name,
                            person, messages[activity_id]) for activity_id, person in rows]


def _cancel_plans(session: Session, activities: list[Activity]) -> list[scheduling.Plan]:
    """Those who said they would go, or might, hear that it is off."""
    plans = []
    for activity in activities:
        card = _cancelled_card(activity)
        going = session.scalars(select(Person).join(ActivityInvitee, ActivityInvitee.person_id == Person.id).where(
            ActivityInvitee.activity_id == activity.id, ActivityInvitee.answer.in_(("go", "maybe")),
            _undecided("cancel")).order_by(ActivityInvitee.id)).all()
        plans += [scheduling.Plan(_plan_key(activity.id, "cancel", person.id), ladders.ACTIVITY_REMINDERS.name,
                                  person, card) for person in going]
    return plans


def _reminder_plans(session: Session, now: datetime) -> list[scheduling.Plan]:
    ladder = ladders.ACTIVITY_REMINDERS
    plans = []
    for step in ladder.steps:
        days = ladder.due_dates(step, now)
        if not days:
            continue
        activities = session.scalars(select(Activity).where(Activity.day.in_(days), Activity.status == "planned",
                                                            Activity.starts_at > now)).all()
        for activity in activities:
            # Created after the reminder's time (an urgent one): the announcement has just said it all.
            if activity.created_at >= step.at(activity.day, now.tzinfo):
                continue
            rows = session.execute(select(ActivityInvitee.answer, Person).join(
                Person, Person.id == ActivityInvitee.person_id).where(
                ActivityInvitee.activity_id == activity.id, _undecided(f"remind:{step.days}"),
                (ActivityInvitee.answer.is_(None)) | (ActivityInvitee.answer == "go"))
                .order_by(ActivityInvitee.id)).all()
            plans += [scheduling.Plan(_plan_key(activity.id, f"remind:{step.days}", person.id), ladder.name,
                                      person, reminder(activity, answer)) for answer, person in rows]
    return plans


def plan_activities(runtime) -> Counter:
    """The cron planner: announcements and cancellations not yet out (made at night, or on a
    full day) and the day-before reminders to those who said they would go or have not answered."""
    now = clock.now()
    with runtime.db.sessions() as session:
        upcoming = session.scalars(select(Activity).where(Activity.starts_at > now).order_by(Activity.id)).all()
        plans = (_invitation_plans(session, [a for a in upcoming if a.status == "planned"])
                 + _reminder_plans(session, now)
                 + _cancel_plans(session, [a for a in upcoming if a.status == "cancelled"]))
        decisions = scheduling.decide_all(session, plans)
        session.commit()
    for decision in decisions:
        scheduling.enqueue_deliveries(runtime, decision.outbox_ids)
    return Counter(decision.outcome for decision in decisions)


# ---- answers -----------------------------------------------------------------------

@dataclass(frozen=True)
class Answered:
    outcome: str  # recorded | changed | same | past | cancelled | not_invited
    activity: Activity | None = None


def answer(session: Session, activity_id: int, person: Person, choice: str,
           now: datetime | None = None) -> Answered:
    """Record (or change) a person's answer; an old, cancelled or foreign invitation changes nothing."""
    now = now or clock.now()
    if choice not in ANSWERS:
        return Answered("not_invited")
    invitee = session.scalar(select(ActivityInvitee).where(ActivityInvitee.activity_id == activity_id,
                                                           ActivityInvitee.person_id == person.id))
    if invitee is None:
        return Answered("not_invited")
    activity = session.get(Activity, activity_id)
    if activity.status == "cancelled":
        return Answered("cancelled", activity)
    if activity.starts_at <= now:
        return Answered("past", activity)
    if invitee.answer == choice:
        return Answered("same", activity)
    outcome = "recorded" if invitee.answer is None else "changed"
    invitee.answer, invitee.answered_at = choice, now
    invitee.first_answered_at = invitee.first_answered_at or now
    return Answered(outcome, activity)


# ---- counts and attendance ---------------------------------------------------------

def counts_by_village(session: Session, activity: Activity) -> list[dict]:
    """Per invited village: how many invited, each answer, no answer yet, and who came."""
    rows = session.execute(select(ActivityInvitee.village_id, ActivityInvitee.answer, func.count())
                           .where(ActivityInvitee.activity_id == activity.id)
                           .group_by(ActivityInvitee.village_id, ActivityInvitee.answer)).all()
    came = dict(session.execute(select(ActivityAttendance.village_id, func.count()).where(
        ActivityAttendance.activity_id == activity.id, ActivityAttendance.attended.is_(True))
        .group_by(ActivityAttendance.village_id)).all())
    villages = {v.id: v for v in session.scalars(select(Village).where(
        Village.id.in_({village_id for village_id, _, _ in rows if village_id is not None})))}
    table: dict[int | None, dict] = defaultdict(lambda: {"invited": 0, "go": 0, "no": 0, "maybe": 0, "none": 0})
    for village_id, answered, number in rows:
        table[village_id]["invited"] += number
        table[village_id][answered or "none"] += number
    result = []
    for village_id, figures in table.items():
        village = villages.get(village_id)
        result.append({"village": village, "came": came.get(village_id, 0), **figures})
    return sorted(result, key=lambda row: (row["village"] is None, row["village"].moo if row["village"] else 0))


def attendance_open(activity: Activity, now: datetime | None = None) -> bool:
    """Who came can be recorded once the activity has started (not for a cancelled one)."""
    return activity.status == "planned" and activity.starts_at <= (now or clock.now())


def record_attendance(session: Session, activity: Activity, among: set[int], came: set[int],
                      account: ConsoleAccount | None = None, leader: Person | None = None,
                      now: datetime | None = None) -> int:
    """Record, for each invited person in `among`, whether they came (in `came`); returns how many came.
    People not invited to the activity are ignored."""
    now = now or clock.now()
    if not attendance_open(activity, now):
        raise ActivityError(console_texts.ACTIVITY_ATTENDANCE_NOT_YET)
    invited = dict(session.execute(select(ActivityInvitee.person_id, ActivityInvitee.village_id).where(
        ActivityInvitee.activity_id == activity.id, ActivityInvitee.person_id.in_(among))).all()) if among else {}
    existing = {row.person_id: row for row in session.scalars(select(ActivityAttendance).where(
        ActivityAttendance.activity_id == activity.id, ActivityAttendance.person_id.in_(list(invited))))}
    for person_id, village_id in invited.items():
        row = existing.get(person_id)
        if row is None:
            row = ActivityAttendance(activity_id=activity.id, person_id=person_id, village_id=village_id)
            session.add(row)
        row.attended = person_id in came
        row.recorded_by_account_id = account.id if account else None
        row.recorded_by_person_id = leader.id if leader else None
        row.recorded_at = now
    session.flush()
    return sum(1 for person_id in invited if person_id in came)


def leaders_activities(session: Session, leader: Person, now: datetime | None = None) -> list[Activity]:
    """Activities held in the last 30 days that invited people of the leader's village."""
    now = now or clock.now()
    if leader.village_id is None:
        return []
    return list(session.scalars(select(Activity).where(
        Activity.status == "planned", Activity.starts_at <= now,
        Activity.day >= now.date() - timedelta(days=ATTENDANCE_DAYS),
        Activity.id.in_(select(ActivityInvitee.activity_id).where(ActivityInvitee.village_id == leader.village_id)))
        .order_by(Activity.starts_at.desc()).limit(10)))


def village_invitees(session: Session, activity: Activity, village_id: int) -> list[Person]:
    return list(session.scalars(select(Person).join(ActivityInvitee, ActivityInvitee.person_id == Person.id).where(
        ActivityInvitee.activity_id == activity.id, ActivityInvitee.village_id == village_id,
        Person.withdrawn_at.is_(None)).order_by(Person.full_name)))


def figures(session: Session, area: Area, today: date) -> dict[str, int]:
    """The area's activities of the last 12 months: how many were held, people invited and who came
    (counted by the invited people's villages, so each area counts its own people)."""
    held = and_(Activity.status == "planned", Activity.day <= today,
                Activity.day > today - timedelta(days=FIGURES_DAYS))
    villages = area.village_ids()
    activities, invited = session.execute(
        select(func.count(func.distinct(ActivityInvitee.activity_id)), func.count(ActivityInvitee.id))
        .join(Activity, Activity.id == ActivityInvitee.activity_id)
        .where(held, ActivityInvitee.village_id.in_(villages))).one()
    came = session.scalar(select(func.count(ActivityAttendance.id))
                          .join(Activity, Activity.id == ActivityAttendance.activity_id)
                          .where(held, ActivityAttendance.attended.is_(True),
                                 ActivityAttendance.village_id.in_(villages)))
    return {"held": activities or 0, "invited": invited or 0, "came": came or 0}


def attended_by_village(session: Session, village_ids, today: date) -> dict[int, int]:
    """Village id -> people who came to an activity in the last 12 months."""
    return dict(session.execute(
        select(ActivityAttendance.village_id, func.count(ActivityAttendance.id))
        .join(Activity, Activity.id == ActivityAttendance.activity_id)
        .where(Activity.status == "planned", Activity.day <= today,
               Activity.day > today - timedelta(days=FIGURES_DAYS), ActivityAttendance.attended.is_(True),
               ActivityAttendance.village_id.in_(village_ids))
        .group_by(ActivityAttendance.village_id)).all())



def village_activities(session: Session, village_id: int, now: datetime) -> list[tuple[Activity, int, int, int]]:
    """The last 12 months' activities that invited the village, held or coming: (activity, invited,
    said they would go, came), counted among the village's people."""
    today = now.date()
    came = (select(ActivityAttendance.activity_id, func.count().label("came"))
            .where(ActivityAttendance.village_id == village_id, ActivityAttendance.attended.is_(True))
            .group_by(ActivityAttendance.activity_id).subquery())
    rows = session.execute(
        select(Activity, func.count(ActivityInvitee.id),
               func.count(ActivityInvitee.id).filter(ActivityInvitee.answer == "go"),
               func.coalesce(func.max(came.c.came), 0))
        .join(ActivityInvitee, ActivityInvitee.activity_id == Activity.id)
        .outerjoin(came, came.c.activity_id == Activity.id)
        .where(ActivityInvitee.village_id == village_id, Activity.status == "planned",
               Activity.day > today - timedelta(days=FIGURES_DAYS))
        .group_by(Activity.id).order_by(Activity.starts_at.desc())).all()
    return [(activity, invited, going, came_) for activity, invited, going, came_ in rows]
