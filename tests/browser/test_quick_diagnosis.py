"""The quick diagnosis without an account in a real browser (issue 18): from the home page to
the results and the PDF, then kept in a new account or in an existing one."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from charter.models import Role
from tests.browser.conftest import assert_accessible, assert_no_csp_violation
from tests.browser.test_accounts import ACCEPT_TERMS, PASSWORD, fill_login, read_link
from tests.factories import Factory, valid_siret
from tests.reports.helpers import all_text

pytestmark = pytest.mark.browser

GROUPS = """() => [...new Set([...document.querySelectorAll('input[type=radio]')]
  .map(e => e.name))]"""


def answer_page(page: Page, button: str, *, unknown_first: bool = False) -> None:
    """Pick the second choice of every question (« Je ne sais pas » for the first one if
    asked), then press ``button``."""
    for number, name in enumerate(page.evaluate(GROUPS)):
        if unknown_first and number == 0:
            page.locator(f'input[name="{name}"][value="unknown"]').check()
        else:
            page.locator(f'input[name="{name}"]').nth(1).check()
    with page.expect_navigation():
        page.get_by_role("button", name=button, exact=True).click()


def answer_everything_from_the_home_page(page: Page) -> str:
    """Home, « Faire mon diagnostic », every page, send; returns the index shown."""
    page.goto("/")
    page.get_by_role("link", name="Faire mon diagnostic").first.click()
    expect(page.get_by_text("ni nom, ni adresse e-mail, ni adresse IP")).to_be_visible()
    assert_accessible(page, "quick diagnosis start")
    page.get_by_role("button", name="Commencer le diagnostic").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre entreprise")
    assert "/diagnostic/contexte" in page.url
    answer_page(page, "Enregistrer et commencer")
    first_theme = True
    for _ in range(12):
        if page.get_by_role("heading", level=1).inner_text() == "Relecture et envoi":
            break
        assert not re.search(r"/diagnostic/\d", page.url)  # never an id in the address
        if first_theme:
            expect(page.get_by_text("Je ne sais pas").first).to_be_visible()
            assert_accessible(page, "quick diagnosis theme page")
        button = page.locator("button[name=action][value=next]").inner_text()
        answer_page(page, button, unknown_first=first_theme)
        first_theme = False
    expect(page.get_by_text("Toutes les questions ont une réponse.")).to_be_visible()
    page.get_by_role("button", name="Envoyer et voir mon résultat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre résultat")
    assert page.url.endswith("/diagnostic/resultats")
    assert page.locator("ol.actions-list > li").count() == 6
    assert_accessible(page, "quick diagnosis results")
    assert_no_csp_violation(page)
    return page.locator(".score-value").inner_text()


def test_anonymous_diagnosis_then_kept_in_a_new_account(page: Page, live_server):
    index = answer_everything_from_the_home_page(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le rapport (PDF)").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    assert index in all_text(pdf)

    page.get_by_role("link", name="Garder mon diagnostic").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Garder mon diagnostic")
    assert page.get_by_label("Secteur d'activité").input_value() != ""
    assert page.get_by_label("Effectif").input_value() != ""
    assert_accessible(page, "keep: registration form")
    address = "ines@atelier-bayeux.fr"
    page.get_by_label("Nom de l'entreprise").fill("Atelier de Bayeux")
    page.get_by_label("Numéro SIRET de l'établissement").fill(valid_siret(7181))
    page.get_by_label("Département de l'établissement").select_option("14")
    page.get_by_label("Commune").fill("Bayeux")
    page.get_by_label("Vos prénom et nom").fill("Inès Marie")
    page.get_by_label("Votre adresse e-mail professionnelle").fill(address)
    page.get_by_label("Choisissez un mot de passe").fill(PASSWORD)
    page.get_by_label(ACCEPT_TERMS).check()
    page.get_by_role("button", name="Créer le compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre messagerie")

    page.goto(read_link(live_server, address, "/inscription/confirmer/"))
    page.get_by_role("button", name="Confirmer mon adresse").click()
    fill_login(page, address, PASSWORD)
    page.goto("/pme")
    expect(page.get_by_role("cell", name="envoyé")).to_be_visible()
    page.get_by_role("link", name=re.compile("résultat", re.I)).first.click()
    expect(page.locator(".score-value")).to_have_text(index)


def test_anonymous_diagnosis_then_kept_in_an_existing_account(page: Page, live_server):
    user = Factory(live_server.app).user(Role.SME_MEMBER)
    index = answer_everything_from_the_home_page(page)
    page.get_by_role("link", name="Garder mon diagnostic").first.click()
    page.get_by_role("link", name="Connectez-vous pour y garder ce diagnostic").click()
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe", exact=True).fill(user.password)
    page.get_by_role("button", name="Se connecter").click()
    button = page.get_by_role("button", name=re.compile("^Garder le diagnostic dans l"))
    button.click()
    expect(page.locator(".flashes")).to_contain_text("Votre diagnostic est gardé")
    expect(page.locator(".score-value")).to_have_text(index)
    assert re.search(r"/pme/diagnostics/\d+/resultats$", page.url)
    page.goto("/pme")
    expect(page.get_by_role("cell", name="envoyé")).to_be_visible()
