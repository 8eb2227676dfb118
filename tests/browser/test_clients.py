"""Providers and clients in a real browser: invite, join, share, diagnose, report, withdraw."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from charter.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, fresh_page
from tests.browser.test_accounts import ACCEPT_TERMS, fill_login, read_link
from tests.factories import valid_siret

pytestmark = pytest.mark.browser
PROVIDER = "contact@bocage-informatique.example"  # demo provider with a valid signature
CLIENT = "gerant@creperie-du-mont.fr"
PASSWORD = "la marée grimpe vite en baie"


def answer_every_page(page: Page) -> None:
    """Pick an answer in every radio group of each page, then go on, until the review page."""
    for _ in range(15):
        if page.get_by_role("heading", level=1).inner_text() == "Relecture et envoi":
            return
        names = page.eval_on_selector_all(
            "input[type=radio]", "inputs => [...new Set(inputs.map(i => i.name))]"
        )
        for position, name in enumerate(names):
            options = page.locator(f'input[name="{name}"]')
            options.nth(min(position % 3, options.count() - 1)).check()
        with page.expect_navigation():
            page.locator("button[name=action][value=next]").click()
    raise AssertionError("never reached the review page")


def test_invite_join_share_diagnose_report_then_withdraw(browser: Browser, live_server):
    with fresh_page(browser, live_server) as provider:
        fill_login(provider, PROVIDER, DEMO_PASSWORD)
        provider.goto("/prestataire/invitations")
        expect(provider.get_by_role("heading", level=1)).to_have_text("Inviter des clients")
        assert_accessible(provider, "invitations page")
        provider.get_by_label("Adresses e-mail de vos clients").fill(CLIENT)
        provider.get_by_role("button", name="Envoyer les invitations").click()
        expect(provider.locator(".flashes")).to_contain_text("1 invitation envoyée")

        with fresh_page(browser, live_server) as sme:
            sme.goto(read_link(live_server, CLIENT, "/invitation/"))
            expect(sme.get_by_role("heading", level=1)).to_have_text(
                "Bocage Informatique vous invite"
            )
            assert_accessible(sme, "joining page")
            sme.get_by_role("link", name="Créer le compte de mon entreprise").click()
            assert_accessible(sme, "registration from an invitation")
            sme.get_by_label("Nom de l'entreprise").fill("Crêperie du Mont")
            sme.get_by_label("Numéro SIRET de l'établissement").fill(valid_siret(9101))
            sme.get_by_label("Département de l'établissement").select_option("50")
            sme.get_by_label("Secteur d'activité").select_option("hotels-restaurants-tourisme")
            sme.get_by_label("Effectif").select_option("1-9")
            sme.get_by_label("Oui : le prestataire peut voir").check()
            sme.get_by_label("Vos prénom et nom").fill("Gaëlle Hamon")
            sme.get_by_label("Choisissez un mot de passe").fill(PASSWORD)
            sme.get_by_label(ACCEPT_TERMS).check()
            sme.get_by_role("button", name="Créer le compte").click()
            # The invitation went to this address: no confirmation, logged in at once.
            sme.wait_for_url("**/pme")

            sme.goto("/pme/prestataires")
            expect(sme.get_by_text("voit vos résultats")).to_be_visible()
            assert_accessible(sme, "consent page")

            sme.goto("/pme/diagnostics/nouveau")
            sme.get_by_role("button", name="Commencer : Diagnostic essentiel").click()
            answer_every_page(sme)
            sme.get_by_role("button", name="Envoyer et voir mon résultat").click()
            expect(sme.get_by_role("heading", level=1)).to_have_text("Votre résultat")

            provider.goto("/prestataire/clients")
            assert_accessible(provider, "portfolio")
            row = provider.get_by_role("row").filter(has_text="Crêperie du Mont")
            expect(row).not_to_contain_text("Non partagé")
            provider.get_by_role("link", name="Crêperie du Mont").click()
            expect(provider.get_by_role("heading", level=1)).to_have_text("Crêperie du Mont")
            with provider.expect_download() as download:
                provider.get_by_role("link", name="Rapport PDF").first.click()
            assert download.value.suggested_filename.startswith("rapport-creperie-du-mont-")
            report_url = provider.get_by_role("link", name="Rapport PDF").first.get_attribute(
                "href"
            )
            assert provider.request.get(report_url).status == 200

            sme.goto("/pme/prestataires")
            sme.get_by_label("Non, pas pour l'instant").first.check()
            sme.get_by_role("button", name="Enregistrer mon choix pour Bocage Informatique").click()
            expect(sme.locator(".flashes")).to_contain_text("ne voit plus vos résultats")

        assert provider.request.get(report_url).status == 404
        provider.goto("/prestataire/clients")
        expect(provider.get_by_role("row").filter(has_text="Crêperie du Mont")).to_contain_text(
            "Non partagé"
        )
