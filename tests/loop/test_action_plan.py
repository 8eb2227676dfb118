"""The action plan one works through (issue 17 §1): states, owner, date, note; filters and
what is late; statuses carried to the next diagnosis; the exports' tracking columns."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import select

from charter.extensions import db
from charter.models import Assessment, AuditEvent, Role
from charter.services.dates import today
from tests.helpers import sign_in
from tests.journey import submitted_assessment


def _plan(app, assessment_id: int) -> list[dict]:
    with app.app_context():
        result = db.session.get(Assessment, assessment_id).result
    return [*result["priorities"], *result["others"]]


def _post(client, measure_id: str, rank: int, **values):
    data = {f"a{rank}-{key}": value for key, value in values.items()}
    return client.post(f"/pme/plan-action/{measure_id}", data=data)


def test_marking_actions_shows_on_the_plan_page_with_filters_and_lateness(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = submitted_assessment(app, user, pick="worst")
    sign_in(app, client, user)
    plan = _plan(app, assessment_id)
    first, second, third = plan[0]["measure_id"], plan[1]["measure_id"], plan[2]["measure_id"]

    page = client.get("/pme/plan-action").get_data(as_text=True)
    assert "Mon plan d&#39;action" in page or "Mon plan d'action" in page
    assert f"Toutes ({len(plan)})" in page
    assert f"À faire ({len(plan)})" in page

    response = _post(client, first, 1, state="done", owner="Claire (gérante)", note="Fait le 3")
    assert response.status_code == 302
    with app.app_context():
        yesterday = (today() - timedelta(days=1)).isoformat()
    assert _post(client, second, 2, state="doing", due_on=yesterday).status_code == 302

    page = client.get("/pme/plan-action").get_data(as_text=True)
    assert "Claire (gérante)" in page and "Fait le 3" in page
    assert "Fait (1)" in page and "En cours (1)" in page and "En retard (1)" in page

    done = client.get("/pme/plan-action?statut=done").get_data(as_text=True)
    assert f'id="action-{first}"' in done and f'id="action-{second}"' not in done
    late = client.get("/pme/plan-action?statut=retard").get_data(as_text=True)
    assert f'id="action-{second}"' in late and f'id="action-{first}"' not in late
    assert "en retard" in late

    # Set aside without a reason: refused, what was typed stays.
    response = _post(client, third, 3, state="dismissed", owner="Paul")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Indiquez pourquoi cette action est écartée." in page
    assert 'value="Paul"' in page
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "plan_action.updated")
        ).all()
        assert len(events) == 2


def test_an_unknown_measure_or_another_organisation_cannot_be_changed(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    submitted_assessment(app, user, pick="worst")
    sign_in(app, client, user)
    assert _post(client, "pas-une-mesure", 1, state="done").status_code == 404
    assert client.get("/pme/plan-action?statut=<script>").status_code == 200


def test_statuses_carry_over_and_a_done_measure_triggered_again_is_flagged(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    first_id = submitted_assessment(app, user, pick="worst")
    sign_in(app, client, user)
    plan = _plan(app, first_id)
    done, doing = plan[0]["measure_id"], plan[1]["measure_id"]
    _post(client, done, 1, state="done")
    _post(client, doing, 2, state="doing", note="Devis demandé")

    second_id = submitted_assessment(app, user, pick="worst")
    page = client.get("/pme/plan-action").get_data(as_text=True)
    assert f"/pme/diagnostics/{second_id}/resultats" in page
    assert "Devis demandé" in page
    card = page[page.index(f'id="action-{done}"') :]
    card = card[: card.index("</li>")]
    assert "marqué fait, mais vos réponses disent le contraire" in card

    # Confirmed again after the new diagnosis: no longer flagged.
    _post(client, done, 1, state="done")
    page = client.get("/pme/plan-action").get_data(as_text=True)
    assert "marqué fait, mais vos réponses disent le contraire" not in page


def test_the_exports_carry_status_owner_date_cost_and_time(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = submitted_assessment(app, user, pick="worst")
    sign_in(app, client, user)
    plan = _plan(app, assessment_id)
    _post(client, plan[0]["measure_id"], 1, state="done", owner="=HYPERLINK(1)")
    _post(client, plan[1]["measure_id"], 2, state="doing", due_on="2027-03-31")

    response = client.get(f"/pme/diagnostics/{assessment_id}/plan-action.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    headers = [c.value for c in sheet[1]]
    for name in ("Statut", "Responsable", "Échéance", "Coût", "Temps"):
        assert name in headers
    column = {name: headers.index(name) for name in headers}
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][column["Statut"]] == "Fait"
    assert rows[0][column["Responsable"]] == "=HYPERLINK(1)"  # as text, not a formula
    assert rows[1][column["Statut"]] == "En cours"
    assert rows[1][column["Échéance"]].date().isoformat() == "2027-03-31"
    assert rows[2][column["Statut"]] == "À faire"
    assert rows[0][column["Temps"]] == plan[0]["time"]
    assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.freeze_panes == "A2"

    text = client.get(f"/pme/diagnostics/{assessment_id}/plan-action.csv").data.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[0] == headers
    assert table[1][column["Statut"]] == "Fait"
    assert table[1][column["Responsable"]] == "'=HYPERLINK(1)"
    assert table[2][column["Échéance"]] == "31/03/2027"
    assert re.search(r"\d", table[1][column["Coût"]]) or table[1][column["Coût"]] == "Gratuit"


def test_a_provider_sees_the_statuses_read_only_only_with_consent(app, client, factory):
    sme_user = factory.user(Role.SME_MEMBER)
    provider_user = factory.user(Role.PROVIDER_MEMBER)
    link_id = factory.client_link(
        provider_user.organization_id, sme_user.organization_id, share=True
    )
    assessment_id = submitted_assessment(app, sme_user, pick="worst")
    sign_in(app, client, sme_user)
    measure = _plan(app, assessment_id)[0]["measure_id"]
    _post(client, measure, 1, state="doing", owner="Claire")

    client = app.test_client()
    sign_in(app, client, provider_user)
    page = client.get(f"/prestataire/clients/{sme_user.organization_id}").get_data(as_text=True)
    assert "Son plan d&#39;action" in page or "Son plan d'action" in page
    card = page[page.index(f'id="action-{measure}"') :]
    assert "En cours" in card[: card.index("</li>")] and "Claire" in card
    assert "<form" not in card[: card.index("</li>")]
    assert client.post(f"/pme/plan-action/{measure}", data={}).status_code in (302, 403)

    with app.app_context():
        from charter.db import write_transaction
        from charter.models import ClientLink

        with write_transaction(db.session):
            db.session.get(ClientLink, link_id).share_results = False
    page = client.get(f"/prestataire/clients/{sme_user.organization_id}").get_data(as_text=True)
    assert "Claire" not in page
