"""Routes of the provider's area: dashboard, certificate download, directory consent, profile."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from charter.access import owner_required
from charter.core.signatures import public_state
from charter.db import utcnow
from charter.downloads import attachment
from charter.errors import rerender_on_csrf_failure
from charter.extensions import db
from charter.models import Organization
from charter.provider.blueprint import bp
from charter.provider.forms import CompanyProfileForm, DirectoryConsentForm
from charter.services import certificates, change_requests, organizations
from charter.services.accounts import SiretAlreadyRegistered
from charter.services.assessments import frozen_result, last_submitted
from charter.services.dates import today
from charter.services.invitations import may_invite
from charter.services.organizations import ProfileData, SiretLocked
from charter.services.outreach import accompanied_counts
from charter.services.provider_compliance import provider_compliance
from charter.services.standing import decision_reason, organization_signature, standing_of

#: The questionnaire of the provider's own self-assessment.
SELF_ASSESSMENT = "prestataire-charte"


def my_organization() -> Organization:
    """The logged-in member's organisation (every provider member has one)."""
    organization = current_user.organization
    if organization is None:
        abort(404)
    return organization


@bp.get("")
def dashboard() -> str:
    """Signature status and what to do next, certificate, directory consent, profile."""
    organization = my_organization()
    # First: it may refresh a stale kept standing, which ends the read transaction.
    compliance = provider_compliance(db.session, organization.id)
    standing = standing_of(db.session, organization.id)
    consent_form = DirectoryConsentForm(consent="yes" if organization.directory_consent else "no")
    window = timedelta(days=int(current_app.config["SIGNATURE_RENEWAL_WINDOW_DAYS"]))
    decided = standing.standing
    return render_template(
        "provider/dashboard.html",
        organization=organization,
        standing=standing,
        consent_form=consent_form,
        renewal_opens=standing.last_valid_day - window if standing.last_valid_day else None,
        decision_reason=decision_reason(decided) if decided else None,
        certificate_state=(
            public_state(decided.status.value, standing.last_valid_day, today())
            if decided
            else None
        ),
        siret_locked=organizations.siret_locked(db.session, organization.id),
        compliance=compliance,
        may_invite=may_invite(db.session, organization.id),
        is_overdue=change_requests.is_overdue,
        **_outreach_context(organization.id),
    )


def _outreach_context(organization_id: int) -> dict[str, Any]:
    """The latest self-assessment with its first priorities, and the accompanied diagnoses."""
    latest = last_submitted(db.session, organization_id, SELF_ASSESSMENT)
    year_ago = utcnow() - timedelta(
        days=int(current_app.config["COMPLIANCE_ACCOMPANIED_WINDOW_DAYS"])
    )
    return {
        "self_assessment": latest,
        "self_priorities": frozen_result(latest).priorities[:3] if latest else (),
        "accompanied": accompanied_counts(db.session, year_ago, [organization_id]).get(
            organization_id, 0
        ),
    }


@bp.get("/signatures/<int:signature_id>/attestation.pdf")
def certificate(signature_id: int) -> Response:
    """Download the certificate of one of my organisation's validated signatures."""
    signature = organization_signature(db.session, signature_id, my_organization().id)
    if signature is None or signature.certificate_number is None:
        abort(404)
    filename, pdf = certificates.render(db.session, signature)
    return attachment(pdf, "application/pdf", filename)


@bp.post("/annuaire")
@owner_required
def directory_consent() -> Response:
    """Say whether my company appears in the public directory while its signature is valid."""
    form = DirectoryConsentForm()
    if form.validate_on_submit():
        consent = form.consent.data == "yes"
        organizations.set_directory_consent(
            db.session, my_organization().id, current_user.id, consent
        )
        flash(
            _("Votre entreprise figurera dans l'annuaire tant que sa signature est valide.")
            if consent
            else _("Votre entreprise ne figurera pas dans l'annuaire public."),
            "success",
        )
    else:
        flash(_("Choisissez oui ou non, puis enregistrez."), "error")
    return redirect(url_for("provider.dashboard", _anchor="annuaire"))


@bp.route("/entreprise", methods=["GET", "POST"])
@owner_required
@rerender_on_csrf_failure
def profile() -> Any:
    """The company profile; the SIRET is locked once the company has signed."""
    organization = my_organization()
    locked = organizations.siret_locked(db.session, organization.id)
    form = CompanyProfileForm(
        data={
            "organization_name": organization.name,
            "siret": organization.siret,
            "department": organization.department,
            "city": organization.city,
            "services": organization.services,
            "website": organization.website,
        }
    )
    if locked:
        form.siret.data = organization.siret  # a posted SIRET is ignored: only the Region
        form.siret.render_kw = {"readonly": True}
    if form.validate_on_submit():
        data = ProfileData(
            name=form.organization_name.data,
            siret=form.siret.data,
            department=form.department.data,
            city=form.city.data or None,
            services=tuple(form.services.data or ()),
            website=form.website.data or None,
        )
        try:
            organizations.update_profile(db.session, organization.id, current_user.id, data)
        except SiretLocked:
            form.siret.errors.append(_("Le SIRET ne peut plus changer : contactez la Région."))
        except SiretAlreadyRegistered:
            form.siret.errors.append(
                _("Une autre entreprise est déjà inscrite avec ce SIRET : contactez la Région.")
            )
        else:
            flash(_("Le profil de votre entreprise est enregistré."), "success")
            return redirect(url_for("provider.dashboard"))
    status = 400 if form.errors else 200
    return render_template("provider/profile.html", form=form, siret_locked=locked), status
