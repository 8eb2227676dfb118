"""The results page is worth reading at every width (issue 17 §3): one chart inside its data
table, no chart text under 12 px, and a page about half its former length.

Before issue 17, with two diagnoses of the quick questionnaire, the page measured 11,370 px at
1280 px and 21,353 px at 375 px, with chart labels of 5-6 px at 375 px. Run with ``-s`` to see
the figures.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from charter.models import Role
from tests.browser.test_narrow import _log_in
from tests.factories import Factory
from tests.journey import submitted_assessment

pytestmark = pytest.mark.browser

SMALLEST_TEXT = """() => Math.min(...[...document.querySelectorAll('main *')]
  .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())
    && e.getClientRects().length)
  .map(e => parseFloat(getComputedStyle(e).fontSize)))"""


def test_the_results_page_is_short_and_readable(page: Page, live_server):
    app = live_server.app
    sme = Factory(app).user(Role.SME_MEMBER)
    submitted_assessment(app, sme, pick="middle")
    assessment_id = submitted_assessment(app, sme, pick="middle")
    _log_in(page, sme, "/pme")
    heights = {}
    for width, limit in ((1280, 6_500), (375, 11_000)):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/pme/diagnostics/{assessment_id}/resultats")
        heights[width] = page.evaluate("document.documentElement.scrollHeight")
        assert page.locator("main svg text").count() == 0  # the chart is HTML: real text
        assert page.locator("meter.score-bar").count() >= 5
        assert page.evaluate(SMALLEST_TEXT) >= 12
        assert heights[width] <= limit, heights
    print(f"\nresults page height: {heights[1280]} px at 1280, {heights[375]} px at 375")
