"""« Garder mon diagnostic »: the quick diagnosis joins an organisation, through a new account
(the registration form, prefilled with the sector and size the diagnosis learnt) or the
account the visitor logs into.

Thin views: the account is created by the registration service (through the auth blueprint's
form handling), the diagnosis kept by :func:`charter.services.anonymous.keep`.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from charter.auth.forms import ConfirmForm, RegisterSmeForm
from charter.auth.limits import configured
from charter.auth.routes import _register
from charter.diagnostic import bp
from charter.errors import rerender_on_csrf_failure
from charter.extensions import db, limiter
from charter.models import Assessment, OrganizationKind, Role, User
from charter.referential import PROFILE_CONTEXT
from charter.services import anonymous
from charter.services.anonymous import SESSION_KEY


def _draft_or_none() -> Assessment | None:
    return anonymous.find(db.session, session.get(SESSION_KEY))


@bp.route("/garder", methods=["GET", "POST"])
@limiter.limit(configured("LIMIT_REGISTER"), methods=["POST"])
@rerender_on_csrf_failure
def keep() -> Any:
    """Keep the session's diagnosis: a registration form prefilled from its answers (or, for
    a logged-in SME member, a confirmation to add it to their organisation)."""
    draft = _draft_or_none()
    if draft is None:
        flash(
            _("Aucun diagnostic à garder dans ce navigateur : commencez-en un."),
            "info",
        )
        return redirect(url_for("diagnostic.assessment_new"))
    if current_user.is_authenticated:
        return render_template(
            "diagnostic/keep_account.html",
            draft=draft,
            form=ConfirmForm(),
            is_sme=current_user.role is Role.SME_MEMBER,
        )
    prefill: dict[str, Any] = {}
    if request.method == "GET":
        answers = {a.question_id: a.value for a in draft.answers if a.value}
        prefill = {f: answers[q] for q, f in PROFILE_CONTEXT.items() if q in answers}
    token = session[SESSION_KEY]

    def attach(user: User) -> None:
        assert user.organization_id is not None
        anonymous.keep(
            db.session, token=token, user_id=user.id, organization_id=user.organization_id
        )
        session.pop(SESSION_KEY, None)

    return _register(
        RegisterSmeForm(**prefill),
        OrganizationKind.SME,
        template="diagnostic/keep.html",
        after=attach,
        draft=draft,
    )


@bp.post("/garder/compte")
@rerender_on_csrf_failure
def keep_in_account() -> Any:
    """Add the session's diagnosis to the logged-in SME member's organisation."""
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
        flash(_("Aucun diagnostic à garder dans ce navigateur : commencez-en un."), "info")
        return redirect(url_for("sme.dashboard"))
    flash(_("Votre diagnostic est gardé dans l'espace de votre entreprise."), "success")
    if kept.is_draft:
        return redirect(url_for("sme.assessment_resume", assessment_id=kept.id))
    return redirect(url_for("sme.assessment_results", assessment_id=kept.id))
