"""Activating an invited Region account: the link from the invitation e-mail, a password to
choose, then the login, where the second factor must be set up before any Region page."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import gettext as _

from charter.auth.blueprint import bp
from charter.auth.limits import configured
from charter.auth.routes import choose_password
from charter.errors import rerender_on_csrf_failure
from charter.extensions import client_address, db, limiter
from charter.services import region_users


@bp.route("/compte/activation/<token>", methods=["GET", "POST"])
@limiter.limit(configured("LIMIT_LOGIN"), methods=["POST"])
@rerender_on_csrf_failure
def activate_account(token: str) -> Any:
    """Choose the password of an invited account (the link works once)."""
    invited = region_users.invited_user(db.session, token)
    if invited is None:
        problem = region_users.invitation_problem(token)
        return render_template("auth/activation_failed.html", problem=problem), 400
    return choose_password(
        invited,
        lambda password: region_users.activate(db.session, token, password, ip=client_address()),
        template="auth/activate.html",
        failed="auth/activation_failed.html",
        done=_(
            "Votre mot de passe est enregistré. Connectez-vous : vous configurerez ensuite la "
            "double authentification, obligatoire pour les comptes Région."
        ),
        name=invited.full_name,
    )
