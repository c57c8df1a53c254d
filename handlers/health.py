"""GET /healthz: can this process reach its database and Redis?"""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

health = Blueprint("health", __name__)


@health.get("/healthz")
def healthz():
    runtime = current_app.extensions["sammachip"]
    checks = {}
    try:
        with runtime.db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:
        checks["database"] = f"error: {type(error).__name__}"
    try:
        runtime.redis.ping()
        checks["redis"] = "ok"
    except Exception as error:
        checks["redis"] = f"error: {type(error).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if healthy else "unhealthy", **checks), 200 if healthy else 503
