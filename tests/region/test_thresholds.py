"""The verdict's thresholds come from the configuration (COMPLIANCE_*)."""

from __future__ import annotations

import pytest

from charter.core.compliance import ComplianceThresholds
from charter.extensions import db
from charter.models import Role
from charter.services import compliance_facts as compliance
from tests.region.helpers import compliant_provider
from tests.signing.helpers import region_officer


@pytest.fixture
def app_config():
    return {
        "COMPLIANCE_MIN_INDEX": 100.5,
        "COMPLIANCE_MIN_ACCOMPANIED": 2,
        "COMPLIANCE_SELF_ASSESSMENT_MAX_AGE_DAYS": 30,
        "COMPLIANCE_ACCOMPANIED_WINDOW_DAYS": 90,
    }


def test_configured_thresholds_reach_the_verdict(app, factory):
    member = compliant_provider(factory, region_officer(factory, Role.REGION_ADMIN))
    with app.test_request_context():
        assert compliance.thresholds() == ComplianceThresholds(30, 100.5, 2, 90)
        row = compliance.row_of(db.session, member.organization_id)
    assert row is not None and row.verdict.code == "a_regulariser"
    assert [r.code for r in row.verdict.reasons] == [
        "self_assessment_low_index",
        "outreach_missing",
    ]
