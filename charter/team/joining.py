"""Routes of the joining pages: the invitation link, then joining or creating an account."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from charter.access import home_url_for
from charter.auth.forms import PASSWORD_HINT, ConfirmForm
from charter.db import utcnow
from charter.errors import rerender_on_csrf_failure
from charter.extensions import client_address, db, limiter
from charter.models import MemberInvitation
from charter.services import member_invitations, terms
from charter.services.members import MemberProblem
from charter.services.passwords import password_problems
from charter.team.blueprint import join_bp
from charter.team.forms import JoinRegisterForm

JOIN_LIMIT = "30 per minute"

JOIN_PROBLEMS = {
    "has_organization": _l(
        "Votre compte fait déjà partie d'une entreprise. Pour rejoindre celle-ci, quittez "
        "d'abord la vôtre (page « Équipe »), ou utilisez un autre compte."
    ),
    "wrong_account": _l(
        "Cette invitation a été envoyée à une autre adresse. Connectez-vous avec le compte de "
        "l'adresse invitée, ou créez-le."
    ),
    "email_taken": _l(
        "Un compte existe déjà avec cette adresse : connectez-vous pour rejoindre l'entreprise."
    ),
}


def _usable_or_page(token: str) -> tuple[MemberInvitation | None, Any]:
    """The invitation if its link still works, else the page that explains why (4xx)."""
    invitation = member_invitations.for_token(db.session, token)
    if invitation is None:
        return None, (render_template("team/join_invalid.html", reason="unknown"), 404)
    state = invitation.status(utcnow())
    if state != "pending":
        return None, (render_template("team/join_invalid.html", reason=state), 410)
    return invitation, None


@join_bp.route("/<token>", methods=["GET", "POST"])
@limiter.limit(JOIN_LIMIT)
@rerender_on_csrf_failure
def join(token: str) -> Any:
    """Who invites to which organisation, and the way in: join with my account, or create one."""
    invitation, refusal = _usable_or_page(token)
    if invitation is None:
        return refusal
    form = ConfirmForm()
    problem = None
    if current_user.is_authenticated and form.validate_on_submit():
        try:
            member_invitations.join_with_account(db.session, token=token, user_id=current_user.id)
        except MemberProblem as refused:
            if refused.code == "dead_link":
                return render_template("team/join_invalid.html", reason="accepted"), 410
            problem = str(JOIN_PROBLEMS[refused.code])
        else:
            flash(
                _("Bienvenue dans %(organization)s !", organization=invitation.organization.name),
                "success",
            )
            return redirect(home_url_for(current_user.role))
    return render_template(
        "team/join.html", invitation=invitation, form=form, token=token, problem=problem
    ), (409 if problem else 200)


@join_bp.route("/<token>/inscription", methods=["GET", "POST"])
@limiter.limit(JOIN_LIMIT)
@rerender_on_csrf_failure
def register(token: str) -> Any:
    """Create my account from the invitation (its address, already proven) and join."""
    invitation, refusal = _usable_or_page(token)
    if invitation is None:
        return refusal
    if current_user.is_authenticated:
        return redirect(url_for("team_join.join", token=token))
    form = JoinRegisterForm()
    terms_version = terms.current_version(db.session)
    if terms_version is None:
        del form.accept_terms
    if form.validate_on_submit():
        problems = password_problems(
            form.password.data,
            [form.full_name.data, invitation.email, invitation.organization.name],
        )
        form.password.errors = list(form.password.errors) + problems
        if not problems:
            try:
                member_invitations.join_with_new_account(
                    db.session,
                    token=token,
                    full_name=form.full_name.data,
                    password=form.password.data,
                    ip=client_address(),
                    accepts_terms=bool(form.accept_terms and form.accept_terms.data),
                )
            except MemberProblem as refused:
                if refused.code == "dead_link":
                    return render_template("team/join_invalid.html", reason="accepted"), 410
                form.form_errors.append(str(JOIN_PROBLEMS[refused.code]))
            else:
                flash(
                    _(
                        "Votre compte est créé et vous avez rejoint %(organization)s. "
                        "Connectez-vous pour commencer.",
                        organization=invitation.organization.name,
                    ),
                    "success",
                )
                return redirect(url_for("auth.login"))
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "team/join_register.html",
        invitation=invitation,
        form=form,
        token=token,
        password_hint=PASSWORD_HINT,
        terms_version=terms_version,
    ), status
