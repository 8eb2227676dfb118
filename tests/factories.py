"""Test factories: organisations and users created on demand, with sensible defaults.

Each call commits in its own app context and returns a plain snapshot (ids and values), so that
no ORM object leaks into a request made later by the test.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stdnum import luhn

from charter.core.terms import TermsDocument, load_terms
from charter.db import utcnow, write_transaction
from charter.extensions import db
from charter.models import (
    Organization,
    OrganizationKind,
    OrganizationRole,
    Role,
    TermsAcceptance,
    User,
)
from charter.services import terms
from charter.services.members import has_active_owner
from charter.services.passwords import hash_password

PASSWORD = "correct horse battery staple"
CHARTERS = Path(__file__).resolve().parents[1] / "charter" / "data" / "charters"
_serial = itertools.count(1)
_password_hash: str | None = None


def valid_siret(seed: int) -> str:
    """A SIRET that passes the Luhn check, unique per seed."""
    siren = f"{(seed * 7919 + 100_000_000) % 900_000_000 + 100_000_000:09d}"[:8]
    siren += luhn.calc_check_digit(siren)
    nic = "0001"
    return siren + nic + luhn.calc_check_digit(siren + nic)


@dataclass(frozen=True)
class OrgRef:
    id: int
    name: str
    siret: str
    kind: OrganizationKind


@dataclass(frozen=True)
class SignatureRef:
    id: int
    organization_id: int
    certificate_number: str | None


@dataclass(frozen=True)
class UserRef:
    id: int
    email: str
    password: str
    role: Role
    organization_id: int | None


class Factory:
    """Builds rows for one test application."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def organization(
        self, kind: OrganizationKind | str = OrganizationKind.SME, **fields: Any
    ) -> OrgRef:
        n = next(_serial)
        kind = OrganizationKind(kind)
        values: dict[str, Any] = {
            "name": f"Entreprise {n}",
            "siret": valid_siret(n),
            "department": "14",
            "city": "Caen",
        }
        if kind is OrganizationKind.SME:
            values |= {"sector": "commerce", "size_band": "1-9"}
        else:
            values |= {"services": ["infogerance"], "directory_consent": True}
        values |= fields
        with self.app.app_context(), write_transaction(db.session) as session:
            organization = Organization(kind=kind, **values)
            session.add(organization)
            session.flush()
            return OrgRef(organization.id, organization.name, organization.siret, kind)

    def user(
        self,
        role: Role | str = Role.SME_MEMBER,
        organization: OrgRef | None = None,
        *,
        verified: bool = True,
        password: str = PASSWORD,
        accepted_terms: bool = True,
        **fields: Any,
    ) -> UserRef:
        """A user; with ``accepted_terms``, one who accepted the terms in force (if any)."""
        role = Role(role)
        if organization is None and not role.is_region:
            kind = (
                OrganizationKind.PROVIDER if role is Role.PROVIDER_MEMBER else OrganizationKind.SME
            )
            organization = self.organization(kind)
        n = next(_serial)
        with self.app.app_context(), write_transaction(db.session) as session:
            if organization is not None and "organization_role" not in fields:
                # The first person of an organisation is its owner, as at registration.
                fields["organization_role"] = (
                    OrganizationRole.MEMBER
                    if has_active_owner(session, organization.id)
                    else OrganizationRole.OWNER
                )
            user = User(
                email=fields.pop("email", f"personne{n}@exemple.fr"),
                full_name=fields.pop("full_name", f"Personne {n}"),
                role=role,
                organization_id=organization.id if organization else None,
                password_hash=self._hash(password),
                email_verified_at=utcnow() if verified else None,
                **fields,
            )
            session.add(user)
            session.flush()
            version = terms.current_version(session) if accepted_terms else None
            if version is not None:
                session.add(TermsAcceptance(user_id=user.id, terms_version_id=version.id))
            return UserRef(user.id, user.email, password, role, user.organization_id)

    def terms(self, file: str = "cgu-v1.yaml", **changes: Any) -> int:
        """Publish a bundled terms file, with ``changes`` to its fields; return the version id.

        ``factory.terms("cgu-v2-example.yaml", effective_date=date.today())`` publishes the
        second version in force today.
        """
        document = load_terms(terms.BUNDLED_TERMS / file)
        if changes:
            document = TermsDocument.model_validate(document.model_dump() | changes)
        with self.app.app_context():
            return terms.publish(db.session, document).version.id

    # ----------------------------------------------------------------------- charter signing

    def charter(self, name: str = "charte-v1.yaml", at: Any = None) -> int:
        """Publish a shipped charter file (no e-mail) and return the version id."""
        from charter.core.charter_text import load_charter_file
        from charter.services.charters import publish

        with self.app.test_request_context():
            outcome = publish(db.session, load_charter_file(CHARTERS / name), notify=False, at=at)
            return outcome.version_id

    def signature(
        self,
        user: UserRef,
        *,
        validate_by: UserRef | None = None,
        signed_at: Any = None,
        validated_at: Any = None,
        role: str = "Gérant",
    ) -> SignatureRef:
        """Sign the current charter as ``user`` (publishing v1 if needed), then validate it
        when ``validate_by`` is given. No e-mail is sent."""
        from charter.services import charters, signatures

        with self.app.test_request_context():
            version = charters.current_version(db.session)
            if version is None:
                self.charter()
                version = charters.current_version(db.session)
            assert version is not None and user.organization_id is not None
            signature_id = signatures.sign(
                db.session,
                signatures.SigningRequest(
                    organization_id=user.organization_id,
                    signer_id=user.id,
                    charter_version_id=version.id,
                    charter_text_hash=version.text_hash,
                    signer_name=f"Signataire {user.id}",
                    signer_role=role,
                    ip="203.0.113.7",
                    user_agent="pytest",
                ),
                at=signed_at,
                notify=False,
            )
            number = None
            if validate_by is not None:
                number = signatures.validate(
                    db.session, signature_id, validate_by.id, at=validated_at, notify=False
                )
            return SignatureRef(signature_id, user.organization_id, number)

    @staticmethod
    def _hash(password: str) -> str:
        global _password_hash
        if password != PASSWORD:
            return hash_password(password)
        if _password_hash is None:
            _password_hash = hash_password(PASSWORD)
        return _password_hash

    # -------------------------------------------------------------------------- clients

    def client_link(
        self, provider: OrgRef | int, sme: OrgRef | int, *, share: bool = False, at: Any = None
    ) -> int:
        """Link an SME to a provider (with or without consent to share); return the link id."""
        from charter.models import ClientLink, LinkSource

        provider_id = provider if isinstance(provider, int) else provider.id
        sme_id = sme if isinstance(sme, int) else sme.id
        with self.app.app_context(), write_transaction(db.session) as session:
            link = ClientLink(
                provider_id=provider_id,
                sme_id=sme_id,
                share_results=share,
                source=LinkSource.INVITATION,
            )
            if at is not None:
                link.created_at = at
            session.add(link)
            session.flush()
            return link.id

    def member_invitation(
        self,
        organization: OrgRef,
        invited_by: UserRef | None = None,
        email: str = "collegue@exemple.fr",
        role: str = "member",
    ) -> tuple[int, str]:
        """A pending invitation to join ``organization``; returns (id, token of its link)."""
        import secrets
        from datetime import timedelta

        from charter.models import MemberInvitation
        from charter.services.member_invitations import token_hash

        token = secrets.token_urlsafe(32)
        with self.app.app_context(), write_transaction(db.session) as session:
            invitation = MemberInvitation(
                organization_id=organization.id,
                email=email,
                role=OrganizationRole(role),
                token_hash=token_hash(token),
                invited_by_id=invited_by.id if invited_by else None,
                expires_at=utcnow() + timedelta(days=14),
            )
            session.add(invitation)
            session.flush()
            return invitation.id, token

    def invitation(
        self, provider: OrgRef | int, email: str = "invitee@client.fr"
    ) -> tuple[int, str]:
        """A pending invitation of ``provider``; returns (id, token of its link)."""
        import secrets
        from datetime import timedelta

        from charter.models import Invitation
        from charter.services.invitations import token_hash

        provider_id = provider if isinstance(provider, int) else provider.id
        token = secrets.token_urlsafe(32)
        with self.app.app_context(), write_transaction(db.session) as session:
            invitation = Invitation(
                provider_id=provider_id,
                email=email,
                token_hash=token_hash(token),
                expires_at=utcnow() + timedelta(days=14),
            )
            session.add(invitation)
            session.flush()
            return invitation.id, token
