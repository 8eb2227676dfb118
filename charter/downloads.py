"""Responses that hand a file to the browser (certificates, open-data exports)."""

from __future__ import annotations

from flask import Response


def attachment(body: bytes | str, mimetype: str, filename: str) -> Response:
    """A download named ``filename`` (ASCII); ``Cache-Control`` stays the default ``no-store``
    unless the caller sets another."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
