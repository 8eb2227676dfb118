"""The dashboard's monthly counts (signatures, SME diagnoses) are kept with every event and
always equal a count of the facts (``monthly_counts.differences``, what
``refresh-statistics --check`` runs)."""

from __future__ import annotations

import contextlib
import re
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from charter.db import utcnow, write_transaction
from charter.extensions import db
from charter.models import Assessment, MonthlyCount, Organization, Role
from charter.reports.formatting import fr_month
from charter.services import assessments, monthly_counts, organizations, signatures
from charter.services.dates import local_date, today
from tests.examples import examples
from tests.journey import draft_assessment, submitted_assessment
from tests.signing.helpers import provider, region_officer

EVENTS = (
    "sign",
    "diagnosis",
    "self_assessment",
    "draft_deleted",
    "moved",
    "backdated",
    "corrected",
)


def _differences(app: Any) -> list[str]:
    with app.app_context():
        return monthly_counts.differences(db.session)


def _kept(app: Any) -> dict:
    with app.app_context():
        return monthly_counts.kept(db.session)


def _move(app: Any, organization_id: int, actor_id: int, department: str) -> None:
    with app.app_context():
        organization = db.session.get(Organization, organization_id)
        data = organizations.ProfileData(
            name=organization.name,
            siret=organization.siret,
            department=department,
            city=organization.city,
            services=tuple(organization.services or ()),
            website=organization.website,
        )
        organizations.update_profile(db.session, organization_id, actor_id, data)


def _apply(app: Any, factory: Any, people: dict[str, Any], event: str, who: int) -> None:
    """One event; ``who`` picks among the provider and the SME."""
    member = people["providers"][who % 2]
    sme = people["smes"][who % 2]
    with contextlib.suppress(ValueError, LookupError, signatures.SigningRefused):
        if event == "sign":
            factory.signature(member, validate_by=people["officer"] if who % 2 else None)
        elif event == "diagnosis":
            submitted_assessment(app, sme)
        elif event == "self_assessment":
            submitted_assessment(app, member, slug="prestataire-charte")
        elif event == "draft_deleted":
            draft = draft_assessment(app, sme)
            with app.app_context():
                assessments.delete_draft(db.session, actor_id=sme.id, assessment_id=draft)
        elif event == "moved":
            target = member if who % 2 else sme
            with app.app_context():
                current = db.session.get(Organization, target.organization_id).department
            _move(app, target.organization_id, target.id, "50" if current == "14" else "14")
        elif event == "backdated":  # as the demo does: a bulk update, recounted at commit
            with app.app_context(), write_transaction(db.session) as session:
                latest = session.scalar(select(func.max(Assessment.id)))
                if latest is not None:
                    session.execute(
                        update(Assessment)
                        .where(Assessment.id == latest)
                        .values(submitted_at=utcnow() - timedelta(days=70))
                    )
        elif event == "corrected":  # a submitted diagnosis changed through the ORM
            with app.app_context(), write_transaction(db.session) as session:
                latest = session.scalar(select(Assessment).order_by(Assessment.id.desc()))
                if latest is not None and latest.submitted_at is not None:
                    latest.submitted_at -= timedelta(days=40 + 30 * who)


@settings(
    max_examples=examples(12),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    events=st.lists(st.tuples(st.sampled_from(EVENTS), st.integers(0, 1)), min_size=1, max_size=6)
)
@example(events=[("sign", 0), ("sign", 1), ("diagnosis", 0), ("moved", 0), ("moved", 1)])
@example(events=[("diagnosis", 1), ("draft_deleted", 1), ("backdated", 0), ("diagnosis", 1)])
@example(events=[("self_assessment", 0), ("moved", 1), ("diagnosis", 0)])
@example(events=[("diagnosis", 0), ("corrected", 1), ("moved", 0), ("corrected", 0)])
def test_kept_counts_equal_a_count_of_the_facts_after_every_event(app, factory, events):
    people = {
        "officer": region_officer(factory, Role.REGION_ADMIN),
        "providers": [provider(factory, department="14") for _ in range(2)],
        "smes": [factory.user(Role.SME_MEMBER) for _ in range(2)],
    }
    assert _differences(app) == []
    for event, who in events:
        _apply(app, factory, people, event, who)
        assert _differences(app) == [], (event, who)


def test_each_event_moves_the_right_month_and_department(app, factory):
    member = provider(factory, department="14")
    sme = factory.user(Role.SME_MEMBER)  # in the Calvados (14)
    with app.app_context():
        month = today().replace(day=1)
    factory.signature(member)
    submitted_assessment(app, sme)
    submitted_assessment(app, sme)
    submitted_assessment(app, member, slug="prestataire-charte")  # not an SME diagnosis
    assert _kept(app) == {("signatures", "14", month): 1, ("diagnoses", "14", month): 2}
    _move(app, sme.organization_id, sme.id, "76")
    assert _kept(app) == {("signatures", "14", month): 1, ("diagnoses", "76", month): 2}
    long_ago = utcnow() - timedelta(days=400)
    factory.signature(provider(factory, department="27"), signed_at=long_ago)
    with app.app_context():
        then = local_date(long_ago).replace(day=1)
    assert _kept(app)[("signatures", "27", then)] == 1
    assert _differences(app) == []


def test_the_dashboard_shows_the_kept_months(app, factory, region):
    for _ in range(3):
        submitted_assessment(app, factory.user(Role.SME_MEMBER))
    factory.signature(provider(factory))
    page = region.get("/region/tableau-de-bord").text
    with app.app_context():
        label = fr_month(today().replace(day=1))
    row = re.search(rf"<th scope=\"row\">{re.escape(label)}</th>(.*?)</tr>", page)
    assert row is not None
    assert re.findall(r'<td class="number">(\d+)</td>', row.group(1)) == ["1", "3"]


@pytest.mark.standing_unchecked
def test_check_finds_a_difference_and_refresh_repairs_it(app, factory, runner):
    submitted_assessment(app, factory.user(Role.SME_MEMBER))
    assert runner.invoke(args=["charter", "refresh-statistics", "--check"]).exit_code == 0
    with app.app_context():
        db.session.execute(update(MonthlyCount).values(n=MonthlyCount.n + 5))
        db.session.commit()
    check = runner.invoke(args=["charter", "refresh-statistics", "--check"])
    assert check.exit_code == 1
    assert "diagnoses/14/" in check.output and "kept 6, facts 1" in check.output
    assert runner.invoke(args=["charter", "refresh-statistics"]).exit_code == 0
    assert runner.invoke(args=["charter", "refresh-statistics", "--check"]).exit_code == 0


def test_a_savepoint_rolled_back_keeps_the_counts_right(app, factory):
    """A change noted before a savepoint that rolls back still reaches the counts."""
    sme = factory.user(Role.SME_MEMBER)
    first = submitted_assessment(app, sme)
    second = submitted_assessment(app, sme)
    with app.app_context(), write_transaction(db.session) as session:
        session.get(Assessment, first).submitted_at -= timedelta(days=70)
        session.flush()
        with contextlib.suppress(RuntimeError), session.begin_nested():
            session.get(Assessment, second).submitted_at -= timedelta(days=100)
            session.flush()
            raise RuntimeError("rolled back")
    assert _differences(app) == []
