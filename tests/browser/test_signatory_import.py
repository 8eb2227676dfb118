"""The Region imports its paper signatories in a real browser: an administrator uploads a file
with good and bad rows, reads the preview, confirms, and a contact claims its company from the
invitation e-mail (issue 20 §2)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from charter.db import utcnow
from charter.extensions import db
from charter.services.charters import current_version
from tests.browser.conftest import assert_accessible, assert_no_csp_violation
from tests.browser.test_accounts import ACCEPT_TERMS, PASSWORD, fill_login, read_link
from tests.browser.test_signing import ADMIN, log_out, region_login
from tests.factories import valid_siret

pytestmark = pytest.mark.browser


def test_an_administrator_imports_a_file_and_a_contact_claims_its_company(
    page: Page, live_server, tmp_path
):
    with live_server.app.app_context():
        label = current_version(db.session).label
    recent = (utcnow().date() - timedelta(days=40)).strftime("%d/%m/%Y")
    future = (utcnow().date() + timedelta(days=40)).strftime("%d/%m/%Y")
    contact = "direction@granville-systemes.fr"
    lines = [
        "siret;raison_sociale;departement;email;version;date_signature",
        f"{valid_siret(9301)};Granville Systèmes;50;{contact};{label};{recent}",
        f"{valid_siret(9302)};Lisieux Données;14;contact@lisieux-donnees.fr;{label};{recent}",
        f"12345678901234;SIRET Faux;27;faux@exemple.fr;{label};{recent}",
        f"{valid_siret(9303)};Trop Tôt;61;tot@exemple.fr;{label};{future}",
    ]
    path = tmp_path / "signataires-papier.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8"))

    region_login(page, live_server, ADMIN)
    page.get_by_role("link", name="Signataires", exact=True).click()
    page.get_by_role("link", name=re.compile("Importer les signataires")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer des signataires")
    assert_accessible(page, "import page")
    page.get_by_label("Fichier des signataires (CSV ou XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Vérifier le fichier").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifier l'import")
    expect(page.locator(".import-counts")).to_contain_text("2 lignes nouvelles")
    expect(page.locator(".import-counts")).to_contain_text("2 lignes en erreur")
    rows = page.locator("table.import-rows tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(0)).to_contain_text("nouveau")
    expect(rows.nth(2)).to_contain_text("SIRET invalide")
    expect(rows.nth(3)).to_contain_text("Date de signature dans le futur")
    assert_accessible(page, "import preview")

    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.locator(".flashes")).to_contain_text("cochez la case")
    page.get_by_label("Importer les lignes correctes").check()
    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.locator(".flashes")).to_contain_text("2 signature(s) ajoutée(s)")
    expect(page.locator(".import-counts")).to_contain_text("2 signatures ajoutées")
    assert_accessible(page, "import done")
    assert_no_csp_violation(page)
    log_out(page)

    page.goto(read_link(live_server, contact, "/inscription/reprise/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Prendre en main le compte de Granville Systèmes"
    )
    assert_accessible(page, "claim page")
    page.get_by_label("Vos prénom et nom").fill("Yann Lebrun")
    page.get_by_label("Choisissez un mot de passe").fill(PASSWORD)
    if page.get_by_label(ACCEPT_TERMS).count():
        page.get_by_label(ACCEPT_TERMS).check()
    page.get_by_role("button", name="Créer le compte de l'entreprise").click()
    expect(page.locator(".flashes")).to_contain_text("Le compte de Granville Systèmes est créé")

    fill_login(page, contact, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    expect(page.locator("main")).to_contain_text("Signature sur papier")
    assert_no_csp_violation(page)
