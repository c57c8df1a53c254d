"""The Flask app that plays LINE's platform for the bot, tests and the chat simulator.

Cross-cutting behaviour LINE applies to every Messaging API call lives here, in one
before/after pair, so each endpoint only does its own job: a request id header on every
answer, bearer-token auth, added latency, rate limits, injected failures, and retry
keys (claimed before the work, kept only if the work was accepted).

LINE answers on two hosts: api.line.me and, for content and rich-menu images, the data
host api-data.line.me. The emulator has one app for each, over one shared state, and
each answers 404 for the other's endpoints as LINE does.
"""
from __future__ import annotations

import socket
import time

from flask import Flask, Response, current_app, g, request

from devtools.emulator import identifiers
from devtools.emulator.admin import admin
from devtools.emulator.config import EmulatorConfig
from devtools.emulator.content import content
from devtools.emulator.errors import (INVALID_JSON, INVALID_RETRY_KEY, MISSING_AUTHORIZATION, INVALID_TOKEN, NOT_FOUND, RATE_LIMITED,
                                 RETRY_KEY_ACCEPTED, STATUS_MESSAGES, line_error)
from devtools.emulator.groups import group_admin, group_chats
from devtools.emulator.insight import insight
from devtools.emulator.messaging import messaging
from devtools.emulator.richmenus import rich_menus
from devtools.emulator.state import EmulatorState, InjectedFailure, current_state, utc_iso

API_PREFIX = "/v2/"
RETRY_KEY_PATHS = frozenset({"/v2/bot/message/push", "/v2/bot/message/multicast",
                             "/v2/bot/message/broadcast", "/v2/bot/message/narrowcast"})


def create_emulator_app(config: EmulatorConfig | None = None, *, state: EmulatorState | None = None,
                        data_host: bool = False) -> Flask:
    """The app for api.line.me (with the simulated users' `/_emulator/` API), or for the data host."""
    app = Flask(__name__)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["line_emulator"] = state or EmulatorState(config)
    app.config["LINE_HOST"] = "api-data.line.me" if data_host else "api.line.me"
    for blueprint in ((content,) if data_host else (messaging, insight, group_chats, rich_menus, admin, group_admin)):
        app.register_blueprint(blueprint)
    app.before_request(_before_api_call)
    app.after_request(_after_api_call)
    app.register_error_handler(400, _bad_request)
    app.register_error_handler(404, _not_found)
    app.register_error_handler(405, _not_found)
    return app


def create_emulator_apps(config: EmulatorConfig, state: EmulatorState | None = None) -> tuple[Flask, Flask]:
    """(api app, data app) over one state."""
    state = state or EmulatorState(config)
    return create_emulator_app(state=state), create_emulator_app(state=state, data_host=True)


def _not_found(error) -> Response:
    if request.path.startswith(API_PREFIX):
        return line_error(404, NOT_FOUND)
    return error


def _bad_request(error) -> Response:
    """Werkzeug's own 400s (a body it cannot decode) answered as LINE does, never as HTML."""
    if request.path.startswith(API_PREFIX):
        return line_error(400, INVALID_JSON)
    return error


def _failure_response(failure: InjectedFailure) -> Response:
    if failure.drop:
        connection = request.environ.get("werkzeug.socket")
        if connection is not None:
            connection.shutdown(socket.SHUT_RDWR)
    return line_error(failure.status, STATUS_MESSAGES.get(failure.status, "Error"))


def _before_api_call() -> Response | None:
    if not request.path.startswith(API_PREFIX):
        return None
    state = current_state()
    g.request_id = identifiers.request_id()
    g.retry_key = request.headers.get("X-Line-Retry-Key")
    if state.config.latency_ms:
        time.sleep(state.config.latency_ms / 1000)
    authorization = request.headers.get("Authorization", "")
    if not authorization.startswith("Bearer "):
        return line_error(401, MISSING_AUTHORIZATION)
    if authorization != f"Bearer {state.config.access_token}":
        return line_error(401, INVALID_TOKEN)
    if not state.within_rate_limit(request.method, request.path):
        return line_error(429, RATE_LIMITED)
    failure = state.take_failure(request.path, after_accept=False)
    if failure is not None:
        return _failure_response(failure)
    if g.retry_key is not None and request.path in RETRY_KEY_PATHS:
        return _claim_retry_key(state, g.retry_key)
    return None


def _claim_retry_key(state: EmulatorState, key: str) -> Response | None:
    if not identifiers.is_uuid(key):
        return line_error(400, INVALID_RETRY_KEY)
    holder = state.claim_retry_key(key, g.request_id)
    if holder is None:
        g.retry_key_claimed = True
        return None
    extra = {"sentMessages": holder.sent_messages} if holder.sent_messages else {}
    response = line_error(409, RETRY_KEY_ACCEPTED, **extra)
    response.headers["X-Line-Accepted-Request-Id"] = holder.request_id
    return response


def _after_api_call(response: Response) -> Response:
    if not request.path.startswith(API_PREFIX):
        return response
    state = current_state()
    accepted = 200 <= response.status_code < 300
    if g.get("retry_key_claimed"):
        body = response.get_json(silent=True) if response.is_json else None
        state.settle_retry_key(g.retry_key, accepted, (body or {}).get("sentMessages"))
    if accepted:
        failure = state.take_failure(request.path, after_accept=True)
        if failure is not None:
            response = _failure_response(failure)
    request_id = g.get("request_id") or identifiers.request_id()
    response.headers["X-Line-Request-Id"] = request_id
    state.log_request({"at": utc_iso(), "host": current_app.config["LINE_HOST"], "method": request.method,
                       "path": request.path,
                       "status": response.status_code, "retry_key": g.get("retry_key"), "request_id": request_id})
    return response
