"""The stored report's stamp (issue 21): a download checks the stored copy against the few
values that can change, so every change of what the PDF prints gives a new PDF at the next
download, and nothing else rebuilds it; access is still checked before any byte."""

from __future__ import annotations

import pytest

from charter.assessments import downloads
from charter.core.plan_tracking import DONE
from charter.extensions import db
from charter.models import Organization, Role
from charter.services import organizations, plan_tracking
from tests.helpers import sign_in
from tests.journey import submitted_assessment
from tests.reports.helpers import all_text
from tests.signing.helpers import provider, region_officer


@pytest.fixture
def renders(monkeypatch):
    """Counts the reports actually rendered."""
    calls = []
    real = downloads.render_diagnosis_report

    def render(data):
        calls.append(data)
        return real(data)

    monkeypatch.setattr(downloads, "render_diagnosis_report", render)
    return calls


@pytest.fixture
def sme(app, client, factory):
    """A signed-in SME member and the address of its submitted diagnosis's report."""
    user = factory.user(Role.SME_MEMBER)
    sent = submitted_assessment(app, user)
    sign_in(app, client, user)
    return user, f"/pme/diagnostics/{sent}/rapport.pdf"


def _text(response) -> str:
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    return all_text(response.data)


def test_an_unchanged_report_is_served_again_and_revalidated(client, sme, renders):
    _, address = sme
    first, second = client.get(address), client.get(address)
    assert first.data == second.data and len(renders) == 1
    etag = first.headers["ETag"]
    assert etag == second.headers["ETag"] and not etag.startswith("W/")
    again = client.get(address, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["Cache-Control"] == "no-store" and len(renders) == 1


def test_new_help_contacts_give_a_new_report(app, client, sme, renders):
    _, address = sme
    before = client.get(address)
    assert "Centre de test" not in _text(before)
    app.config["HELP_CONTACTS"] = [
        {"name": "Centre de test", "description": "Répond.", "url": "https://centre.example.org"}
    ]
    after = client.get(address)
    assert "Centre de test" in _text(after) and len(renders) == 2
    assert after.headers["ETag"] != before.headers["ETag"]
    # The client's copy is no longer the current one: the full document, not a 304.
    assert client.get(address, headers={"If-None-Match": before.headers["ETag"]}).status_code == 200


def test_a_renamed_company_is_printed_at_the_next_download(app, client, sme, renders):
    user, address = sme
    client.get(address)
    with app.app_context():
        db.session.get(Organization, user.organization_id).name = "Boulangerie Renommée"
        db.session.commit()
    assert "Boulangerie Renommée" in _text(client.get(address))
    assert len(renders) == 2
    client.get(address)
    assert len(renders) == 2


def test_a_provider_renamed_or_linked_changes_who_can_help(app, client, factory, sme, renders):
    user, address = sme
    member = provider(factory, name="Conseil Bocage")
    client.get(address)
    factory.client_link(member.organization_id, user.organization_id, share=True)
    assert "Conseil Bocage" in _text(client.get(address))
    with app.app_context():
        db.session.get(Organization, member.organization_id).name = "Conseil Bessin"
        db.session.commit()
    text = _text(client.get(address))
    assert "Conseil Bessin" in text and "Conseil Bocage" not in text
    assert len(renders) == 3


def test_the_directory_suggestions_follow_the_listing(app, client, factory, sme, renders):
    _, address = sme
    assert "Sécurité Calvados" not in _text(client.get(address))
    member = provider(factory, name="Sécurité Calvados", department="14")
    factory.signature(member, validate_by=region_officer(factory))
    assert "Sécurité Calvados" in _text(client.get(address))  # newly listed
    with app.app_context():
        organizations.set_directory_consent(db.session, member.organization_id, member.id, False)
    assert "Sécurité Calvados" not in _text(client.get(address))  # delisted
    assert len(renders) == 3


def test_recorded_progress_does_not_rebuild_the_pdf(app, client, sme, renders):
    """The plan's progress is printed by the exports, not by the PDF: no new copy for it."""
    user, address = sme
    first = client.get(address)
    with app.app_context():
        plan = plan_tracking.tracked_plan(
            db.session, plan_tracking.latest_diagnosis(db.session, user.organization_id)
        )
        plan_tracking.update_action(
            db.session,
            actor_id=user.id,
            organization_id=user.organization_id,
            measure_id=plan[0].entry.measure_id,
            change=plan_tracking.ActionChange(state=DONE),
        )
        assert plan_tracking.progress_of(db.session, user.organization_id)
    assert client.get(address).data == first.data and len(renders) == 1


def test_another_organisation_gets_404_before_any_byte(app, factory, sme, renders):
    _, address = sme
    stranger = factory.user(Role.SME_MEMBER)
    viewer = app.test_client()
    sign_in(app, viewer, stranger)
    response = viewer.get(address)
    assert response.status_code == 404 and b"%PDF" not in response.data
    assert "ETag" not in response.headers and renders == []
