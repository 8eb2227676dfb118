"""The provider's compliance as the Region sees it, for the provider's own dashboard.

Reads the kept standing (``signatory_standing``, the row the Region's list shows) and splits
its verdict into the checklist of ``charter.core.compliance_checklist``, with the open requests
for changes of the Region.

Who calls this: the provider's dashboard (for the logged-in member's own organisation).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy.orm import Session

from charter.core.compliance import accompanied_window_start, verdict_of
from charter.core.compliance_checklist import Checklist, ChecklistFacts, checklist
from charter.models import ChangeRequest, ChangeRequestStatus, SignatoryStanding
from charter.services import change_requests, compliance_facts, kept_standing
from charter.services.dates import start_of_day, today
from charter.services.outreach import accompanied_days


@dataclass(frozen=True)
class ProviderCompliance:
    """What the dashboard shows: the checklist (None before the first standing is kept) and
    the requests of the Region not closed yet."""

    checklist: Checklist | None
    requests: list[ChangeRequest]
    #: Closed requests, newest first: the history kept with the signatory.
    closed: list[ChangeRequest]


def provider_compliance(
    session: Session, organization_id: int, day: date | None = None
) -> ProviderCompliance:
    """The checklist of ``organization_id`` read from its kept standing, and its open
    requests for changes. Ends the request's read transaction if the standing is refreshed."""
    kept_standing.ensure_current(session)
    day = day or today()
    kept = session.get(SignatoryStanding, organization_id)
    found = None
    if kept is not None:
        limits = compliance_facts.thresholds()
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        since = start_of_day(accompanied_window_start(day, limits))
        days = [
            moment.astimezone(zone).date()
            for moment in accompanied_days(session, organization_id, since)
        ]
        facts = ChecklistFacts(
            valid_until=kept.valid_until,
            assessed_on=kept.assessed_on,
            index=kept.index,
            failed_essential=kept.failed_essential,
            accompanied=kept.accompanied,
            accompanied_on=days,
        )
        found = checklist(verdict_of(tuple(kept.reasons.split())), facts, limits)
    every = change_requests.for_organization(session, organization_id)
    closed = [r for r in every if r.status is ChangeRequestStatus.CLOSED]
    return ProviderCompliance(found, [r for r in every if r not in closed], closed)
