"""Region users (``/region/utilisateurs``), administrators only: invite reviewers and other
administrators, change roles, deactivate and reactivate accounts (charter.services.region_users).
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from charter.auth.forms import ConfirmForm
from charter.errors import rerender_on_csrf_failure
from charter.extensions import db
from charter.models import Role, User
from charter.region.admin import admin_only
from charter.region.blueprint import bp
from charter.region.forms import InviteForm, RoleForm
from charter.services import region_users

LAST_ADMIN = (
    "Impossible : ce serait retirer le dernier administrateur actif. Nommez d'abord un autre "
    "administrateur."
)


def _user(user_id: int) -> User:
    user = region_users.region_user(db.session, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/utilisateurs", endpoint="users")
@admin_only
def users() -> str:
    """Every Region account with its role and state."""
    return render_template("region/users.html", users=region_users.region_users(db.session))


@bp.route("/utilisateurs/inviter", methods=["GET", "POST"], endpoint="user_invite")
@admin_only
@rerender_on_csrf_failure
def user_invite() -> Any:
    """Invite a reviewer or an administrator by e-mail."""
    form = InviteForm()
    if form.validate_on_submit():
        try:
            region_users.invite(
                db.session,
                current_user.id,
                form.email.data,
                form.full_name.data,
                Role(form.role.data),
            )
        except region_users.EmailTaken:
            form.email.errors = [*form.email.errors, _("Un compte existe déjà avec cette adresse.")]
        else:
            flash(_("Invitation envoyée à %(email)s.", email=form.email.data), "success")
            return redirect(url_for("region.users"))
    status = 400 if form.errors else 200
    return render_template("region/user_invite.html", form=form), status


@bp.get("/utilisateurs/<int:user_id>", endpoint="user")
@admin_only
def user(user_id: int) -> str:
    """One Region account: its role (which can be changed) and its state."""
    account = _user(user_id)
    form = RoleForm(role=account.role.value)
    return render_template("region/user.html", account=account, form=form, confirm=ConfirmForm())


@bp.post("/utilisateurs/<int:user_id>/role", endpoint="user_role")
@admin_only
def user_role(user_id: int) -> Response:
    """Change a Region account's role."""
    account = _user(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Le rôle n'a pas été changé : choisissez un rôle et réessayez."), "error")
    else:
        try:
            changed = region_users.change_role(
                db.session, current_user.id, account.id, Role(form.role.data)
            )
        except region_users.LastAdministrator:
            flash(_(LAST_ADMIN), "error")
        else:
            if changed:
                flash(_("Rôle changé."), "success")
    return redirect(url_for("region.user", user_id=user_id))


@bp.route(
    "/utilisateurs/<int:user_id>/desactiver", methods=["GET", "POST"], endpoint="user_deactivate"
)
@admin_only
def user_deactivate(user_id: int) -> Any:
    """Deactivate an account after confirmation: it can no longer log in, its sessions end."""
    account = _user(user_id)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            region_users.set_active(db.session, current_user.id, account.id, False)
        except region_users.LastAdministrator:
            flash(_(LAST_ADMIN), "error")
        else:
            flash(_("Compte désactivé : ses sessions sont fermées."), "success")
        return redirect(url_for("region.user", user_id=user_id))
    return render_template("region/user_deactivate.html", account=account, form=form)


@bp.post("/utilisateurs/<int:user_id>/reactiver", endpoint="user_reactivate")
@admin_only
def user_reactivate(user_id: int) -> Response:
    """Let a deactivated account log in again."""
    account = _user(user_id)
    if ConfirmForm().validate_on_submit():
        region_users.set_active(db.session, current_user.id, account.id, True)
        flash(_("Compte réactivé."), "success")
    return redirect(url_for("region.user", user_id=user_id))
