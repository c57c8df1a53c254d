"""What every console page shares: the request's database session, the signed-in account
and its area, the audit log, CSRF, security headers, and lists that export themselves."""
from __future__ import annotations

import csv
import io
import re
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from functools import wraps
from typing import Any, Callable

from flask import Blueprint, Response, abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy.orm import Session

from bot import accounts, audit, clock, thai
from bot import texts as bot_texts
from bot.area import Area
from bot.models import ConsoleAccount
from bot.texts import console as texts

csrf = CSRFProtect()
PREFIX = "/console"
# The console loads nothing from elsewhere: no CDN, no inline script or style.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")


def requested_week() -> str:
    """The ISO week the request names (`?week=2026-W48`), else this week."""
    week = request.values.get("week", "")
    try:
        thai.week_monday(week)
        return week
    except (ValueError, IndexError):
        return thai.iso_week(clock.now())


def db() -> Session:
    if "db" not in g:
        g.db = current_app.extensions["sammachip"].db.sessions()
    return g.db


def runtime():
    return current_app.extensions["sammachip"]


def commit_and_secure(response: Response) -> Response:
    """Commit the request's work before the answer leaves, so "saved" is never a lie."""
    if "db" in g and response.status_code < 400:
        g.db.commit()
    if request.path.startswith(PREFIX):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def close_session(_error=None) -> None:
    db_session = g.pop("db", None)
    if db_session is not None:
        db_session.close()


def account() -> ConsoleAccount:
    return g.account


def area() -> Area:
    return g.area


def load_account() -> None:
    """Before every console request: who is signed in (a disabled account is signed out)."""
    g.account = None
    account_id = session.get("account_id")
    if account_id is not None:
        g.account = accounts.active(db(), account_id)
        if g.account is None:
            session.clear()
        else:
            g.area = Area.of(g.account)
    if request.method == "POST":
        csrf.protect()


def signed_in(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(*args, **kwargs):
        if g.get("account") is None:
            flash(texts.SIGN_IN_NEEDED, "error")
            return redirect(url_for("console_auth.sign_in", next=request.path))
        return view(*args, **kwargs)
    return wrapper


def admins_only(view: Callable) -> Callable:
    @wraps(view)
    @signed_in
    def wrapper(*args, **kwargs):
        if g.account.role != "admin":
            abort(404)
        return view(*args, **kwargs)
    return wrapper


def log(action: str, subject: str, **details: Any) -> None:
    audit.record(db(), g.get("account"), action, subject, request.remote_addr, details)


def found(record):
    """The record, or 404: out of area and missing look the same."""
    if record is None:
        abort(404)
    return record


# ASCII digits only: str.isdigit() also takes '³', which int() then refuses with a 500.
_POSTED_ID = re.compile(r"[0-9]{1,12}")
_FORM_KEY = re.compile(r"[A-Za-z0-9_-]{16,32}")


def as_id(value: str | None) -> int | None:
    """A typed id (a query argument, a form choice) as a number; None when it cannot be one."""
    return int(value) if value and _POSTED_ID.fullmatch(value) else None


def form_id(name: str) -> int:
    """A posted id; anything but a small positive number is a 404, not a 500."""
    value = request.form.get(name, "")
    if not _POSTED_ID.fullmatch(value):
        abort(404)
    return int(value)


def form_key() -> str:
    """The one-time key of the form being filled in: given when it is first shown and carried
    by every preview, so that sending it twice (a double tap, a reload) makes one thing."""
    return posted_form_key() or secrets.token_urlsafe(16)


def posted_form_key() -> str | None:
    """The key a sending form carries; None from a page made before forms had one."""
    posted = request.form.get("form_key", "")
    return posted if _FORM_KEY.fullmatch(posted) else None


def made_meanwhile(session: Session, error: Exception, made_from: Callable[..., Any]):
    """After the database refused a row as a duplicate: what this account made from the same
    form in a request at the same moment (`made_from(session, account, key)`). Any other
    refusal is a fault of its own and is raised again."""
    session.rollback()
    earlier = made_from(session, account(), posted_form_key())
    if earlier is None:
        raise error
    return earlier


def form_ids(name: str) -> list[int]:
    """Every id posted under `name`; one that is not a small positive number raises ValueError,
    so a form never quietly loses a choice (an audience with none left means everyone)."""
    values = request.form.getlist(name)
    if any(not _POSTED_ID.fullmatch(value) for value in values):
        raise ValueError(name)
    return [int(value) for value in values]


def back(message: str, category: str = "ok", endpoint: str | None = None, **values):
    flash(message, category)
    if endpoint:
        return redirect(url_for(endpoint, **values))
    return redirect(request.referrer if _same_site(request.referrer) else url_for("console_overview.index"))


def _same_site(url: str | None) -> bool:
    return bool(url) and url.startswith(request.host_url.rstrip("/") + PREFIX)


def village(moo: int, name: str) -> str:
    return bot_texts.VILLAGE_SHORT_LABEL.format(moo=moo, name=name)


def cell(value: Any) -> str:
    """A table cell on the page: money with thousands and satang, nothing as a dash."""
    if value is None or value == "":
        return "-"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


@dataclass
class Table:
    """A list as a page shows it and as it exports: Thai headers, rows of plain values."""

    name: str  # the export's file name, without extension
    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    ids: list[Any] = field(default_factory=list)  # the record behind each row, for links and buttons


def export(table: Table, fmt: str) -> Response:
    log("export", table.name, format=fmt, rows=len(table.rows))
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(table.headers)
        writer.writerows(table.rows)
        # A byte-order mark so Excel opens the Thai text as UTF-8.
        body, mimetype = ("\ufeff" + buffer.getvalue()).encode("utf-8"), "text/csv; charset=utf-8"
    else:
        book = Workbook()
        sheet = book.active
        sheet.title = table.title[:31]
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        body, mimetype = buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{table.name}.{fmt}"'})


def page(template: str, *tables: Table, **context: Any):
    """Render a page, or, with ?format=csv|xlsx&table=N, export one of its lists."""
    fmt = request.args.get("format")
    if fmt in ("csv", "xlsx") and tables:
        index = request.args.get("table", "0")
        number = as_id(index)
        chosen = tables[number] if number is not None and number < len(tables) else tables[0]
        return export(chosen, fmt)
    return render_template(template, tables=tables, **context)


def csrf_failed(error: CSRFError):
    flash(texts.FORM_EXPIRED, "error")
    return redirect(url_for("console_auth.sign_in") if g.get("account") is None else
                    (request.referrer if _same_site(request.referrer) else url_for("console_overview.index")))


def blueprint(name: str, import_name: str, url_prefix: str = "") -> Blueprint:
    """A console blueprint: every request loads the account and checks CSRF on forms."""
    bp = Blueprint(name, import_name, url_prefix=PREFIX + url_prefix)
    bp.before_request(load_account)
    return bp
