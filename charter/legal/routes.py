"""Routes of the ``legal`` blueprint. Thin: read configuration or a service, render."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from charter.access import home_url_for
from charter.core.terms import compare
from charter.db import utcnow
from charter.errors import rerender_on_csrf_failure
from charter.extensions import client_address, db
from charter.legal.blueprint import bp
from charter.legal.forms import AcceptTermsForm
from charter.legal.settings import legal_settings, retention_days, statement_date
from charter.models import TermsVersion
from charter.services import terms as terms_service
from charter.services import tokens

# ------------------------------------------------------------------------------ terms of use


@bp.get("/cgu")
def terms() -> str:
    """The terms in force, the versions announced and the earlier ones."""
    current = terms_service.current_version(db.session)
    return _terms_page(current, is_current=True)


@bp.get("/cgu/version/<label>")
def terms_version(label: str) -> str:
    """One published version, current or not (the history stays readable)."""
    version = db.session.scalar(select(TermsVersion).filter_by(label=label))
    if version is None:
        abort(404)
    current = terms_service.current_version(db.session)
    return _terms_page(version, is_current=current is not None and current.id == version.id)


def _terms_page(version: TermsVersion | None, *, is_current: bool) -> str:
    versions = terms_service.published_versions(db.session)
    accepted = None
    if current_user.is_authenticated and version is not None:
        last = terms_service.last_acceptance(db.session, current_user.id)
        accepted = last if last is not None and last.terms_version_id == version.id else None
    today = terms_service.today()
    return render_template(
        "legal/terms.html",
        version=version,
        document=terms_service.as_document(version) if version else None,
        is_current=is_current,
        upcoming=[v for v in versions if v.effective_date > today and v is not version],
        versions=versions,
        accepted=accepted,
        today=today,
    )


@bp.route("/cgu/accepter", methods=["GET", "POST"])
@rerender_on_csrf_failure
def accept_terms() -> Any:
    """Accept the terms in force, shown with what changed since the version last accepted."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    pending_id = terms_service.pending_version_id(db.session, current_user.id)
    if pending_id is None:
        return redirect(home_url_for(current_user.role))
    version = db.session.get_one(TermsVersion, pending_id)
    form = AcceptTermsForm()
    if form.validate_on_submit():
        if form.version.data == version.label and terms_service.accept(
            db.session, current_user.id, version.id, ip=client_address()
        ):
            flash(
                _(
                    "Merci. Vous avez accepté les conditions d'utilisation (version %(label)s).",
                    label=version.label,
                ),
                "success",
            )
            return redirect(home_url_for(current_user.role))
        # A newer version took effect while the page was open: show it instead.
        form.form_errors.append(
            _("Une nouvelle version est entrée en vigueur entre-temps : lisez-la ci-dessous.")
        )
    form.version.data = version.label
    last = terms_service.last_acceptance(db.session, current_user.id)
    previous = terms_service.as_document(last.terms_version) if last else None
    document = terms_service.as_document(version)
    return render_template(
        "legal/accept_terms.html",
        form=form,
        version=version,
        document=document,
        last=last,
        changes=compare(previous, document),
    )


# ------------------------------------------------------------------------ the other pages


@bp.get("/confidentialite")
def privacy() -> str:
    """The privacy notice: controller, purposes, data, retention (from configuration), rights."""
    return render_template(
        "legal/privacy.html",
        settings=legal_settings(),
        days=retention_days(),
        verify_hours=int(tokens.VERIFY_MAX_AGE.total_seconds() // 3600),
        reset_minutes=int(tokens.RESET_MAX_AGE.total_seconds() // 60),
        session_hours=int(current_app.config["SESSION_ABSOLUTE_LIFETIME"].total_seconds() // 3600),
        cookie_name=current_app.config["SESSION_COOKIE_NAME"],
    )


@bp.get("/accessibilite")
def accessibility() -> str:
    """The accessibility statement (RGAA 4.1), as French law asks for it."""
    return render_template(
        "legal/accessibility.html", settings=legal_settings(), statement_date=statement_date()
    )


@bp.get("/mentions-legales")
def legal_notice() -> str:
    """Publisher, director of publication and host, from configuration."""
    return render_template("legal/legal_notice.html", settings=legal_settings())


@bp.get("/securite")
def security() -> str:
    """How to report a security problem, and what we commit to in return."""
    return render_template("legal/security.html", settings=legal_settings())


@bp.get("/.well-known/security.txt")
def security_txt() -> Response:
    """RFC 9116: where to report a vulnerability, in which languages, until when."""
    config = current_app.config
    contact = legal_settings()["SECURITY_CONTACT"]
    expires = (utcnow() + timedelta(days=int(config["SECURITY_TXT_EXPIRES_DAYS"]))).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    base = config["BASE_URL"].rstrip("/")
    lines = [
        f"Contact: {contact.href or contact.value}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: fr, en",
        f"Canonical: {base}{url_for('legal.security_txt')}",
        f"Policy: {base}{url_for('legal.security')}",
    ]
    if contact.example:
        lines.insert(0, "# Exemple : adresse à remplacer par celle de l'exploitant du service.")
    response = Response("\n".join(lines) + "\n", mimetype="text/plain")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
