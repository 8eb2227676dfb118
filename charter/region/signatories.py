"""One signatory (``/region/signataires/<id>``) and the Region's decisions on it.

Every decision (validate, ask for changes, suspend, revoke, reinstate) asks for a reason, then
for confirmation, before anything changes (``charter.services.region_decisions``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from charter.core.audience import Audience
from charter.errors import rerender_on_csrf_failure
from charter.extensions import db
from charter.models import (
    Assessment,
    AssessmentStatus,
    Organization,
    OrganizationKind,
    QuestionnaireVersion,
    Signature,
    User,
)
from charter.region.blueprint import bp
from charter.region.forms import ChangesForm, DecisionForm
from charter.services import change_requests, region_decisions
from charter.services import conformity as compliance
from charter.services.dates import today
from charter.services.standing import hash_matches


def _provider(organization_id: int) -> Organization:
    organization = db.session.get(Organization, organization_id)
    if organization is None or organization.kind is not OrganizationKind.PROVIDER:
        abort(404)
    return organization


def _history(organization_id: int) -> list[Signature]:
    return list(
        db.session.scalars(
            select(Signature)
            .where(Signature.organization_id == organization_id)
            .order_by(Signature.signed_at.desc(), Signature.id.desc())
        )
    )


def _self_assessment(organization_id: int) -> dict[str, Any] | None:
    """The provider's latest submitted self-assessment, summarised (never its answers)."""
    rows = db.session.execute(
        select(Assessment.submitted_at, Assessment.index, Assessment.result)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Assessment.questionnaire_version_id)
        .where(
            Assessment.organization_id == organization_id,
            Assessment.status == AssessmentStatus.SUBMITTED,
            QuestionnaireVersion.audience == Audience.PROVIDER,
        )
        .order_by(Assessment.submitted_at.desc())
    ).all()
    if not rows:
        return None
    submitted_at, index, result = rows[0]
    level = (result or {}).get("level") or {}
    return {
        "submitted_at": submitted_at,
        "index": index,
        "level": level.get("name"),
        "failed_essentials": len((result or {}).get("failed_essentials") or ()),
        "count": len(rows),
    }


@bp.get("/signataires/<int:organization_id>")
def signatory(organization_id: int) -> str:
    """A signatory: profile, verdict and reasons, signatures, self-assessment, decisions."""
    organization = _provider(organization_id)
    history = _history(organization.id)
    members = db.session.scalars(
        select(User).where(User.organization_id == organization.id).order_by(User.id)
    ).all()
    return render_template(
        "region/signatory.html",
        organization=organization,
        row=compliance.row_of(db.session, organization.id),
        history=history,
        hashes={s.id: hash_matches(s) for s in history},
        members=members,
        self_assessment=_self_assessment(organization.id),
        timeline=region_decisions.timeline(db.session, organization.id),
        change_requests=change_requests.for_organization(db.session, organization.id),
        is_overdue=change_requests.is_overdue,
        actions=region_decisions.available(history),
    )


@bp.route("/signataires/<int:organization_id>/decision/<action>", methods=["GET", "POST"])
@rerender_on_csrf_failure
def signatory_decision(organization_id: int, action: str) -> Any:
    """A decision: the reason, then a confirmation page, then the decision itself."""
    organization = _provider(organization_id)
    chosen = region_decisions.ACTIONS.get(action)
    if chosen is None:
        abort(404)
    back = url_for("region.signatory", organization_id=organization.id)
    if chosen not in region_decisions.available(_history(organization.id)):
        flash(
            _("Cette décision n'est plus possible : la signature a changé entre-temps."), "warning"
        )
        return redirect(back)
    changes = chosen.to_status is None
    form: DecisionForm = ChangesForm() if changes else DecisionForm()
    if changes and request.method == "GET":
        assert isinstance(form, ChangesForm)
        form.deadline.data = today() + timedelta(
            days=int(current_app.config["CHANGE_REQUEST_DEFAULT_DAYS"])
        )
    deadline = form.deadline.data if isinstance(form, ChangesForm) else None
    if changes and deadline is None and request.method == "POST":
        deadline = today() + timedelta(days=int(current_app.config["CHANGE_REQUEST_DEFAULT_DAYS"]))
    context = {"organization": organization, "action": chosen, "form": form, "deadline": deadline}
    if request.method == "POST" and form.validate():
        if "edit" in request.form:
            pass  # back to the form, reason kept
        elif "confirmed" not in request.form:
            return render_template("region/decision_confirm.html", **context)
        else:
            try:
                region_decisions.decide(
                    db.session,
                    organization.id,
                    chosen.slug,
                    current_user.id,
                    form.reason.data,
                    deadline=deadline,
                )
            except region_decisions.DecisionRefused:
                flash(_("Cette décision n'est plus possible : la signature a changé."), "warning")
                return redirect(back)
            flash(_("Décision enregistrée : %(what)s.", what=_(chosen.label)), "success")
            return redirect(back)
    status = 400 if form.errors else 200
    return render_template("region/decision.html", **context), status
