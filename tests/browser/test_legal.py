"""Terms of use and the legal pages in a real browser, with axe checks (issue 11)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from charter.core.terms import load_terms
from charter.extensions import db
from charter.services import terms
from tests.browser.conftest import (
    DESKTOP,
    NARROW,
    LiveServer,
    assert_accessible,
    assert_no_csp_violation,
    fresh_page,
    serve,
)
from tests.browser.test_accounts import ACCEPT_TERMS, PASSWORD, fill_login, read_link
from tests.factories import valid_siret

pytestmark = pytest.mark.browser
TODAY = datetime.now(ZoneInfo("Europe/Paris")).date()


def _publish_first_version_last_month(app) -> None:
    v1 = load_terms(terms.BUNDLED_TERMS / "cgu-v1.yaml")
    terms.publish(db.session, v1.model_copy(update={"effective_date": TODAY - timedelta(30)}))


@pytest.fixture(scope="module")
def terms_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of its own: publishing a new version must not stop other tests' demo logins.

    Its first version took effect last month, so that a second one can take effect today.
    """
    with serve(tmp_path_factory.mktemp("terms"), _publish_first_version_last_month) as server:
        yield server


@pytest.fixture
def terms_page(browser: Browser, terms_server: LiveServer) -> Iterator[Page]:
    with fresh_page(browser, terms_server) as page:
        yield page


def _fill_sme_registration(page: Page, address: str) -> None:
    page.get_by_label("Nom de l'entreprise").fill("Biscuiterie de l'Abbaye")
    page.get_by_label("Numéro SIRET de l'établissement").fill(valid_siret(7101))
    page.get_by_label("Département de l'établissement").select_option("50")
    page.get_by_label("Secteur d'activité").select_option("commerce")
    page.get_by_label("Effectif").select_option("10-49")
    page.get_by_label("Vos prénom et nom").fill("Odile Lecoq")
    page.get_by_label("Votre adresse e-mail professionnelle").fill(address)
    page.get_by_label("Choisissez un mot de passe").fill(PASSWORD)


def test_an_sme_accepts_the_terms_to_register_and_again_when_a_new_version_is_published(
    terms_page: Page, terms_server: LiveServer, tmp_path
):
    page, address = terms_page, "odile@biscuiterie-abbaye.fr"
    page.goto("/inscription/pme")
    _fill_sme_registration(page, address)
    expect(page.get_by_label(ACCEPT_TERMS)).not_to_be_checked()  # never ticked for the user
    page.get_by_role("button", name="Créer le compte").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Cochez la case pour accepter les conditions")
    assert_accessible(page, "SME registration, terms not accepted")

    # The label's link opens the terms in a new tab: nothing typed is lost.
    with page.context.expect_page() as opened:
        page.get_by_role("link", name=re.compile("nouvel onglet")).click()
    terms_tab = opened.value
    expect(terms_tab.get_by_role("heading", level=1)).to_have_text(
        "Conditions générales d'utilisation"
    )
    terms_tab.close()
    expect(page.get_by_label("Vos prénom et nom")).to_have_value("Odile Lecoq")

    page.get_by_label("Choisissez un mot de passe").fill(PASSWORD)  # never sent back
    page.get_by_label(ACCEPT_TERMS).check()
    page.get_by_role("button", name="Créer le compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre messagerie")
    page.goto(read_link(terms_server, address, "/inscription/confirmer/"))
    page.get_by_role("button", name="Confirmer mon adresse").click()
    fill_login(page, address, PASSWORD)
    page.goto("/compte")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")

    # The Region publishes version 2, in force today.
    v2 = tmp_path / "cgu-v2.yaml"
    text = (terms.BUNDLED_TERMS / "cgu-v2-example.yaml").read_text(encoding="utf-8")
    v2.write_text(text.replace("effective_date: 2027-06-01", f"effective_date: {TODAY}"))
    published = terms_server.app.test_cli_runner().invoke(
        args=["charter", "publish-terms", str(v2)]
    )
    assert published.exit_code == 0, published.output

    page.get_by_role("button", name="Se déconnecter").click()
    fill_login(page, address, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Les conditions d'utilisation ont changé"
    )
    expect(page.get_by_role("heading", name="Ce qui change depuis la version 1")).to_be_visible()
    expect(page.locator(".terms-changes")).to_contain_text("données ouvertes")
    assert_accessible(page, "accepting a new version of the terms")
    assert_no_csp_violation(page)
    page.set_viewport_size(NARROW)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    assert_accessible(page, "accepting a new version of the terms at 320 px")
    page.set_viewport_size(DESKTOP)

    page.goto("/compte")  # nothing private until accepted
    expect(page).to_have_url(re.compile("/cgu/accepter$"))
    page.get_by_role("button", name="Accepter").click()
    expect(page.locator(".flashes")).to_contain_text("Vous avez accepté les conditions")
    page.goto("/compte")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")


LEGAL_PAGES = [
    ("/cgu", "Conditions générales d'utilisation"),
    ("/confidentialite", "Données personnelles et cookies"),
    ("/accessibilite", "Déclaration d'accessibilité"),
    ("/mentions-legales", "Mentions légales"),
    ("/securite", "Signaler un problème de sécurité"),
]


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["desktop", "320px"])
@pytest.mark.parametrize(("path", "title"), LEGAL_PAGES, ids=[p for p, _ in LEGAL_PAGES])
def test_legal_pages_are_accessible_and_fit(page: Page, path, title, viewport):
    page.set_viewport_size(viewport)
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert_accessible(page, f"{path} at {viewport['width']}px")
    assert_no_csp_violation(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    footer = page.get_by_role("contentinfo")
    for name in (
        "Données personnelles",
        "Accessibilité : partiellement conforme",
        "Mentions légales",
        "Conditions d'utilisation",
        "Signaler un problème de sécurité",
    ):
        expect(footer.get_by_role("link", name=name)).to_be_visible()
