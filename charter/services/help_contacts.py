"""« Qui peut vous aider » : who a company can turn to, for its results page and its report.

In this order: the providers it is linked to and shares its results with (they know its plan),
with their contact details; otherwise up to three signatories of its department taken from the
public directory, and the directory's address; then the Region's own contacts (configuration,
``HELP_CONTACTS``) and the national services (``reports.data.NATIONAL_CONTACTS``).

Who calls this: ``assessments.results.report_data`` (results page and PDF, outside any write
transaction). Read-only.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from flask_babel import gettext as _
from sqlalchemy import Integer, Select, bindparam, select
from sqlalchemy.orm import Session

from charter.models import ClientLink, Organization, OrganizationKind, User
from charter.referential import NORMANDY_DEPARTMENTS
from charter.reports.data import NATIONAL_CONTACTS, Contact, HelpSection
from charter.services.directory import DirectoryEntry, safe_website, suggestions

#: How many signatories are suggested to a company without a provider.
SUGGESTED = 3


def region_contacts(entries: Iterable[Mapping[str, str]]) -> tuple[Contact, ...]:
    """The Region's contacts from configuration; an entry without a name or with a web address
    that is not https is left out rather than printed wrong."""
    contacts = []
    for entry in entries:
        name = str(entry.get("name") or "").strip()
        url = str(entry.get("url") or "").strip()
        if not name or (url and not url.startswith("https://")):
            continue
        contacts.append(
            Contact(
                name,
                str(entry.get("description") or "").strip(),
                (url,) if url else (),
                email=str(entry.get("email") or "").strip() or None,
                phone=str(entry.get("phone") or "").strip() or None,
            )
        )
    return tuple(contacts)


def contacts(config: Mapping[str, object]) -> tuple[Contact, ...]:
    """Region's contacts first (the local centre answers fastest), then the national services
    (their descriptions translated)."""
    configured = config.get("HELP_CONTACTS") or ()
    national = (dataclasses.replace(c, description=_(c.description)) for c in NATIONAL_CONTACTS)
    return (*region_contacts(configured), *national)  # type: ignore[arg-type]


@dataclass(frozen=True)
class LinkedProvider:
    """A provider the company shares its results with, as the section prints it."""

    name: str
    city: str | None
    department: str
    website: str | None
    #: The provider's longest-standing active member: the address the company already knows.
    email: str | None


@dataclass(frozen=True)
class HelpInputs:
    """Everything « Qui peut vous aider » is made of, as read from the database: the linked
    providers, or (none linked) the directory's suggestions. The section is a function of
    these, the organisation's department, ``BASE_URL`` and the language, so a stored report's
    stamp can hold them instead of the section (``charter.services.report_stamps``)."""

    department: str
    linked: tuple[LinkedProvider, ...] = ()
    suggested: tuple[DirectoryEntry, ...] = ()


@functools.cache
def _linked_statement() -> Select[Any]:
    """The providers an SME shares its results with, each with its first active member's
    address (one query, built once)."""
    email = (
        select(User.email)
        .where(
            User.organization_id == Organization.id,
            User.active.is_(True),
            User.deleted_at.is_(None),
            User.email_verified_at.is_not(None),
        )
        .order_by(User.id)
        .limit(1)
        .scalar_subquery()
    )
    return (
        select(Organization.name, Organization.city, Organization.department, Organization.website)
        .add_columns(email)
        .join(ClientLink, ClientLink.provider_id == Organization.id)
        .where(
            ClientLink.sme_id == bindparam("sme_id", type_=Integer),
            ClientLink.share_results.is_(True),
        )
        .order_by(Organization.name, Organization.id)
    )


def help_inputs(session: Session, organization_id: int, department: str) -> HelpInputs:
    """What the help section of an SME (``organization_id``, of ``department``) shows: one
    query for its linked providers, else at most three for the directory's suggestions."""
    linked = tuple(
        LinkedProvider(*row)
        for row in session.execute(_linked_statement(), {"sme_id": organization_id})
    )
    if linked:
        return HelpInputs(department, linked=linked)
    # A fair, stable choice: each company sees its own three, always the same ones (read as
    # three rows of the kept standing, not the whole department's listing).
    suggested = tuple(suggestions(session, department, organization_id, SUGGESTED))
    return HelpInputs(department, suggested=suggested)


def _place(city: str | None, department: str) -> str:
    label = NORMANDY_DEPARTMENTS.get(department)
    where = str(label) if label is not None else department
    return f"{city}, {where}" if city else where


def directory_url(base_url: str, department: str) -> str:
    """The public directory's address, filtered on ``department`` when it is in Normandy."""
    query = (
        f"?{urlencode({'departement': department})}" if department in NORMANDY_DEPARTMENTS else ""
    )
    return f"{base_url.rstrip('/')}/annuaire{query}"


def help_section(session: Session, organization: Organization, base_url: str) -> HelpSection | None:
    """Who can help ``organization`` (an SME); None for a provider, which is its own help.

    ``base_url`` is the configured public address (``BASE_URL``), never the request's host.
    """
    if organization.kind is not OrganizationKind.SME:
        return None
    return section_of(help_inputs(session, organization.id, organization.department), base_url)


def section_of(inputs: HelpInputs, base_url: str) -> HelpSection:
    """The section an SME's :class:`HelpInputs` print (translated in the request's language)."""
    address = directory_url(base_url, inputs.department)
    if inputs.linked:
        providers = tuple(
            Contact(
                provider.name,
                _(
                    "%(place)s. Il voit les résultats de vos diagnostics et peut vous aider à "
                    "mettre en place ce plan d'action.",
                    place=_place(provider.city, provider.department),
                ),
                tuple(a for a in (safe_website(provider.website),) if a),
                email=provider.email,
            )
            for provider in inputs.linked
        )
        return HelpSection(providers, linked=True, directory_url=address)
    suggested = tuple(
        Contact(
            entry.name,
            _("Signataire de la charte, %(place)s.", place=_place(entry.city, entry.department)),
            tuple(a for a in (entry.website,) if a),
        )
        for entry in inputs.suggested
    )
    return HelpSection(suggested, linked=False, directory_url=address)
