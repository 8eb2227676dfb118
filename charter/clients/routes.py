"""Routes of the joining pages."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from charter.auth.routes import _register
from charter.clients.blueprint import bp
from charter.clients.forms import SHARE_CHOICES, JoinForm, RegisterInvitedSmeForm
from charter.db import utcnow
from charter.errors import rerender_on_csrf_failure
from charter.extensions import db, limiter
from charter.models import Invitation, OrganizationKind, Role, User
from charter.services import clients, invitations

INVITATION_LIMIT = "30 per minute"


def _usable_or_page(token: str) -> tuple[Invitation | None, Any]:
    """The invitation if its link still works, else the page that explains why (4xx)."""
    invitation = invitations.invitation_for_token(db.session, token)
    if invitation is None:
        return None, (render_template("clients/invalid.html", reason="unknown"), 404)
    state = invitation.status(utcnow())
    if state not in ("sent", "opened"):
        return None, (
            render_template("clients/invalid.html", reason=state, provider=invitation.provider),
            410,
        )
    return invitation, None


@bp.route("/<token>", methods=["GET", "POST"])
@limiter.limit(INVITATION_LIMIT)
@rerender_on_csrf_failure
def join(token: str) -> Any:
    """Who invites, what joining means, and the way in for each kind of visitor."""
    invitation, refusal = _usable_or_page(token)
    if invitation is None:
        return refusal
    # Recording the first visit is bookkeeping for the provider's list, like a "seen" flag:
    # it grants nothing and is idempotent.
    invitations.mark_opened(db.session, invitation.id)
    form = JoinForm()
    is_sme = (
        current_user.is_authenticated
        and current_user.role is Role.SME_MEMBER
        and current_user.is_owner
    )
    if is_sme and form.validate_on_submit():
        try:
            clients.accept_invitation(
                db.session, token=token, user_id=current_user.id, share=form.share.data == "oui"
            )
        except clients.InvitationUnusable:
            return render_template("clients/invalid.html", reason="used"), 410
        flash(
            _("Vous êtes maintenant client de %(provider)s.", provider=invitation.provider.name),
            "success",
        )
        return redirect(url_for("sme.providers"))
    return render_template(
        "clients/join.html",
        invitation=invitation,
        form=form,
        is_sme=is_sme,
        token=token,
        choices=SHARE_CHOICES,
    )


@bp.route("/<token>/inscription", methods=["GET", "POST"])
@limiter.limit(INVITATION_LIMIT)
@rerender_on_csrf_failure
def register(token: str) -> Any:
    """Register the SME from the invitation: the link is made, with the consent chosen."""
    invitation, refusal = _usable_or_page(token)
    if invitation is None:
        return refusal
    form = RegisterInvitedSmeForm()
    if not form.is_submitted():
        form.email.data = invitation.email

    def join_after_registration(user: User) -> None:
        clients.accept_invitation(
            db.session, token=token, user_id=user.id, share=form.share.data == "oui"
        )

    return _register(
        form,
        OrganizationKind.SME,
        template="clients/register.html",
        after=join_after_registration,
        invitation=invitation,
    )
