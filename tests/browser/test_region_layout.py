"""The Region's compliance list and journal fit their screen (issue 19): at 1,280 px the list
has nothing clipped (its scroll width equals its container's), badges stay on one line; at
375 px each signatory reads as a card with nothing sideways. Screenshots go to
``$CHARTER_SCREENSHOTS`` when it is set (to look at what ships)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, assert_accessible
from tests.browser.test_signing import REVIEWER, region_login

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}

MEASURE = """() => {
  const wrap = document.querySelector('.table-wrap');
  const table = wrap.querySelector('table');
  const badges = [...table.querySelectorAll('.badge')].map(b => {
    const lines = b.getClientRects().length;
    const height = b.getBoundingClientRect().height;
    const line = parseFloat(getComputedStyle(b).lineHeight) || 20;
    return Math.max(lines, Math.round(height / (line + 8)));
  });
  return {
    wrapScroll: wrap.scrollWidth, wrapClient: wrap.clientWidth,
    tableWidth: Math.round(table.getBoundingClientRect().width),
    page: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth,
    badgeLines: Math.max(...badges),
    cols: [...table.querySelectorAll('thead th')]
      .map(t => Math.round(t.getBoundingClientRect().width)),
  };
}"""


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("CHARTER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_the_compliance_list_fits_1280_and_375_px(page: Page, live_server):
    region_login(page, live_server, REVIEWER)
    page.goto("/region/signataires")
    expect(page.locator("table.compliance tbody tr").first).to_be_visible()
    figures = page.evaluate(MEASURE)
    print("\n1280 px:", figures)
    _shot(page, "compliance-1280")
    assert figures["wrapScroll"] == figures["wrapClient"], figures
    assert figures["page"] <= figures["viewport"], figures
    assert figures["badgeLines"] == 1, figures
    header = page.get_by_role("columnheader", name="Verdict et motifs")
    box, wrap = header.bounding_box(), page.locator(".table-wrap").bounding_box()
    assert box and wrap and box["x"] + box["width"] <= wrap["x"] + wrap["width"] + 0.5

    page.set_viewport_size(PHONE)
    page.reload()
    figures = page.evaluate(MEASURE)
    print("375 px:", figures)
    _shot(page, "compliance-375")
    assert figures["page"] <= PHONE["width"], figures
    assert figures["wrapScroll"] == figures["wrapClient"], figures
    first = page.locator("table.compliance tbody tr").first
    expect(first.get_by_role("link")).to_be_visible()
    expect(first.locator(".badge").last).to_be_visible()
    assert_accessible(page, "compliance list at 375 px")


def test_the_journal_reads_plainly_at_1280_px(page: Page, live_server):
    region_login(page, live_server, REVIEWER)
    page.goto("/region/journal")
    table = page.locator("table.audit-table")
    expect(table).to_contain_text("Connexion de Julien Lebrun")
    expect(table).not_to_contain_text("{")
    page.get_by_label("Type d'événement").select_option(label="Signature validée")
    page.get_by_role("button", name="Filtrer").click()
    expect(table.locator("tbody tr").first).to_contain_text("validée par")
    _shot(page, "journal-1280")
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]


def test_header_footer_and_home_name_the_partners_at_1280_and_375_px(page: Page, live_server):
    page.goto("/")
    header, footer = page.locator("header.site-header"), page.locator("footer.site-footer")
    for part in (header, footer):
        expect(part.locator(".partners li")).to_have_text(["Région Normandie", "CCI Normandie"])
    expect(page.get_by_role("heading", name="Qui est derrière ce service ?")).to_be_visible()
    _shot(page, "home-1280")
    assert_accessible(page, "home with partners")
    page.set_viewport_size(PHONE)
    page.reload()
    expect(header.locator(".partners")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shot(page, "home-375")
