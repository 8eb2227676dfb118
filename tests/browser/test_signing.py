"""Signing the charter in a real browser, from registration to a certificate whose QR code
opens a valid verification page; a rejection seen by the provider; axe on every new page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select, update

from charter.demo import DEMO_PASSWORD, DEMO_TOTP_SECRETS
from charter.extensions import db
from charter.models import Organization, Signature, User
from tests.browser.conftest import NARROW, LiveServer, assert_accessible, assert_no_csp_violation
from tests.browser.test_accounts import ACCEPT_TERMS, PASSWORD, fill_login, read_link
from tests.factories import valid_siret

pytestmark = pytest.mark.browser
REVIEWER = "relecteur@region-normandie.example"
ADMIN = "admin@region-normandie.example"


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.locator(".flashes")).to_contain_text("déconnecté")


def region_login(page: Page, server: LiveServer, address: str) -> None:
    """Log a Region officer in on ``server``, with the password and the current TOTP code."""
    fill_login(page, address, DEMO_PASSWORD)
    # A code is accepted once (replay protection, tested in tests/test_two_factor.py): forget the
    # step this account last used, so that a second login within the same 30 s need not wait
    # for the next one.
    with server.app.app_context():
        db.session.execute(update(User).where(User.email == address).values(totp_last_step=None))
        db.session.commit()
    page.get_by_label("Code de vérification").fill(pyotp.TOTP(DEMO_TOTP_SECRETS[address]).now())
    page.get_by_role("button", name="Valider").click()
    # Region officers land on the compliance list; these tests review pending signatures.
    expect(page.get_by_role("heading", level=1)).to_have_text("Signataires et conformité")
    page.get_by_role("link", name="Signatures à valider").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signatures à valider")


def register_provider(page: Page, live_server, name: str, address: str, seed: int) -> None:
    page.goto("/inscription/prestataire")
    page.get_by_label("Nom de l'entreprise").fill(name)
    page.get_by_label("Numéro SIRET de l'établissement").fill(valid_siret(seed))
    page.get_by_label("Département de l'établissement").select_option("14")
    page.get_by_label("Commune").fill("Bayeux")
    page.get_by_label("Sécurité informatique, audit").check()
    page.get_by_label("Vos prénom et nom").fill("Maëlle Le Goff")
    page.get_by_label("Votre adresse e-mail professionnelle").fill(address)
    page.get_by_label("Choisissez un mot de passe").fill(PASSWORD)
    page.get_by_label(ACCEPT_TERMS).check()
    page.get_by_role("button", name="Créer le compte").click()
    page.goto(read_link(live_server, address, "/inscription/confirmer/"))
    page.get_by_role("button", name="Confirmer mon adresse").click()
    fill_login(page, address, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")


def sign_the_charter(page: Page) -> None:
    page.get_by_role("link", name="Lire et signer la charte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signer la charte")
    assert_accessible(page, "signing page")
    page.get_by_role("button", name="Continuer : vérifier avant de signer").click()
    expect(page.locator(".error-summary")).to_contain_text("Cochez l'engagement n° 1")
    assert_accessible(page, "signing page with errors")
    page.locator(".error-summary a", has_text="engagement n° 4").click()
    expect(page.locator("#commitment_4")).to_be_focused()
    for fieldset in page.locator("fieldset.commitment").all():
        fieldset.get_by_role("checkbox").check()
    page.get_by_label("Votre fonction dans l'entreprise").fill("Présidente")
    page.get_by_label(re.compile("Je déclare être habilité")).check()
    page.get_by_role("button", name="Continuer : vérifier avant de signer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez avant de signer")
    assert_accessible(page, "review before signing")
    page.get_by_label("Votre mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Signer la charte").click()
    expect(page.locator(".flashes")).to_contain_text("Votre signature est enregistrée")
    expect(page.locator(".badge", has_text="En attente de validation")).to_be_visible()
    assert_accessible(page, "dashboard, pending")


def qr_code_address(pdf: Path, tmp_path: Path) -> str:
    import zxingcpp
    from PIL import Image

    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    with Image.open(tmp_path / "page.png") as image:
        [found] = zxingcpp.read_barcodes(image)
    return found.text


def test_a_provider_signs_the_region_validates_and_the_qr_code_verifies(
    page: Page, live_server, tmp_path
):
    name = "Bessin Cyber Conseil"
    address = "maelle@bessin-cyber.fr"
    register_provider(page, live_server, name, address, seed=8101)
    assert_accessible(page, "dashboard before signing")
    sign_the_charter(page)
    log_out(page)

    region_login(page, live_server, REVIEWER)
    assert_accessible(page, "Region pending list")
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Signature de {name}")
    expect(page.get_by_text("Empreinte vérifiée")).to_be_visible()
    assert_accessible(page, "Region signature detail")
    page.get_by_role("link", name="Valider la signature…").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confirmer la validation")
    page.get_by_role("button", name="Confirmer : valider la signature").click()
    flash = page.locator(".flashes")
    expect(flash).to_contain_text("Signature validée : attestation n° CCN-")
    number = re.search(r"CCN-\d{4}-\d{5}", flash.inner_text()).group(0)
    log_out(page)

    fill_login(page, address, PASSWORD)
    expect(page.get_by_text("Votre signature est valide jusqu'au")).to_be_visible()
    assert_accessible(page, "dashboard, valid")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger l'attestation (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"attestation-{number}.pdf"
    pdf = tmp_path / download.suggested_filename
    download.save_as(pdf)
    assert subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True).returncode == 0
    url = qr_code_address(pdf, tmp_path)
    assert url == f"{live_server.url}/verification/{number}"

    page.get_by_label("Oui, tant que notre signature est valide").check()
    page.get_by_role("button", name="Enregistrer mon choix").click()
    expect(page.locator(".flashes")).to_contain_text("figurera dans l'annuaire")
    log_out(page)

    page.goto(url)
    expect(page.locator(".verdict-state")).to_have_text("Valide")
    expect(page.locator("dl.summary")).to_contain_text(name)
    assert_accessible(page, "verification, valid")
    page.goto("/annuaire?q=bessin")
    expect(page.locator(".provider-card h3")).to_have_text([name])
    page.get_by_role("link", name=f"Vérifier l'attestation n° {number}").click()
    expect(page).to_have_url(url)
    assert_no_csp_violation(page)


def test_the_region_rejects_and_the_provider_sees_the_reason(page: Page, live_server):
    region_login(page, live_server, ADMIN)
    page.get_by_role("link", name="Seine Numérique Services").click()
    page.get_by_role("link", name="Refuser la signature…").click()
    assert_accessible(page, "rejection form")
    page.get_by_role("button", name="Continuer").click()
    expect(page.locator(".error-summary")).to_contain_text("Indiquez le motif du refus")
    reason = "Le signataire doit être le dirigeant ou avoir sa délégation écrite."
    page.get_by_label("Motif du refus").fill(reason)
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confirmer le refus")
    assert_accessible(page, "rejection confirmation")
    page.get_by_role("button", name="Confirmer le refus").click()
    expect(page.locator(".flashes")).to_contain_text("Signature refusée")
    log_out(page)

    fill_login(page, "contact@seine-numerique.example", DEMO_PASSWORD)
    expect(page.locator(".badge", has_text="Refusée")).to_be_visible()
    expect(page.locator("blockquote.reason")).to_have_text(reason)
    expect(page.get_by_role("link", name="Signer de nouveau")).to_be_visible()
    assert_accessible(page, "dashboard, rejected")


@pytest.mark.parametrize("path", ["/charte", "/annuaire", "/verification?numero=123"])
def test_public_pages_are_accessible_at_320px(page: Page, live_server, path: str):
    page.set_viewport_size(NARROW)
    page.goto(path)
    assert_accessible(page, f"{path} at 320 px")
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]


def test_verification_of_an_expired_demo_certificate(page: Page, live_server):
    with live_server.app.app_context():
        number = db.session.scalar(
            select(Signature.certificate_number)
            .join(Organization, Organization.id == Signature.organization_id)
            .where(Organization.name == "Cotentin Réseaux")
        )
    page.goto("/verification")
    page.get_by_label("Numéro d'attestation").fill(f" {number.lower()} ")
    page.get_by_role("button", name="Vérifier").click()
    expect(page).to_have_url(re.compile(f"/verification/{number}$"))
    expect(page.locator(".verdict-state")).to_have_text("Expirée")
    assert_accessible(page, "verification, expired")
