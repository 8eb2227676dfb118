"""The quick diagnosis in a real browser, with the keyboard only (issue: diagnosis journey)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from charter.models import Role
from tests.browser.conftest import NARROW, assert_accessible, assert_no_csp_violation
from tests.factories import Factory

pytestmark = pytest.mark.browser

ACTIVE = """() => { const e = document.activeElement;
  return {tag: e.tagName, type: e.type || '', name: e.name || '',
          text: (e.textContent || '').trim()}; }"""


def log_in(page: Page, user) -> None:
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe", exact=True).fill(user.password)
    page.get_by_label("Mot de passe", exact=True).press("Enter")
    page.wait_for_url("**/pme")


def answer_page_with_keyboard(page: Page, button: str) -> int:
    """Tab through the page; in each unanswered radio group press ArrowDown (which picks the
    second choice, and autosaves); finally press Enter on ``button``. Returns answers given."""
    answered: set[str] = set()
    for _ in range(600):
        page.keyboard.press("Tab")
        focus = page.evaluate(ACTIVE)
        if focus["type"] == "radio" and focus["name"] not in answered:
            page.keyboard.press("ArrowDown")
            answered.add(focus["name"])
            question = focus["name"][2:]
            expect(page.locator(f'[data-status-for="{question}"]')).to_contain_text("Enregistré")
        elif focus["tag"] == "BUTTON" and focus["text"] == button:
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return len(answered)
    raise AssertionError(f"never reached the button {button!r}")


def test_quick_diagnosis_with_the_keyboard_only(page: Page, live_server):
    user = Factory(live_server.app).user(Role.SME_MEMBER)
    log_in(page, user)
    assert_accessible(page, "SME dashboard, empty")
    page.get_by_role("link", name="Commencer un diagnostic").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choisir un questionnaire")
    assert_accessible(page, "questionnaire choice")
    page.get_by_role("button", name=re.compile(r"^Commencer : Diagnostic essentiel")).focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Votre entreprise")
    assert_accessible(page, "context page")
    answer_page_with_keyboard(page, "Enregistrer et commencer")

    themes = 0
    reloaded = False
    while page.get_by_role("heading", level=1).inner_text() != "Relecture et envoi":
        expect(page.locator(".eyebrow")).to_contain_text("Thème")
        if themes == 0:
            assert_accessible(page, "theme page")
        if themes == 1 and not reloaded:
            # Half-way through a page: answer, reload, and find every answer still there.
            given = 0
            for _ in range(200):
                page.keyboard.press("Tab")
                focus = page.evaluate(ACTIVE)
                if focus["type"] == "radio":
                    page.keyboard.press("ArrowDown")
                    expect(
                        page.locator(f'[data-status-for="{focus["name"][2:]}"]')
                    ).to_contain_text("Enregistré")
                    given += 1
                    if given == 2:
                        break
            page.reload()
            assert page.locator("input[type=radio]:checked").count() == 2
            reloaded = True
        button = page.locator("button[name=action][value=next]").inner_text()
        answer_page_with_keyboard(page, button)
        themes += 1
        assert themes < 12
    assert reloaded

    assert_accessible(page, "review page")
    expect(page.get_by_text("Toutes les questions ont une réponse.")).to_be_visible()
    page.get_by_role("button", name="Envoyer et voir mon résultat").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Votre résultat")
    index = page.locator(".score-value").inner_text()
    assert index.replace(",", "").isdigit()
    assert 0 <= float(index.replace(",", ".")) <= 100
    expect(page.locator(".level strong")).not_to_be_empty()
    assert page.locator("ol.actions-list > li").count() == 6
    assert_accessible(page, "results page")
    assert_no_csp_violation(page)
    page.set_viewport_size(NARROW)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    assert_accessible(page, "results page at 320 px")
    page.goto("/pme")
    expect(page.get_by_role("cell", name="envoyé")).to_be_visible()
    assert_accessible(page, "SME dashboard with a diagnosis")
