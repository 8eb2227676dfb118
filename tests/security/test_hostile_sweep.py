"""Issue 15: every route against hostile input; the number of 500s must be 0.

For every rule of the URL map, by the persona the access table lets through (an administrator
otherwise), the sweep sends:
- hostile ids and path values: 0, 2**31, 2**63-1, 2**63, twenty nines, odd Unicode;
- on the route's real address (the access table's objects), for GET: odd query strings
  (huge ids, out-of-range dates, Unicode); for POST: a JSON body nested 600 deep, a lone
  surrogate in JSON, form values in odd Unicode, and with CSRF on, a missing and a stale token.

It prints the number of requests and of 500s (run with ``-s`` to see them):
``.venv/bin/python -m pytest -q -s tests/security/test_hostile_sweep.py -p no:cacheprovider``
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any
from urllib.parse import parse_qsl

import pytest

from tests.access.table import ALLOW, OK, RULES
from tests.access.world import enter_as

HUGE_IDS = ("0", "2147483648", "9223372036854775807", "9223372036854775808", "9" * 20)
ODD_TEXT = (
    "\u202e\u0000".replace("\x00", ""),  # right-to-left override
    "é" * 200,
    "\U0001f600\u200b\ufeff",
    "..%2F..%2Fetc",
    "²³",
)
ODD_QUERY = {
    "page": "9" * 20,
    "acteur": "9" * 20,
    "du": "0001-01-01",
    "au": "9999-12-31",
    "q": "\u202e\U0001f600",
    "departement": "²",
    "par_page": "9" * 20,
    "version": "9" * 20,
}
DEEP_JSON = "[" * 600 + "]" * 600
SURROGATE_JSON = (
    '{"question": "q", "value": "x", "comment": "\\udfff", "revision": 99999999999999999999}'
)
PREFERRED = ("admin", "sme_a", "provider_a", "reviewer", "anonymous")


def _persona(endpoint: str, method: str) -> str:
    for rule in RULES:
        if rule.endpoint == endpoint and rule.method == method:
            # a route nobody reaches in the world (a partner's logo, none configured)
            return next((p for p in PREFERRED if rule.expect[p] in (OK, ALLOW)), "anonymous")
    return "admin"


def _real_urls(world: Any) -> dict[tuple[str, str], str]:
    return {(rule.endpoint, rule.method): rule.url(world) for rule in RULES}


def _hostile_paths(rule: Any) -> list[str]:
    """The rule's path with each argument replaced by hostile values."""
    if not rule.arguments:
        return []
    found = []
    for value in (*HUGE_IDS, *ODD_TEXT):
        path = rule.rule
        for name in rule.arguments:
            path = re.sub(rf"<(?:[a-z]+:)?{name}>", value, path)
        found.append(path)
    return found


@pytest.fixture
def database_url(world_database):
    """The sweep starts from a copy of the access table's world (built once per run)."""
    return world_database.url


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": False}, {"WTF_CSRF_ENABLED": True}])
def test_no_route_answers_500_to_hostile_input(app, world, app_config):
    real = _real_urls(world)
    csrf = app_config["WTF_CSRF_ENABLED"]
    clients: dict[str, Any] = {}
    statuses: Counter[int] = Counter()
    failures: list[str] = []

    def client_for(persona: str) -> Any:
        client = app.test_client()
        enter_as(app, client, world, persona)
        return client

    def send(persona: str, method: str, path: str, **kwargs: Any) -> None:
        client = clients.get(persona) or client_for(persona)
        clients[persona] = client
        response = client.open(path, method=method, **kwargs)
        response.close()
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            failures.append(f"{method} {path} {kwargs} as {persona}: {response.status_code}")
        if method == "POST":  # a POST may log the persona out or end its session
            clients.pop(persona, None)

    stale = "IjRkZjE2ZDM3YmQ2ZjQ5ZTk3YzRkNzE2ODAxNTc0Y2FiIg.Zz9Zzw.aaaaaaaaaaaaaaaaaaaaaaaaaaa"
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            persona = _persona(rule.endpoint, method)
            for path in _hostile_paths(rule):
                send(persona, method, path)
            url = real.get((rule.endpoint, method))
            if url is None or (rule.endpoint, method) in {("account.delete", "POST")}:
                continue
            if method == "GET":
                path, _, own = url.partition("?")
                send(persona, "GET", path, query_string=dict(parse_qsl(own)) | ODD_QUERY)
                continue
            for body in (DEEP_JSON, SURROGATE_JSON):
                send(persona, "POST", url, data=body, content_type="application/json")
            odd = {"email": ODD_TEXT[2], "full_name": ODD_TEXT[0], "version_id": HUGE_IDS[3]}
            if csrf:
                send(persona, "POST", url, data=odd)  # missing token
                send(persona, "POST", url, data=odd | {"csrf_token": stale})
            else:
                send(persona, "POST", url, data=odd | {"provider_id": HUGE_IDS[2]})

    total = sum(statuses.values())
    print(
        f"\nhostile sweep (CSRF {'on' if csrf else 'off'}): {total} requests, "
        f"{sum(n for code, n in statuses.items() if code >= 500)} answered 5xx; "
        f"statuses {dict(sorted(statuses.items()))}"
    )
    assert total > 700
    assert failures == []
