"""Signing the charter, in three steps (RGAA 11.12: review before the final action).

1. ``GET /prestataire/signature``: read the charter, tick each commitment, give one's name and
   role and the statement of authority (``POST`` checks them, keeps them as the member's
   signing draft and redirects to step 2).
2. ``GET /prestataire/signature/relecture``: everything that will be signed, read from the
   draft, with a link to change it (a GET page: the back button and a reload work).
3. ``POST /prestataire/signature/confirmer``: password (and second-factor code when enrolled)
   checked just before signing; the signature is then recorded, pending the Region.

Only the draft is stored between the steps (``charter.services.signing_drafts``): the review
page carries the answers in hidden fields and the last step checks them all again, with the hash
of the charter text read at step 1.
"""

from __future__ import annotations

from typing import Any

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from charter.access import owner_required
from charter.auth.limits import configured
from charter.core.charter_text import canonical_text
from charter.core.signatures import signed_hash
from charter.errors import rerender_on_csrf_failure
from charter.extensions import client_address, db, limiter
from charter.provider.blueprint import bp
from charter.provider.forms import REAUTH_FIELDS, commitment_field, signing_form
from charter.provider.routes import my_organization
from charter.services import signatures, signing_drafts
from charter.services.authentication import lockout_minutes, reauthenticate
from charter.services.standing import standing_of

CHARTER_CHANGED = (
    "La charte a été mise à jour pendant votre lecture. Lisez la nouvelle version, puis signez-la."
)


def _context() -> dict[str, Any]:
    organization = my_organization()
    standing = standing_of(db.session, organization.id)
    version = standing.current
    return {
        "organization": organization,
        "standing": standing,
        "version": version,
        "statement": signatures.authority_statement(organization.name, organization.siret),
        "commitment_field": commitment_field,
    }


def _review(context: dict[str, Any], form: Any = None, status: int = 200) -> Any:
    """The review page (step 2), from the posted answers; the password is never echoed."""
    organization, version = context["organization"], context["version"]
    if form is None:  # built from the posted step-1 answers
        form = signing_form(version.commitments, context["statement"], reauthenticate=True)
    form.password.data = ""
    digest = signed_hash(canonical_text(version.as_text()), organization.name, organization.siret)
    return render_template("provider/sign_review.html", form=form, digest=digest, **context), status


def _charter_changed() -> Any:
    flash(_(CHARTER_CHANGED), "warning")
    return redirect(url_for("provider.sign"))


@bp.route("/signature", methods=["GET", "POST"])
@owner_required
@rerender_on_csrf_failure
def sign() -> Any:
    """Step 1: read and accept each commitment, say who signs; POST leads to the review."""
    context = _context()
    if not context["standing"].may_sign:
        return render_template("provider/sign_unavailable.html", **context)
    version = context["version"]
    form = signing_form(version.commitments, context["statement"])
    if request.method == "GET":
        form.charter_hash.data = version.text_hash
        form.signer_name.data = current_user.full_name
        draft = _draft(context)
        if draft is not None and draft.charter_hash == version.text_hash:
            _fill(form, version, draft)  # back from the review: the answers are still there
    elif form.charter_hash.data != version.text_hash:
        return _charter_changed()
    elif "edit" not in request.form and form.validate():
        signing_drafts.save(
            db.session,
            user_id=current_user.id,
            organization_id=context["organization"].id,
            draft=signing_drafts.Draft(
                form.charter_hash.data, form.signer_name.data, form.signer_role.data
            ),
        )
        return redirect(url_for("provider.sign_review"), 303)
    elif "edit" in request.form:
        form.form_errors.clear()
    status = 400 if form.errors and "edit" not in request.form else 200
    return render_template("provider/sign.html", form=form, **context), status


def _draft(context: dict[str, Any]) -> signing_drafts.Draft | None:
    return signing_drafts.load(
        db.session, user_id=current_user.id, organization_id=context["organization"].id
    )


def _fill(form: Any, version: Any, draft: signing_drafts.Draft) -> None:
    """Put a draft's answers in a signing form (every commitment was accepted at step 1)."""
    for commitment in version.commitments:
        form[commitment_field(int(commitment["number"]))].data = True
    form.authority.data = True
    form.charter_hash.data = draft.charter_hash
    form.signer_name.data = draft.signer_name
    form.signer_role.data = draft.signer_role


@bp.get("/signature/relecture")
@owner_required
def sign_review() -> Any:
    """Step 2: the answers of step 1 (the member's draft) to check, then the password."""
    context = _context()
    if not context["standing"].may_sign:
        return redirect(url_for("provider.dashboard"))
    version = context["version"]
    draft = _draft(context)
    if draft is None:
        return redirect(url_for("provider.sign"))
    if draft.charter_hash != version.text_hash:
        return _charter_changed()
    form = signing_form(version.commitments, context["statement"], reauthenticate=True)
    _fill(form, version, draft)
    return _review(context, form)


@bp.post("/signature/confirmer")
@owner_required
@limiter.limit(configured("LIMIT_LOGIN"))
@rerender_on_csrf_failure
def sign_confirm() -> Any:
    """Step 3: re-authenticate, then record the signature."""
    context = _context()
    if not context["standing"].may_sign:
        return redirect(url_for("provider.dashboard"))
    version = context["version"]
    form = signing_form(version.commitments, context["statement"], reauthenticate=True)
    if form.charter_hash.data != version.text_hash:
        return _charter_changed()
    if not form.validate_on_submit():
        if any(name not in (*REAUTH_FIELDS, "csrf_token", "", None) for name in form.errors):
            return render_template("provider/sign.html", form=form, **context), 400
        return _review(context, form, 400)
    outcome = reauthenticate(
        db.session,
        current_user.id,
        g.user_session.id,
        form.password.data,
        form.code.data,
        purpose="signature",
        ip=client_address(),
    )
    if outcome.locked:
        logout_user()
        session.clear()
        flash(
            _(
                "Après plusieurs essais manqués, votre compte est bloqué %(minutes)d minutes. "
                "Rien n'a été signé. Reconnectez-vous ensuite, ou utilisez « Mot de passe "
                "oublié ».",
                minutes=lockout_minutes(),
            ),
            "error",
        )
        return redirect(url_for("auth.login"))
    if not outcome.ok:
        form.password.errors.append(
            _("Mot de passe ou code incorrect. Rien n'a été signé : réessayez.")
        )
        return _review(context, form, 400)
    request_data = signatures.SigningRequest(
        organization_id=context["organization"].id,
        signer_id=current_user.id,
        charter_version_id=version.id,
        charter_text_hash=form.charter_hash.data,
        signer_name=form.signer_name.data,
        signer_role=form.signer_role.data,
        ip=client_address(),
        user_agent=request.user_agent.string or "",
    )
    try:
        signatures.sign(db.session, request_data)
        signing_drafts.discard(db.session, current_user.id)
    except signatures.SigningRefused as refused:
        if refused.code == "charter_changed":
            return _charter_changed()
        flash(_("Votre entreprise ne peut pas signer en ce moment."), "error")
        return redirect(url_for("provider.dashboard"))
    flash(
        _(
            "Votre signature est enregistrée. La Région va l'examiner ; vous recevrez un e-mail "
            "dès sa décision."
        ),
        "success",
    )
    return redirect(url_for("provider.dashboard"))
