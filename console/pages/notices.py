"""Notices: compose one for people of the area (who, what, when), see who it reaches and what
it costs before sending, follow it to the last batch, cancel what has not gone out, and read
LINE's statistics of it where LINE has them."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import abort, jsonify, request
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bot import clock, notices, thai
from bot.audience import AudienceError, AudienceSpec
from bot.models import Fund, Notice, OccupationalGroup, Person, Subdistrict, Village
from bot.notices import groups, quota, templates
from bot.notices.content import Card, ContentError, compose
from bot.people.roles import ROLE_LABELS
from bot.settings import TIMEZONE
from bot.texts import console as console_texts
from bot.texts import notices as texts
from console import web

bp = web.blueprint("console_notices", __name__, "/notices")

_ID_LISTS = ("subdistricts", "villages", "groups", "funds", "line_groups")


@bp.route("/")
@web.signed_in
def index():
    session = web.db()
    rows = list(session.scalars(notices.visible(session, web.area()).order_by(Notice.send_at.desc(), Notice.id.desc())
                                .limit(200)))
    progress = notices.progress_of(session, rows)
    table = web.Table("ประกาศ", "ประกาศ", ["ประกาศ", "เวลาส่ง", "สถานะ", "ผู้รับ", "ส่งถึงแล้ว", "กำลังส่ง",
                                            "ไม่สำเร็จ", "เกินโควตา", "ยกเลิก"],
                      [[n.title, notices.when_label(n.send_at), texts.NOTICE_STATUSES.get(n.status, n.status),
                        n.recipient_count, progress[n.id].sent,
                        progress[n.id].queued, progress[n.id].failed, progress[n.id].over_quota,
                        progress[n.id].cancelled] for n in rows], [n.id for n in rows])
    web.log("view", "notices", notices=len(rows))
    moving = any(p.status != notices.PENDING and not p.done for p in progress.values())
    return web.page("console/notices.html", table, moving=moving)


@bp.route("/new", methods=["GET", "POST"])
@web.signed_in
def new():
    session = web.db()
    form = request.form if request.method == "POST" else request.args
    choices = _choices(session)
    context: dict[str, Any] = {"choices": choices, "form": form, "roles": ROLE_LABELS, "form_key": web.form_key(),
                               "templates": templates.of(session, web.account())}
    if request.method == "GET" and not form.get("template"):
        return web.page("console/notice_new.html", **context)
    try:
        spec, line_groups = _spec(form), web.form_ids("line_groups")
        messages = _messages(session, form)
        send_at = _when(form)
    except (AudienceError, ValueError, ContentError) as error:
        context["error"] = str(error) if isinstance(error, ContentError) else texts.NOTICE_FORM_INVALID
        return web.page("console/notice_new.html", **context), 200
    if request.method == "GET":  # a template chosen: carried by the form, its messages sent unless others are written
        return web.page("console/notice_new.html", **context)
    if form.get("action") == "send" and (earlier := notices.made_from(session, web.account(), web.posted_form_key())):
        return _already_made(earlier)
    found, cost = notices.preview(session, web.area(), spec, web.runtime().line, line_groups)
    context.update(audience=found, cost=cost, cost_line=quota.describe(cost), messages=messages,
                   village_names=_village_names(session, found.by_village), exclusions=console_texts.LEFT_OUT)
    if form.get("action") != "send":
        web.log("view", "notice-audience", recipients=found.count)
        return web.page("console/notice_new.html", **context)
    try:
        notice = notices.create(session, web.account(), title=form.get("title", ""), spec=spec, messages=messages,
                                line=web.runtime().line, send_at=send_at, group_ids=line_groups,
                                form_key=web.posted_form_key())
    except IntegrityError as error:  # the same form sent twice at once: the other request made it
        return _already_made(web.made_meanwhile(session, error, notices.made_from))
    except notices.QuietHours as refused:
        context.update(error=str(refused), offer=refused.offer.strftime("%H:%M"),
                       offer_date=refused.offer.date().isoformat())
        return web.page("console/notice_new.html", **context)
    except notices.NoticeError as refused:
        context["error"] = str(refused)
        return web.page("console/notice_new.html", **context)
    if form.get("save_template") and form.get("template_name", "").strip():
        templates.save(session, web.account(), form["template_name"], messages)
    web.log("change", "notice-create", notice=notice.id, recipients=found.count, send_at=notice.send_at.isoformat())
    try:
        session.commit()
    except IntegrityError as error:
        return _already_made(web.made_meanwhile(session, error, notices.made_from))
    if send_at is None:
        web.runtime().dispatch.release_notice(notice.id)  # a worker writes its batches
        return web.back(texts.NOTICE_QUEUED_NOW.format(title=notice.title, count=f"{found.count:,}"),
                        endpoint="console_notices.show", notice_id=notice.id)
    return web.back(texts.NOTICE_SCHEDULED.format(title=notice.title, when=notices.when_label(notice.send_at)),
                    endpoint="console_notices.show", notice_id=notice.id)


def _already_made(notice: Notice):
    return web.back(texts.NOTICE_ALREADY_MADE.format(title=notice.title), "error",
                    endpoint="console_notices.show", notice_id=notice.id)


@bp.route("/count", methods=["POST"])
@web.signed_in
def count():
    """The live count the compose form shows as the audience is built (console/static/notices.js)."""
    session = web.db()
    try:
        spec, line_groups = _spec(request.form), web.form_ids("line_groups")
    except (AudienceError, ValueError):
        return jsonify(error=texts.NOTICE_FORM_INVALID), 200
    found, cost = notices.preview(session, web.area(), spec, web.runtime().line, line_groups)
    names = _village_names(session, found.by_village)
    return jsonify(count=found.count, cost=quota.describe(cost), over=cost.over,
                   excluded={console_texts.LEFT_OUT[k]: v for k, v in found.excluded.items()},
                   villages={names[v]: n for v, n in sorted(found.by_village.items(), key=lambda i: names[i[0]])},
                   roles={ROLE_LABELS.get(r, r): n for r, n in found.by_role.items()})


@bp.route("/<int:notice_id>")
@web.signed_in
def show(notice_id: int):
    session = web.db()
    notice = _visible(notice_id)
    progress = notices.progress(session, notice)
    statistics = None
    if notice.status != notices.PENDING and notice.released_at is not None:
        since = notice.released_at.astimezone(notices.LINE_TIME).date()
        statistics = web.runtime().line.unit_statistics(notices.aggregation_unit(notice.id), since,
                                                        min(since + timedelta(days=30), _line_today()))
    web.log("view", "notice", notice=notice.id)
    return web.page("console/notice.html", notice=notice, progress=progress, statistics=statistics,
                    labels=texts.NOTICE_STATUSES, exclusions=console_texts.LEFT_OUT, when=notices.when_label,
                    audience_lines=_audience_lines(session, notice.audience))


@bp.route("/<int:notice_id>/cancel", methods=["POST"])
@web.signed_in
def cancel(notice_id: int):
    session = web.db()
    notice = _visible(notice_id)
    try:
        stopped = notices.cancel(session, notice)
    except notices.NoticeError as refused:
        return web.back(str(refused), "error", endpoint="console_notices.show", notice_id=notice.id)
    web.log("change", "notice-cancel", notice=notice.id, stopped=stopped)
    message = (texts.NOTICE_CANCELLED.format(title=notice.title) if not notice.recipient_count
               else texts.NOTICE_CANCELLED_REST.format(title=notice.title, count=f"{stopped:,}"))
    return web.back(message, endpoint="console_notices.show", notice_id=notice.id)


def _visible(notice_id: int) -> Notice:
    session = web.db()
    return web.found(session.scalar(notices.visible(session, web.area()).where(Notice.id == notice_id)))


def _line_today() -> date:
    return clock.now().astimezone(notices.LINE_TIME).date()


def _days(form, name: str) -> int | None:
    value = thai.arabic_digits(form.get(name, "")).strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 5:
        raise ValueError(name)
    return int(value)


def _spec(form) -> AudienceSpec:
    data: dict[str, Any] = {name: web.form_ids(name) for name in _ID_LISTS if name != "line_groups"}
    data["roles"] = form.getlist("roles")
    data["occupations"] = form.getlist("occupations")
    for name in ("overdue_days", "due_within_days"):
        data[name] = _days(form, name)
    for name in ("missing_weekly_report", "missing_monthly_report"):
        data[name] = bool(form.get(name))
    return AudienceSpec.from_json(data)


def _messages(session, form) -> list[dict[str, Any]]:
    chosen = form.get("template", "")
    if chosen:
        template = templates.get(session, web.account(), web.as_id(chosen) or 0)
        if template is None:
            raise ValueError("template")
        if not (form.get("text") or form.get("image_url") or form.get("card_title")):
            return template.messages
    card = None
    if form.get("card_title", "").strip() or form.get("card_body", "").strip():
        card = Card(title=form.get("card_title", ""), body=form.get("card_body", ""), date=form.get("card_date", ""),
                    place=form.get("card_place", ""), button_label=form.get("card_button", ""),
                    button_url=form.get("card_url", ""))
    replies = [reply for reply in form.get("quick_replies", "").replace("\n", ",").split(",") if reply.strip()]
    return compose(text=form.get("text", ""), image_url=form.get("image_url", ""), card=card, quick_replies=replies)


def _when(form) -> datetime | None:
    if form.get("when") != "at":
        return None
    try:
        day = date.fromisoformat(form.get("date", ""))
        hour, minute = (int(part) for part in form.get("time", "").split(":"))
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TIMEZONE)
    except (ValueError, TypeError):
        raise ValueError("when") from None


def _village_names(session, village_ids) -> dict[int, str]:
    if not village_ids:
        return {}
    return {village.id: web.village(village.moo, village.name) + f" ต.{village.subdistrict.name}"
            for village in session.scalars(select(Village).where(Village.id.in_(list(village_ids))))}


def _choices(session) -> dict[str, Any]:
    """What the audience builder offers: only the area's places, groups, occupations and funds."""
    area = web.area()
    villages = list(session.execute(
        select(Village, Subdistrict).join(Subdistrict, Subdistrict.id == Village.subdistrict_id)
        .where(Village.id.in_(area.village_ids())).order_by(Subdistrict.name, Village.moo)))
    by_subdistrict: dict[int, dict[str, Any]] = {}
    for village, subdistrict in villages:
        entry = by_subdistrict.setdefault(subdistrict.id, {"id": subdistrict.id, "name": subdistrict.name,
                                                           "villages": []})
        entry["villages"].append((village.id, web.village(village.moo, village.name)))
    groups = session.execute(select(OccupationalGroup.id, OccupationalGroup.name).where(
        OccupationalGroup.village_id.in_(area.village_ids())).order_by(OccupationalGroup.name)).all()
    occupations = session.scalars(select(Person.occupation).where(
        Person.village_id.in_(area.village_ids()), Person.occupation.is_not(None)).group_by(Person.occupation)
        .order_by(func.count().desc()).limit(40)).all()
    funds = session.execute(select(Fund.id, Fund.name).where(Fund.id.in_(area.fund_ids())).order_by(Fund.name)).all()
    line_groups = [(group.id, _village_names(session, [group.village_id]).get(group.village_id, "-"))
                   for group in notices.village_groups(session, area)]
    return {"subdistricts": list(by_subdistrict.values()), "groups": groups, "occupations": sorted(occupations),
            "funds": funds, "line_groups": line_groups}


def _audience_lines(session, stored: dict[str, Any]) -> list[str]:
    """The audience as the officer chose it, in words (the notice page)."""
    try:
        spec = AudienceSpec.from_json(stored)
    except AudienceError:
        abort(404)
    lines = []
    if spec.villages or spec.subdistricts:
        names = _village_names(session, spec.villages)
        lines.append(texts.AUDIENCE_VILLAGES + ", ".join([names.get(v, "-") for v in spec.villages] + [
            texts.AUDIENCE_WHOLE_SUBDISTRICT.format(name=name) for name in session.scalars(select(Subdistrict.name).where(
                Subdistrict.id.in_(spec.subdistricts)))]))
    if spec.roles:
        lines.append(texts.AUDIENCE_ROLES + ", ".join(ROLE_LABELS.get(r, r) for r in spec.roles))
    if spec.groups:
        lines.append(texts.AUDIENCE_GROUPS + ", ".join(session.scalars(select(OccupationalGroup.name).where(
            OccupationalGroup.id.in_(spec.groups)))))
    if spec.occupations:
        lines.append(texts.AUDIENCE_OCCUPATIONS + ", ".join(spec.occupations))
    if spec.overdue_days is not None:
        lines.append(texts.AUDIENCE_OVERDUE.format(days=spec.overdue_days))
    if spec.due_within_days is not None:
        lines.append(texts.AUDIENCE_DUE_WITHIN.format(days=spec.due_within_days))
    if spec.funds:
        lines.append(texts.AUDIENCE_FUNDS + ", ".join(session.scalars(select(Fund.name).where(Fund.id.in_(spec.funds)))))
    if spec.missing_weekly_report:
        lines.append(texts.AUDIENCE_MISSING_WEEKLY)
    if spec.missing_monthly_report:
        lines.append(texts.AUDIENCE_MISSING_MONTHLY)
    return lines or [texts.AUDIENCE_EVERYONE]


@bp.route("/groups", methods=["GET", "POST"])
@web.signed_in
def line_groups():
    """Which village each LINE group the bot is in belongs to: only then can it receive notices."""
    session = web.db()
    if request.method == "POST":
        village = request.form.get("village", "")
        village_id = web.as_id(village)
        if groups.assign(session, web.area(), web.form_id("group"), village_id) is None:
            abort(404)
        web.log("change", "line-group", group=int(request.form["group"]), village=village_id)
        return web.back(texts.NOTICE_GROUP_SAVED, endpoint="console_notices.line_groups")
    line = web.runtime().line
    rows = [(group, line.group_name(group.group_id)) for group in groups.claimable(session, web.area())]
    villages = [(village_id, name) for sub in _choices(session)["subdistricts"] for village_id, name in sub["villages"]]
    web.log("view", "line-groups", groups=len(rows))
    return web.page("console/notice_groups.html", rows=rows, villages=villages)
