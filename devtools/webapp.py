"""The web app as `sammachip dev` serves it: the product's app plus the chat simulator."""
from __future__ import annotations

from flask import Flask

from bot.settings import Settings
from devtools.simulator import simulator
from sammachip import create_app


def create_dev_app(settings: Settings | None = None) -> Flask:
    app = create_app(settings)
    if app.extensions["sammachip"].settings.simulator_enabled:
        app.register_blueprint(simulator)
    return app
