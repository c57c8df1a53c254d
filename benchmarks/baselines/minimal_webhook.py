"""The two floors for the webhook's acknowledgement, under the same gunicorn as the bot.

`create_bare_app`: answers 200 and does nothing. `create_rpush_app`: checks LINE's
signature and pushes the body onto one Redis list (no database, so nothing durable
before the 200: the floor the bot is measured against, not a design to copy).
"""
from __future__ import annotations

import os

from flask import Flask, abort, request
from redis import Redis

from bot.line.signature import signature_is_valid

LIST = "sammachip-bench:webhooks"


def create_bare_app() -> Flask:
    app = Flask(__name__)

    @app.post("/callback")
    def callback():
        request.get_data()
        return "", 200

    @app.get("/healthz")
    def health():
        return "ok"

    return app


def create_rpush_app() -> Flask:
    app = Flask(__name__)
    secret = os.environ["LINE_CHANNEL_SECRET"]
    redis = Redis.from_url(os.environ["REDIS_URL"], socket_timeout=5)

    @app.post("/callback")
    def callback():
        body = request.get_data(cache=False)
        if not signature_is_valid(secret, body, request.headers.get("X-Line-Signature")):
            abort(400)
        redis.rpush(LIST, body)
        return "", 200

    @app.get("/healthz")
    def health():
        return "ok"

    return app
