"""The Region's requests for changes: a deadline, a thread the company answers in its space,
closing by the Region, reminders before the deadline, and the list's filters."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from charter.extensions import db
from charter.models import AuditEvent, ChangeRequest, ChangeRequestStatus, Role
from charter.services import audit, change_requests
from charter.services.dates import today
from tests.helpers import last_message_to, message_text, outbox_messages, sign_in
from tests.region.helpers import compliant_provider
from tests.signing.helpers import provider, region_officer

CHANGES = "demander-des-modifications"


def ask(region, organization_id: int, reason: str, deadline: date | None = None):
    url = f"/region/signataires/{organization_id}/decision/{CHANGES}"
    data = {"reason": reason}
    if deadline is not None:
        data["deadline"] = deadline.isoformat()
    first = region.post(url, data=data)
    assert first.status_code == 200 and "Confirmer" in first.text, first.text
    return region.post(url, data={**data, "confirmed": "1"})


def today_of(app) -> date:
    with app.app_context():
        return today()


def provider_client(app, member):
    client = app.test_client()
    sign_in(app, client, member)
    return client


def only_request(app, organization_id: int) -> ChangeRequest:
    with app.app_context():
        found = db.session.scalars(
            select(ChangeRequest).where(ChangeRequest.organization_id == organization_id)
        ).all()
        assert len(found) == 1
        db.session.expunge_all()
        return found[0]


def test_the_form_proposes_a_deadline_and_refuses_a_past_one(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = compliant_provider(factory, admin, name="Granit Conseil")
    url = f"/region/signataires/{member.organization_id}/decision/{CHANGES}"
    page = region.get(url).text
    assert "ici le</label>" in page and 'name="deadline"' in page
    assert (today_of(app) + timedelta(days=30)).isoformat() in page
    past = region.post(url, data={"reason": "Profil à compléter.", "deadline": "2020-01-01"})
    assert past.status_code == 400 and "après aujourd" in past.text
    assert "Profil à compléter." in past.text
    garbled = region.post(url, data={"reason": "Profil à compléter.", "deadline": "demain"})
    assert garbled.status_code == 400 and "date valide" in garbled.text


def test_the_request_reaches_the_dashboard_and_the_thread_goes_both_ways(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = compliant_provider(factory, admin, name="Granit Conseil")
    deadline = today_of(app) + timedelta(days=20)
    response = ask(region, member.organization_id, "Complétez vos services.", deadline)
    assert response.status_code == 302
    request = only_request(app, member.organization_id)
    assert request.deadline == deadline and request.status is ChangeRequestStatus.OPEN
    mail = last_message_to(app, member.email)
    assert f"/prestataire/demandes/{request.id}" in message_text(mail)

    company = provider_client(app, member)
    dashboard = company.get("/prestataire").text
    assert "La Région vous demande des modifications" in dashboard
    assert "Complétez vos services." in dashboard
    page = f"/prestataire/demandes/{request.id}"
    empty = company.post(page, data={"message": "  "})
    assert empty.status_code == 400 and "Écrivez un message" in empty.text
    done = company.post(page, data={"message": "Services mis à jour.", "done": "1"})
    assert done.status_code == 302
    assert "Services mis à jour." in company.get(page).text
    to_officer = last_message_to(app, region.officer.email)
    assert "Services mis à jour." in message_text(to_officer)

    region_page = f"/region/signataires/{member.organization_id}/demandes/{request.id}"
    seen = region.get(region_page).text
    assert "Services mis à jour." in seen and "indique que c" in seen
    signatory = region.get(f"/region/signataires/{member.organization_id}").text
    assert "à clore" in signatory
    closed = region.post(region_page, data={"message": "Merci.", "close": "1"})
    assert closed.status_code == 302
    assert only_request(app, member.organization_id).status is ChangeRequestStatus.CLOSED
    after = company.get("/prestataire").text
    assert "La Région vous demande des modifications" not in after
    assert "Demandes de la Région traitées" in after and page in after
    thread = company.get(page).text
    assert "Close par la Région" in thread and "Merci." in thread
    assert company.post(page, data={"message": "Encore ?"}).status_code == 302
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert "change_request.answered" in actions and "change_request.closed" in actions
        assert audit.verify_chain(db.session).ok


def test_a_region_reply_hands_the_request_back(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = compliant_provider(factory, admin)
    ask(region, member.organization_id, "Mettez le site à jour.")
    request = only_request(app, member.organization_id)
    company = provider_client(app, member)
    company.post(f"/prestataire/demandes/{request.id}", data={"message": "", "done": "1"})
    assert only_request(app, member.organization_id).done_at is not None
    url = f"/region/signataires/{member.organization_id}/demandes/{request.id}"
    assert region.post(url, data={"message": ""}).status_code == 400
    region.post(url, data={"message": "Le site n'a pas changé."})
    again = only_request(app, member.organization_id)
    assert again.status is ChangeRequestStatus.OPEN and again.done_at is None
    assert "Le site n" in message_text(last_message_to(app, member.email))


def test_another_company_or_signatory_cannot_reach_the_request(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = compliant_provider(factory, admin)
    other = compliant_provider(factory, admin)
    ask(region, member.organization_id, "Mettez le site à jour.")
    request = only_request(app, member.organization_id)
    stranger = provider_client(app, other)
    assert stranger.get(f"/prestataire/demandes/{request.id}").status_code == 404
    posted = stranger.post(f"/prestataire/demandes/{request.id}", data={"done": "1"})
    assert posted.status_code == 404
    wrong = f"/region/signataires/{other.organization_id}/demandes/{request.id}"
    assert region.get(wrong).status_code == 404
    assert only_request(app, member.organization_id).done_at is None


def test_reminders_go_before_the_deadline_once_per_step(app, factory, region, runner):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = compliant_provider(factory, admin)
    ask(region, member.organization_id, "Mettez le site à jour.", today_of(app) + timedelta(days=6))
    before = len(outbox_messages(app))
    result = runner.invoke(args=["charter", "send-reminders"])
    assert result.exit_code == 0, result.output
    assert "1 rappel(s) de demande de modifications" in result.output
    reminders = outbox_messages(app)[before:]
    assert len(reminders) == 1 and "à traiter avant le" in reminders[0]["Subject"]
    assert "C'est fait" in message_text(reminders[0])
    again = runner.invoke(args=["charter", "send-reminders"])
    assert "0 rappel(s) de demande de modifications" in again.output
    last_day = (today_of(app) + timedelta(days=5)).isoformat()
    later = runner.invoke(args=["charter", "send-reminders", "--date", last_day])
    assert "1 rappel(s) de demande de modifications" in later.output
    assert only_request(app, member.organization_id).reminded_days == 1


def test_no_reminder_once_done(app, factory, region, runner):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = compliant_provider(factory, admin)
    ask(region, member.organization_id, "Mettez le site à jour.", today_of(app) + timedelta(days=3))
    request = only_request(app, member.organization_id)
    provider_client(app, member).post(
        f"/prestataire/demandes/{request.id}", data={"message": "", "done": "1"}
    )
    result = runner.invoke(args=["charter", "send-reminders"])
    assert "0 rappel(s) de demande de modifications" in result.output


def test_the_list_filters_requests_in_progress_and_overdue(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    late = compliant_provider(factory, admin, name="Alpha Retard")
    waiting = compliant_provider(factory, admin, name="Beta Attente")
    compliant_provider(factory, admin, name="Gamma Tranquille")
    ask(region, late.organization_id, "A faire.", today_of(app) + timedelta(days=2))
    ask(region, waiting.organization_id, "A faire aussi.", today_of(app) + timedelta(days=9))
    with app.app_context():
        request = db.session.scalars(
            select(ChangeRequest).where(ChangeRequest.organization_id == late.organization_id)
        ).one()
        request.deadline = today_of(app) - timedelta(days=1)
        db.session.commit()
    every = region.get("/region/signataires").text
    assert "Demande en retard" in every and "Gamma Tranquille" in every
    running = region.get("/region/signataires?demande=en_cours").text
    assert "Alpha Retard" in running and "Beta Attente" in running
    assert "Gamma Tranquille" not in running
    overdue = region.get("/region/signataires?demande=en_retard").text
    assert "Alpha Retard" in overdue and "Beta Attente" not in overdue
    assert "Gamma Tranquille" not in overdue
    csv = region.get("/region/signataires.csv?demande=en_retard").data.decode("utf-8-sig")
    assert "Alpha Retard" in csv and "Beta Attente" not in csv


def test_overdue_states_per_organisation(app, factory):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = provider(factory)
    factory.signature(member, validate_by=admin)
    with app.app_context():
        opened = change_requests.open_request(
            db.session,
            member.organization_id,
            admin.id,
            "Motif.",
            today_of(app) + timedelta(days=1),
        )
        db.session.commit()
        ids = [member.organization_id]
        assert change_requests.list_states(db.session, ids) == {ids[0]: "en_cours"}
        later = today_of(app) + timedelta(days=2)
        assert change_requests.list_states(db.session, ids, later) == {ids[0]: "en_retard"}
        assert change_requests.is_overdue(opened, later)


def test_the_answer_is_in_its_authors_personal_data_export(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = compliant_provider(factory, admin)
    ask(region, member.organization_id, "Mettez le site à jour.")
    request = only_request(app, member.organization_id)
    provider_client(app, member).post(
        f"/prestataire/demandes/{request.id}", data={"message": "Site à jour."}
    )
    with app.app_context():
        from charter.services.personal_data import export_personal_data

        exported = export_personal_data(db.session, member.id)["change_request_messages"]
        assert [m["message"] for m in exported] == ["Site à jour."]
