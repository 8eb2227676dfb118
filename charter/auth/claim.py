"""Claiming a company the Region imported: the link from the claim invitation, a name and a
password, and the company's first account is created (``charter.services.claims``)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from charter.auth.blueprint import bp
from charter.auth.forms import PASSWORD_HINT, ClaimForm
from charter.auth.limits import configured
from charter.errors import rerender_on_csrf_failure
from charter.extensions import client_address, db, limiter
from charter.services import claims, terms
from charter.services.passwords import password_problems


@bp.route("/inscription/reprise/<token>", methods=["GET", "POST"])
@limiter.limit(configured("LIMIT_REGISTER"), methods=["POST"])
@rerender_on_csrf_failure
def claim_organization(token: str) -> Any:
    """Create the account that takes an imported company in hand (the link works once)."""
    offer = claims.claimable(db.session, token)
    if offer is None:
        return render_template("auth/claim_failed.html", problem="dead"), 400
    form = ClaimForm()
    terms_version = terms.current_version(db.session)
    if terms_version is None:
        del form.accept_terms
    if form.validate_on_submit():
        problems = password_problems(
            form.password.data, [form.full_name.data, offer.email, offer.organization_name]
        )
        form.password.errors = list(form.password.errors) + problems
        if not problems:
            try:
                claims.claim(
                    db.session,
                    token,
                    full_name=form.full_name.data,
                    password=form.password.data,
                    accepts_terms=bool(form.accept_terms and form.accept_terms.data),
                    ip=client_address(),
                )
            except claims.ClaimRefused as refused:
                return render_template("auth/claim_failed.html", problem=refused.code), 400
            if current_user.is_authenticated:
                logout_user()
            flash(
                _(
                    "Le compte de %(name)s est créé. Connectez-vous avec votre adresse et votre "
                    "mot de passe.",
                    name=offer.organization_name,
                ),
                "success",
            )
            return redirect(url_for("auth.login"))
    return render_template(
        "auth/claim.html",
        form=form,
        offer=offer,
        terms_version=terms_version,
        password_hint=PASSWORD_HINT,
    )
