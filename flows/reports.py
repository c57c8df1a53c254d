"""The two progress reports as flows: the leader's weekly report and the household's
monthly one. Adding a question is one line in a step list: the report keeps every
answer whole (see `bot.reports.storable`).

A leader whose week looks like last week sends it in three taps: "ส่งรายงาน", "เหมือน
สัปดาห์ก่อน" (which fills in last week's answers), "ยืนยัน" on the summary that shows them.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot import clock, reports, texts, thai
from bot.line import messages as m
from bot.line.limits import fit_label
from bot.models import Person, WeeklyReport
from flows import engine
from flows.engine import Context
from flows.steps import Choose, Money, Number, Option, Photo, Text, YesNo
from flows.turn import Turn
from flows.welcome import menu_actions

ACTIVITY_OPTIONS = [Option(key, label) for key, label in texts.ACTIVITIES.items()]
TREND_OPTIONS = [Option(key, label) for key, label in texts.TRENDS.items()]
VS_START_OPTIONS = [Option(key, texts.TRENDS[key]) for key in ("up", "same", "down")]
SAME, CHANGED = "same", "changed"
# A household may still send last month's report in the first days of a month.
LATE_MONTH_DAYS = 7


class WeekChoice(Choose):
    def show(self, ctx, value):
        return thai.week_label(value)


class MonthChoice(Choose):
    def show(self, ctx, value):
        return thai.month_label(value)


# ---- the leader's weekly report ------------------------------------------------------

def _week(ctx: Context) -> str:
    return ctx.answers.get("week") or ctx.data["week"]


def _household_options(ctx: Context) -> list[Option]:
    return [Option(str(i), fit_label(label), name=label) for i, label in ctx.data["households"]]


def _ask_visited(ctx: Context) -> str:
    return texts.WEEKLY_ASK_VISITED.format(week=thai.week_label(_week(ctx)))


def _previous(ctx: Context) -> dict | None:
    """Last report's answers, as "same as last week" would fill them in for the week being reported."""
    return (ctx.data.get("previous") or {}).get(_week(ctx))


def _ask_start(ctx: Context) -> str:
    previous = _previous(ctx)
    households = dict((str(i), label) for i, label in ctx.data["households"])
    visited = [thai.call_name(households[i]).split(" ")[0] for i in previous["visited"] if i in households]
    said = [texts.WEEKLY_SAME_VISITED.format(names=", ".join(visited)) if visited else None,
            ", ".join(texts.ACTIVITIES[a] for a in previous["activities"] if a in texts.ACTIVITIES) or None,
            texts.WEEKLY_SAME_PRACTISING.format(count=previous["practising"]) if ctx.data["households"] else None,
            texts.WEEKLY_SAME_TREND.format(trend=texts.TRENDS[previous["trend"]])]
    return texts.WEEKLY_ASK_START.format(week=thai.week_label(_week(ctx)), last=" · ".join(filter(None, said)))


def _same_as_last_week(ctx: Context, value: str) -> dict | None:
    return dict(_previous(ctx)) if value == SAME else None


def _save_weekly(ctx: Context) -> list[dict]:
    leader = ctx.turn.person
    week = _week(ctx)
    report, created = reports.save_weekly(ctx.session, leader, week, ctx.answers)
    label = thai.week_label(week)
    lines = [(texts.WEEKLY_SAVED if created else texts.WEEKLY_UPDATED).format(week=label)]
    lines += _praise_leader(report)
    if report.help_needed:
        _alert_officers(ctx, leader, texts.HELP_ALERT_LEADER.format(
            name=leader.full_name, village=leader.village_label, help=report.help_needed), f"weekly:{report.id}")
        lines.append(texts.HELP_PASSED_ON)
    return [m.text("\n".join(lines), menu_actions(leader))]


def _praise_leader(report) -> list[str]:
    """A short encouragement that reflects what the leader reported."""
    praise = []
    if report.visited_household_ids:
        praise.append(texts.PRAISE_VISITED.format(count=len(report.visited_household_ids)))
    if report.households_practising:
        praise.append(texts.PRAISE_PRACTISING.format(count=report.households_practising))
    if report.income_trend == "up":
        praise.append(texts.PRAISE_INCOME_UP)
    if report.late:
        praise.append(texts.WEEKLY_LATE_NOTE)
    return praise or [texts.PRAISE_KEEP_GOING]


WEEKLY = engine.Flow(
    name="weekly_report",
    title=texts.WEEKLY_TITLE,
    steps=[
        WeekChoice("week", texts.WEEKLY_WHICH_WEEK, label=texts.WEEKLY_WEEK_LABEL,
                   options=lambda ctx: [Option(ctx.data["week"], texts.WEEKLY_THIS_WEEK),
                                        Option(ctx.data["late_week"], texts.WEEKLY_LAST_WEEK)],
                   when=lambda ctx: bool(ctx.data.get("late_week")), default=lambda ctx: ctx.data["week"]),
        Choose("start", _ask_start, options=[Option(SAME, texts.WEEKLY_SAME), Option(CHANGED, texts.WEEKLY_CHANGED)],
               when=lambda ctx: _previous(ctx) is not None, fills=_same_as_last_week),
        Choose("visited", _ask_visited, label=texts.WEEKLY_VISITED_LABEL, options=_household_options,
               many=True, optional=True, everything=texts.WEEKLY_ALL_HOUSEHOLDS,
               when=lambda ctx: bool(ctx.data["households"])),
        Choose("activities", texts.WEEKLY_ASK_ACTIVITIES, label=texts.WEEKLY_ACTIVITIES_LABEL,
               options=ACTIVITY_OPTIONS, many=True),
        Number("practising", lambda ctx: texts.WEEKLY_ASK_PRACTISING.format(total=len(ctx.data["households"])),
               label=texts.WEEKLY_PRACTISING_LABEL, low=0, high=lambda ctx: len(ctx.data["households"]),
               suggestions=lambda ctx: list(range(0, min(len(ctx.data["households"]), 9) + 1)),
               when=lambda ctx: bool(ctx.data["households"])),
        Choose("trend", texts.WEEKLY_ASK_TREND, label=texts.WEEKLY_TREND_LABEL, options=TREND_OPTIONS),
        Money("change", texts.WEEKLY_ASK_CHANGE, label=texts.WEEKLY_CHANGE_LABEL, optional=True,
              suggestions=[500, 1000, 2000, 3000], when=lambda ctx: ctx.answers.get("trend") in {"up", "down"}),
        Text("problems", texts.ASK_PROBLEMS, label=texts.PROBLEMS_LABEL, optional=True),
        Text("help", texts.WEEKLY_ASK_HELP, label=texts.WEEKLY_HELP_LABEL, optional=True),
        Photo("photos", texts.WEEKLY_ASK_PHOTOS, label=texts.WEEKLY_PHOTOS_LABEL, optional=True, many=True),
    ],
    on_done=_save_weekly,
)


def start_weekly(turn: Turn) -> None:
    leader = turn.person
    week = thai.iso_week(clock.now())
    # Early in a week, a leader who missed last week may still send it, marked late.
    last_week = thai.previous_week(week)
    late_week = None
    if clock.now().weekday() <= 1 and not _has_weekly(turn, leader, last_week):
        late_week = last_week
    households = [(h.id, h.full_name) for h in reports.households_of(turn.session, leader)
                  if h.withdrawn_at is None]
    followed = {household_id for household_id, _ in households}
    previous = {}
    for reported_week in filter(None, (week, late_week)):
        last = reports.previous_weekly(turn.session, leader, reported_week)
        if last is not None:
            previous[reported_week] = reports.repeatable_answers(last, followed)
    engine.start(turn, WEEKLY, context={"week": week, "late_week": late_week, "households": households,
                                        "previous": previous})


def _has_weekly(turn: Turn, leader: Person, week: str) -> bool:
    return turn.session.scalar(select(WeeklyReport.id).where(WeeklyReport.leader_id == leader.id,
                                                             WeeklyReport.week == week)) is not None


# ---- the household's monthly report --------------------------------------------------

def _month(ctx: Context) -> str:
    return ctx.answers.get("month") or ctx.data["month"]


def _save_household(ctx: Context) -> list[dict]:
    household = ctx.turn.person
    report = reports.save_household(ctx.session, household, _month(ctx), ctx.answers)
    lines = [texts.HH_SAVED.format(month=thai.month_label(_month(ctx)))]
    if report.income:
        lines.append(texts.HH_PRAISE_INCOME.format(amount=thai.money(report.income)))
    elif report.practised:
        lines.append(texts.HH_PRAISE_PRACTISED)
    else:
        lines.append(texts.HH_PRAISE_TRY)
    if report.needs_help:
        alert = texts.HELP_ALERT_HOUSEHOLD.format(name=household.full_name, village=household.village_label,
                                                  problems=report.problems or "-", phone=thai.phone(household.phone))
        for leader in reports.leaders_of(ctx.session, household):
            if leader.line_user_id:
                ctx.turn.push(f"help:household:{report.id}:{report.submitted_at.isoformat()}:{leader.id}",
                              leader.line_user_id, m.text(alert))
        _alert_officers(ctx, household, alert, f"household:{report.id}:{report.submitted_at.isoformat()}")
        lines.append(texts.HH_HELP_SENT)
    return [m.text("\n".join(lines), menu_actions(household))]


HOUSEHOLD = engine.Flow(
    name="household_report",
    title=texts.HOUSEHOLD_TITLE,
    steps=[
        MonthChoice("month", texts.HH_WHICH_MONTH, label=texts.HH_MONTH_LABEL,
                    options=lambda ctx: [Option(ctx.data["month"], thai.month_label_short(ctx.data["month"])),
                                         Option(ctx.data["late_month"], texts.HH_LAST_MONTH.format(
                                             month=thai.month_label_short(ctx.data["late_month"])))],
                    when=lambda ctx: bool(ctx.data.get("late_month")), default=lambda ctx: ctx.data["month"]),
        YesNo("practised", lambda ctx: texts.HH_ASK_PRACTISED.format(
            month=thai.month_label(_month(ctx)), occupation=ctx.data["occupation"]),
            label=texts.HH_PRACTISED_LABEL),
        Money("income", lambda ctx: texts.HH_ASK_INCOME.format(month=thai.month_label(_month(ctx))),
              label=texts.HH_INCOME_LABEL, suggestions=[0, 500, 1000, 3000],
              when=lambda ctx: bool(ctx.answers.get("practised"))),
        Money("saved", texts.HH_ASK_SAVED, label=texts.HH_SAVED_LABEL, optional=True, suggestions=[100, 300, 500],
              when=lambda ctx: bool(ctx.answers.get("practised"))),
        Choose("vs_start", texts.HH_ASK_VS_START, label=texts.HH_VS_START_LABEL, options=VS_START_OPTIONS),
        Text("problems", texts.ASK_PROBLEMS, label=texts.PROBLEMS_LABEL, optional=True),
        YesNo("help", texts.HH_ASK_HELP, label=texts.HH_HELP_LABEL),
    ],
    on_done=_save_household,
)


def start_household(turn: Turn) -> None:
    household = turn.person
    today = clock.now()
    last_month = thai.month_key(today.replace(day=1) - timedelta(days=1))
    late_month = None
    if today.day <= LATE_MONTH_DAYS and not reports.has_household_report(turn.session, household, last_month):
        late_month = last_month
    engine.start(turn, HOUSEHOLD, context={"month": thai.month_key(today), "late_month": late_month,
                                           "occupation": household.occupation or texts.OCCUPATION_UNKNOWN})


# ---- shared ------------------------------------------------------------------------

def _alert_officers(ctx: Context, person: Person, alert: str, key: str) -> None:
    for officer in reports.officers_for(ctx.session, person.village_id):
        if officer.line_user_id:
            ctx.turn.push(f"help:{key}:{officer.id}", officer.line_user_id, m.text(alert))


def start(turn: Turn) -> None:
    """"ส่งรายงาน": the report this person gives (asked, when they give both)."""
    person = turn.person
    if person is None:
        turn.reply(m.text(texts.REPORT_NOT_LINKED, menu_actions(None)))
        return
    roles = person.role_names
    if "leader" in roles and "household" in roles:
        turn.reply(m.text(texts.REPORT_WHICH, [m.say(texts.WEEKLY_CHOICE), m.say(texts.HOUSEHOLD_CHOICE)]))
    elif "leader" in roles:
        start_weekly(turn)
    elif "household" in roles:
        start_household(turn)
    else:
        turn.reply(m.text(texts.REPORT_NOT_FOR_ROLE, menu_actions(person)))


def start_chosen(turn: Turn, kind: str) -> None:
    person = turn.person
    needed = "leader" if kind == "weekly" else "household"
    if person is None or needed not in person.role_names:
        start(turn)
    elif kind == "weekly":
        start_weekly(turn)
    else:
        start_household(turn)

