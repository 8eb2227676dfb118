"""The Region's space in a real browser: filter the list, open a signatory, read the reasons,
suspend it with a reason, see the directory and the verification page change at once, export
the filtered list; axe on the list, detail, dashboard and charter editing pages."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from charter.extensions import db
from charter.models import Organization, Signature
from tests.browser.conftest import NARROW, assert_accessible, assert_no_csp_violation
from tests.browser.test_signing import ADMIN, REVIEWER, log_out, region_login

pytestmark = pytest.mark.browser


def certificate_of(live_server, name: str) -> str:
    with live_server.app.app_context():
        return db.session.scalar(
            select(Signature.certificate_number)
            .join(Organization, Organization.id == Signature.organization_id)
            .where(Organization.name == name, Signature.certificate_number.is_not(None))
        )


def test_a_reviewer_filters_reads_reasons_suspends_and_exports(page: Page, live_server):
    name = "Vexin Cloud"
    number = certificate_of(live_server, name)
    page.goto(f"/verification/{number}")
    expect(page.locator(".verdict-state")).to_have_text("Valide")
    page.goto("/annuaire?q=vexin")
    expect(page.locator(".provider-card h3")).to_have_text([name])

    region_login(page, live_server, REVIEWER)
    page.get_by_role("link", name="Signataires", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signataires et conformité")
    assert_accessible(page, "compliance list")
    page.get_by_label("Verdict").select_option("a_regulariser")
    page.get_by_label("Département").select_option("27")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(
        re.compile(r"departement=27.*verdict=a_regulariser|verdict=a_regulariser.*departement=27")
    )
    rows = page.locator("table.compliance tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Aucun diagnostic client accompagné")
    assert_accessible(page, "filtered compliance list")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporter cette liste (CSV)").click()
    body = download_info.value.path().read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    exported = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in exported[1:]] == [name]
    assert exported[1][2] == "Eure (27)" and exported[1][-2] == "À régulariser"

    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator(".verdict-panel")).to_contain_text("Aucun diagnostic client accompagné")
    assert_accessible(page, "signatory detail")
    page.get_by_role("link", name="Suspendre la signature…").click()
    page.get_by_role("button", name="Continuer").click()
    expect(page.locator(".error-summary")).to_contain_text("Indiquez le motif")
    reason = "Aucun client accompagné depuis la signature, malgré deux relances."
    page.get_by_label("Motif de la décision").fill(reason)
    page.get_by_role("button", name="Continuer").click()
    expect(page.locator("blockquote.reason")).to_have_text(reason)
    assert_accessible(page, "decision confirmation")
    page.get_by_role("button", name=re.compile("Confirmer : suspendre")).click()
    expect(page.locator(".flashes")).to_contain_text("Décision enregistrée")
    expect(page.locator(".verdict-panel")).to_contain_text("Signature suspendue")
    expect(page.locator(".timeline")).to_contain_text(reason)
    log_out(page)

    page.goto(f"/verification/{number}")
    expect(page.locator(".verdict-state")).to_have_text("Suspendue")
    page.goto("/annuaire?q=vexin")
    expect(page.locator(".provider-card")).to_have_count(0)
    assert_no_csp_violation(page)


def test_dashboard_and_charter_editing_are_accessible(page: Page, live_server):
    region_login(page, live_server, ADMIN)
    page.get_by_role("link", name="Statistiques").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistiques du programme")
    expect(page.locator("figure.chart svg").first).to_be_visible()
    expect(
        page.get_by_text("effectif insuffisant (moins de 5 organisations)").first
    ).to_be_visible()
    assert_accessible(page, "dashboard")
    page.set_viewport_size(NARROW)
    assert_accessible(page, "dashboard at 320 px")
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"] + 1
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto("/region/charte")
    assert_accessible(page, "charter versions")
    page.get_by_role("link", name="Préparer une nouvelle version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle version de la charte")
    assert_accessible(page, "charter editing")
    page.get_by_role("button", name="Ajouter un engagement").click()
    last = page.locator("fieldset.commitment-editor").last
    last.get_by_label("Titre").fill("Signaler les incidents à la Région")
    last.get_by_label("Texte").fill(
        "Le prestataire signale à la Région tout incident grave chez un client."
    )
    page.get_by_role("button", name="Aperçu et différences").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aperçu de la version")
    expect(page.locator(".diff ins").first).to_be_visible()
    assert_accessible(page, "charter preview with differences")
    page.goto("/region/journal")
    assert_accessible(page, "audit log")
    page.get_by_role("link", name="Vérifier l'intégrité du journal").click()
    expect(page.locator(".notice-success")).to_contain_text("Le journal est intègre")
    assert_no_csp_violation(page)
