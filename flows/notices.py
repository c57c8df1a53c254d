""""ส่งประกาศ": an officer sends a notice from the chat: who (a few choices, only of their
area), where, a saved template or their own words (and a picture's link), when (shown with how many it reaches and
what it costs), then the summary to confirm. The rules are the console's (bot.notices):
checked, never at night, within LINE's quota."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from bot import accounts, audience, clock, notices
from bot.area import Area
from bot.audience import AudienceSpec
from bot.line import messages as m
from bot.line.limits import MAX_IMAGE_URL_LENGTH, MAX_TEXT_LENGTH, fit_label
from bot.models import ConsoleAccount, Subdistrict, Village
from bot.notices import groups, quota, templates
from bot.notices.content import ContentError, compose, preview_text
from bot.settings import TIMEZONE
from bot.texts import notices as texts
from flows import engine
from flows.engine import Context, Invalid
from flows.steps import Choose, Option, Text
from flows.turn import Turn
from flows.welcome import fallback

WORD = texts.NOTICE_WORD
EVERYWHERE, OWN, NOW, TOMORROW = "all", "own", "now", "tomorrow"
# What each audience choice asks of bot.audience.
AUDIENCES = {
    "all": {},
    "leaders": {"roles": ["leader"]},
    "households": {"roles": ["household"]},
    "missing_weekly": {"missing_weekly_report": True},
    "missing_monthly": {"missing_monthly_report": True},
    "overdue": {"overdue_days": 30},
    "due_soon": {"due_within_days": 7},
}
TOMORROW_AT = 9


def start(turn: Turn) -> None:
    if turn.in_group or not turn.user_id:
        fallback(turn)  # never composed in front of a village group
        return
    account = accounts.for_line_user(turn.session, turn.user_id)
    if account is None or account.role == "committee":
        turn.reply(m.text(texts.NOTICE_ONLY_OFFICERS))
        return
    area = Area.of(account)
    subdistricts = turn.session.execute(
        select(Subdistrict.id, Subdistrict.name).where(Subdistrict.id.in_(
            select(Village.subdistrict_id).where(Village.id.in_(area.village_ids())))).order_by(Subdistrict.name)
        .limit(40)).all()
    saved = [(t.id, t.name) for t in templates.of(turn.session, account)][:12]
    engine.start(turn, NOTICE, context={"account_id": account.id, "subdistricts": [list(s) for s in subdistricts],
                                        "templates": [list(t) for t in saved]})


def group_event(turn: Turn, kind: str) -> None:
    """Keep track of the village groups the bot is in, so notices can reach them."""
    group_id = turn.source.get("groupId")
    if turn.source.get("type") != "group" or not group_id:
        return
    if kind == "leave":
        groups.left(turn.session, group_id)
    elif kind in ("join", "memberJoined"):
        groups.joined(turn.session, group_id)


def _account(ctx: Context) -> ConsoleAccount | None:
    return accounts.active(ctx.session, ctx.data["account_id"])


def _spec(ctx: Context) -> AudienceSpec:
    where = ctx.answers.get("where")
    places = {} if where in (None, EVERYWHERE) else {"subdistricts": [int(where)]}
    return AudienceSpec.from_json({**AUDIENCES[ctx.answers["who"]], **places})


def _where_options(ctx: Context) -> list[Option]:
    return [Option(EVERYWHERE, texts.NOTICE_EVERYWHERE)] + [
        Option(str(i), fit_label(f"ต.{name}"), name=name) for i, name in ctx.data["subdistricts"]]


def _template_options(ctx: Context) -> list[Option]:
    return [Option(OWN, texts.NOTICE_WRITE_OWN)] + [Option(str(i), fit_label(name), name=name)
                                                    for i, name in ctx.data["templates"]]


def _writes_own(ctx: Context) -> bool:
    return ctx.answers.get("template") in (None, OWN)


def _ask_when(ctx: Context) -> str:
    account = _account(ctx)
    if account is None:
        return texts.NOTICE_ONLY_OFFICERS
    found, cost = notices.preview(ctx.session, Area.of(account), _spec(ctx), ctx.turn.runtime.line)
    reach = texts.NOTICE_REACH.format(count=f"{found.count:,}", cost=quota.describe(cost))
    if found.excluded_total:
        reach += "\n" + texts.NOTICE_REACH_EXCLUDED.format(excluded=f"{found.excluded_total:,}")
    return texts.NOTICE_ASK_WHEN.format(reach=reach)


def _messages(ctx: Context) -> list[dict]:
    if not _writes_own(ctx):
        account = _account(ctx)
        template = templates.get(ctx.session, account, int(ctx.answers["template"])) if account else None
        if template is not None:
            return template.messages
    return compose(text=ctx.answers.get("text") or "", image_url=ctx.answers.get("image") or "")


def _send_at(ctx: Context) -> datetime | None:
    if ctx.answers.get("when") != TOMORROW:
        return None
    tomorrow = clock.now().date() + timedelta(days=1)
    return datetime(tomorrow.year, tomorrow.month, tomorrow.day, TOMORROW_AT, 0, tzinfo=TIMEZONE)


def _send(ctx: Context) -> list[dict]:
    account = _account(ctx)
    if account is None:
        return [m.text(texts.NOTICE_ONLY_OFFICERS)]
    try:
        messages = _messages(ctx)
    except ContentError as refused:
        return [m.text(str(refused))]
    title = (preview_text(messages) or texts.NOTICE_FLOW_TITLE).split("\n")[0][:60]
    try:
        notice = notices.create(ctx.session, account, title=title, spec=_spec(ctx), messages=messages,
                                line=ctx.turn.runtime.line, send_at=_send_at(ctx))
    except notices.NoticeError as refused:
        return [m.text(str(refused))]
    if notice.send_at > clock.now() + notices.GRACE:
        return [m.text(texts.NOTICE_SCHEDULED.format(title=notice.title, when=notices.when_label(notice.send_at)))]
    runtime, notice_id = ctx.turn.runtime, notice.id
    # A worker of its own writes the batches, so the other villagers' turns do not wait behind it.
    ctx.turn.after_commit.append(lambda: runtime.dispatch.release_notice(notice_id))
    count = audience.tally(ctx.session, Area.of(account), _spec(ctx), clock.now().date())[0]
    return [m.text(texts.NOTICE_QUEUED_NOW.format(title=notice.title, count=f"{count:,}"))]


class ImageLink(Text):
    """A picture for the notice, as a link LINE can fetch (LINE takes images by https address)."""

    def from_text(self, ctx, text):
        link = text.strip()
        if not link.startswith("https://") or len(link) > MAX_IMAGE_URL_LENGTH or any(c.isspace() for c in link):
            raise Invalid(texts.NOTICE_IMAGE_URL)
        return link


class MessagePreview(Text):
    """The notice's words, shown whole in the summary as they will be sent."""

    def show(self, ctx, value):
        return value


NOTICE = engine.Flow(
    name="notice",
    title=texts.NOTICE_FLOW_TITLE,
    steps=[
        Choose("who", texts.NOTICE_ASK_WHO, label=texts.NOTICE_LABEL_WHO,
               options=[Option(key, label) for key, label in texts.NOTICE_AUDIENCES.items()]),
        Choose("where", texts.NOTICE_ASK_WHERE, label=texts.NOTICE_LABEL_WHERE, options=_where_options,
               when=lambda ctx: len(ctx.data["subdistricts"]) > 1, default=lambda ctx: EVERYWHERE),
        Choose("template", texts.NOTICE_ASK_TEMPLATE, label=texts.NOTICE_LABEL_TEMPLATE, options=_template_options,
               when=lambda ctx: bool(ctx.data["templates"]), default=lambda ctx: OWN),
        MessagePreview("text", texts.NOTICE_ASK_TEXT, label=texts.NOTICE_LABEL_TEXT, limit=MAX_TEXT_LENGTH,
                       when=_writes_own),
        ImageLink("image", texts.NOTICE_ASK_IMAGE, label=texts.NOTICE_LABEL_IMAGE, optional=True, when=_writes_own),
        Choose("when", _ask_when, label=texts.NOTICE_LABEL_WHEN,
               options=[Option(NOW, texts.NOTICE_NOW), Option(TOMORROW, texts.NOTICE_TOMORROW_MORNING)]),
    ],
    on_done=_send,
)
