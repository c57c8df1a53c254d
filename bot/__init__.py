"""sammachip-bot: a LINE chatbot for Thailand's community-development field work."""
from __future__ import annotations

import logging

from flask import Flask

from bot.runtime import Runtime, install
from bot.settings import Settings


def create_app(settings: Settings | None = None) -> Flask:
    """The app factory; it is also the composition root that mounts the handlers."""
    settings = settings or Settings.from_env()
    app = Flask(__name__, instance_path=str(settings.instance_dir))
    runtime = Runtime(settings)
    install(runtime)
    app.extensions["sammachip"] = runtime
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from bot.health import health
    from handlers.webhook import webhook

    app.register_blueprint(health)
    app.register_blueprint(webhook)
    if settings.simulator_enabled:
        from bot.simulator import simulator

        app.register_blueprint(simulator)
    return app
