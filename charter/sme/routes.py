"""Routes of the SME area besides the journey."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from charter.assessments.listing import assessments_of, histories
from charter.core.audience import Audience
from charter.extensions import db
from charter.sme.blueprint import bp, journey


@bp.get("")
def dashboard() -> str:
    """The SME's diagnoses (drafts and sent), with what to do next."""
    rows = assessments_of(db.session, current_user.organization_id, audience=Audience.SME)
    return render_template(
        "sme/dashboard.html", rows=rows, histories=histories(rows), journey=journey
    )
