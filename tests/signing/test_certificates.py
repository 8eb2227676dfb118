"""The certificate PDF and the public verification page its QR code opens."""

from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta

import pytest

from charter.db import utcnow
from charter.extensions import db
from charter.models import SignatureStatus
from charter.services import certificates, signatures
from charter.services.dates import local_date
from tests.helpers import sign_in
from tests.reports.helpers import all_text, image_count, qpdf_check, reader
from tests.signing.helpers import provider, region_officer


@pytest.fixture
def reviewer(factory):
    return region_officer(factory)


@pytest.fixture
def validated(factory, reviewer):
    member = provider(factory, name="Côté Réseaux & Cœur Numérique SAS", siret="73282932000074")
    return member, factory.signature(member, validate_by=reviewer, role="Gérante")


def download(app, user, url):
    client = app.test_client()
    sign_in(app, client, user)
    return client.get(url)


def test_a_member_downloads_the_certificate_with_its_facts(app, validated, tmp_path):
    member, signed = validated
    response = download(app, member, f"/prestataire/signatures/{signed.id}/attestation.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="attestation-{signed.certificate_number}.pdf"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    pdf = response.data
    text = all_text(pdf)
    assert "Côté Réseaux & Cœur Numérique SAS" in text
    assert "SIRET 732 829 320 00074" in text
    assert signed.certificate_number in text
    assert f"{app.config['BASE_URL']}/verification/{signed.certificate_number}" in text
    assert "Gérante" in text and "version 1" in text
    assert len(reader(pdf).pages) == 1 and image_count(pdf) == 0
    check = qpdf_check(pdf, tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_qr_code_decodes_to_the_verification_address(app, validated, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    image_module = pytest.importorskip("PIL.Image")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    member, signed = validated
    pdf = download(app, member, f"/prestataire/signatures/{signed.id}/attestation.pdf").data
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", "c.pdf", "page"],
        cwd=tmp_path,
        check=True,
        timeout=60,
    )
    with image_module.open(tmp_path / "page.png") as page:
        decoded = [result.text for result in zxingcpp.read_barcodes(page)]
    assert decoded == [f"{app.config['BASE_URL']}/verification/{signed.certificate_number}"]


def test_the_same_certificate_downloads_identically_for_the_region(app, validated, reviewer):
    member, signed = validated
    mine = download(app, member, f"/prestataire/signatures/{signed.id}/attestation.pdf").data
    theirs = download(app, reviewer, f"/region/signatures/{signed.id}/attestation.pdf").data
    assert mine == theirs


def test_no_certificate_before_validation(app, factory):
    member = provider(factory)
    pending = factory.signature(member)
    url = f"/prestataire/signatures/{pending.id}/attestation.pdf"
    assert download(app, member, url).status_code == 404
    assert download(app, member, "/prestataire/signatures/999/attestation.pdf").status_code == 404


def verification(app, number):
    return app.test_client().get(f"/verification/{number}")


def test_a_valid_certificate_says_so_with_public_facts_only(app, validated):
    _member, signed = validated
    response = verification(app, signed.certificate_number)
    assert response.status_code == 200
    page = response.text
    assert "Valide" in page and "Cette attestation est valide" in page
    assert "Côté Réseaux &amp; Cœur Numérique SAS" in page
    assert "732 829 320 00074" in page
    assert 'name="robots" content="noindex"' in page
    for private in ("203.0.113.7", "pytest", "Signataire", "Gérante", "@exemple.fr"):
        assert private not in page


def test_suspended_and_revoked_certificates_say_so_without_the_reason(app, validated, reviewer):
    _member, signed = validated
    with app.test_request_context():
        signatures.set_status(
            db.session, signed.id, SignatureStatus.SUSPENDED, reviewer.id, "Motif interne"
        )
    page = verification(app, signed.certificate_number).text
    assert "Suspendue" in page and "a suspendu cette signature" in page
    assert "Motif interne" not in page
    with app.test_request_context():
        signatures.set_status(db.session, signed.id, SignatureStatus.REVOKED, reviewer.id, "Fin")
    page = verification(app, signed.certificate_number).text
    assert "Révoquée" in page and "a révoqué cette signature" in page


def test_an_expired_certificate_says_when_it_expired(app, factory, reviewer):
    long_ago = utcnow() - timedelta(days=800)
    signed = factory.signature(
        provider(factory), validate_by=reviewer, signed_at=long_ago, validated_at=long_ago
    )
    page = verification(app, signed.certificate_number).text
    assert "Expirée" in page and "a expiré le" in page


def test_unknown_and_malformed_numbers(app, validated):
    _member, signed = validated
    unknown = verification(app, "CCN-1999-00001")
    assert unknown.status_code == 404
    assert "Aucune attestation ne porte ce numéro" in unknown.text
    assert verification(app, "n'importe-quoi").status_code == 404
    lower = verification(app, signed.certificate_number.lower())
    assert lower.status_code == 301
    assert lower.headers["Location"] == f"/verification/{signed.certificate_number}"


def test_the_lookup_form_sends_to_the_verification_page(app, validated):
    _member, signed = validated
    client = app.test_client()
    assert 'name="numero"' in client.get("/verification").text
    typed = " " + signed.certificate_number.lower() + " "
    found = client.get("/verification", query_string={"numero": typed})
    assert found.headers["Location"] == f"/verification/{signed.certificate_number}"
    wrong = client.get("/verification", query_string={"numero": "12345"})
    assert wrong.status_code == 400
    assert "pas la bonne forme" in wrong.text and 'aria-invalid="true"' in wrong.text


def test_a_new_charter_version_keeps_old_certificates_valid_for_the_grace_period(
    app, factory, validated
):
    _member, signed = validated
    factory.charter("charte-v2-example.yaml")
    with app.test_request_context():
        today = local_date(utcnow())
        grace = app.config["NEW_VERSION_GRACE_DAYS"]
        during = certificates.verify(db.session, signed.certificate_number, today)
        assert during.state == "valid"
        assert during.last_valid_day == today + timedelta(days=grace)
        after = certificates.verify(
            db.session, signed.certificate_number, today + timedelta(days=grace + 1)
        )
        assert after.state == "expired"
