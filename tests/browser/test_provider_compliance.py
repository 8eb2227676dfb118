"""Issue 19 in a real browser: a Region officer asks Perche Informatique (demo provider) for
changes with a deadline; Perche reads the request on its dashboard and answers it; the officer
reads the answer and closes the request; Perche's checklist changes when it submits a
self-assessment."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from charter.demo import DEMO_PASSWORD
from charter.extensions import db
from charter.models import Role, User
from charter.services.dates import today
from tests.browser.conftest import (
    LiveServer,
    assert_accessible,
    assert_no_csp_violation,
    fresh_page,
    serve,
)
from tests.browser.test_accounts import fill_login
from tests.browser.test_signing import REVIEWER, log_out, region_login
from tests.journey import answer_all, draft_assessment

pytestmark = pytest.mark.browser
PERCHE = "contact@perche-informatique.example"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Its own server: Perche's standing changes here, other tests keep the demo's."""
    with serve(tmp_path_factory.mktemp("provcompliance")) as live:
        yield live


@pytest.fixture
def page(browser: Browser, server: LiveServer) -> Iterator[Page]:
    with fresh_page(browser, server) as opened:
        yield opened


def perche_logs_in(page: Page) -> None:
    fill_login(page, PERCHE, DEMO_PASSWORD)
    page.wait_for_load_state()
    if page.get_by_role("heading", level=1).inner_text().startswith("Accepter les conditions"):
        page.get_by_role("button", name="Accepter", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")


def test_request_answer_close_then_the_checklist_follows_a_self_assessment(
    page: Page, server: LiveServer
):
    with server.app.app_context():
        deadline = today() + timedelta(days=21)

    # The officer asks Perche for changes, with a deadline.
    region_login(page, server, REVIEWER)
    page.goto("/region/signataires?q=perche")
    page.get_by_role("link", name="Perche Informatique").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Perche Informatique")
    page.get_by_role("link", name="Demander des modifications…").click()
    page.get_by_label("Motif de la décision").fill(
        "Votre autoévaluation est sous le seuil : refaites-la après vos corrections."
    )
    page.get_by_label("À faire d'ici le").fill(deadline.isoformat())
    assert_accessible(page, "request for changes with a deadline")
    page.get_by_role("button", name="Continuer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confirmer")
    page.get_by_role("button", name="Confirmer : demander des modifications").click()
    expect(page.locator(".flashes")).to_contain_text("Décision enregistrée")
    expect(page.locator("#requests-title")).to_have_text("Demandes de modifications")
    log_out(page)

    # Perche sees the request and its checklist on its dashboard, and answers.
    perche_logs_in(page)
    banner = page.get_by_role("region", name="La Région vous demande des modifications")
    expect(banner).to_contain_text("refaites-la après vos corrections")
    expect(banner).to_contain_text("à faire d'ici le")
    checklist = page.locator("#conformite")
    expect(checklist).to_contain_text("À régulariser")
    expect(checklist.locator("li.check-todo")).to_contain_text(["Autoévaluation"])
    expect(checklist).to_contain_text("inférieur au seuil requis")
    expect(checklist.get_by_role("link", name="Faire mon autoévaluation")).to_be_visible()
    assert_accessible(page, "provider dashboard with a request and the checklist")
    banner.get_by_role("link", name="Voir la demande et répondre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Demande de modifications de la Région"
    )
    assert_accessible(page, "the request's thread, provider side")
    page.get_by_label("Votre message à la Région").fill("Corrections faites sur nos sauvegardes.")
    page.get_by_role("button", name="C'est fait").click()
    expect(page.locator(".flashes")).to_contain_text("La Région est prévenue")
    expect(page.locator(".thread")).to_contain_text("Corrections faites sur nos sauvegardes.")
    page.go_back()
    page.go_forward()
    log_out(page)

    # The officer reads the answer and closes the request.
    region_login(page, server, REVIEWER)
    page.goto("/region/signataires?demande=en_cours")
    expect(page.locator("table.compliance tbody tr")).to_contain_text(["Perche Informatique"])
    page.get_by_role("link", name="Perche Informatique").click()
    requests = page.locator("#requests-title + ul")
    expect(requests).to_contain_text("selon l'entreprise")
    requests.get_by_role("link").first.click()
    expect(page.locator(".thread")).to_contain_text("Corrections faites sur nos sauvegardes.")
    assert_accessible(page, "the request's thread, Region side")
    page.get_by_label("Votre message (facultatif pour clore)").fill("Merci, c'est noté.")
    page.get_by_role("button", name="Clore la demande").click()
    expect(page.locator(".flashes")).to_contain_text("La demande est close")
    page.goto("/region/signataires?demande=en_cours")
    expect(page.locator("table.compliance tbody tr")).not_to_contain_text(["Perche Informatique"])
    log_out(page)

    # Perche submits a good self-assessment: its checklist ticks the rule.
    with server.app.app_context():
        member = db.session.scalar(select(User).where(User.email == PERCHE))
        perche = SimpleNamespace(id=member.id, organization_id=member.organization_id)
    draft = draft_assessment(server.app, perche, "prestataire-charte")
    answer_all(server.app, draft, perche.id, "best")
    perche_logs_in(page)
    expect(
        page.get_by_role("region", name="La Région vous demande des modifications")
    ).to_have_count(0)
    page.goto(f"/prestataire/autoevaluation/{draft}/relecture")
    page.get_by_role("button", name="Envoyer et voir mon résultat").click()
    page.goto("/prestataire")
    checklist = page.locator("#conformite")
    expect(checklist).not_to_contain_text("inférieur au seuil requis")
    expect(checklist.locator("li.check-ok")).to_contain_text(
        ["Signature", "Autoévaluation de vos pratiques"]
    )
    expect(checklist).to_contain_text("Votre autoévaluation expire le")
    assert_no_csp_violation(page)


def test_the_review_before_signing_survives_back_and_reload(page: Page, server: LiveServer):
    """A provider that never signed: the dashboard says what to do; the review page is reached
    by a redirect, so back, forward and reload work without a resubmission prompt."""
    from tests.factories import Factory

    member = Factory(server.app).user(Role.PROVIDER_MEMBER)
    fill_login(page, member.email, member.password)
    page.wait_for_load_state()
    if page.get_by_role("heading", level=1).inner_text().startswith("Accepter les conditions"):
        page.get_by_role("button", name="Accepter", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    expect(page.locator("#conformite")).to_contain_text("Aucune signature de la charte")
    expect(page.locator("#clients-title + p + p")).to_contain_text("possible dès que")
    page.locator("#conformite").get_by_role("link", name="Signer la charte").click()
    for fieldset in page.locator("fieldset.commitment").all():
        fieldset.get_by_role("checkbox").check()
    page.get_by_label("Votre fonction dans l'entreprise").fill("Gérant")
    page.get_by_label(re.compile("Je déclare être habilité")).check()
    page.get_by_role("button", name="Continuer : vérifier avant de signer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez avant de signer")
    expect(page).to_have_url(re.compile("/prestataire/signature/relecture$"))
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez avant de signer")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signer la charte")
    expect(page.get_by_label("Votre fonction dans l'entreprise")).to_have_value("Gérant")
    page.go_forward()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez avant de signer")
    page.get_by_label("Votre mot de passe").fill(member.password)
    page.get_by_role("button", name="Signer la charte").click()
    expect(page.locator(".flashes")).to_contain_text("Votre signature est enregistrée")
    checklist = page.locator("#conformite")
    expect(checklist).to_contain_text("La Région examine votre signature")
    assert_no_csp_violation(page)
