"""Follow-up mails (issue 17 §2): 6 and 12 months after the latest diagnosis, once per
diagnosis and milestone, the six priorities with their status, links from BASE_URL, opt-out."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from charter.core.plan_tracking import add_months, due_follow_up
from charter.extensions import db
from charter.models import Assessment, FollowUpReminder, Role
from charter.services.dates import local_date
from tests.helpers import message_text, outbox_messages, sign_in
from tests.journey import submitted_assessment


def _run(runner, day: date):
    return runner.invoke(args=["charter", "send-reminders", "--date", day.isoformat()])


def _submitted_on(app, assessment_id: int) -> date:
    with app.app_context():
        return local_date(db.session.get(Assessment, assessment_id).submitted_at)


def test_months_are_added_as_on_a_calendar():
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 1), 12) == date(2027, 12, 1)
    assert add_months(date(2026, 7, 15), 6) == date(2027, 1, 15)


def test_the_due_milestone_is_the_latest_reached_within_the_window():
    day = date(2026, 1, 10)
    assert due_follow_up(day, date(2026, 7, 9), (6, 12), 60) is None
    assert due_follow_up(day, date(2026, 7, 10), (6, 12), 60) == 6
    assert due_follow_up(day, date(2027, 1, 10), (6, 12), 60) == 12
    assert due_follow_up(day, date(2027, 6, 1), (6, 12), 60) is None  # long past: no mail


def test_six_months_later_members_get_one_mail_with_priorities_and_links(
    app, client, factory, runner
):
    user = factory.user(Role.SME_MEMBER)
    colleague = factory.user(Role.SME_MEMBER, organization=_org(user))
    quiet = factory.user(Role.SME_MEMBER, organization=_org(user), follow_up_emails=False)
    assessment_id = submitted_assessment(app, user, pick="worst")
    sign_in(app, client, user)
    with app.app_context():
        first = db.session.get(Assessment, assessment_id).result["priorities"][0]
    client.post(f"/pme/plan-action/{first['measure_id']}", data={"a1-state": "doing"})

    submitted = _submitted_on(app, assessment_id)
    early = _run(runner, add_months(submitted, 6) - timedelta(days=1))
    assert early.exit_code == 0, early.output
    assert outbox_messages(app) == []

    due = add_months(submitted, 6)
    result = _run(runner, due)
    assert result.exit_code == 0, result.output
    assert "1 relance(s) de diagnostic envoyée(s)" in result.output
    messages = outbox_messages(app)
    assert sorted(m["To"] for m in messages) == sorted([user.email, colleague.email])
    assert quiet.email not in [m["To"] for m in messages]
    body = message_text(messages[0])
    assert "6 mois" in messages[0]["Subject"]
    assert f"{first['title']} : En cours" in body
    base = app.config["BASE_URL"]
    assert f"{base}/pme/diagnostics/nouveau" in body and f"{base}/pme/plan-action" in body
    assert f"{base}/compte" in body

    again = _run(runner, due + timedelta(days=3))
    assert "0 relance(s)" in again.output
    assert len(outbox_messages(app)) == 2

    twelve = _run(runner, add_months(submitted, 12))
    assert "1 relance(s)" in twelve.output
    with app.app_context():
        months = db.session.scalars(select(FollowUpReminder.months)).all()
        assert sorted(months) == [6, 12]


def test_a_newer_diagnosis_replaces_the_older_ones_follow_ups(app, factory, runner):
    user = factory.user(Role.SME_MEMBER)
    old_id = submitted_assessment(app, user, pick="worst")
    new_id = submitted_assessment(app, user, pick="middle")
    _run(runner, add_months(_submitted_on(app, old_id), 6))
    with app.app_context():
        assert db.session.scalars(select(FollowUpReminder.assessment_id)).all() == [new_id]


def test_opting_out_from_the_account_page(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    sign_in(app, client, user)
    page = client.get("/compte").get_data(as_text=True)
    assert "Rappels de suivi" in page and 'name="follow_up_emails"' in page and "checked" in page
    response = client.post("/compte/rappels", data={})
    assert response.status_code == 302
    page = client.get("/compte").get_data(as_text=True)
    assert "Vous ne recevrez plus les rappels de suivi." in page
    from charter.models import User

    with app.app_context():
        assert db.session.get(User, user.id).follow_up_emails is False


def _org(user):
    from charter.models import OrganizationKind
    from tests.factories import OrgRef

    return OrgRef(user.organization_id, "", "", OrganizationKind.SME)


def test_a_provider_reminds_a_consenting_client_due_for_a_follow_up_once(app, client, factory):
    from datetime import timedelta

    from charter.db import utcnow, write_transaction

    sme_user = factory.user(Role.SME_MEMBER)
    provider_user = factory.user(Role.PROVIDER_MEMBER)
    factory.client_link(provider_user.organization_id, sme_user.organization_id, share=True)
    assessment_id = submitted_assessment(app, sme_user, pick="worst")
    sign_in(app, client, provider_user)
    url = f"/prestataire/clients/{sme_user.organization_id}"
    assert "Relancer ce client" not in client.get(url).get_data(as_text=True)
    assert client.post(f"{url}/rappel").status_code == 302

    def to_client():
        return [m for m in outbox_messages(app) if m["To"] == sme_user.email]

    assert to_client() == []  # not due yet: nothing sent

    with app.app_context(), write_transaction(db.session):
        db.session.get(Assessment, assessment_id).submitted_at = utcnow() - timedelta(days=200)
    portfolio = client.get("/prestataire/clients").get_data(as_text=True)
    assert "à relancer" in portfolio
    assert "Relancer ce client" in client.get(url).get_data(as_text=True)
    response = client.post(f"{url}/rappel", follow_redirects=True)
    assert "Rappel envoyé à 1 personne de l" in response.get_data(as_text=True)
    [message] = to_client()
    assert "vous propose de faire le point" in message_text(message)
    assert "Il y a 6 mois" in message_text(message)

    again = client.post(f"{url}/rappel", follow_redirects=True).get_data(as_text=True)
    assert "déjà" in again and len(to_client()) == 1
    with app.app_context():
        assert db.session.scalars(select(FollowUpReminder.months)).all() == [0]
