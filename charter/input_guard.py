"""Refuse what no field of ours can hold: the NUL character, lone surrogates, deep JSON.

Nobody types a NUL in a browser: it comes from scripts and probes. SQLite stores it, PostgreSQL
refuses it with an error, which would reach the visitor as a 500 from whichever query first
met the value (a filter of the audit log, a certificate number, a name). One check before any
view answers every route with the same clear 400 instead. The same goes for a JSON string
holding half of a UTF-16 pair (``"\\udfff"``, which no database can encode) and for a JSON body
nested deeper than any of ours (600 levels made the checks below recurse until they broke).

Who calls this: the application factory (``init_app``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _

from charter.errors import wants_json

NUL = "\x00"
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
#: No JSON body the site expects is nested more than a few levels.
MAX_JSON_DEPTH = 32
_SURROGATE = re.compile("[\ud800-\udfff]")


def init_app(app: Flask) -> None:
    """Register the checks; as application hooks they run before every view and before the
    blueprints' access checks."""
    app.before_request(refuse_unusable_json)
    app.before_request(refuse_nul_characters)


def refuse_unusable_json() -> Any:
    """A 400 in French when a JSON body is nested too deep, is not valid JSON text, or holds
    a lone surrogate; nothing otherwise."""
    if not request.is_json:
        return None
    raw = request.get_data(cache=True)
    if _depth(raw) <= MAX_JSON_DEPTH:
        value = request.get_json(silent=True)
        if not _any_string(value, lambda text: _SURROGATE.search(text) is not None):
            return None
    return _refusal(
        _(
            "Votre envoi n'a pas pu être lu : il contient des caractères ou une structure "
            "qui ne sont pas acceptés. Rechargez la page, puis réessayez."
        )
    )


def refuse_nul_characters() -> Any:
    """A 400 in French (JSON for scripts) when the address, the query string, the form or a
    JSON body carries a NUL; nothing otherwise."""
    if not _carries_nul():
        return None
    return _refusal(
        _(
            "Votre envoi contient un caractère invisible qui n'est pas accepté (caractère nul). "
            "Retirez-le, ou copiez à nouveau le texte, puis réessayez."
        )
    )


def _refusal(message: str) -> Any:
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
    return request.is_json and _any_string(request.get_json(silent=True), lambda t: NUL in t)


def _any_string(value: Any, test: Callable[[str], bool]) -> bool:
    """Whether ``test`` holds for any string, key or nested value of a decoded JSON value
    (walked without recursion: the depth is checked before decoding, but stay safe)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if test(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _depth(raw: bytes) -> int:
    """How deep arrays and objects nest in a JSON text (brackets inside strings ignored)."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH:
        return raw.count(b"[") + raw.count(b"{")  # an upper bound, and cheap
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest
