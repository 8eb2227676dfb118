"""Refuse what no field of ours can hold: the NUL character.

Nobody types a NUL in a browser: it comes from scripts and probes. SQLite stores it, PostgreSQL
refuses it with an error, which would reach the visitor as a 500 from whichever query first
met the value (a filter of the audit log, a certificate number, a name). One check before any
view answers every route with the same clear 400 instead.

Who calls this: the application factory (``init_app``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _

from charter.errors import wants_json

NUL = "\x00"
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def init_app(app: Flask) -> None:
    """Register the check; as an application hook it runs before every view and before the
    blueprints' access checks."""
    app.before_request(refuse_nul_characters)


def refuse_nul_characters() -> Any:
    """A 400 in French (JSON for scripts) when the address, the query string, the form or a
    JSON body carries a NUL; nothing otherwise."""
    if not _carries_nul():
        return None
    message = _(
        "Votre envoi contient un caractère invisible qui n'est pas accepté (caractère nul). "
        "Retirez-le, ou copiez à nouveau le texte, puis réessayez."
    )
    if wants_json():
        return jsonify(error=400, message=message), 400
    return render_template("errors/400.html", message=message), 400


def _carries_nul() -> bool:
    if NUL in request.path:
        return True
    pairs = list(request.args.items(multi=True))
    if request.mimetype in FORM_TYPES:
        pairs += request.form.items(multi=True)
    if any(NUL in key or NUL in value for key, value in pairs):
        return True
    return request.is_json and _nul_inside(request.get_json(silent=True))


def _nul_inside(value: Any) -> bool:
    """Whether a decoded JSON value holds a NUL in any string, key or nested value."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_nul_inside(k) or _nul_inside(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_nul_inside(item) for item in value)
    return False
