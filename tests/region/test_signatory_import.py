"""The Region imports its paper signatories: upload, preview, confirm, claim (issue 20 §2)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from charter.db import utcnow
from charter.extensions import db
from charter.models import (
    AuditEvent,
    CertificateCounter,
    ClaimInvitation,
    Organization,
    OrganizationRole,
    OutgoingMail,
    SignatoryImport,
    SignatoryStanding,
    Signature,
    SignatureStatus,
    User,
)
from charter.services import signatory_import
from tests.core.test_signatory_import import csv_file, row, siret, xlsx_file
from tests.factories import PASSWORD
from tests.helpers import link_in, login, outbox_messages, redirect_target
from tests.region.helpers import bare_provider


@pytest.fixture
def charter_v1(factory: Any) -> int:
    return factory.charter()


def upload(client: Any, content: bytes, name: str = "signataires.csv") -> Any:
    return client.post(
        "/region/import",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def counts(app: Any) -> dict[str, int]:
    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Organization, Signature, ClaimInvitation, OutgoingMail, User)
        } | {
            "serials": db.session.scalar(
                select(func.coalesce(func.sum(CertificateCounter.last_serial), 0))
            )
        }


GOOD_AND_BAD = [
    row(1, raison_sociale="Bocage Numérique", email="contact@bocage.fr"),
    row(2, raison_sociale="Côte Réseaux", departement="76", date_signature="2025-06-30"),
    row(3, siret="12345678901234"),
    row(4, version="7"),
]


# ---------------------------------------------------------------------------- the pages


def test_the_preview_shows_every_row_with_its_fate_and_writes_nothing(app, admin, charter_v1):
    before = counts(app)
    response = upload(admin, csv_file(GOOD_AND_BAD))
    preview = redirect_target(response)
    assert preview.startswith("/region/import/")
    page = admin.get(preview).get_data(as_text=True)
    assert "2 lignes nouvelles" in page and "2 lignes en erreur" in page
    assert "Bocage Numérique" in page and "nouveau" in page
    assert "SIRET invalide" in page
    assert "Version de la charte inconnue : « 7 »" in page
    assert counts(app) == before


def test_a_file_with_errors_needs_the_officer_s_choice(app, admin, charter_v1):
    preview = redirect_target(upload(admin, csv_file(GOOD_AND_BAD)))
    before = counts(app)
    refused = admin.post(preview, data={})
    assert redirect_target(refused) == preview
    assert "lignes en erreur" in admin.get(preview).get_data(as_text=True)
    assert counts(app) == before

    done = admin.post(preview, data={"include_errors": "y"})
    assert redirect_target(done) == preview
    page = admin.get(preview).get_data(as_text=True)
    assert "2 signatures ajoutées" in page and "2 lignes en erreur, laissées de côté" in page
    after = counts(app)
    assert after["organization"] == before["organization"] + 2
    assert after["signature"] == before["signature"] + 2
    assert after["claim_invitation"] == before["claim_invitation"] + 2


def test_imported_signatures_are_validated_on_their_date_and_marked(app, admin, charter_v1):
    preview = redirect_target(upload(admin, csv_file(GOOD_AND_BAD[:2])))
    admin.post(preview, data={})
    with app.app_context():
        rows = db.session.scalars(select(Signature).order_by(Signature.id)).all()
        first, second = rows
        assert first.status is SignatureStatus.ACTIVE and first.signer_id is None
        assert first.validated_at.date() == date(2024, 3, 14)  # 15 March, 00:00 in Paris
        assert first.expires_on == date(2026, 3, 15)  # 24 months, the usual validity
        assert first.certificate_number.startswith("CCN-2024-")
        assert second.certificate_number.startswith("CCN-2025-")
        record = first.signatory_import
        assert record.reference.startswith("IMP-") and record.uploaded_by_id == admin.officer.id
        assert first.validated_by_id == admin.officer.id
        assert "importée par la Région" in first.events[0].reason
        organization = db.session.get(Organization, first.organization_id)
        assert organization.is_provider and not organization.directory_consent
        standing = db.session.get(SignatoryStanding, first.organization_id)
        assert standing is not None and not standing.listed
        [event] = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "signatories.imported")
        ).all()
        assert event.details["created"] == 2 and event.details["errors"] == 0
        assert event.details["reference"] == record.reference


def test_certificate_numbers_continue_the_year_s_sequence(app, admin, charter_v1, factory):
    with app.app_context():
        db.session.add(CertificateCounter(year=2024, last_serial=41))
        db.session.commit()
    preview = redirect_target(upload(admin, csv_file([row(1)])))
    admin.post(preview, data={})
    with app.app_context():
        number = db.session.scalar(select(Signature.certificate_number))
    assert number == "CCN-2024-00042"


def test_importing_the_same_file_twice_changes_nothing_and_says_so(app, admin, charter_v1):
    content = csv_file(GOOD_AND_BAD[:2])
    admin.post(redirect_target(upload(admin, content)), data={})
    before = counts(app)
    preview = redirect_target(upload(admin, content))
    page = admin.get(preview).get_data(as_text=True)
    assert "Ce fichier a déjà été importé" in page and "2 lignes déjà présentes" in page
    response = admin.post(preview, data={}, follow_redirects=True)
    assert "Rien n&#39;a changé" in response.get_data(as_text=True)
    assert "0 signature ajoutée" in response.get_data(as_text=True)
    assert counts(app) == before


def test_a_registered_company_is_already_present(app, admin, charter_v1, factory):
    existing = bare_provider(factory)
    content = csv_file([row(1, siret=existing.siret), row(2)])
    page = admin.get(redirect_target(upload(admin, content))).get_data(as_text=True)
    assert "1 ligne déjà présente" in page and "1 ligne nouvelle" in page


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"siret;nom\r\n1;2\r\n", "a.csv", "colonnes manquantes : raison_sociale"),
        (b"%PDF-1.4 \x00\x01", "a.pdf", "ni un CSV ni un classeur XLSX"),
        (csv_file([row(1, raison_sociale="=1+1")]), "a.csv", "est une formule"),
    ],
)
def test_bad_files_are_refused_with_a_clear_error_and_nothing_changes(
    app, admin, charter_v1, content, name, expected
):
    before = counts(app)
    response = upload(admin, content, name)
    assert response.status_code == 400
    assert expected in response.get_data(as_text=True).replace("&#39;", "'")
    assert "Rien n'a été enregistré" in response.get_data(as_text=True).replace("&#39;", "'")
    assert counts(app) == before
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SignatoryImport)) == 0


@pytest.mark.parametrize("app_config", [{"SIGNATORY_IMPORT_MAX_ROWS": 3}])
def test_the_configured_maximum_of_rows(admin, charter_v1, app_config):
    assert upload(admin, csv_file([row(1), row(2)])).status_code == 302
    response = upload(admin, csv_file([row(1), row(2), row(3)]))
    assert response.status_code == 400
    assert "3 lignes ou plus" in response.get_data(as_text=True)


def test_an_xlsx_file_is_imported(app, admin, charter_v1):
    content = xlsx_file([[siret(1), "Classeur SARL", "50", "x@classeur.fr", "1", "02/01/2025"]])
    preview = redirect_target(upload(admin, content, "signataires.xlsx"))
    assert "1 ligne nouvelle" in admin.get(preview).get_data(as_text=True)


def test_the_template_is_a_csv_with_the_columns(admin):
    response = admin.get("/region/import/modele.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data().decode("utf-8-sig")
    assert body.strip() == "siret;raison_sociale;departement;email;version;date_signature"


def test_another_administrator_cannot_read_or_confirm_an_upload(app, admin, factory, charter_v1):
    from charter.models import Role
    from tests.region.helpers import officer_client

    preview = redirect_target(upload(admin, csv_file([row(1)])))
    other = officer_client(app, factory, Role.REGION_ADMIN)
    assert other.get(preview).status_code == 404
    assert other.post(preview, data={}).status_code == 404
    assert counts(app)["signature"] == 0


# ------------------------------------------------------------------------------ the claim


def test_a_contact_claims_its_company_and_only_then_may_be_listed(app, admin, charter_v1):
    recent = row(1, raison_sociale="Bocage Numérique", email="contact@bocage.fr")
    recent["date_signature"] = (utcnow().date() - timedelta(days=30)).strftime("%d/%m/%Y")
    preview = redirect_target(upload(admin, csv_file([recent])))
    admin.post(preview, data={})
    with app.app_context():
        [standing] = db.session.scalars(select(SignatoryStanding)).all()
        assert standing.verdict != "non_conforme" and not standing.listed
    assert (
        app.test_client().get("/annuaire?q=bocage").get_data(as_text=True).count("Bocage Numérique")
        == 0
    )
    [mail] = [m for m in outbox_messages(app) if m["To"] == "contact@bocage.fr"]
    assert "Bocage Numérique" in mail.get_body(("plain",)).get_content()
    link = link_in(mail, "/inscription/reprise/")

    visitor = app.test_client()
    page = visitor.get(link).get_data(as_text=True)
    assert "Prendre en main le compte de Bocage Numérique" in page
    response = visitor.post(link, data={"full_name": "Anne Bocage", "password": PASSWORD})
    assert redirect_target(response).startswith("/connexion")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "contact@bocage.fr"))
        assert user.email_verified_at is not None and user.organization.name == "Bocage Numérique"
        assert user.organization_role is OrganizationRole.OWNER  # issue 20 §1: takes it in hand
        org_id = user.organization_id
    assert visitor.get(link).status_code == 400  # single use

    logged = app.test_client()
    contact = type("Contact", (), {"email": "contact@bocage.fr", "password": PASSWORD})()
    assert redirect_target(login(logged, contact)) != "/connexion"
    logged.post("/prestataire/annuaire", data={"consent": "yes"})
    with app.app_context():
        assert db.session.get(Organization, org_id).directory_consent
        assert db.session.get(SignatoryStanding, org_id).listed
    assert "Bocage Numérique" in app.test_client().get("/annuaire?q=bocage").get_data(as_text=True)


def test_an_unknown_claim_link_says_it_does_not_work(client):
    response = client.get("/inscription/reprise/inconnu")
    assert response.status_code == 400
    assert "Ce lien ne fonctionne plus" in response.get_data(as_text=True)


# ------------------------------------------------------------------------------ the command


def test_the_command_previews_then_imports(app, runner, factory, charter_v1, tmp_path):
    from charter.models import Role
    from tests.signing.helpers import region_officer

    officer = region_officer(factory, Role.REGION_ADMIN)
    path = tmp_path / "signataires.csv"
    path.write_bytes(csv_file(GOOD_AND_BAD))
    before = counts(app)
    result = runner.invoke(args=["charter", "import-signatories", str(path), "--by", officer.email])
    assert result.exit_code == 0, result.output
    assert "ligne 4 ; 12345678901234" in result.output and "SIRET invalide" in result.output
    assert "2 nouveau(x), 0 déjà présent(s), 2 en erreur." in result.output
    assert counts(app) == before

    args = ["charter", "import-signatories", str(path), "--by", officer.email, "--confirm"]
    refused = runner.invoke(args=args)
    assert refused.exit_code != 0 and "--skip-errors" in refused.output
    assert counts(app) == before

    done = runner.invoke(args=[*args, "--skip-errors"])
    assert done.exit_code == 0, done.output
    assert "2 signature(s) ajoutée(s)" in done.output
    again = runner.invoke(args=[*args, "--skip-errors"])
    assert "Rien n'a changé" in again.output
    assert counts(app)["signature"] == before["signature"] + 2


def test_the_command_refuses_a_bad_file_and_a_non_administrator(runner, factory, tmp_path):
    from tests.signing.helpers import region_officer

    reviewer = region_officer(factory)
    path = tmp_path / "x.csv"
    path.write_bytes(b"nom;prenom\r\n")
    result = runner.invoke(
        args=["charter", "import-signatories", str(path), "--by", reviewer.email]
    )
    assert result.exit_code != 0 and "administrateur" in result.output


def test_service_refuses_to_confirm_twice(app, factory, charter_v1):
    from charter.models import Role
    from tests.signing.helpers import region_officer

    officer = region_officer(factory, Role.REGION_ADMIN)
    with app.test_request_context():
        token = signatory_import.upload(
            db.session, actor_id=officer.id, filename="a.csv", content=csv_file([row(1)])
        )
        outcome = signatory_import.confirm(db.session, actor_id=officer.id, token=token)
        assert outcome.created == 1
        with pytest.raises(signatory_import.NotConfirmable) as refused:
            signatory_import.confirm(db.session, actor_id=officer.id, token=token)
        assert refused.value.code == "confirmed"


def test_an_imported_signature_reads_everywhere_a_signature_is_shown(app, admin, charter_v1):
    preview = redirect_target(upload(admin, csv_file(GOOD_AND_BAD[1:2])))
    admin.post(preview, data={})
    with app.app_context():
        signature = db.session.scalar(select(Signature))
        ids = (signature.id, signature.organization_id, signature.certificate_number)
        reference = signature.signatory_import.reference
    signature_id, org_id, number = ids
    detail = admin.get(f"/region/signatures/{signature_id}")
    assert detail.status_code == 200
    assert f"Signée hors du service, sur papier : import {reference}" in detail.get_data(
        as_text=True
    ).replace("&#39;", "'")
    assert admin.get(f"/region/signataires/{org_id}").status_code == 200
    pdf = admin.get(f"/region/signatures/{signature_id}/attestation.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    verification = app.test_client().get(f"/verification/{number}").get_data(as_text=True)
    assert "Côte Réseaux" in verification


def test_the_purge_deletes_unconfirmed_files_and_unused_claim_links(app, admin, charter_v1):
    from datetime import timedelta as days

    from charter.services import retention

    admin.post(redirect_target(upload(admin, csv_file([row(1)]))), data={})
    redirect_target(upload(admin, csv_file([row(2)])))  # never confirmed
    later = utcnow() + days(days=3)
    with app.app_context():
        assert retention.purge(db.session, now=later)
        kept = db.session.scalars(select(SignatoryImport.confirmed_at)).all()
        assert len(kept) == 1 and kept[0] is not None
        assert db.session.scalar(select(func.count()).select_from(ClaimInvitation)) == 1
        retention.purge(db.session, now=utcnow() + days(days=60 + 31))
        assert db.session.scalar(select(func.count()).select_from(ClaimInvitation)) == 0


def test_a_company_registered_meanwhile_makes_the_confirmation_a_clear_no_op(
    app, admin, charter_v1, factory, monkeypatch
):
    """What two concurrent writers would do on PostgreSQL: the plan still says « nouveau » for
    a SIRET that another transaction has just registered."""
    preview = redirect_target(upload(admin, csv_file([row(1), row(2)])))
    with app.app_context():
        stale = signatory_import.plan_for(db.session, csv_file([row(1), row(2)]))
    bare_provider(factory, siret=siret(2))
    monkeypatch.setattr(signatory_import, "plan_for", lambda _session, _content: stale)
    before = counts(app)
    response = admin.post(preview, data={}, follow_redirects=True)
    assert "rien n&#39;a été importé" in response.get_data(as_text=True)
    assert counts(app) == before
