"""The quick diagnosis without an account: start it, find it again, keep it in an organisation.

An anonymous diagnosis is an ordinary :class:`Assessment` with no organisation. The visitor's
session holds a random token; the database keeps only its SHA-256, so the token is the only way
to the draft (never an id in an address), and a copy of the database does not give it. Nothing
about the visitor is stored: no name, no address, no IP. Such a diagnosis enters no figure
(Region statistics, peers, providers' outreach) until it is kept; one never kept is deleted by
``charter purge`` (``RETENTION_ANONYMOUS_DIAGNOSIS_DAYS``, charter.services.retention).

Who calls this: the ``/diagnostic`` views (charter.diagnostic) and tests. The views hold the
token; these functions trust the account they are given (the view checked who is logged in).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from charter.core.audience import Audience
from charter.db import write_transaction
from charter.models import Assessment, LatestAssessment, Organization, QuestionnaireVersion
from charter.services import audit, statistics
from charter.services.peers import compute_peers
from charter.services.tokens import MAX_LINK_TOKEN, new_link_token, token_hash

#: The key of the visitor's (Flask) session that holds the token; read by the views only.
SESSION_KEY = "quick_diagnosis"
#: The key holding the link token of the provider's invitation the visitor came from, kept
#: until the account exists (the provider link is made then).
INVITATION_KEY = "quick_diagnosis_invitation"
#: What a login keeps of the session it replaces: the visitor's own quick diagnosis.
CARRIED_OVER_LOGIN = (SESSION_KEY, INVITATION_KEY)


def new_token() -> str:
    """A random token for a new quick diagnosis (kept in the visitor's session)."""
    return new_link_token()


def newest_version(session: Session, slug: str) -> QuestionnaireVersion | None:
    """The newest loaded version of the questionnaire ``slug``."""
    return session.scalars(
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.slug == slug)
        .order_by(QuestionnaireVersion.version.desc())
        .limit(1)
    ).first()


def start(session: Session, *, token: str, slug: str) -> Assessment:
    """Create an anonymous draft of the newest version of ``slug``, reachable through ``token``.

    Raises ``LookupError`` when that questionnaire is not loaded.
    """
    with write_transaction(session):
        version = newest_version(session, slug)
        if version is None or version.audience != Audience.SME:
            raise LookupError(slug)
        assessment = Assessment(
            organization_id=None,
            questionnaire_version=version,
            anonymous_token_hash=token_hash(token),
        )
        session.add(assessment)
        session.flush()
        audit.record(
            session,
            "assessment.anonymous_started",
            actor_id=None,
            target_type="assessment",
            target_id=assessment.id,
            details={"questionnaire": f"{version.slug}@{version.version}"},
        )
    return assessment


def find(session: Session, token: str | None, *, with_answers: bool = True) -> Assessment | None:
    """The anonymous diagnosis of ``token``, if it still exists and was not kept; its answers
    loaded with it unless ``with_answers`` is False."""
    if not token or not isinstance(token, str) or len(token) > MAX_LINK_TOKEN:
        return None
    options: list[Any] = [joinedload(Assessment.questionnaire_version)]
    if with_answers:
        options.append(selectinload(Assessment.answers))
    return session.scalars(
        select(Assessment)
        .where(
            Assessment.anonymous_token_hash == token_hash(token),
            Assessment.organization_id.is_(None),
        )
        .options(*options)
    ).first()


def keep(session: Session, *, token: str, user_id: int, organization_id: int) -> Assessment | None:
    """Attach the anonymous diagnosis of ``token`` to an organisation, as if filled there.

    A submitted one then enters the organisation's history and the kept figures (unless the
    organisation already has a more recent diagnosis), with peer figures frozen now; its
    providers are told as for any submission. The token stops working. Returns the diagnosis,
    or None when the token leads to nothing (already kept, or purged).
    Called by the ``/diagnostic/garder`` views for the account just created or logged in.
    """
    with write_transaction(session):
        assessment = session.scalars(
            select(Assessment)
            .where(
                Assessment.anonymous_token_hash == token_hash(token),
                Assessment.organization_id.is_(None),
            )
            .with_for_update()
        ).first()
        organization = session.get(Organization, organization_id)
        if assessment is None or organization is None:
            return None
        assessment.organization = organization
        assessment.anonymous_token_hash = None
        assessment.created_by_id = user_id
        for answer in assessment.answers:
            answer.updated_by_id = user_id
        submitted = not assessment.is_draft
        if submitted:
            assessment.submitted_by_id = user_id
            slug = assessment.questionnaire_version.slug
            assessment.peers = compute_peers(session, organization, slug)
            session.flush()
            newer = session.scalar(
                select(LatestAssessment.submitted_at).where(
                    LatestAssessment.organization_id == organization.id
                )
            )
            assert assessment.submitted_at is not None
            if newer is None or newer <= assessment.submitted_at:
                statistics.record_submission(session, assessment)
        audit.record(
            session,
            "assessment.kept",
            actor_id=user_id,
            target_type="assessment",
            target_id=assessment.id,
            details={"organization_id": organization.id, "submitted": submitted},
        )
        title = assessment.questionnaire_version.title
    if submitted:
        from charter.services.clients import notify_submission

        notify_submission(session, organization_id, title)
    return assessment
