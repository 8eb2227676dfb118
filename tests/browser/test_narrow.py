"""No page of the journey scrolls sideways at 320 px (issue 17 §4, WCAG 1.4.10 reflow)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from charter.definitions import questionnaire_of
from charter.extensions import db
from charter.models import Assessment, Role
from tests.browser.conftest import NARROW
from tests.factories import Factory
from tests.journey import answer_all, draft_assessment, submitted_assessment

pytestmark = pytest.mark.browser

WIDE = """() => [document.documentElement.scrollWidth,
  [...document.querySelectorAll('body *')].filter(e => {
     const r = e.getBoundingClientRect();
     return r.right > document.documentElement.clientWidth + 1 && r.width > 0
       && !e.closest('.table-wrap');
  }).slice(0, 5)
    .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 40))]"""


def _log_in(page: Page, user, home: str) -> None:
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe", exact=True).fill(user.password)
    page.get_by_label("Mot de passe", exact=True).press("Enter")
    page.wait_for_url(f"**{home}")


def _wide_pages(page: Page, paths: list[str]) -> dict[str, object]:
    wide = {}
    for path in paths:
        page.goto(path)
        width, culprits = page.evaluate(WIDE)
        if width > NARROW["width"]:
            wide[path] = (width, culprits)
    return wide


def test_no_page_of_the_journey_scrolls_sideways_at_320_px(page: Page, live_server):
    app = live_server.app
    factory = Factory(app)
    page.set_viewport_size(NARROW)
    public = ["/", "/connexion", "/inscription/pme", "/inscription/prestataire", "/annuaire"]

    sme = factory.user(Role.SME_MEMBER, full_name="Marie-Hélène Dupont-Levasseur")
    provider = factory.user(Role.PROVIDER_MEMBER)
    factory.client_link(provider.organization_id, sme.organization_id, share=True)
    sent = submitted_assessment(app, sme, pick="worst")
    draft = draft_assessment(app, sme, slug="pme-complet")
    answer_all(app, draft, sme.id, "middle")
    with app.app_context():
        themes = [
            t.id
            for t in questionnaire_of(
                db.session.get(Assessment, draft).questionnaire_version
            ).themes
        ]
    journey = [
        "/pme",
        "/pme/diagnostics/nouveau",
        f"/pme/diagnostics/{draft}/contexte",
        *[f"/pme/diagnostics/{draft}/themes/{t}" for t in themes],
        f"/pme/diagnostics/{draft}/relecture",
        f"/pme/diagnostics/{sent}/resultats",
        "/pme/plan-action",
        "/pme/prestataires",
        "/compte",
    ]
    wide = _wide_pages(page, public)
    _log_in(page, sme, "/pme")
    wide |= _wide_pages(page, journey)
    # Leave the page first: a request it still had in flight could set the session cookie
    # again after the cookies are cleared.
    page.goto("about:blank")
    page.context.clear_cookies()
    _log_in(page, provider, "/prestataire")
    provider_pages = [
        "/prestataire",
        "/prestataire/clients",
        f"/prestataire/clients/{sme.organization_id}",
        f"/prestataire/clients/{sme.organization_id}/diagnostics/{sent}",
    ]
    wide |= _wide_pages(page, provider_pages)
    checked = len(public) + len(journey) + len(provider_pages)
    print(f"\n{checked} pages checked at {NARROW['width']} px")
    assert not wide, wide
