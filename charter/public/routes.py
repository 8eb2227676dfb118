"""Routes open to everyone, logged in or not."""

from __future__ import annotations

from flask import Response, jsonify, render_template

from charter import partners
from charter.extensions import limiter
from charter.public.blueprint import bp


@bp.get("/")
def home() -> str:
    """The home page: what the programme is, and a way in for each audience."""
    return render_template("public/home.html")


@bp.get("/partenaires/<filename>")
def partner_logo(filename: str) -> Response:
    """A configured partner's logo, from the instance folder (404 for any other file)."""
    return partners.logo_response(filename)


@bp.get("/ping")
@limiter.exempt
def ping() -> tuple[str, int, dict[str, str]]:
    """Liveness without the database: the process answers (the benchmark's reference route)."""
    return "pong", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/healthz")
@limiter.exempt
def healthz() -> tuple[Response, int]:
    """Liveness, for everyone: the process answers. It says nothing else about the service
    (no revision, no dependency): the detailed check is ``/healthz/ready``."""
    return jsonify({"status": "ok"}), 200
