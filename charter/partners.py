"""The programme's partners, shown in the header, the footer and the home page.

They come from configuration (``PARTNERS``: a name, and optionally a logo file and a web
address), with neutral defaults: the names as text, no image. No partner's logo ships with the
code: the deploying Region puts the image files it is allowed to use in the instance folder
(``instance/partenaires/`` by default, ``PARTNER_LOGO_DIR``), and they are served from there by
:func:`logo_response`. The service is regional: no State identity (Marianne, DSFR) is used.

Who calls this: ``create_app`` (:func:`init_app`, which refuses a malformed list at start-up),
the templates (``partners`` in their context) and the public blueprint's logo route.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, current_app

#: Image types a logo may have, by file extension.
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}

#: Served logos run nothing and load nothing, even an SVG opened on its own.
LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


class InvalidPartners(ValueError):
    """``PARTNERS`` is malformed; the message says which entry and why."""


@dataclass(frozen=True)
class Partner:
    """A partner as the pages show it: its name, its logo file (or None) and its address."""

    name: str
    logo: str | None = None
    url: str | None = None


def read_partners(entries: Iterable[Mapping[str, Any]]) -> tuple[Partner, ...]:
    """Check the configured entries and return them as partners, in order.

    Raises :class:`InvalidPartners` for an entry without a name, a logo that is not a plain
    file name with an image extension, or a web address that is not https.
    """
    partners = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, Mapping):
            raise InvalidPartners(f"PARTNERS entry {number} is not a mapping: {entry!r}")
        name = str(entry.get("name") or "").strip()
        logo = str(entry.get("logo") or "").strip() or None
        url = str(entry.get("url") or "").strip() or None
        if not name:
            raise InvalidPartners(f"PARTNERS entry {number} has no name")
        if logo is not None and (
            Path(logo).name != logo
            or logo.startswith(".")
            or Path(logo).suffix.lower() not in LOGO_TYPES
        ):
            raise InvalidPartners(
                f"PARTNERS entry {number} ({name}): logo {logo!r} must be a file name in "
                f"PARTNER_LOGO_DIR ending in {', '.join(LOGO_TYPES)}"
            )
        if url is not None and not url.startswith("https://"):
            raise InvalidPartners(f"PARTNERS entry {number} ({name}): url must start with https://")
        partners.append(Partner(name, logo, url))
    return tuple(partners)


def logo_dir(app: Flask) -> Path:
    """The folder the logo files are read from (``PARTNER_LOGO_DIR``, relative to the
    instance folder unless absolute)."""
    return Path(app.instance_path) / str(app.config["PARTNER_LOGO_DIR"])


def configured(app: Flask) -> tuple[Partner, ...]:
    """The partners of ``PARTNERS`` as configured now (checked at start-up by init_app)."""
    return read_partners(app.config.get("PARTNERS") or ())


def init_app(app: Flask) -> None:
    """Check ``PARTNERS`` once, at start-up (a malformed list stops it), and give every template
    ``partners``: those whose logo file is present keep it, the others show their name."""
    configured(app)

    @app.context_processor
    def _partners() -> dict[str, Any]:
        folder = logo_dir(app)
        shown = tuple(
            p if p.logo is None or (folder / p.logo).is_file() else Partner(p.name, None, p.url)
            for p in configured(app)
        )
        return {"partners": shown}


def logo_response(filename: str) -> Response:
    """The logo file of a configured partner, read whole (logos are small), cached a day; 404
    for a name no partner has, or a file not (yet) in the folder."""
    if filename not in {p.logo for p in configured(current_app) if p.logo}:
        abort(404)
    path = logo_dir(current_app) / filename
    if not path.is_file():
        abort(404)
    response = Response(path.read_bytes(), mimetype=LOGO_TYPES[path.suffix.lower()])
    response.headers["Content-Security-Policy"] = LOGO_POLICY
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
