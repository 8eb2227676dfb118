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

from charter.errors import rerender_on_csrf_failure
from charter.extensions import db
from charter.models import Organization
from charter.region.blueprint import bp
from charter.region.forms import ChangesForm, DecisionForm
from charter.services import change_requests, region_decisions, signatory_detail
from charter.services.dates import today


def _provider(organization_id: int) -> Organization:
    organization = signatory_detail.provider(db.session, organization_id)
    if organization is None:
        abort(404)
    return organization


@bp.get("/signataires/<int:organization_id>")
def signatory(organization_id: int) -> str:
    """A signatory: profile, verdict and reasons (its kept standing), signatures,
    self-assessment, decisions."""
    found = signatory_detail.detail(db.session, _provider(organization_id))
    return render_template(
        "region/signatory.html",
        organization=found.organization,
        row=found.row,
        history=found.history,
        hashes=found.hashes,
        members=found.members,
        self_assessment=found.self_assessment,
        timeline=region_decisions.timeline(db.session, found.organization.id),
        change_requests=change_requests.for_organization(db.session, found.organization.id),
        is_overdue=change_requests.is_overdue,
        actions=region_decisions.available(found.history),
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
    if chosen not in region_decisions.available(
        signatory_detail.history(db.session, organization.id)
    ):
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
