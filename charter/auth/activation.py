"""Activating an invited Region account: the link from the invitation e-mail, a password to
choose, then the login, where the second factor must be set up before any Region page."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from charter.auth import bp
from charter.auth.forms import PASSWORD_HINT, ResetPasswordForm
from charter.auth.limits import configured
from charter.errors import rerender_on_csrf_failure
from charter.extensions import client_address, db, limiter
from charter.services import region_users
from charter.services.passwords import password_problems


@bp.route("/compte/activation/<token>", methods=["GET", "POST"])
@limiter.limit(configured("LIMIT_LOGIN"), methods=["POST"])
@rerender_on_csrf_failure
def activate_account(token: str) -> Any:
    """Choose the password of an invited account (the link works once)."""
    invited = region_users.invited_user(db.session, token)
    if invited is None:
        return render_template("auth/activation_failed.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        problems = password_problems(form.password.data, [invited.full_name, invited.email])
        if problems:
            form.password.errors = list(form.password.errors) + problems
        elif region_users.activate(db.session, token, form.password.data, ip=client_address()):
            if current_user.is_authenticated:
                logout_user()
            session.clear()
            flash(
                _(
                    "Votre mot de passe est enregistré. Connectez-vous : vous configurerez "
                    "ensuite la double authentification, obligatoire pour les comptes Région."
                ),
                "success",
            )
            return redirect(url_for("auth.login"))
        else:
            return render_template("auth/activation_failed.html"), 400
    return render_template(
        "auth/activate.html", form=form, name=invited.full_name, password_hint=PASSWORD_HINT
    )
