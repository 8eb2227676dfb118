"""Routes open to everyone, logged in or not."""

from __future__ import annotations

from flask import jsonify, render_template

from charter.database import database_status
from charter.extensions import limiter
from charter.public import bp


@bp.get("/")
def home() -> str:
    """The home page: what the programme is, and a way in for each audience."""
    return render_template("public/home.html")


@bp.get("/ping")
@limiter.exempt
def ping() -> tuple[str, int, dict[str, str]]:
    """Liveness without the database: the process answers (the benchmark's reference route)."""
    return "pong", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """For load balancers: 200 when the database answers and migrations are at head, else 503."""
    status = database_status()
    healthy = bool(status["database"] and status["migrations"])
    body = {"status": "ok" if healthy else "degraded", "application": True, **status}
    return jsonify(body), 200 if healthy else 503
