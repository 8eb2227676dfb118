"""Accounts in a real browser: register, verify, log in, enrol 2FA, lockout, and axe checks."""

from __future__ import annotations

import email
import email.policy
import re
import time

import pyotp
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import NARROW, assert_accessible, assert_no_csp_violation
from tests.factories import valid_siret

pytestmark = pytest.mark.browser
PASSWORD = "le phare de Gatteville veille"
ACCEPT_TERMS = "J'ai lu et j'accepte les conditions générales d'utilisation"


def read_link(live_server, address: str, fragment: str) -> str:
    for path in sorted(live_server.outbox.glob("*.eml"), reverse=True):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address:
            text = message.get_body(preferencelist=("plain",)).get_content()
            for url in re.findall(r"https?://\S+", text):
                if fragment in url:
                    return url
    raise AssertionError(f"no e-mail with {fragment} to {address}")


def fill_login(page: Page, address: str, password: str) -> None:
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail").fill(address)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter").click()


def test_provider_registers_verifies_enrols_2fa_and_logs_in_with_it(page: Page, live_server):
    address = "camille@pays-de-caux-info.fr"
    page.goto("/inscription/prestataire")
    assert_accessible(page, "provider registration, empty")
    page.get_by_role("button", name="Créer le compte").click()  # everything empty
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, "provider registration, with errors")

    page.get_by_label("Nom de l'entreprise").fill("Pays de Caux Informatique")
    page.get_by_label("Numéro SIRET de l'établissement").fill(valid_siret(7001))
    page.get_by_label("Département de l'établissement").select_option("76")
    page.get_by_label("Commune").fill("Yvetot")
    page.get_by_label("Infogérance, maintenance informatique").check()
    page.get_by_label("Vos prénom et nom").fill("Camille Vautier")
    page.get_by_label("Votre adresse e-mail professionnelle").fill(address)
    page.get_by_label("Choisissez un mot de passe").fill(PASSWORD)
    page.get_by_label(ACCEPT_TERMS).check()
    page.get_by_role("button", name="Créer le compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre messagerie")

    page.goto(read_link(live_server, address, "/inscription/confirmer/"))
    page.get_by_role("button", name="Confirmer mon adresse").click()
    expect(page.locator(".flashes")).to_contain_text("adresse e-mail est confirmée")

    fill_login(page, address, PASSWORD)
    page.goto("/compte")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")
    assert_accessible(page, "account page")

    page.get_by_role("link", name="Gérer la double authentification").click()
    assert_accessible(page, "2FA page, before enrolment")
    page.get_by_role("button", name="Commencer l'activation").click()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    assert_accessible(page, "2FA page, QR code")
    secret = page.locator("code.secret").inner_text().strip()
    page.get_by_label("Code à 6 chiffres").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos codes de secours")
    assert page.locator(".recovery-codes li").count() == 10
    assert_no_csp_violation(page)

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.locator(".flashes")).to_contain_text("déconnecté")

    fill_login(page, address, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Code de vérification")
    assert_accessible(page, "second factor page")
    # The enrolment used the current time step; a code is never accepted twice, so use the next.
    page.get_by_label("Code de vérification").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Valider").click()
    page.goto("/compte")
    expect(page.get_by_text("Activée").first).to_be_visible()


def test_an_sme_registers_at_320px(page: Page, live_server):
    page.set_viewport_size(NARROW)
    page.goto("/inscription/pme")
    assert_accessible(page, "SME registration at 320 px")
    page.get_by_label("Nom de l'entreprise").fill("Cidrerie du Bocage")
    page.get_by_label("Numéro SIRET de l'établissement").fill(valid_siret(7002))
    page.get_by_label("Département de l'établissement").select_option("61")
    page.get_by_label("Secteur d'activité").select_option("agriculture-agroalimentaire")
    page.get_by_label("Effectif").select_option("1-9")
    page.get_by_label("Vos prénom et nom").fill("Yves Morin")
    page.get_by_label("Votre adresse e-mail professionnelle").fill("yves@cidrerie-bocage.fr")
    page.get_by_label("Choisissez un mot de passe").fill(PASSWORD)
    page.get_by_label(ACCEPT_TERMS).check()
    page.get_by_role("button", name="Créer le compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre messagerie")
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]


def test_five_wrong_passwords_lock_the_account(page: Page, live_server):
    address = "gerant@fournil-honfleur.example"  # a demo SME account
    for _ in range(5):
        fill_login(page, address, "ce n'est pas le bon mot de passe")
        expect(page.locator(".error-summary")).to_contain_text("incorrect")
    assert_accessible(page, "login page with an error")
    fill_login(page, address, "Pommier-Bocage-Granit-7")  # the right one, refused while locked
    expect(page.locator(".error-summary")).to_contain_text("bloqué 15 minutes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
