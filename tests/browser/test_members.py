"""Colleagues in a real browser (issue 20 §1): an owner invites a colleague who joins and fills
a theme; the colleague cannot remove the owner; the owner hands over and leaves."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from charter.demo import DEMO_PASSWORD
from charter.extensions import db
from charter.models import User
from tests.browser.conftest import LiveServer, assert_accessible, fresh_page, serve
from tests.browser.test_accounts import ACCEPT_TERMS, fill_login, read_link

pytestmark = pytest.mark.browser
OWNER = "gerant@fournil-honfleur.example"  # demo SME: Thomas Leroux registered it
COLLEAGUE = "apprentie@fournil-honfleur.example"
PASSWORD = "la marée grimpe vite en baie"


@pytest.fixture(scope="module")
def team_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of its own: the owner leaves the demo SME, which other tests use."""
    with serve(tmp_path_factory.mktemp("members")) as server:
        yield server


def _user_id(server: LiveServer, email: str) -> int:
    with server.app.app_context():
        return db.session.scalar(select(User.id).filter_by(email=email))


def _fill_first_theme(page: Page) -> str:
    """Start a diagnosis, answer the context page and the first theme; return the draft's URL."""
    page.goto("/pme/diagnostics/nouveau")
    page.get_by_role("button", name="Commencer : Diagnostic essentiel").click()
    for _ in range(2):  # the context page, then the first theme
        names = page.eval_on_selector_all(
            "input[type=radio]", "inputs => [...new Set(inputs.map(i => i.name))]"
        )
        for name in names:
            page.locator(f'input[name="{name}"]').first.check()
        with page.expect_navigation():
            page.locator("button[name=action][value=next]").click()
    match = re.search(r"/pme/diagnostics/(\d+)", page.url)
    assert match, page.url
    return f"/pme/diagnostics/{match.group(1)}"


def test_owner_invites_colleague_who_fills_a_theme_then_owner_hands_over_and_leaves(
    browser: Browser, team_server: LiveServer
):
    with fresh_page(browser, team_server) as owner:
        fill_login(owner, OWNER, DEMO_PASSWORD)
        owner.goto("/organisation/equipe")
        expect(owner.get_by_role("heading", level=1)).to_contain_text("Équipe de")
        assert_accessible(owner, "team page of an owner")
        owner.get_by_label("Adresse e-mail de votre collègue").fill(COLLEAGUE)
        owner.get_by_label("Membre : voit et remplit").check()
        owner.get_by_role("button", name="Envoyer l'invitation").click()
        expect(owner.locator(".flashes")).to_contain_text(f"Invitation envoyée à {COLLEAGUE}")
        expect(owner.get_by_role("cell", name=COLLEAGUE, exact=True)).to_be_visible()

        with fresh_page(browser, team_server) as colleague:
            colleague.goto(read_link(team_server, COLLEAGUE, "/rejoindre/"))
            expect(colleague.locator("p.lead")).to_contain_text("Thomas Leroux vous invite")
            assert_accessible(colleague, "joining page")
            colleague.get_by_role("link", name="Créer mon compte").click()
            colleague.get_by_label("Vos prénom et nom").fill("Léa Marie")
            colleague.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
            colleague.get_by_label(ACCEPT_TERMS).check()
            assert_accessible(colleague, "account from an invitation")
            colleague.get_by_role("button", name="Créer mon compte").click()
            expect(colleague.locator(".flashes")).to_contain_text("vous avez rejoint")
            fill_login(colleague, COLLEAGUE, PASSWORD)

            draft = _fill_first_theme(colleague)

            # The colleague sees the people but cannot remove the owner.
            colleague.goto("/organisation/equipe")
            expect(colleague.get_by_text("Vous êtes membre.")).to_be_visible()
            expect(colleague.get_by_role("link", name=re.compile("^Retirer"))).to_have_count(0)
            response = colleague.goto(
                f"/organisation/equipe/{_user_id(team_server, OWNER)}/retrait"
            )
            assert response is not None and response.status == 403

        # The owner sees who saved the answers, hands over, then leaves.
        owner.goto(f"{draft}/relecture")
        owner.locator("details.answers-theme summary").nth(1).click()  # the first theme
        expect(owner.get_by_text("(enregistrée par Léa Marie)").first).to_be_visible()
        owner.goto("/organisation/equipe")
        owner.get_by_role("link", name="Transmettre la responsabilité à Léa Marie").click()
        assert_accessible(owner, "hand-over confirmation")
        owner.get_by_role("button", name="Transmettre la responsabilité").click()
        expect(owner.locator(".flashes")).to_contain_text("Léa Marie est maintenant responsable")
        owner.get_by_role("link", name="Quitter l'entreprise").click()
        owner.get_by_role("button", name="Quitter l'entreprise").click()
        expect(owner.locator(".flashes")).to_contain_text("Vous avez quitté l'entreprise")
        expect(owner.get_by_text("Aucune entreprise").first).to_be_visible()
