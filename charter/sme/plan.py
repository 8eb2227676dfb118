"""« Mon plan d'action »: the actions of the latest diagnosis, where each stands, and changes.

SME members only (the blueprint checks the role); everything is read and written for the
current user's organisation, so no other organisation's plan can be reached.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from charter.core.plan_tracking import STATE_LABELS, TrackedAction, counts
from charter.errors import rerender_on_csrf_failure
from charter.extensions import db
from charter.reports.formatting import cost_label
from charter.services import plan_tracking
from charter.sme.blueprint import bp, journey
from charter.sme.forms import PlanActionForm

LATE = "retard"


def _form(action: TrackedAction, formdata: Any = None) -> PlanActionForm:
    progress = action.progress
    return PlanActionForm(
        formdata=formdata,
        prefix=f"a{action.rank}",
        state=progress.state,
        reason=progress.reason,
        owner=progress.owner,
        due_on=progress.due_on,
        note=progress.note,
    )


def _render(actions: list[TrackedAction], assessment: Any, forms: dict[str, Any], status: int):
    wanted = request.args.get("statut", "")
    if wanted == LATE:
        shown = [a for a in actions if a.late]
    elif wanted in STATE_LABELS:
        shown = [a for a in actions if a.progress.state == wanted]
    else:
        wanted, shown = "", actions
    return render_template(
        "sme/plan.html",
        assessment=assessment,
        actions=shown,
        total=len(actions),
        counts=counts(actions),
        late_count=sum(a.late for a in actions),
        wanted=wanted,
        states=STATE_LABELS,
        forms=forms,
        cost_label=lambda e: cost_label(e.cost),
        journey=journey,
    ), status


@bp.get("/plan-action")
def plan() -> Any:
    """The plan of the organisation's latest diagnosis, filtered by state or « en retard »."""
    assessment = plan_tracking.latest_diagnosis(db.session, current_user.organization_id)
    if assessment is None:
        return render_template("sme/plan.html", assessment=None, journey=journey)
    actions = plan_tracking.tracked_plan(db.session, assessment)
    forms = {a.entry.measure_id: _form(a) for a in actions}
    return _render(actions, assessment, forms, 200)


def _update(measure_id: str) -> Any:
    """Record one action's state, owner, target date and note."""
    assessment = plan_tracking.latest_diagnosis(db.session, current_user.organization_id)
    if assessment is None:
        abort(404)
    actions = plan_tracking.tracked_plan(db.session, assessment)
    action = next((a for a in actions if a.entry.measure_id == measure_id), None)
    if action is None:
        abort(404)
    form = _form(action, formdata=request.form)
    if form.validate_on_submit():
        plan_tracking.update_action(
            db.session,
            actor_id=current_user.id,
            organization_id=current_user.organization_id,
            measure_id=measure_id,
            change=plan_tracking.ActionChange(
                state=form.state.data,
                reason=form.reason.data,
                owner=form.owner.data,
                due_on=form.due_on.data,
                note=form.note.data,
            ),
        )
        flash(_("« %(title)s » : c'est enregistré.", title=action.entry.title), "success")
        target = url_for("sme.plan", statut=request.args.get("statut") or None)
        return redirect(f"{target}#action-{measure_id}")
    forms = {a.entry.measure_id: _form(a) for a in actions}
    forms[measure_id] = form
    return _render(actions, assessment, forms, 400)


bp.add_url_rule(
    "/plan-action/<measure_id>",
    "plan_update",
    rerender_on_csrf_failure(_update),
    methods=["POST"],
)
