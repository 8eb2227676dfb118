"""Walks the access table: every endpoint by every persona (issue: accounts, point 6)."""

from __future__ import annotations

import pytest

from charter import create_app
from tests.access.table import ALLOW, DENY, HIDDEN, LOGIN, OK, RULES, Rule
from tests.access.world import PERSONAS, enter_as
from tests.conftest import TEST_SECRET

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def outcome_of(response) -> str:
    status = response.status_code
    location = response.headers.get("Location", "")
    if 300 <= status < 400 and location.split("?")[0] == "/connexion":
        return LOGIN
    if status == 200:
        return OK
    if status == 403:
        return DENY
    if status == 404:
        return HIDDEN
    if status in (401,) or status >= 500:
        return f"status {status}"
    return ALLOW


def matches(expected: str, actual: str) -> bool:
    return actual == expected or (expected == ALLOW and actual == OK)


@pytest.fixture
def database_url(world_database):
    """Every rule starts from a copy of the world (built once per run)."""
    return world_database.url


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_access(app, world, world_database, rule: Rule):
    results = {}
    for persona in PERSONAS:
        if rule.isolate and persona != PERSONAS[0]:
            world_database.restore(app)
        client = app.test_client()
        enter_as(app, client, world, persona)
        url = rule.url(world)
        response = client.open(url, method=rule.method, data=rule.data or {})
        results[persona] = outcome_of(response)
    wrong = {
        p: (rule.expect[p], results[p]) for p in PERSONAS if not matches(rule.expect[p], results[p])
    }
    assert not wrong, f"{rule.id}: expected vs actual: {wrong}"


def test_every_endpoint_is_in_the_table(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "ENVIRONMENT": "testing",
            "SECRET_KEY": TEST_SECRET,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3",
        }
    )
    declared = {(r.endpoint, r.method) for r in RULES}
    missing = []
    for url_rule in app.url_map.iter_rules():
        if url_rule.endpoint == "static":
            continue
        for method in sorted(url_rule.methods - IGNORED_METHODS):
            if (url_rule.endpoint, method) not in declared:
                missing.append(f"{method} {url_rule.endpoint} ({url_rule.rule})")
    assert not missing, "endpoints missing from tests/access/table.py:\n" + "\n".join(missing)


def test_every_rule_names_every_persona():
    for rule in RULES:
        assert set(rule.expect) == set(PERSONAS), rule.id


def test_every_rule_names_an_endpoint_of_the_application_once(app):
    """No rule is declared twice (the second would hide the first), and none names an endpoint
    or a method the application no longer has (a stale rule would check nothing)."""
    ids = [rule.id for rule in RULES]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    served = {
        (url_rule.endpoint, method)
        for url_rule in app.url_map.iter_rules()
        for method in url_rule.methods - IGNORED_METHODS
    }
    stale = sorted(r.id for r in RULES if (r.endpoint, r.method) not in served)
    assert stale == []
