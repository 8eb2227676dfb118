"""The demo data shows every signature state: active with certificate, pending, expired."""

from __future__ import annotations

from sqlalchemy import func, select

from charter.extensions import db
from charter.models import CharterVersion, Organization, Signature, SignatureStatus, User
from charter.services.audit import verify_chain


def test_demo_signatures(app, runner):
    assert runner.invoke(args=["charter", "demo"]).exit_code == 0
    with app.app_context():
        counts = db.session.scalar(select(func.count()).select_from(Signature))
    assert runner.invoke(args=["charter", "demo"]).exit_code == 0
    with app.app_context():
        # 3 signing demos, and 4 providers of the Region demo (charter.demo.region)
        assert db.session.scalar(select(func.count()).select_from(Signature)) == counts == 7
        assert db.session.scalar(select(func.count()).select_from(CharterVersion)) == 1
        by_name = {
            name: (status, number)
            for name, status, number in db.session.execute(
                select(Organization.name, Signature.status, Signature.certificate_number).join(
                    Signature, Signature.organization_id == Organization.id
                )
            )
        }
        admin = db.session.scalar(select(User).filter_by(email="admin@region-normandie.example"))
        assert admin.totp_enabled  # Region demo accounts come with their second factor
        assert verify_chain(db.session).ok
    assert by_name["Seine Numérique Services"] == (SignatureStatus.PENDING, None)
    status, bocage = by_name["Bocage Informatique"]
    assert status is SignatureStatus.ACTIVE
    status, cotentin = by_name["Cotentin Réseaux"]
    assert status is SignatureStatus.ACTIVE
    client = app.test_client()
    assert "Cette attestation est valide" in client.get(f"/verification/{bocage}").text
    assert "a expiré le" in client.get(f"/verification/{cotentin}").text
    directory = client.get("/annuaire").text
    assert "Bocage Informatique" in directory and "Cotentin" not in directory
