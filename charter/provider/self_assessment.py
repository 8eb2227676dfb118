"""The provider's own self-assessment (``prestataire-charte``), on the shared journey."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from charter.assessments.listing import assessments_of
from charter.core.audience import Audience
from charter.extensions import db
from charter.provider.blueprint import bp, journey


@bp.get("/autoevaluation")
def assessments() -> str:
    """My organisation's self-assessments (drafts and sent), and how to start one."""
    rows = assessments_of(db.session, current_user.organization_id, audience=Audience.PROVIDER)
    return render_template("provider/assessments.html", rows=rows, journey=journey)
