"""The signature attestation: one page, the facts in text, a QR code that decodes to the URL."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest

from charter.reports import CertificateData, render_certificate
from charter.reports.samples import sample_certificate
from tests.reports.helpers import all_text, image_count, qpdf_check, reader


@pytest.fixture(scope="module")
def certificate() -> CertificateData:
    return sample_certificate()


@pytest.fixture(scope="module")
def certificate_pdf(certificate: CertificateData) -> bytes:
    return render_certificate(certificate)


def test_certificate_states_the_facts(certificate: CertificateData, certificate_pdf: bytes) -> None:
    document = reader(certificate_pdf)
    assert len(document.pages) == 1
    text = all_text(certificate_pdf)
    assert "Attestation de signature" in text
    assert certificate.organisation_name in text
    assert "SIRET 732 829 320 00074" in text
    assert "CCN-2026-00042" in text
    assert certificate.charter_title in text and "version v1" in text
    assert "15 janvier 2026" in text  # signature
    assert "22 janvier 2026" in text  # validation
    assert "22 janvier 2028" in text  # expiry
    assert certificate.verification_url in text  # printed as text too
    assert "Région Normandie" in text and "CCI Normandie" in text
    # An attestation "atteste"; it never "certifie" (it is not a certification).
    assert "atteste que l'entreprise ci-dessus a signé la charte" in text
    assert "n'atteste ni un niveau de sécurité" in text
    assert "certifie" not in text
    assert "Émilie Lœuillet, Gérante" in text
    metadata = document.metadata
    assert metadata is not None
    assert metadata.author == "Charte Cyber Normandie"
    assert metadata.title == f"Attestation de signature — {certificate.organisation_name}"
    assert metadata["/CreationDate"] == "D:20260122164000+00'00'"
    assert document.trailer["/Root"]["/Lang"] == "fr-FR"


def test_certificate_is_valid_and_deterministic(
    certificate: CertificateData, certificate_pdf: bytes, tmp_path: Path
) -> None:
    check = qpdf_check(certificate_pdf, tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert render_certificate(certificate) == certificate_pdf
    assert image_count(certificate_pdf) == 0  # the QR code is vector


def test_qr_code_decodes_to_the_verification_url(
    certificate: CertificateData, certificate_pdf: bytes, tmp_path: Path
) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    image_module = pytest.importorskip("PIL.Image")
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm is not installed")
    (tmp_path / "certificate.pdf").write_bytes(certificate_pdf)
    subprocess.run(
        [pdftoppm, "-r", "150", "-png", "-singlefile", "certificate.pdf", "page"],
        cwd=tmp_path,
        check=True,
        timeout=60,
    )
    with image_module.open(tmp_path / "page.png") as page:
        decoded = [result.text for result in zxingcpp.read_barcodes(page)]
    assert decoded == [certificate.verification_url]


def test_markup_in_names_is_printed_literally(certificate: CertificateData) -> None:
    name = '<img src="/etc/hostname"/> <font color="red">Réseaux</font> & Cie'
    data = dataclasses.replace(certificate, organisation_name=name, signer_role="<b>PDG</b>")
    pdf = render_certificate(data)
    text = all_text(pdf)
    assert name in text and "<b>PDG</b>" in text
    assert image_count(pdf) == 0


def test_a_very_long_name_still_fits_on_one_page(certificate: CertificateData) -> None:
    data = dataclasses.replace(certificate, organisation_name="Société coopérative " * 30)
    assert len(reader(render_certificate(data)).pages) == 1


def test_invalid_input_is_refused(certificate: CertificateData) -> None:
    with pytest.raises(ValueError, match="14 digits"):
        render_certificate(dataclasses.replace(certificate, siret="1234"))
    with pytest.raises(ValueError, match="http"):
        dataclasses.replace(certificate, verification_url="javascript:alert(1)")
    with pytest.raises(ValueError, match="timezone-aware"):
        dataclasses.replace(certificate, signed_at=certificate.signed_at.replace(tzinfo=None))
