"""The `sammachip` command line."""
from __future__ import annotations

import json
import sys
from importlib.metadata import entry_points

import click
from sqlalchemy import func, select

import sammachip  # noqa: F401  (installs the dispatch to the workers)
from bot import migrate, runtime
from bot.settings import Settings


class _Commands(click.Group):
    """The product's commands, plus any a separately installed tool adds through the
    `sammachip.commands` entry point (the development tools add `dev` and `emulator`),
    loaded only when named, so the product never imports them."""

    def _plugins(self) -> dict:
        return {point.name: point for point in entry_points(group="sammachip.commands")}

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self._plugins()))

    def get_command(self, ctx, name):
        command = super().get_command(ctx, name)
        if command is None and name in self._plugins():
            command = self._plugins()[name].load()
        return command


@click.group(cls=_Commands)
def main() -> None:
    """สัมมาชีพชุมชน LINE bot."""


@main.group()
def db() -> None:
    """Database schema."""


@db.command()
def upgrade() -> None:
    """Apply every migration."""
    migrate.upgrade(Settings.from_env().database_url)


@db.command()
@click.option("-m", "--message", required=True)
def revision(message: str) -> None:
    """Write a new migration from the models (developers)."""
    migrate.revision(Settings.from_env().database_url, message)


@main.command()
@click.option("--json", "as_json", is_flag=True)
def outbox(as_json: bool) -> None:
    """Outgoing messages by status (quota_exceeded means LINE's monthly limit was reached)."""
    from bot.models import OutboundMessage

    with runtime.current().db.sessions() as session:
        counts = dict(session.execute(
            select(OutboundMessage.status, func.count()).group_by(OutboundMessage.status)).all())
    if as_json:
        click.echo(json.dumps(counts))
    else:
        for status, count in sorted(counts.items()):
            click.echo(f"{status:16} {count}")


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--failed", "show_failed", default=10, show_default=True, help="How many parked events to list.")
def events(as_json: bool, show_failed: int) -> None:
    """Webhook events by status; the latest parked (failed) and rejected ones with their errors."""
    from bot.models import WebhookEvent

    with runtime.current().db.sessions() as session:
        counts = dict(session.execute(
            select(WebhookEvent.status, func.count()).group_by(WebhookEvent.status)).all())
        latest = session.execute(
            select(WebhookEvent.id, WebhookEvent.status, WebhookEvent.event_type, WebhookEvent.attempts,
                   WebhookEvent.received_at, WebhookEvent.error)
            .where(WebhookEvent.status.in_(("failed", "rejected")))
            .order_by(WebhookEvent.id.desc()).limit(show_failed)).all()
    problems = [{"id": row.id, "status": row.status, "type": row.event_type, "attempts": row.attempts,
                 "received_at": row.received_at.isoformat(), "error": row.error} for row in latest]
    if as_json:
        click.echo(json.dumps({"counts": counts, "problems": problems}, ensure_ascii=False))
        return
    for status, count in sorted(counts.items()):
        click.echo(f"{status:16} {count}")
    for problem in problems:
        click.echo(f"#{problem['id']} {problem['status']} {problem['type']} after {problem['attempts']} "
                   f"attempts, {problem['received_at']}: {problem['error']}")


@main.command()
def cron() -> None:
    """The periodic jobs of workers/schedule.py (run exactly one); waits out a Redis restart."""
    from sammachip import cron as cron_process

    settings = Settings.from_env()
    settings.refuse_development_outside_dev_runner()
    cron_process.run(settings.redis_url)


@main.command()
def sweep() -> None:
    """Re-enqueue unsent messages and unprocessed events once."""
    from workers.jobs import sweep as run_sweep

    click.echo(json.dumps(run_sweep()))


@main.group()
def kb() -> None:
    """The knowledge base and the questions waiting for officers."""


@kb.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def kb_import(paths: tuple[str, ...]) -> None:
    """Import .txt, .md, .docx or .pdf files (a file imported again replaces its old version)."""
    from pathlib import Path

    from bot.knowledge import import_file

    with runtime.current().db.session() as session:
        for path in paths:
            result = import_file(session, Path(path))
            click.echo(f"{result.change:9} {result.passages:4} passages  {result.source_file}  ({result.title})")


@kb.command("ask")
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question.")
def kb_ask(question: str, as_json: bool) -> None:
    """Answer as the chat would; QUESTION '-' reads one question per line from standard input."""
    from bot.knowledge import answer

    current = runtime.current()
    questions = (line.strip() for line in sys.stdin) if question == "-" else [question]
    with current.db.sessions() as session:
        for text in questions:
            if not text:
                continue
            result = answer(session, current.knowledge, text)
            if as_json:
                click.echo(json.dumps(result.to_json(), ensure_ascii=False))
            else:
                click.echo(result.text + "\n")


@kb.command("questions")
@click.option("--json", "as_json", is_flag=True)
def kb_questions(as_json: bool) -> None:
    """Questions waiting for an officer's answer."""
    from bot.knowledge import open_questions

    with runtime.current().db.sessions() as session:
        rows = [{"id": q.id, "question": q.question, "asked_at": q.asked_at.isoformat(),
                 "reason": "not_helpful" if q.helpful is False else "unanswered", "village": q.village}
                for q in open_questions(session)]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        click.echo(f"#{row['id']:<5} {row['asked_at'][:16]}  {row['reason']:11}  {row['question']}"
                   + (f"  ({row['village']})" if row["village"] else ""))
    if not rows:
        click.echo("no open questions")


@kb.command("answer")
@click.argument("question_id", type=int)
@click.argument("answer")
@click.option("--officer", required=True, help="Who answers (shown as the source once approved).")
def kb_answer(question_id: int, answer: str, officer: str) -> None:
    """Answer an open question; the answer is pushed to the asker."""
    from bot.knowledge import QuestionStateError
    from bot.officer_answers import send_answer

    try:
        send_answer(runtime.current(), question_id, answer, officer)
    except QuestionStateError as error:
        raise click.ClickException(str(error))
    click.echo(f"answered #{question_id}; approve it with: sammachip kb approve {question_id}")


@kb.command("approve")
@click.argument("question_id", type=int)
def kb_approve(question_id: int) -> None:
    """Put an officer's answer into the knowledge base."""
    from bot.knowledge import QuestionStateError, approve

    try:
        with runtime.current().db.session() as session:
            result = approve(session, question_id)
    except QuestionStateError as error:
        raise click.ClickException(str(error))
    click.echo(f"approved #{question_id}: now in the knowledge base as {result.source_file}")


@kb.command("dismiss")
@click.argument("question_id", type=int)
def kb_dismiss(question_id: int) -> None:
    """Close a question that needs no answer (spam, duplicate)."""
    from bot.knowledge import QuestionStateError, dismiss

    try:
        with runtime.current().db.session() as session:
            dismiss(session, question_id)
    except QuestionStateError as error:
        raise click.ClickException(str(error))
    click.echo(f"dismissed #{question_id}")


@main.group()
def places() -> None:
    """Provinces, districts, subdistricts and villages."""


@places.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def places_load(path: str) -> None:
    """Load places from a CSV (จังหวัด, อำเภอ, ตำบล, หมู่ที่, ชื่อหมู่บ้าน)."""
    from bot.people.places import load_places

    with runtime.current().db.session() as session:
        report = load_places(session, path)
    click.echo("\n".join(report.lines()))
    if not report.ok:
        raise SystemExit(1)


@main.group()
def officers() -> None:
    """Accounts for the officers' web console."""


@officers.command("add")
@click.argument("person")
@click.option("--username", required=True)
@click.option("--role", type=click.Choice(["officer", "committee", "admin"]), default="officer", show_default=True)
@click.option("--province", help="Province name (an officer of the whole province).")
@click.option("--district", help="District name (อำเภอ).")
@click.option("--subdistrict", help="Subdistrict name (ตำบล), with --district.")
@click.option("--fund", help="Fund name, for a committee member.")
@click.password_option(help="Asked for when not given; at least 10 characters.")
def officers_add(person: str, username: str, role: str, province: str | None, district: str | None,
                 subdistrict: str | None, fund: str | None, password: str) -> None:
    """Give an imported PERSON (phone or national ID) a console account."""
    from bot import accounts

    try:
        with runtime.current().db.session() as session:
            account = accounts.create_from_names(session, person, username, password, role, province=province,
                                                 district=district, subdistrict=subdistrict, fund=fund)
            click.echo(f"account {account.username} ({account.role}) for {account.person.full_name}")
    except accounts.AccountError as error:
        raise click.ClickException(str(error))


@officers.command("list")
def officers_list() -> None:
    """Every console account, its role, area and state."""
    from bot.area import Area
    from bot.models import ConsoleAccount

    with runtime.current().db.sessions() as session:
        for account in session.scalars(select(ConsoleAccount).order_by(ConsoleAccount.username)):
            state = "disabled" if account.disabled_at else "active"
            click.echo(f"{account.username}\t{account.role}\t{account.person.full_name}\t"
                       f"{Area.of(account).label(session)}\t{state}")


@officers.command("disable")
@click.argument("username")
def officers_disable(username: str) -> None:
    """Stop an account signing in; its open sessions end at their next page."""
    from bot import accounts

    try:
        with runtime.current().db.session() as session:
            accounts.disable(session, username)
    except accounts.AccountError as error:
        raise click.ClickException(str(error))
    click.echo(f"{username} disabled")


@main.group()
def people() -> None:
    """People and their roles."""


@people.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def people_import(path: str) -> None:
    """Import people from CSV or XLSX; nothing is written unless every row is valid."""
    from bot.people.importer import import_people

    with runtime.current().db.session() as session:
        report = import_people(session, path)
    click.echo("\n".join(report.lines()))
    if not report.ok:
        raise SystemExit(1)


@main.group()
def invites() -> None:
    """Invite codes that link a LINE account to an imported person."""


@invites.command("issue")
@click.option("--village", "village_id", type=int, help="Only this village (id).")
@click.option("--days", default=30, show_default=True, help="Days until the codes expire.")
def invites_issue(village_id: int | None, days: int) -> None:
    """Give every unlinked person a live code (people who have one keep it)."""
    from bot.people.invites import issue_codes

    with runtime.current().db.session() as session:
        created = issue_codes(session, village_id=village_id, expires_in_days=days)
    click.echo(f"{len(created)} new codes")


@invites.command("list")
@click.option("--village", "village_id", type=int)
def invites_list(village_id: int | None) -> None:
    """Live codes of people not yet linked, with each one's roles and village."""
    from sqlalchemy.orm import selectinload

    from bot.models import InviteCode, Person
    from bot import clock

    with runtime.current().db.sessions() as session:
        query = (select(InviteCode, Person).join(Person).options(selectinload(Person.roles))
                 .where(InviteCode.used_at.is_(None), InviteCode.expires_at > clock.utcnow(),
                        Person.line_user_id.is_(None)).order_by(Person.village_id, Person.full_name))
        if village_id:
            query = query.where(Person.village_id == village_id)
        for code, person in session.execute(query):
            roles = ", ".join(sorted(person.role_names)) or "-"
            click.echo(f"{code.code}  {person.full_name}  [{roles}]  {person.village_label}")


@invites.command("print")
@click.option("--village", "village_id", type=int, required=True)
@click.option("--format", "fmt", type=click.Choice(["pdf", "png"]), default="pdf", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True)
def invites_print(village_id: int, fmt: str, output: str) -> None:
    """A printable sheet of invite cards (name, code, QR) for one village."""
    from bot.people.invites import issue_codes
    from bot.people.sheets import render_village_sheet

    current = runtime.current()
    with current.db.session() as session:
        issue_codes(session, village_id=village_id)
        try:
            data = render_village_sheet(session, village_id, current.settings.line_basic_id, fmt=fmt)
        except LookupError as error:
            raise click.ClickException(str(error))
    with open(output, "wb") as out:
        out.write(data)
    click.echo(f"wrote {output}")


@main.group()
def richmenu() -> None:
    """Rich menus per role."""


@richmenu.command("sync")
def richmenu_sync() -> None:
    """Create or reuse each role's menu on LINE, relink users, delete old menus."""
    from bot import richmenus

    for role, change in richmenus.sync(runtime.current()).items():
        click.echo(f"{role:10} {change}")


@richmenu.command("relink")
def richmenu_relink() -> None:
    """Link every linked user to their role's menu (500 per call)."""
    from bot import richmenus

    for role, count in richmenus.relink_all(runtime.current()).items():
        click.echo(f"{role:10} {count} users")


@main.group()
def report() -> None:
    """Figures for officers' upward reports."""


@report.command("weekly")
@click.option("--week", help="ISO week like 2026-W48 (default: this week, Bangkok time).")
@click.option("--district", help="Only this district (อำเภอ), by name.")
@click.option("--json", "as_json", is_flag=True)
def report_weekly(week: str | None, district: str | None, as_json: bool) -> None:
    """Who reported this week, households practising, households with higher income."""
    import re

    from bot import clock, thai
    from bot.reports import weekly_figures

    week = week or thai.iso_week(clock.now())
    if not re.fullmatch(r"\d{4}-W\d{2}", week):
        raise click.BadParameter("use the form 2026-W48", param_hint="--week")
    with runtime.current().db.sessions() as session:
        figures = weekly_figures(session, week, district)
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, indent=1))
        return
    rows = []
    for each in figures["districts"]:
        for subdistrict in each["subdistricts"]:
            rows += [("  " + village["village_short"], village) for village in subdistrict["villages"]]
            rows.append((f" ต.{subdistrict['subdistrict']}", subdistrict["totals"]))
        rows.append((f"อ.{each['district']}", each["totals"]))
    # Names are never cut ("อ.เขื่" for อ.เขื่องใน): the first column is as wide as the widest name.
    width = max([thai.display_width(label) for label, _ in rows] + [len("village")])
    click.echo(figures["week_label"])
    click.echo(f"{thai.pad('', width)}  reported  late  practising*  households  higher income")
    for label, counts in rows:
        click.echo(f"{thai.pad(label, width)}  {counts.get('reported', 0):>4}/{counts.get('leaders', 0):<4}"
                   f"{counts.get('late', 0):>4}  {counts.get('practising_by_leaders', 0):>11}"
                   f"  {counts.get('households', 0):>10}  {counts.get('higher_income', 0):>13}")
    headline = figures["headline"]
    late = figures["totals"].get("late", 0)
    click.echo(f"leaders reported {headline['leaders_reported']} ({headline['leaders_reported_percent']}%), "
               f"{late} of them late; households with higher income {headline['households_higher_income']} "
               f"({headline['households_higher_income_percent']}%)")
    click.echo("* households practising, as the leaders' reports of the week count them")


@main.group()
def loans() -> None:
    """Community-fund loans, instalments and repayments."""


@loans.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def loans_import(path: str) -> None:
    """Import loans from CSV or XLSX; nothing is written unless every row is valid."""
    from bot.loans.importer import import_loans

    with runtime.current().db.session() as session:
        result = import_loans(session, path)
    click.echo("\n".join(result.lines()))
    if not result.ok:
        raise SystemExit(1)


@loans.command("report")
@click.option("--fund", help="Only this fund, by name.")
@click.option("--json", "as_json", is_flag=True)
def loans_report(fund: str | None, as_json: bool) -> None:
    """Due in 30 days, overdue by age, portfolio at risk, repayment rate per fund and village."""
    from bot.loans.report import loans_report as build, render_json, render_text

    with runtime.current().db.sessions() as session:
        figures = build(session, fund)
    click.echo(render_json(figures) if as_json else render_text(figures))
