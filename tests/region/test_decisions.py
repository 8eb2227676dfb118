"""The signatory page and the Region's decisions: reason, confirmation, audit, e-mail, and an
immediate effect on the public directory and the verification page."""

from __future__ import annotations

from sqlalchemy import select

from charter.extensions import db
from charter.models import AuditEvent, Role, SignatureStatus
from charter.services import audit
from tests.helpers import last_message_to, message_html, message_text
from tests.region.helpers import compliant_provider
from tests.signing.helpers import provider, region_officer, signature_row


def decide(region, organization_id: int, action: str, reason: str):
    url = f"/region/signataires/{organization_id}/decision/{action}"
    first = region.post(url, data={"reason": reason})
    assert first.status_code == 200 and "Confirmer" in first.text
    return region.post(url, data={"reason": reason, "confirmed": "1"})


def test_the_page_shows_profile_verdict_hashes_and_decisions(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = provider(factory, name="Granit Conseil")
    factory.signature(member, validate_by=admin)
    page = region.get(f"/region/signataires/{member.organization_id}").text
    assert "Granit Conseil" in page and "À régulariser" in page
    assert "Aucune autoévaluation transmise" in page
    assert "vérifiée" in page and "CCN-" in page
    for label in ("Demander des modifications", "Suspendre la signature", "Révoquer"):
        assert label in page
    assert "Rétablir" not in page and "Valider la signature" not in page


def test_an_sme_or_unknown_id_does_not_exist_here(app, factory, region):
    sme = factory.organization("sme")
    assert region.get(f"/region/signataires/{sme.id}").status_code == 404
    assert region.get("/region/signataires/999999").status_code == 404


def test_suspension_needs_a_reason_and_a_confirmation(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = compliant_provider(factory, admin, name="Granit Conseil")
    url = f"/region/signataires/{member.organization_id}/decision/suspendre"
    empty = region.post(url, data={"reason": "  "})
    assert empty.status_code == 400 and "Indiquez le motif" in empty.text
    confirm = region.post(url, data={"reason": "Autoévaluation non sincère."})
    assert "Confirmer" in confirm.text and "Autoévaluation non sincère." in confirm.text
    with app.app_context():
        assert signature_row(app, _signature_id(app, member))["status"] is SignatureStatus.ACTIVE


def _signature_id(app, member) -> int:
    from charter.models import Signature

    with app.app_context():
        return db.session.scalar(
            select(Signature.id).where(Signature.organization_id == member.organization_id)
        )


def test_suspend_then_reinstate_changes_directory_and_verification_at_once(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = compliant_provider(factory, admin, name="Granit Conseil")
    number = signature_row(app, _signature_id(app, member))["certificate_number"]
    public = app.test_client()
    assert "Granit Conseil" in public.get("/annuaire").text
    response = decide(region, member.organization_id, "suspendre", "Plainte d'un client fondée.")
    assert response.headers["Location"] == f"/region/signataires/{member.organization_id}"
    assert "Granit Conseil" not in public.get("/annuaire").text
    assert "Suspendue" in public.get(f"/verification/{number}").text
    message = last_message_to(app, member.email)
    assert "suspendue" in message["Subject"]
    assert "Plainte d'un client fondée." in message_text(message)
    assert "Plainte d" in message_html(message)
    assert "Vous recevez ce message parce que" in message_text(message)
    page = region.get(f"/region/signataires/{member.organization_id}").text
    assert "Décision enregistrée" in page and "Plainte d&#39;un client fondée." in page
    assert "Non conforme" in page and "Signature suspendue" in page

    decide(region, member.organization_id, "retablir", "Le client a retiré sa plainte.")
    assert "Granit Conseil" in public.get("/annuaire").text
    assert "Valide" in public.get(f"/verification/{number}").text
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert actions[-2:] == ["signature.suspended", "signature.reinstated"]
        assert audit.verify_chain(db.session).ok


def test_revocation_is_final(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = compliant_provider(factory, admin, name="Granit Conseil")
    number = signature_row(app, _signature_id(app, member))["certificate_number"]
    decide(region, member.organization_id, "revoquer", "Fausse déclaration.")
    assert "Révoquée" in app.test_client().get(f"/verification/{number}").text
    page = region.get(f"/region/signataires/{member.organization_id}").text
    assert "Rétablir" not in page and "Suspendre" not in page
    again = region.get(f"/region/signataires/{member.organization_id}/decision/suspendre")
    assert again.status_code == 302


def test_asking_for_changes_keeps_the_status_and_is_in_the_timeline(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = compliant_provider(factory, admin, name="Granit Conseil")
    reason = "Mettez à jour la liste de vos services."
    decide(region, member.organization_id, "demander-des-modifications", reason)
    assert signature_row(app, _signature_id(app, member))["status"] is SignatureStatus.ACTIVE
    assert "Granit Conseil" in app.test_client().get("/annuaire").text
    message = last_message_to(app, member.email)
    assert "modifications" in message["Subject"] and reason in message_text(message)
    page = region.get(f"/region/signataires/{member.organization_id}").text
    assert "Modifications demandées" in page and "Mettez à jour la liste" in page
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event.action == "signatory.changes_requested"
        assert event.details["reason"] == reason


def test_validation_from_the_signatory_page_keeps_the_reason(app, factory, region):
    member = provider(factory, name="Seine Attente")
    signed = factory.signature(member)
    page = region.get(f"/region/signataires/{member.organization_id}").text
    assert "Valider la signature" in page
    decide(region, member.organization_id, "valider", "Kbis vérifié.")
    row = signature_row(app, signed.id)
    assert row["status"] is SignatureStatus.ACTIVE and row["certificate_number"]
    assert row["events"][-1] == ("pending", "active", "Kbis vérifié.")
    assert "validée" in last_message_to(app, member.email)["Subject"]


def test_an_unknown_decision_is_404(app, factory, region):
    member = provider(factory)
    assert region.get(f"/region/signataires/{member.organization_id}/decision/x").status_code == 404
