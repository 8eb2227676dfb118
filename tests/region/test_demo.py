"""The demo shows providers in every verdict, spread over the five departments."""

from __future__ import annotations

from sqlalchemy import func, select

from charter.extensions import db
from charter.models import Assessment
from charter.services import audit
from charter.services import compliance_facts as compliance


def test_demo_has_every_verdict_in_every_department(app, runner):
    assert runner.invoke(args=["charter", "demo"]).exit_code == 0
    with app.app_context():
        assessments = db.session.scalar(select(func.count()).select_from(Assessment))
    assert runner.invoke(args=["charter", "demo"]).exit_code == 0  # idempotent
    with app.test_request_context():
        assert db.session.scalar(select(func.count()).select_from(Assessment)) == assessments
        rows = {row.name: row for row in compliance.gather(db.session)}
        assert audit.verify_chain(db.session).ok
    verdicts = {name: row.verdict.code for name, row in rows.items()}
    assert verdicts["Granit Numérique"] == "conforme"
    assert verdicts["Vexin Cloud"] == "a_regulariser"
    assert [r.code for r in rows["Vexin Cloud"].verdict.reasons] == ["outreach_missing"]
    assert "self_assessment_low_index" in [
        r.code for r in rows["Perche Informatique"].verdict.reasons
    ]
    assert rows["Pays d'Auge Systèmes"].status == "suspended"
    assert verdicts["Pays d'Auge Systèmes"] == "non_conforme"
    assert set(verdicts.values()) == {"conforme", "a_regulariser", "non_conforme"}
    assert {row.department for row in rows.values()} == {"14", "27", "50", "61", "76"}
