"""The SME's loop in a real browser (issue 17, « Done means »): submit, mark two actions done,
export the XLSX and read the statuses back, six months later run ``send-reminders``, follow
the mail's link, re-assess from the previous answers, and see the change."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from charter.core.plan_tracking import add_months
from charter.definitions import questionnaire_of
from charter.extensions import db
from charter.models import Assessment, Role
from charter.services.dates import local_date
from tests.browser.conftest import assert_accessible, assert_no_csp_violation
from tests.browser.test_diagnosis import log_in
from tests.factories import Factory
from tests.helpers import last_message_to, link_in, message_text
from tests.journey import answer_all, draft_assessment

pytestmark = pytest.mark.browser


def _best_keys(app, assessment_id: int) -> tuple[str, dict[str, str]]:
    """The first theme's id and, for each of its questions, its best option."""
    with app.app_context():
        questionnaire = questionnaire_of(
            db.session.get(Assessment, assessment_id).questionnaire_version
        )
        theme = questionnaire.themes[0]
        return theme.id, {q.id: max(q.options, key=lambda o: o.score).key for q in theme.questions}


def test_the_loop_from_plan_to_reminder_to_reassessment(page: Page, live_server):
    app = live_server.app
    user = Factory(app).user(Role.SME_MEMBER)
    draft_id = draft_assessment(app, user)
    answer_all(app, draft_id, user.id, "worst")

    # Submit.
    log_in(page, user)
    page.goto(f"/pme/diagnostics/{draft_id}/relecture")
    page.get_by_role("button", name="Envoyer et voir mon résultat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre résultat")
    before = float(page.locator(".score-value").inner_text().replace(",", "."))

    # Mark two actions done on « Mon plan d'action ».
    page.get_by_role("link", name="Mon plan d'action").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon plan d'action")
    assert_accessible(page, "action plan")
    cards = page.locator("ol.plan-list > li")
    titles = []
    for index in range(2):
        card = cards.nth(index)
        titles.append(card.locator("h2").inner_text().split(". ", 1)[1])
        card.locator("summary").click()
        card.get_by_label("Statut").select_option(label="Fait")
        card.get_by_label("Responsable").fill("Claire")
        card.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_text("c'est enregistré")).to_be_visible()
    expect(page.get_by_role("link", name="Fait (2)")).to_be_visible()
    assert_no_csp_violation(page)

    # Export the XLSX and read the statuses back.
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le plan (tableur Excel)").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    headers = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    status = {r[headers.index("Mesure")]: r[headers.index("Statut")] for r in rows}
    assert [status[t] for t in titles] == ["Fait", "Fait"]
    assert list(status.values()).count("Fait") == 2
    assert sheet.auto_filter.ref is not None

    # Six months later, send-reminders mails the member; the link leads to the re-assessment.
    with app.app_context():
        submitted = local_date(db.session.get(Assessment, draft_id).submitted_at)
    saved_base = app.config["BASE_URL"]
    app.config["BASE_URL"] = live_server.url
    try:
        result = app.test_cli_runner().invoke(
            args=["charter", "send-reminders", "--date", add_months(submitted, 6).isoformat()]
        )
    finally:
        app.config["BASE_URL"] = saved_base
    assert result.exit_code == 0, result.output
    mail = last_message_to(app, user.email)
    body = message_text(mail)
    assert f"{live_server.url}/pme/diagnostics/nouveau" in body
    for title in titles:
        assert f"{title} : Fait" in body
    page.goto(link_in(mail, "/pme/diagnostics/nouveau"))
    expect(page.get_by_label(re.compile("Partir de mes réponses du"))).to_be_checked()
    page.get_by_role("button", name=re.compile(r"^Commencer : Diagnostic essentiel")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre entreprise")
    expect(page.get_by_text("Ce diagnostic part de vos réponses du")).to_be_visible()
    page.get_by_role("button", name="Enregistrer et commencer").click()

    # Re-assess: the first theme improves, the others are confirmed as they were.
    new_id = int(re.search(r"/diagnostics/(\d+)/", page.url).group(1))
    theme_id, best = _best_keys(app, new_id)
    assert f"/themes/{theme_id}" in page.url
    expect(
        page.get_by_text("Réponse reprise du diagnostic précédent, à revoir").first
    ).to_be_visible()
    for question_id, key in best.items():
        page.locator(f'input[name="q-{question_id}"][value="{key}"]').check()
    while page.get_by_role("heading", level=1).inner_text() != "Relecture et envoi":
        page.locator("button[name=action][value=next]").click()
    page.get_by_role("button", name="Envoyer et voir mon résultat").click()

    # See the change.
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre résultat")
    after = float(page.locator(".score-value").inner_text().replace(",", "."))
    assert after > before
    expect(page.get_by_text(re.compile("Vos progrès depuis le"))).to_be_visible()
    page.get_by_role("link", name="Mon plan d'action").first.click()
    expect(
        page.get_by_text("marqué fait, mais vos réponses disent le contraire").first
    ).to_be_visible()
