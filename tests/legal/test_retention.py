"""The retention purge: one test per rule, idempotence, the audit chain still verifying."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import String, cast, func, select, update

from charter.db import utcnow, write_transaction
from charter.extensions import db
from charter.models import (
    AuditEvent,
    Organization,
    OrganizationKind,
    Role,
    TermsAcceptance,
    User,
    UserSession,
)
from charter.services import audit, retention
from tests.helpers import sign_in

LONG_AGO = timedelta(days=400)


def run_purge(runner):
    result = runner.invoke(args=["charter", "purge"])
    assert result.exit_code == 0, result.output
    return result.output


def age(app, model, column, row_id, by=LONG_AGO):
    """Move a row's timestamp back in time."""
    with app.app_context():
        db.session.execute(update(model).where(model.id == row_id).values({column: utcnow() - by}))
        db.session.commit()


def count(app, statement):
    with app.app_context():
        return db.session.scalar(statement)


def details_of(app, **filters):
    with app.app_context():
        return [
            e.details
            for e in db.session.scalars(select(AuditEvent).filter_by(**filters).order_by("id"))
        ]


def assert_chain_verifies(runner):
    result = runner.invoke(args=["charter", "verify-audit"])
    assert result.exit_code == 0, result.output


def test_unverified_accounts_are_deleted_after_the_period_with_their_empty_organisation(
    app, runner, factory
):
    org = factory.organization(OrganizationKind.SME)
    stale = factory.user(Role.SME_MEMBER, org, verified=False)
    recent = factory.user(verified=False)
    verified = factory.user()
    with app.app_context(), write_transaction(db.session) as s:
        audit.record(
            s,
            "account.registered",
            actor_id=stale.id,
            target_type="user",
            target_id=stale.id,
            details={"ip": "203.0.113.9"},
        )
    age(app, User, "created_at", stale.id)
    age(app, User, "created_at", verified.id)
    output = run_purge(runner)
    assert "Comptes dont l'adresse e-mail n'a jamais été confirmée (plus de 30 jours) : 1" in output
    with app.app_context():
        remaining = set(db.session.scalars(select(User.id)))
    assert remaining == {recent.id, verified.id}
    assert count(app, select(Organization.id).filter_by(id=org.id)) is None  # SIRET freed
    assert details_of(app, action="account.registered") == [None]
    assert_chain_verifies(runner)


def test_an_organisation_with_other_members_is_kept(app, runner, factory):
    org = factory.organization(OrganizationKind.PROVIDER)
    stale = factory.user(Role.PROVIDER_MEMBER, org, verified=False)
    factory.user(Role.PROVIDER_MEMBER, org)
    age(app, User, "created_at", stale.id)
    run_purge(runner)
    assert count(app, select(Organization.id).filter_by(id=org.id)) == org.id
    assert count(app, select(User.id).filter_by(id=stale.id)) is None


def test_deleted_accounts_lose_their_last_traces_after_the_period(app, client, runner, factory):
    factory.terms()
    user = factory.user(full_name="Paul Martin")
    other = factory.user()
    sign_in(app, client, user)
    sign_in(app, app.test_client(), other)
    with app.app_context(), write_transaction(db.session) as s:
        audit.record(s, "auth.login", actor_id=other.id, details={"ip": "192.0.2.1"})
    client.post("/compte/suppression", data={"password": user.password, "confirm": "y"})
    with app.app_context():
        db.session.execute(
            update(TermsAcceptance).filter_by(user_id=user.id).values(ip_address="198.51.100.7")
        )
        db.session.commit()
    assert count(app, select(func.count()).select_from(UserSession).filter_by(user_id=user.id))
    run_purge(runner)  # too early: nothing of the deleted account goes yet
    assert details_of(app, action="account.deleted") == [{"ip": "127.0.0.1"}]
    age(app, User, "deleted_at", user.id, by=timedelta(days=31))
    output = run_purge(runner)
    assert "Dernières traces des comptes supprimés" in output
    sessions = select(func.count()).select_from(UserSession)
    assert count(app, sessions.filter_by(user_id=user.id)) == 0
    assert count(app, sessions.filter_by(user_id=other.id)) == 1  # others untouched
    assert details_of(app, action="account.deleted") == [None]
    assert count(app, select(TermsAcceptance.ip_address).filter_by(user_id=user.id)) == ""
    assert count(app, select(TermsAcceptance.id).filter_by(user_id=user.id))  # proof kept
    assert details_of(app, actor_id=other.id) == [{"ip": "192.0.2.1"}]  # others untouched
    assert_chain_verifies(runner)


def test_ended_sessions_are_deleted_after_the_period(app, client, runner, factory):
    user = factory.user()
    sign_in(app, client, user)
    sign_in(app, app.test_client(), user)
    with app.app_context():
        first = db.session.scalar(select(func.min(UserSession.id)))
    age(app, UserSession, "last_seen_at", first, by=timedelta(days=31))
    output = run_purge(runner)
    assert (
        "Sessions de connexion terminées (adresse IP, navigateur) (plus de 30 jours) : 1" in output
    )
    assert count(app, select(func.count()).select_from(UserSession)) == 1


def test_old_audit_details_are_emptied_and_the_chain_still_verifies(app, runner, in_transaction):
    for n in range(3):
        in_transaction(
            lambda s, n=n: audit.record(s, "test.event", actor_id=n, details={"ip": f"10.0.0.{n}"})
        )
    in_transaction(lambda s: audit.record(s, "test.bare", actor_id=None))
    with app.app_context():
        # Backdate the first two events, re-chaining as if they had been written long ago.
        previous = audit.GENESIS_HASH
        for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
            if event.id <= 2:
                event.created_at = utcnow() - LONG_AGO
            event.prev_hash = previous
            event.hash = previous = audit.compute_hash(event)
        db.session.commit()
    assert_chain_verifies(runner)
    output = run_purge(runner)
    assert (
        "Détails des événements du journal d'audit (adresses IP…) (plus de 365 jours) : 2" in output
    )
    assert details_of(app, action="test.event") == [None, None, {"ip": "10.0.0.2"}]
    assert_chain_verifies(runner)


def test_the_purge_is_idempotent_and_audits_counts_only(app, runner, factory):
    stale = factory.user(verified=False)
    age(app, User, "created_at", stale.id)
    first = run_purge(runner)
    assert "Total : 1 élément(s) effacé(s)." in first
    events = count(app, select(func.count()).select_from(AuditEvent))
    assert details_of(app, action="retention.purged") == [{"count": 1, "days": 30}]
    second = run_purge(runner)
    assert "Rien d'autre à effacer." in second
    assert count(app, select(func.count()).select_from(AuditEvent)) == events  # nothing new
    assert "Liens de vérification et de réinitialisation : rien à effacer" in second


def test_periods_come_from_configuration(app, runner, factory):
    app.config["RETENTION_UNVERIFIED_ACCOUNT_DAYS"] = 500
    stale = factory.user(verified=False)
    age(app, User, "created_at", stale.id)
    assert "(plus de 500 jours) : 0" in run_purge(runner)


def test_another_area_can_register_its_rule(app, monkeypatch):
    monkeypatch.setattr(retention, "_RULES", dict(retention._RULES))
    calls = []

    @retention.rule("expired_invitations", "Invitations expirées", "RETENTION_TEST_DAYS")
    def _invitations(session, cutoff):
        calls.append(cutoff)
        return 0

    app.config["RETENTION_TEST_DAYS"] = 7
    with app.app_context():
        outcomes = retention.purge(db.session)
    assert [o.rule.name for o in outcomes][-1] == "expired_invitations"
    assert utcnow() - calls[0] >= timedelta(days=7)


@pytest.mark.parametrize("value", ["null", None])
def test_erasing_skips_events_without_details(app, in_transaction, value):
    in_transaction(lambda s: audit.record(s, "test.bare", actor_id=None))
    with app.app_context(), write_transaction(db.session) as s:
        erased = retention.erase_audit_details(s, AuditEvent.id > 0)
        assert erased == 0
        assert s.scalar(select(cast(AuditEvent.details, String))) in ("null", value)


def test_invitations_never_accepted_are_deleted_after_the_period(app, runner, factory):
    from charter.models import Invitation

    provider = factory.organization(OrganizationKind.PROVIDER)
    expired, _token = factory.invitation(provider, "parti@client.fr")
    factory.invitation(provider, "recent@client.fr")
    accepted, _token = factory.invitation(provider, "accepte@client.fr")
    age(app, Invitation, "expires_at", expired)
    age(app, Invitation, "expires_at", accepted)
    with app.app_context():
        db.session.execute(
            update(Invitation)
            .where(Invitation.id == accepted)
            .values(accepted_at=utcnow() - LONG_AGO)
        )
        db.session.commit()
    output = run_purge(runner)
    assert "Invitations de clients expirées ou annulées" in output
    with app.app_context():
        left = set(db.session.scalars(select(Invitation.email)))
    assert left == {"recent@client.fr", "accepte@client.fr"}
    run_purge(runner)  # idempotent
    with app.app_context():
        assert set(db.session.scalars(select(Invitation.email))) == left


def test_the_privacy_notice_states_the_invitation_period(client):
    page = client.get("/confidentialite").get_data(as_text=True)
    assert "Une invitation expirée ou annulée est supprimée 30 jours plus tard" in page
