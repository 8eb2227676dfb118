"""The kept standing (docs/design.md §6): written with every fact, equal to the pure verdict.

A property-based test drives random sequences of the events that change a signatory's facts
through the services, and after each one compares every kept standing with the verdict
recomputed from the facts (``kept_standing.differences``, what ``refresh-standing --check``
runs). Then the daily command and its check, and the list read from the kept rows.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from charter.db import utcnow, write_transaction
from charter.extensions import db
from charter.models import ClientLink, Role, SignatoryStanding, Signature
from charter.services import (
    clients,
    compliance_facts,
    kept_standing,
    organizations,
    region_decisions,
    signatures,
    standing_list,
)
from charter.services.charters import CharterVersionConflict
from charter.services.dates import today
from tests.examples import examples
from tests.journey import submitted_assessment
from tests.region import reference_filters
from tests.region.helpers import bare_provider, compliant_provider
from tests.signing.helpers import provider, region_officer

PROVIDERS = 2
EVENTS = (
    "sign",
    "valider",
    "suspendre",
    "revoquer",
    "retablir",
    "self_assessment_good",
    "self_assessment_poor",
    "client_diagnosis",
    "withdraw_consent",
    "directory_off",
    "new_charter",
)


def _differences(app: Any) -> list[str]:
    with app.app_context():
        return kept_standing.differences(db.session)


def _apply(app: Any, factory: Any, officer: Any, members: list[Any], event: str, who: int) -> None:
    """Apply one event to provider ``who``; an event the services refuse changes nothing."""
    member = members[who]
    organization_id = member.organization_id
    refused = (
        ValueError,
        LookupError,
        region_decisions.DecisionRefused,
        CharterVersionConflict,
        signatures.SigningRefused,
    )
    with contextlib.suppress(*refused):
        if event == "sign":
            factory.signature(member)
        elif event in ("valider", "suspendre", "revoquer", "retablir"):
            with app.test_request_context():
                region_decisions.decide(db.session, organization_id, event, officer.id, "Motif")
        elif event.startswith("self_assessment"):
            pick = "best" if event.endswith("good") else "worst"
            submitted_assessment(app, member, slug="prestataire-charte", pick=pick)
        elif event == "client_diagnosis":
            client = factory.user(Role.SME_MEMBER)
            factory.client_link(
                organization_id, client.organization_id, share=True, at=utcnow() - timedelta(1)
            )
            submitted_assessment(app, client)
        elif event == "withdraw_consent":
            with app.app_context():
                link = db.session.scalar(
                    db.select(ClientLink).where(
                        ClientLink.provider_id == organization_id, ClientLink.share_results
                    )
                )
                if link is not None:
                    clients.set_consent(
                        db.session,
                        actor_id=member.id,
                        sme_id=link.sme_id,
                        link_id=link.id,
                        share=False,
                    )
        elif event == "directory_off":
            with app.app_context():
                organizations.set_directory_consent(db.session, organization_id, member.id, False)
        elif event == "new_charter":
            factory.charter("charte-v2-example.yaml")


@settings(
    max_examples=examples(20),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    events=st.lists(
        st.tuples(st.sampled_from(EVENTS), st.integers(0, PROVIDERS - 1)), min_size=1, max_size=7
    )
)
# Besides the random sequences, one per kind of fact, so that each hook is always exercised.
@example(events=[("client_diagnosis", 0), ("withdraw_consent", 0)])
@example(events=[("sign", 0), ("valider", 0), ("directory_off", 0), ("new_charter", 1)])
@example(events=[("sign", 1), ("valider", 1), ("suspendre", 1), ("retablir", 1), ("revoquer", 1)])
@example(events=[("self_assessment_good", 0), ("self_assessment_poor", 0)])
def test_kept_standing_equals_the_pure_verdict_after_every_event(app, factory, events):
    officer = region_officer(factory, Role.REGION_ADMIN)
    members = [provider(factory) for _ in range(PROVIDERS)]
    assert _differences(app) == []
    for event, who in events:
        _apply(app, factory, officer, members, event, who)
        assert _differences(app) == [], (event, who)


def test_a_fact_changed_behind_the_services_back_is_found_and_refreshed(app, factory, runner):
    officer = region_officer(factory, Role.REGION_ADMIN)
    member = compliant_provider(factory, officer)
    with app.app_context():
        assert db.session.get(SignatoryStanding, member.organization_id).verdict == "conforme"
        # Time passes: the signature's last day is behind us (as after a night without cron).
        with db.engine.begin() as connection:
            connection.execute(
                update(Signature)
                .where(Signature.organization_id == member.organization_id)
                .values(expires_on=today() - timedelta(days=2))
            )
    check = runner.invoke(args=["charter", "refresh-standing", "--check"])
    assert check.exit_code == 1
    assert (
        f"{member.organization_id}: verdict kept 'conforme', facts 'non_conforme'" in check.output
    )
    refreshed = runner.invoke(args=["charter", "refresh-standing"])
    assert refreshed.exit_code == 0, refreshed.output
    assert runner.invoke(args=["charter", "refresh-standing", "--check"]).exit_code == 0
    with app.app_context():
        kept = db.session.get(SignatoryStanding, member.organization_id)
        assert (kept.verdict, kept.reasons, kept.listed) == (
            "non_conforme",
            "signature_expired",
            False,
        )


def test_a_standing_of_a_past_day_is_recomputed_before_the_list_is_shown(app, factory, region):
    officer = region_officer(factory, Role.REGION_ADMIN)
    compliant_provider(factory, officer, name="Sentinelle Numérique")
    with app.app_context(), write_transaction(db.session):
        db.session.execute(
            update(SignatoryStanding).values(
                computed_on=today() - timedelta(days=1), verdict="non_conforme", verdict_rank=2
            )
        )
    page = region.get("/region/signataires?verdict=conforme")
    assert "Sentinelle Numérique" in page.get_data(as_text=True)
    assert _differences(app) == []


def test_the_list_read_from_the_kept_rows_is_the_list_derived_from_the_facts(app, factory):
    officer = region_officer(factory, Role.REGION_ADMIN)
    for name in ("Éclair Numérique", "eclair numerique", "Zéphyr", "Alpha-Bêta", "alpha beta"):
        compliant_provider(factory, officer, accompanied=False, name=name)
    for name in ("Ñandú Réseaux", "Bocage", "bocage"):
        bare_provider(factory, name=name, department="50")
    member = provider(factory, name="Signée Seulement")
    factory.signature(member, validate_by=officer)
    with app.app_context():
        facts = compliance_facts.gather(db.session)
        for sort in compliance_facts.SORT_KEYS:
            for descending in (False, True):
                for extra in ({}, {"department": "50"}, {"text": "eclair"}):
                    filters = compliance_facts.ComplianceFilters(
                        sort=sort, descending=descending, **extra
                    )
                    derived = [r.organization_id for r in reference_filters.apply(facts, filters)]
                    page = standing_list.compliance_page(db.session, filters, 1, 100)
                    assert [r.organization_id for r in page.items] == derived, filters
                    assert page.total == len(derived)


def test_a_savepoint_rolled_back_does_not_drop_what_was_noted_before_it(app, factory):
    """SQLAlchemy's after_rollback fires for a savepoint too (retention's begin_nested): a
    change made before it, which still commits, must still reach its standing row."""
    from charter.models import Organization

    member = factory.user(Role.PROVIDER_MEMBER, bare_provider(factory, department="14"))
    with app.app_context(), write_transaction(db.session) as session:
        session.get(Organization, member.organization_id).department = "61"
        session.flush()
        with contextlib.suppress(RuntimeError), session.begin_nested():
            session.get(Organization, member.organization_id).city = "Alençon"
            session.flush()
            raise RuntimeError("rolled back")
    with app.app_context():
        assert db.session.get(SignatoryStanding, member.organization_id).department == "61"
    assert _differences(app) == []
