"""The officers' web console: server-rendered pages over the domain services, each query
narrowed to the signed-in account's area (see bot.area). Mounted by the app factory."""
from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFError

from console import web
from console.auth import auth
from console.pages import PAGES


def mount(app: Flask) -> None:
    settings = app.extensions["sammachip"].settings
    app.secret_key = settings.console_secret_key
    app.config.update(
        SESSION_COOKIE_NAME="sammachip_console",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.production,
        PERMANENT_SESSION_LIFETIME=8 * 3600,
        # Only the console's forms are checked (console.web); the webhook and the simulator's API are not forms.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=8 * 3600,
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
    )
    web.csrf.init_app(app)
    app.register_error_handler(CSRFError, web.csrf_failed)
    app.add_template_filter(web.cell, "cell")
    app.register_blueprint(auth)
    for page in PAGES:
        app.register_blueprint(page)
    app.after_request(web.commit_and_secure)
    app.teardown_request(web.close_session)
