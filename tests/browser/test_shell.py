"""The home page and the error pages in a real browser, at desktop and 320 px widths."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, NARROW, assert_accessible, assert_no_csp_violation

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["desktop", "320px"])
def test_home_page_is_accessible_and_fits(page: Page, viewport):
    page.set_viewport_size(viewport)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("protégeons les entreprises")
    assert_accessible(page, f"home at {viewport['width']}px")
    assert_no_csp_violation(page)
    # Nothing wider than the screen: no horizontal scrolling at 320 px.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"]


def test_skip_link_is_first_and_moves_focus_to_content(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


@pytest.mark.parametrize("viewport", [DESKTOP, NARROW], ids=["desktop", "320px"])
def test_404_page_is_french_and_accessible(page: Page, viewport):
    page.set_viewport_size(viewport)
    response = page.goto("/nulle-part")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    assert_accessible(page, "404")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize(
    ("code", "title"),
    [
        (400, "Demande incorrecte"),
        (403, "Accès refusé"),
        (404, "Page introuvable"),
        (429, "Trop de tentatives"),
        (500, "Erreur du service"),
    ],
)
def test_every_error_page_is_french_and_accessible(page: Page, code, title):
    response = page.goto(f"/__test__/erreur/{code}")
    assert response is not None and response.status == code
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("link", name="Revenir à l'accueil")).to_be_visible()
    assert_accessible(page, f"error {code}")
