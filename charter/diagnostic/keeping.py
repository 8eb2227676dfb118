"""« Garder mon diagnostic »: the quick diagnosis joins an organisation, through a new account
(the registration form, prefilled with the sector and size the diagnosis learnt) or the
account the visitor logs into. A visitor who came from a provider's invitation keeps it: the
provider link is made when the account is.

Thin views: the account is created by the registration service (through the auth blueprint's
form handling), the diagnosis kept by :func:`charter.services.anonymous.keep`, the invitation
accepted by :func:`charter.services.clients.accept_invitation`.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from charter.auth.forms import ConfirmForm, RegisterSmeForm
from charter.auth.limits import configured
from charter.auth.routes import _register
from charter.clients.forms import RegisterInvitedSmeForm
from charter.db import utcnow
from charter.diagnostic.blueprint import bp, journey
from charter.diagnostic.journey import pending_invitation
from charter.errors import rerender_on_csrf_failure
from charter.extensions import db, limiter
from charter.models import OrganizationKind, Role, User
from charter.referential import PROFILE_CONTEXT
from charter.services import anonymous, clients, invitations
from charter.services.anonymous import INVITATION_KEY, SESSION_KEY

NOTHING_TO_KEEP = "Aucun diagnostic à garder dans ce navigateur : commencez-en un."


@bp.post("/invitation/<token>")
@limiter.limit(configured("LIMIT_ANONYMOUS_DIAGNOSIS"))
@rerender_on_csrf_failure
def start_from_invitation(token: str) -> Any:
    """Start the quick diagnosis from a provider's invitation page; the invitation is kept in
    the session until the account is created (or the visitor logs in)."""
    invitation = invitations.invitation_for_token(db.session, token[:100])
    if invitation is None or invitation.status(utcnow()) not in ("sent", "opened"):
        abort(404)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("clients.join", token=token))
    session[INVITATION_KEY] = token
    return journey.start()


@bp.route("/garder", methods=["GET", "POST"])
@limiter.limit(configured("LIMIT_REGISTER"), methods=["POST"])
@rerender_on_csrf_failure
def keep() -> Any:
    """Keep the session's diagnosis: a registration form prefilled from its answers (or, for
    a logged-in SME member, a confirmation to add it to their organisation)."""
    draft = anonymous.find(db.session, session.get(SESSION_KEY))
    if draft is None:
        flash(_(NOTHING_TO_KEEP), "info")
        return redirect(url_for("diagnostic.assessment_new"))
    invitation = pending_invitation()
    if current_user.is_authenticated:
        return render_template(
            "diagnostic/keep_account.html",
            draft=draft,
            form=ConfirmForm(),
            is_sme=current_user.role is Role.SME_MEMBER,
            invitation=invitation,
        )
    prefill: dict[str, Any] = {}
    if request.method == "GET":
        answers = {a.question_id: a.value for a in draft.answers if a.value}
        prefill = {f: answers[q] for q, f in PROFILE_CONTEXT.items() if q in answers}
        if invitation is not None:
            prefill["email"] = invitation.email
    token = session[SESSION_KEY]
    invitation_token = session.get(INVITATION_KEY) if invitation is not None else None
    form = RegisterInvitedSmeForm(**prefill) if invitation else RegisterSmeForm(**prefill)

    def attach(user: User) -> str:
        assert user.organization_id is not None
        if invitation_token is not None:
            # First, so that the provider hears of the diagnosis it brought; an invitation
            # that died meanwhile only leaves the account without the link.
            with suppress(clients.InvitationUnusable):
                clients.accept_invitation(
                    db.session,
                    token=invitation_token,
                    user_id=user.id,
                    share=form.share.data == "oui",  # type: ignore[union-attr]
                )
        kept = anonymous.keep(
            db.session, token=token, user_id=user.id, organization_id=user.organization_id
        )
        session.pop(SESSION_KEY, None)
        session.pop(INVITATION_KEY, None)
        # Where the new member lands when logged in at once (an invitation proved the address).
        if kept is None or kept.is_draft:
            return url_for("sme.dashboard")
        return url_for("sme.assessment_results", assessment_id=kept.id)

    return _register(
        form,
        OrganizationKind.SME,
        template="diagnostic/keep.html",
        after=attach,
        proven_email=invitation.email if invitation is not None else None,
        draft=draft,
        invitation=invitation,
    )


@bp.post("/garder/compte")
@rerender_on_csrf_failure
def keep_in_account() -> Any:
    """Add the session's diagnosis to the logged-in SME member's organisation; then, for a
    visitor who came from an invitation, the invitation page (one click to accept it)."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=url_for("diagnostic.keep")))
    if current_user.role is not Role.SME_MEMBER:
        abort(403)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("diagnostic.keep"))
    kept = anonymous.keep(
        db.session,
        token=session.get(SESSION_KEY) or "",
        user_id=current_user.id,
        organization_id=current_user.organization_id,
    )
    session.pop(SESSION_KEY, None)
    if kept is None:
        flash(_(NOTHING_TO_KEEP), "info")
        return redirect(url_for("sme.dashboard"))
    flash(_("Votre diagnostic est gardé dans l'espace de votre entreprise."), "success")
    invitation_token = session.pop(INVITATION_KEY, None)
    if isinstance(invitation_token, str):
        return redirect(url_for("clients.join", token=invitation_token))
    if kept.is_draft:
        return redirect(url_for("sme.assessment_resume", assessment_id=kept.id))
    return redirect(url_for("sme.assessment_results", assessment_id=kept.id))
