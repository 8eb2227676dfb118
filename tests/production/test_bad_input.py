"""Hostile input to every form and JSON endpoint of the access table: never a 500, never a
change to another tenant's data (issue: production, point 5).

Each POST endpoint is exercised by the persona that may use it, with random payloads built by
hypothesis: very long strings, control characters, wrong types, missing and repeated fields,
unknown choice keys and the other tenant's identifiers.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import parse_qsl

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from charter.extensions import db
from charter.models import (
    Answer,
    Assessment,
    ClientLink,
    Invitation,
    Organization,
    Signature,
    User,
)
from tests.access.table import ALLOW, OK, RULES, Rule
from tests.access.world import World, enter_as
from tests.examples import examples

pytestmark = pytest.mark.slow

PREFERRED = ("sme_a", "provider_a", "admin", "reviewer", "anonymous")

#: Field names the application's forms and JSON endpoints read.
FIELDS = (
    "email",
    "password",
    "full_name",
    "organization_name",
    "siret",
    "department",
    "city",
    "sector",
    "size_band",
    "services",
    "website",
    "code",
    "share",
    "addresses",
    "version_id",
    "provider_id",
    "organization_id",
    "score",
    "confirm",
    "reason",
    "current_password",
    "new_password",
    "accept_terms",
    "action",
    "consent",
    "signer_name",
    "signer_role",
    "statement",
    "commitment_1",
    "commitment_2",
    "question",
    "value",
    "comment",
    "revision",
    "copy_previous",
    "link-1-share",
    "q-sauvegardes",
    "r-sauvegardes",
    "c-sauvegardes",
    "niveau",
    "etat",
    "title",
    "summary",
    "preamble",
    "role",
    "label",
    "page",
    "q",
    "tri",
    "ordre",
    "departement",
    "service",
    "statut",
    "verdict",
    "version",
    "next",
    "format",
)

#: A string of 1,000 to 3,000 characters anywhere in Unicode (beyond every length limit): a
#: random chunk repeated. Drawing 3,000 characters one by one cost hypothesis 20 ms an example,
#: two thirds of this module's time, for no input the repetition could not give.
LONG_TEXT = st.builds(
    lambda chunk, length: (chunk * (length // len(chunk) + 1))[:length],
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40),
    st.integers(1000, 3000),
)

HOSTILE_TEXT = st.one_of(
    st.text(max_size=50),
    LONG_TEXT,
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "\r\n\t",
            "'; DROP TABLE organization; --",
            "<script>alert(1)</script>",
            '<img src="/etc/hostname"/>',
            "../../etc/passwd",
            "%s%s%n",
            "{{7*7}}",
            "0",
            "-1",
            "99999999999999999999",
            "unknown",
            "not_applicable",
            "oui",
            "non",
            "yes",
            "y",
            "javascript:alert(1)",
            "https://evil.example/",
            "é" * 300,
        ]
    ),
)


def _identifiers(world: World) -> st.SearchStrategy[str]:
    """The other tenant's ids, as text: posting them must change nothing of theirs."""
    values = [
        str(world.orgs["provider_b"].id),
        str(world.orgs["sme_b"].id),
        str(world.users["sme_b"].id),
        str(world.users["provider_b"].id),
        *(str(v) for v in world.ids.values() if isinstance(v, int)),
    ]
    return st.sampled_from(values)


def _form(world: World) -> st.SearchStrategy[MultiDict]:
    value = st.one_of(HOSTILE_TEXT, _identifiers(world))
    pairs = st.lists(st.tuples(st.sampled_from(FIELDS), value), max_size=12)
    return pairs.map(MultiDict)  # repeated keys are kept: duplicated fields


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | HOSTILE_TEXT,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)


def _json(world: World) -> st.SearchStrategy[Any]:
    keyed = st.fixed_dictionaries(
        {},
        optional={
            "question": st.one_of(HOSTILE_TEXT, st.integers(), st.none()),
            "value": JSON_VALUES,
            "comment": JSON_VALUES,
            "revision": JSON_VALUES,
            "score": JSON_VALUES,
            "organization_id": _identifiers(world),
        },
    )
    return st.one_of(keyed, JSON_VALUES)


def _persona(rule: Rule) -> str:
    # a route nobody reaches in the world (a partner's logo, none configured): anonymous
    return next((p for p in PREFERRED if rule.expect[p] in (OK, ALLOW)), "anonymous")


def _other_tenants(app: Any, world: World) -> str:
    """A digest of everything that belongs to provider B and SME B."""
    mine = {world.orgs["provider_b"].id, world.orgs["sme_b"].id}
    with app.app_context():
        rows: list[Any] = []
        rows += [
            (o.id, o.name, o.siret, o.department, o.directory_consent, o.services)
            for o in db.session.scalars(select(Organization).where(Organization.id.in_(mine)))
        ]
        rows += [
            (u.id, u.email, u.full_name, u.password_hash, u.active, u.role.value)
            for u in db.session.scalars(select(User).where(User.organization_id.in_(mine)))
        ]
        rows += [
            (a.id, a.status.value, a.index, a.lock_version)
            for a in db.session.scalars(
                select(Assessment).where(Assessment.organization_id.in_(mine))
            )
        ]
        rows += [
            (a.id, a.value, a.comment, a.revision)
            for a in db.session.scalars(
                select(Answer).join(Assessment).where(Assessment.organization_id.in_(mine))
            )
        ]
        rows += [
            (s.id, s.status.value, s.certificate_number)
            for s in db.session.scalars(
                select(Signature).where(Signature.organization_id.in_(mine))
            )
        ]
        rows += [
            (link.id, link.provider_id, link.sme_id, link.share_results)
            for link in db.session.scalars(
                select(ClientLink).where(
                    ClientLink.provider_id.in_(mine) | ClientLink.sme_id.in_(mine)
                )
            )
        ]
        rows += [
            (i.id, i.email, i.cancelled_at, i.accepted_at)
            for i in db.session.scalars(select(Invitation).where(Invitation.provider_id.in_(mine)))
        ]
    return hashlib.sha256(json.dumps(rows, default=str).encode()).hexdigest()


@pytest.fixture
def database_url(world_database):
    """Every case starts from a copy of the access table's world (built once per run)."""
    return world_database.url


POST_RULES = [rule for rule in RULES if rule.method == "POST"]


@pytest.mark.parametrize("rule", POST_RULES, ids=lambda r: r.id)
def test_hostile_posts_never_fail_nor_touch_other_tenants(app, world, rule: Rule):
    persona = _persona(rule)
    url = rule.url(world)
    before = _other_tenants(app, world)

    @settings(
        max_examples=examples(10),
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(form=_form(world), body=_json(world), as_json=st.booleans())
    def hit(form: MultiDict, body: Any, as_json: bool) -> None:
        client = app.test_client()
        enter_as(app, client, world, persona)
        response = client.post(url, json=body) if as_json else client.post(url, data=form)
        assert response.status_code < 500, (rule.id, persona, form, body, response.status_code)

    hit()
    if persona not in ("admin", "reviewer"):  # the Region acts on every organisation by design
        assert _other_tenants(app, world) == before, f"{rule.id} changed another tenant's data"


GET_RULES = [rule for rule in RULES if rule.method == "GET"]


@pytest.mark.parametrize("rule", GET_RULES, ids=lambda r: r.id)
def test_hostile_query_strings_never_fail(app, world, rule: Rule):
    """Filters, search boxes and pagination read the address: random values must be harmless."""
    persona = _persona(rule)
    url = rule.url(world)

    @settings(
        max_examples=examples(4),
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(query=_form(world))
    def hit(query: MultiDict) -> None:
        client = app.test_client()
        enter_as(app, client, world, persona)
        path, _, own = url.partition("?")
        merged = MultiDict(parse_qsl(own))
        merged.update(query)
        response = client.get(path, query_string=merged)
        response.close()
        assert response.status_code < 500, (rule.id, persona, query, response.status_code)

    hit()
