"""The app factory gunicorn runs (`sammachip:create_app()`)."""
from __future__ import annotations

import logging

from flask import Flask

from bot import ladders, runtime
from bot.runtime import Runtime
from bot.settings import Settings
from console import mount as mount_console
from handlers.health import health
from handlers.webhook import webhook
from workers.queues import RQDispatch

# Every Runtime built in a process that went through the entry layer hands work to RQ.
runtime.use_dispatch(RQDispatch)


def create_app(settings: Settings | None = None) -> Flask:
    if settings is None:  # gunicorn, from the Procfile or the dev runner
        settings = Settings.from_env()
        settings.refuse_development_outside_dev_runner()
    ladders.check(settings)  # a timed message that cannot be sent stops the start, not a Monday
    app = Flask("sammachip", instance_path=str(settings.instance_dir))
    current = Runtime(settings)
    runtime.install(current)
    app.extensions["sammachip"] = current
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app.register_blueprint(health)
    app.register_blueprint(webhook)
    mount_console(app)
    return app
