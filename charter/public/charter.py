"""The charter, public: the current version and every earlier one (``/charte``)."""

from __future__ import annotations

from flask import abort, render_template

from charter.extensions import db
from charter.public.blueprint import bp
from charter.services import charters


@bp.get("/charte")
def charter() -> str:
    """The current charter text, with the list of earlier versions."""
    versions = charters.all_versions(db.session)
    current = charters.current_version(db.session)
    return render_template(
        "public/charter.html",
        version=current,
        versions=versions,
        successor=None,
        grace_until=None,
    )


@bp.get("/charte/versions/<label>")
def charter_version(label: str) -> str:
    """One published version, current or earlier, as it was signed."""
    version = charters.version_by_label(db.session, label[:20])
    if version is None:
        abort(404)
    versions = charters.all_versions(db.session)
    newer = [v for v in versions if v.published_at > version.published_at]
    return render_template(
        "public/charter.html",
        version=version,
        versions=versions,
        successor=newer[-1] if newer else None,
        grace_until=charters.grace_until(version),
    )
