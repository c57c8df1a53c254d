"""Signing in and out: a username and password, or a one-time link asked for in LINE chat."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, session, url_for

from bot import accounts, audit
from bot.texts import console as texts
from console import ratelimit, web

auth = web.blueprint("console_auth", __name__)
auth.template_folder = "templates"
auth.static_folder = "static"
auth.static_url_path = "/static"


def _start_session(account) -> None:
    session.clear()
    session["account_id"] = account.id
    session.permanent = True
    audit.record(web.db(), account, "sign_in", f"account:{account.id}", request.remote_addr)


def _next_page() -> str:
    target = request.values.get("next", "")
    # Only a path inside the console: never an open redirect to another site.
    if target.startswith(web.PREFIX + "/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("console_overview.index")


@auth.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    if request.method == "GET":
        return render_template("console/sign_in.html", next=request.args.get("next", ""))
    username = request.form.get("username", "")[:64]
    password = request.form.get("password", "")[:200]
    address = request.remote_addr or "-"
    redis = web.runtime().redis
    if ratelimit.blocked(redis, username, address):
        flash(texts.SIGN_IN_LIMITED.format(minutes=ratelimit.minutes_left(redis, username, address)), "error")
        return render_template("console/sign_in.html", next=request.form.get("next", "")), 429
    account = accounts.authenticate(web.db(), username, password)
    if account is None:
        ratelimit.failed(redis, username, address)
        flash(texts.SIGN_IN_FAILED, "error")
        return render_template("console/sign_in.html", next=request.form.get("next", "")), 401
    _start_session(account)
    return redirect(_next_page())


@auth.route("/link/<token>", methods=["GET", "POST"])
def link(token: str):
    """GET only shows a button: LINE's link preview fetches the URL and must not use it up."""
    if request.method == "GET":
        return render_template("console/link.html", token=token)
    account = accounts.redeem_link_token(web.db(), token[:100])
    if account is None:
        flash(texts.SIGN_IN_LINK_BAD, "error")
        return redirect(url_for("console_auth.sign_in"))
    _start_session(account)
    return redirect(url_for("console_overview.index"))


@auth.route("/sign-out", methods=["POST"])
def sign_out():
    session.clear()
    g.account = None
    flash(texts.SIGNED_OUT, "ok")
    return redirect(url_for("console_auth.sign_in"))


@auth.app_context_processor
def _header() -> dict:
    if g.get("account") is None:
        return {"area_label": ""}
    return {"area_label": g.area.label(web.db())}
