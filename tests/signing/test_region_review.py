"""The Region reviews signatures: pending list, validation with a number, rejection with reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from charter.core.signatures import add_months
from charter.db import utcnow
from charter.extensions import db
from charter.models import AuditEvent, CertificateCounter, Signature, SignatureStatus
from charter.services import audit, signatures
from charter.services.dates import local_date
from tests.helpers import last_message_to, message_text, outbox_messages, sign_in
from tests.signing.helpers import provider, region_officer, signature_row


@pytest.fixture
def reviewer(factory):
    return region_officer(factory)


@pytest.fixture
def region(app, reviewer):
    client = app.test_client()
    sign_in(app, client, reviewer)
    return client


def test_the_pending_list_is_oldest_first_and_says_when_it_is_empty(app, factory, region):
    assert "Aucune signature n'attend de décision" in region.get("/region/signatures").text
    late = provider(factory, name="Arrivée Tard")
    early = provider(factory, name="Arrivée Tôt")
    factory.signature(early, signed_at=utcnow() - timedelta(days=3))
    factory.signature(late)
    page = region.get("/region/signatures").get_data(as_text=True)
    assert "2 signatures en attente" in page
    assert page.index("Arrivée Tôt") < page.index("Arrivée Tard")


def test_validation_assigns_a_number_and_an_expiry_and_tells_the_company(
    app, factory, region, reviewer
):
    member = provider(factory, name="Granit Informatique")
    signed = factory.signature(member)
    detail = region.get(f"/region/signatures/{signed.id}").get_data(as_text=True)
    assert "Empreinte vérifiée" in detail and "203.0.113.7" in detail
    response = region.post(f"/region/signatures/{signed.id}/valider")
    assert response.headers["Location"] == "/region/signatures"
    row = signature_row(app, signed.id)
    with app.app_context():
        today = local_date(utcnow())
        expected_number = f"CCN-{today.year}-00001"
        assert row["status"] is SignatureStatus.ACTIVE
        assert row["certificate_number"] == expected_number
        assert row["expires_on"] == add_months(today, 24)
        assert row["validated_by_id"] == reviewer.id
        assert row["events"][-1] == ("pending", "active", None)
        last = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert last.action == "signature.validated"
        assert last.details["certificate_number"] == expected_number
        assert audit.verify_chain(db.session).ok
    message = last_message_to(app, member.email)
    body = message_text(message)
    assert "validée" in message["Subject"]
    assert expected_number in body and f"/verification/{expected_number}" in body
    flashes = region.get("/region/signatures").get_data(as_text=True)
    assert f"attestation n° {expected_number} délivrée" in flashes


def test_a_second_decision_is_refused_and_changes_nothing(app, factory, region):
    signed = factory.signature(provider(factory))
    region.post(f"/region/signatures/{signed.id}/valider")
    again = region.post(f"/region/signatures/{signed.id}/valider")
    assert again.headers["Location"] == f"/region/signatures/{signed.id}"
    assert "déjà fait l&#39;objet d&#39;une décision" in region.get(again.headers["Location"]).text
    reject = region.get(f"/region/signatures/{signed.id}/refuser")
    assert reject.headers["Location"] == f"/region/signatures/{signed.id}"
    with app.app_context():
        assert db.session.scalar(select(CertificateCounter.last_serial)) == 1


def test_rejection_needs_a_reason_then_a_confirmation(app, factory, region):
    member = provider(factory)
    signed = factory.signature(member)
    url = f"/region/signatures/{signed.id}/refuser"
    assert 'name="reason"' in region.get(url).text
    empty = region.post(url, data={"reason": "   "})
    assert empty.status_code == 400
    assert "Indiquez le motif du refus" in empty.text
    reason = "Le SIRET correspond à un établissement de Rennes.\nCorrigez le profil."
    confirm = region.post(url, data={"reason": reason})
    assert confirm.status_code == 200
    assert "Confirmer le refus" in confirm.text and "établissement de Rennes" in confirm.text
    assert signature_row(app, signed.id)["status"] is SignatureStatus.PENDING
    edit = region.post(url, data={"reason": reason, "edit": "1"})
    assert "Continuer" in edit.text and "établissement de Rennes" in edit.text
    assert outbox_messages(app) == []
    done = region.post(url, data={"reason": reason, "confirmed": "1"})
    assert done.headers["Location"] == "/region/signatures"
    row = signature_row(app, signed.id)
    assert row["status"] is SignatureStatus.REJECTED
    assert row["certificate_number"] is None
    assert row["events"][-1] == ("pending", "rejected", reason)
    body = message_text(last_message_to(app, member.email))
    assert "établissement de Rennes" in body and "signer de nouveau" in body


def test_the_provider_sees_the_reason_and_may_sign_again(app, factory, region):
    member = provider(factory)
    signed = factory.signature(member)
    region.post(
        f"/region/signatures/{signed.id}/refuser",
        data={"reason": "Signataire sans pouvoir d'engager l'entreprise.", "confirmed": "1"},
    )
    client = app.test_client()
    sign_in(app, client, member)
    dashboard = client.get("/prestataire").get_data(as_text=True)
    assert "Signataire sans pouvoir d&#39;engager l&#39;entreprise." in dashboard
    assert "Signer de nouveau" in dashboard
    assert client.get("/prestataire/signature").text.count('<fieldset class="commitment') == 10


def test_validating_a_renewal_supersedes_the_old_signature_and_loses_no_day(app, factory):
    reviewer = region_officer(factory)
    member = provider(factory)
    now = utcnow()
    old = factory.signature(
        member,
        validate_by=reviewer,
        signed_at=now - timedelta(days=720),
        validated_at=now - timedelta(days=700),
    )
    old_expiry = signature_row(app, old.id)["expires_on"]
    with app.app_context():
        assert 0 < (old_expiry - local_date(now)).days <= 90  # in the renewal window
    renewal = factory.signature(member, validate_by=reviewer)
    new = signature_row(app, renewal.id)
    assert new["expires_on"] == add_months(old_expiry, 24)
    previous = signature_row(app, old.id)
    assert previous["status"] is SignatureStatus.SUPERSEDED
    assert previous["events"][-1][:2] == ("active", "superseded")
    assert renewal.certificate_number in previous["events"][-1][2]
    page = app.test_client().get(f"/verification/{old.certificate_number}").text
    assert "remplacée par une attestation plus récente" in page
    assert f"/verification/{renewal.certificate_number}" in page


def test_a_tampered_signature_shows_on_its_page(app, factory, region):
    signed = factory.signature(provider(factory, name="Honnête SARL"))
    with app.app_context():
        db.session.execute(
            text("UPDATE signature SET organization_name = 'Autre SARL' WHERE id = :id"),
            {"id": signed.id},
        )
        db.session.commit()
    page = region.get(f"/region/signatures/{signed.id}").text
    assert "la signature a été altérée" in page


def test_numbers_are_dense_per_year_and_a_failed_validation_leaves_no_gap(
    app, factory, reviewer, monkeypatch
):
    first, second, third = (factory.signature(provider(factory)) for _ in range(3))
    real_record = audit.record

    def failing(session, action, **kwargs):
        if action == "signature.validated":
            raise RuntimeError("panne au milieu de la validation")
        return real_record(session, action, **kwargs)

    with app.test_request_context():
        monkeypatch.setattr(audit, "record", failing)
        with pytest.raises(RuntimeError):
            signatures.validate(db.session, first.id, reviewer.id, notify=False)
        monkeypatch.setattr(audit, "record", real_record)
        year = local_date(utcnow()).year
        numbers = [
            signatures.validate(db.session, s.id, reviewer.id, notify=False)
            for s in (second, first)
        ]
        assert numbers == [f"CCN-{year}-00001", f"CCN-{year}-00002"]
        earlier = utcnow().replace(year=year - 1)
        assert (
            signatures.validate(db.session, third.id, reviewer.id, at=earlier, notify=False)
            == f"CCN-{year - 1}-00001"
        )


def test_set_status_suspends_revokes_and_reinstates_with_a_reason(app, factory, reviewer):
    signed = factory.signature(provider(factory), validate_by=reviewer)
    with app.test_request_context():
        with pytest.raises(ValueError, match="reason"):
            signatures.set_status(
                db.session, signed.id, SignatureStatus.SUSPENDED, reviewer.id, " "
            )
        signatures.set_status(
            db.session, signed.id, SignatureStatus.SUSPENDED, reviewer.id, "Audit en cours"
        )
        signatures.set_status(
            db.session, signed.id, SignatureStatus.ACTIVE, reviewer.id, "Audit concluant"
        )
        with pytest.raises(ValueError, match="validate"):
            signatures.set_status(
                db.session, signed.id, SignatureStatus.SUPERSEDED, reviewer.id, "x"
            )
        signatures.set_status(db.session, signed.id, SignatureStatus.REVOKED, reviewer.id, "Fin")
        with pytest.raises(signatures.TransitionRefused):
            signatures.set_status(db.session, signed.id, SignatureStatus.ACTIVE, reviewer.id, "x")
    assert [e[:2] for e in signature_row(app, signed.id)["events"]] == [
        (None, "pending"),
        ("pending", "active"),
        ("active", "suspended"),
        ("suspended", "active"),
        ("active", "revoked"),
    ]


def test_validating_asks_for_confirmation_and_links_the_siret_to_its_public_record(
    app, factory, region
):
    member = provider(factory, name="Falaise Réseaux")
    signed = factory.signature(member)
    with app.app_context():
        siret = db.session.get(Signature, signed.id).siret
    detail = region.get(f"/region/signatures/{signed.id}").text
    # « Valider » no longer posts from the detail page: it opens a confirmation
    assert f'action="/region/signatures/{signed.id}/valider"' not in detail
    assert f'href="/region/signatures/{signed.id}/valider"' in detail
    record = f"https://annuaire-entreprises.data.gouv.fr/etablissement/{siret}"
    assert f'href="{record}" target="_blank" rel="noopener noreferrer"' in detail
    confirm = region.get(f"/region/signatures/{signed.id}/valider")
    assert confirm.status_code == 200
    assert "Confirmer la validation de la signature de Falaise Réseaux" in confirm.text
    assert "Confirmer : valider la signature" in confirm.text and record in confirm.text
    assert signature_row(app, signed.id)["status"] is SignatureStatus.PENDING  # nothing yet
    region.post(f"/region/signatures/{signed.id}/valider")
    assert signature_row(app, signed.id)["status"] is SignatureStatus.ACTIVE
    again = region.get(f"/region/signatures/{signed.id}/valider")
    assert again.headers["Location"] == f"/region/signatures/{signed.id}"
    signatory = region.get(f"/region/signataires/{member.organization_id}").text
    assert f'href="{record}"' in signatory
