"""Colleagues (issue 20 §1): owners and members, invitations, roles, hand-over, leaving, and
who did what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from charter.db import utcnow, write_transaction
from charter.definitions import questionnaire_of
from charter.extensions import db
from charter.models import (
    Assessment,
    AuditEvent,
    ClientLink,
    MemberInvitation,
    OrganizationKind,
    OrganizationRole,
    Role,
    User,
)
from charter.services import members
from tests.factories import valid_siret
from tests.helpers import last_message_to, link_in, login, message_text, sign_in
from tests.journey import draft_assessment, submitted_assessment

STRONG = "volets bleus sur la falaise"


def _role(app, user_id: int) -> OrganizationRole | None:
    with app.app_context():
        return db.session.get(User, user_id).organization_role


def _user(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _team(factory, kind=OrganizationKind.SME):
    """An organisation with its owner (who registered it) and a member."""
    org = factory.organization(kind, name="Boulangerie Lemoine")
    role = Role.SME_MEMBER if kind is OrganizationKind.SME else Role.PROVIDER_MEMBER
    owner = factory.user(role, org, full_name="Claire Lemoine", email="claire@lemoine.fr")
    member = factory.user(role, org, full_name="Paul Martin", email="paul@lemoine.fr")
    return org, owner, member


# ----------------------------------------------------------------------- owner at registration


def test_the_person_who_registers_an_organisation_is_its_owner(app, client):
    data = {
        "organization_name": "Fromagerie du Pays d'Auge",
        "siret": valid_siret(951),
        "department": "14",
        "city": "Livarot",
        "sector": "agriculture-agroalimentaire",
        "size_band": "10-49",
        "full_name": "Marc Lefèvre",
        "email": "marc@fromagerie-auge.fr",
        "password": STRONG,
    }
    assert client.post("/inscription/pme", data=data).status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email="marc@fromagerie-auge.fr"))
        assert user.organization_role is OrganizationRole.OWNER


# ---------------------------------------------------------------------------- invitations


def test_an_owner_invites_a_colleague_who_creates_an_account_and_joins(app, client, factory):
    org, owner, _member = _team(factory)
    sign_in(app, client, owner)
    response = client.post(
        "/organisation/equipe/invitations", data={"email": "Julie@Lemoine.fr", "role": "member"}
    )
    assert response.status_code == 302
    mail = last_message_to(app, "julie@lemoine.fr")
    text = message_text(mail)
    assert "Claire Lemoine" in mail["Subject"] and "Boulangerie Lemoine" in mail["Subject"]
    assert "Claire Lemoine vous invite à rejoindre Boulangerie Lemoine" in text
    link = link_in(mail, "/rejoindre/")
    assert "julie@lemoine.fr" in client.get("/organisation/equipe").get_data(as_text=True)
    assert len(_events(app, "member.invited")) == 1

    visitor = app.test_client()
    page = visitor.get(link).get_data(as_text=True)
    assert "Claire Lemoine vous invite à rejoindre Boulangerie Lemoine" in page
    response = visitor.post(
        f"{link}/inscription",
        data={"full_name": "Julie Roux", "password": STRONG, "accept_terms": "y"},
    )
    assert response.headers["Location"] == "/connexion"
    with app.app_context():
        julie = db.session.scalar(select(User).filter_by(email="julie@lemoine.fr"))
        assert julie.organization_id == org.id
        assert julie.organization_role is OrganizationRole.MEMBER
        assert julie.role is Role.SME_MEMBER
        assert julie.email_verified_at is not None  # the link proved the address
    assert len(_events(app, "member.joined")) == 1
    # Single use: the link is dead now.
    assert visitor.get(link).status_code == 410
    # Julie logs in and lands in her organisation's space.
    fresh = app.test_client()
    response = login(fresh, type("U", (), {"email": "julie@lemoine.fr", "password": STRONG})())
    assert response.status_code == 302
    assert "Claire Lemoine" in fresh.get("/organisation/equipe").get_data(as_text=True)


def test_an_invitation_can_be_resent_and_cancelled_and_expires(app, client, factory):
    _org, owner, _member = _team(factory)
    sign_in(app, client, owner)
    client.post(
        "/organisation/equipe/invitations", data={"email": "a@lemoine.fr", "role": "member"}
    )
    first_link = link_in(last_message_to(app, "a@lemoine.fr"), "/rejoindre/")
    with app.app_context():
        invitation_id = db.session.scalar(select(MemberInvitation.id))
    # Twice the same address: refused, with what to do.
    again = client.post(
        "/organisation/equipe/invitations", data={"email": "a@lemoine.fr", "role": "member"}
    )
    assert again.status_code == 400
    assert "déjà une invitation en cours" in again.get_data(as_text=True)

    client.post(f"/organisation/equipe/invitations/{invitation_id}/renvoi")
    second_link = link_in(last_message_to(app, "a@lemoine.fr"), "/rejoindre/")
    assert second_link != first_link
    assert app.test_client().get(first_link).status_code == 404  # the old link died
    assert app.test_client().get(second_link).status_code == 200

    confirm = client.get(f"/organisation/equipe/invitations/{invitation_id}/annulation")
    assert "ne fonctionnera plus" in confirm.get_data(as_text=True)
    client.post(f"/organisation/equipe/invitations/{invitation_id}/annulation")
    assert app.test_client().get(second_link).status_code == 410
    assert len(_events(app, "member.invitation_cancelled")) == 1

    client.post(
        "/organisation/equipe/invitations", data={"email": "b@lemoine.fr", "role": "member"}
    )
    link = link_in(last_message_to(app, "b@lemoine.fr"), "/rejoindre/")
    with app.app_context(), write_transaction(db.session) as session:
        for invitation in session.scalars(select(MemberInvitation)):
            invitation.expires_at = utcnow() - timedelta(minutes=1)
    page = app.test_client().get(link)
    assert page.status_code == 410
    assert "Le lien a expiré" in page.get_data(as_text=True)


def test_bad_invitation_input_is_refused_in_french(app, client, factory):
    _org, owner, member = _team(factory)
    sign_in(app, client, owner)
    response = client.post(
        "/organisation/equipe/invitations", data={"email": "pas-une-adresse", "role": "member"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Cette adresse e-mail n&#39;est pas valide." in page
    assert 'value="pas-une-adresse"' in page
    response = client.post(
        "/organisation/equipe/invitations", data={"email": member.email, "role": "member"}
    )
    assert "fait déjà partie de l&#39;entreprise" in response.get_data(as_text=True)


def test_an_existing_account_without_organisation_joins(app, client, factory):
    org, owner, _member = _team(factory)
    other_org = factory.organization(OrganizationKind.PROVIDER)
    lonely = factory.user(Role.PROVIDER_MEMBER, other_org, email="seul@exemple.fr")
    _invitation_id, token = factory.member_invitation(org, owner, email="seul@exemple.fr")
    sign_in(app, client, lonely)
    # Still in an organisation: told to leave it first.
    response = client.post(f"/rejoindre/{token}")
    assert response.status_code == 409
    assert "fait déjà partie d&#39;une entreprise" in response.get_data(as_text=True)
    with app.app_context():
        members.leave(db.session, actor_id=lonely.id) if False else None
        with write_transaction(db.session) as session:
            user = session.get(User, lonely.id)
            user.organization_id = None
            user.organization_role = None
    response = client.post(f"/rejoindre/{token}")
    assert response.status_code == 302
    joined = _user(app, lonely.id)
    assert joined.organization_id == org.id
    assert joined.role is Role.SME_MEMBER  # the kind of the organisation joined
    assert joined.organization_role is OrganizationRole.MEMBER


def test_an_account_with_another_address_cannot_use_the_link(app, client, factory):
    org, owner, _member = _team(factory)
    stranger = factory.user(Role.SME_MEMBER, email="autre@exemple.fr")
    with app.app_context(), write_transaction(db.session) as session:
        user = session.get(User, stranger.id)
        user.organization_id = None
    _id, token = factory.member_invitation(org, owner, email="invite@exemple.fr")
    sign_in(app, client, stranger)
    response = client.post(f"/rejoindre/{token}")
    assert response.status_code == 409
    assert _user(app, stranger.id).organization_id is None


# ------------------------------------------------------------------ roles, removal, hand-over


def test_the_owner_changes_roles_but_never_leaves_the_organisation_without_one(
    app, client, factory
):
    _org, owner, member = _team(factory)
    sign_in(app, client, owner)
    client.post(f"/organisation/equipe/{member.id}/role", data={"role": "owner"})
    assert _role(app, member.id) is OrganizationRole.OWNER
    client.post(f"/organisation/equipe/{member.id}/role", data={"role": "member"})
    assert _role(app, member.id) is OrganizationRole.MEMBER
    changes = _events(app, "member.role_changed")
    assert [(e.details["from"], e.details["to"]) for e in changes] == [
        ("member", "owner"),
        ("owner", "member"),
    ]
    # Demoting oneself as the only owner: refused.
    with app.app_context(), pytest.raises(members.MemberProblem) as refused:
        members.change_role(db.session, actor_id=owner.id, user_id=owner.id, role="member")
    assert refused.value.code == "last_owner"


def test_a_member_cannot_remove_the_owner_nor_manage_people(app, client, factory):
    _org, owner, member = _team(factory)
    sign_in(app, client, member)
    page = client.get("/organisation/equipe").get_data(as_text=True)
    assert "Claire Lemoine" in page and "Vous êtes membre" in page
    assert "Retirer" not in page and "Inviter un collègue" not in page
    assert client.post(f"/organisation/equipe/{owner.id}/retrait").status_code == 403
    assert (
        client.post(f"/organisation/equipe/{owner.id}/role", data={"role": "member"}).status_code
        == 403
    )
    assert _user(app, owner.id).organization_role is OrganizationRole.OWNER


def test_another_organisations_people_do_not_exist(app, client, factory):
    _org, owner, _member = _team(factory)
    _other, _other_owner, other_member = _team_elsewhere(factory)
    sign_in(app, client, owner)
    assert client.get(f"/organisation/equipe/{other_member.id}/retrait").status_code == 404
    assert client.post(f"/organisation/equipe/{other_member.id}/transfert").status_code == 404
    assert _user(app, other_member.id).organization_id is not None


def _team_elsewhere(factory):
    org = factory.organization(OrganizationKind.SME, name="Garage Vautier")
    owner = factory.user(Role.SME_MEMBER, org)
    member = factory.user(Role.SME_MEMBER, org)
    return org, owner, member


def test_removing_a_member_locks_them_out_of_the_organisation(app, client, factory):
    _org, owner, member = _team(factory)
    assessment_id = draft_assessment(app, owner)
    sign_in(app, client, owner)
    assert "Paul Martin" in client.get(f"/organisation/equipe/{member.id}/retrait").get_data(
        as_text=True
    )
    client.post(f"/organisation/equipe/{member.id}/retrait")
    assert _user(app, member.id).organization_id is None
    assert len(_events(app, "member.removed")) == 1
    removed = app.test_client()
    sign_in(app, removed, member)
    response = removed.get(f"/pme/diagnostics/{assessment_id}/relecture")
    assert response.headers["Location"] == "/compte"
    assert "Aucune entreprise" in removed.get("/compte").get_data(as_text=True)


def test_the_owner_transfers_ownership_then_leaves(app, client, factory):
    _org, owner, member = _team(factory)
    sign_in(app, client, owner)
    # The only owner cannot leave nor delete their account while a colleague remains.
    page = client.get("/organisation/equipe/depart").get_data(as_text=True)
    assert "Vous êtes le seul responsable" in page
    assert client.post("/organisation/equipe/depart").status_code == 409
    delete = client.post("/compte/suppression", data={"password": owner.password, "confirm": "y"})
    assert delete.status_code == 409
    assert "transmettez la responsabilité" in delete.get_data(as_text=True)
    assert _user(app, owner.id).active

    client.post(f"/organisation/equipe/{member.id}/transfert")
    assert _role(app, member.id) is OrganizationRole.OWNER
    assert _role(app, owner.id) is OrganizationRole.MEMBER
    assert len(_events(app, "member.ownership_transferred")) == 1
    assert client.post("/organisation/equipe/depart").headers["Location"] == "/compte"
    assert _user(app, owner.id).organization_id is None
    assert len(_events(app, "member.left")) == 1


def test_alone_one_may_delete_the_account_but_not_leave(app, client, factory):
    org = factory.organization(OrganizationKind.SME)
    owner = factory.user(Role.SME_MEMBER, org)
    sign_in(app, client, owner)
    assert client.post("/organisation/equipe/depart").status_code == 409
    response = client.post("/compte/suppression", data={"password": owner.password, "confirm": "y"})
    assert response.status_code == 302
    assert not _user(app, owner.id).active


# ------------------------------------------------------------------- what members may do


def test_members_fill_the_diagnosis_and_the_review_shows_who_saved_each_answer(
    app, client, factory
):
    _org, owner, member = _team(factory)
    assessment_id = draft_assessment(app, owner)
    with app.app_context():
        questionnaire = questionnaire_of(
            db.session.get(Assessment, assessment_id).questionnaire_version
        )
    theme = questionnaire.themes[0]
    sign_in(app, client, member)
    data = {f"q-{q.id}": q.options[-1].key for q in theme.questions}
    response = client.post(f"/pme/diagnostics/{assessment_id}/themes/{theme.id}", data=data)
    assert response.status_code == 302
    owner_client = app.test_client()
    sign_in(app, owner_client, owner)
    page = owner_client.get(f"/pme/diagnostics/{assessment_id}/relecture").get_data(as_text=True)
    assert "(enregistrée par Paul Martin)" in page


def test_the_plan_page_shows_who_changed_a_status(app, client, factory):
    _org, owner, member = _team(factory)
    assessment_id = submitted_assessment(app, owner, pick="worst")
    with app.app_context():
        measure = db.session.get(Assessment, assessment_id).result["priorities"][0]["measure_id"]
    sign_in(app, client, member)
    response = client.post(f"/pme/plan-action/{measure}", data={"a1-state": "doing"})
    assert response.status_code == 302
    page = client.get("/pme/plan-action").get_data(as_text=True)
    assert "modifié par Paul Martin" in page


def test_only_owners_manage_sharing_profile_and_signing(app, client, factory):
    factory.charter()
    _org, owner, member = _team(factory, OrganizationKind.PROVIDER)
    sign_in(app, client, member)
    dashboard = client.get("/prestataire").get_data(as_text=True)
    assert "peut signer la charte en son nom" in dashboard
    assert "Modifier le profil" not in dashboard
    assert client.get("/prestataire/signature").status_code == 403
    assert client.get("/prestataire/entreprise").status_code == 403
    assert client.post("/prestataire/annuaire", data={"consent": "oui"}).status_code == 403
    # ... while the portfolio and the self-assessment are theirs too.
    assert client.get("/prestataire/clients").status_code == 200
    assert client.get("/prestataire/autoevaluation").status_code == 200
    owner_client = app.test_client()
    sign_in(app, owner_client, owner)
    assert owner_client.get("/prestataire/signature").status_code == 200


def test_colleague_invitations_never_accepted_are_purged_after_the_period(app, runner, factory):
    org, owner, _member = _team(factory)
    expired, _token = factory.member_invitation(org, owner, email="parti@lemoine.fr")
    factory.member_invitation(org, owner, email="recent@lemoine.fr")
    with app.app_context(), write_transaction(db.session) as session:
        session.get(MemberInvitation, expired).expires_at = utcnow() - timedelta(days=400)
    result = runner.invoke(args=["charter", "purge"])
    assert result.exit_code == 0, result.output
    assert "Invitations de collègues expirées ou annulées" in result.output
    with app.app_context():
        left = set(db.session.scalars(select(MemberInvitation.email)))
    assert left == {"recent@lemoine.fr"}


def test_an_sme_member_cannot_accept_a_providers_invitation(app, client, factory):
    _org, _owner, member = _team(factory)
    provider = factory.organization(OrganizationKind.PROVIDER, name="Bocage Info")
    _id, token = factory.invitation(provider, member.email)
    sign_in(app, client, member)
    page = client.get(f"/invitation/{token}").get_data(as_text=True)
    assert "Seul un responsable de votre entreprise peut accepter cette invitation" in page
    client.post(f"/invitation/{token}", data={"share": "oui"})
    with app.app_context():
        assert db.session.scalar(select(ClientLink.id)) is None


def test_a_colleague_invited_as_owner_joins_as_owner(app, factory):
    org, owner, _member = _team(factory)
    _id, token = factory.member_invitation(org, owner, email="cogerante@lemoine.fr", role="owner")
    visitor = app.test_client()
    visitor.post(
        f"/rejoindre/{token}/inscription",
        data={"full_name": "Inès Roy", "password": STRONG, "accept_terms": "y"},
    )
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email="cogerante@lemoine.fr"))
        assert user.organization_role is OrganizationRole.OWNER
