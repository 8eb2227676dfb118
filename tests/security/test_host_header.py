"""Issue 15 §1: absolute links come from BASE_URL, never from the request's Host header."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import url_for

from charter import create_app
from charter.config import InsecureConfiguration
from charter.extensions import db
from charter.models import Role
from charter.services import invitations, region_users
from tests.conftest import TEST_SECRET
from tests.factories import valid_siret
from tests.helpers import outbox_messages
from tests.signing.helpers import region_officer

BASE = "https://charte.exemple.fr"
HOSTILE = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
#: The trusted-host check stays off here: the links must be right even if a Host got through.
OPEN_DOOR = {"BASE_URL": BASE, "TRUSTED_HOSTS": None, "PROXY_FIX_HOPS": 1}
STRONG = "volets bleus sur la falaise"


def links_of(app):
    """Every absolute address of every mail in the outbox, text and HTML parts."""
    found = []
    for message in outbox_messages(app):
        for part in message.walk():
            if part.get_content_type() in ("text/plain", "text/html"):
                found += re.findall(r"https?://[^\s\"'<>]+", part.get_content())
    return found


@pytest.mark.parametrize("app_config", [OPEN_DOOR])
def test_every_mail_sent_on_a_hostile_host_links_to_the_base_url(app, client, factory):
    known = factory.user(Role.SME_MEMBER)
    sme = {
        "organization_name": "Fromagerie du Pays d'Auge",
        "siret": "",
        "department": "14",
        "city": "Livarot",
        "sector": "agriculture-agroalimentaire",
        "size_band": "10-49",
        "full_name": "Marc Lefèvre",
        "password": STRONG,
    }
    sme["siret"] = valid_siret(902)
    client.post("/mot-de-passe/oubli", data={"email": known.email}, headers=HOSTILE)
    client.post("/mot-de-passe/oubli", data={"email": "inconnu@exemple.fr"}, headers=HOSTILE)
    client.post("/inscription/pme", data=sme | {"email": "marc@auge.fr"}, headers=HOSTILE)
    client.post("/inscription/pme", data=sme | {"email": known.email}, headers=HOSTILE)
    # Signed-in flows, in a request whose Host is hostile (the test client's cookies would
    # not follow a foreign Host): a Region invitation and a provider's client invitation.
    officer = region_officer(factory, Role.REGION_ADMIN)
    provider = factory.user(Role.PROVIDER_MEMBER)
    factory.signature(provider, validate_by=officer)
    with app.test_request_context("/", base_url="http://evil.example/"):
        region_users.invite(db.session, officer.id, "anne@region.fr", "Anne", Role.REGION_REVIEWER)
        invitations.invite(
            db.session,
            actor_id=provider.id,
            provider_id=provider.organization_id,
            text="client@pme.fr",
        )
    assert len(outbox_messages(app)) == 6, [(m["To"], m["Subject"]) for m in outbox_messages(app)]
    links = links_of(app)
    assert links, "the mails carry links"
    assert [link for link in links if "evil" in link] == []
    own = [link for link in links if "charte" in link or "evil" in link]
    assert own and all(link.startswith(BASE + "/") for link in own), own


@pytest.mark.parametrize("app_config", [OPEN_DOOR])
def test_every_external_address_of_every_route_ignores_the_host(app):
    """What every mail, QR code and export is built with: url_for(..., _external=True)."""
    with app.test_request_context("/", base_url="http://evil.example:8080/"):
        built = 0
        for rule in app.url_map.iter_rules():
            values = dict.fromkeys(rule.arguments, "1")
            address = url_for(rule.endpoint, _external=True, **values)
            assert address.startswith(BASE + "/"), address
            built += 1
    assert built > 100


@pytest.mark.parametrize("app_config", [OPEN_DOOR])
def test_open_data_addresses_ignore_the_host(app, factory):
    provider = factory.user(Role.PROVIDER_MEMBER)
    factory.signature(provider, validate_by=region_officer(factory, Role.REGION_ADMIN))
    body = app.test_client().get("/annuaire.json", headers=HOSTILE).get_json()
    text = repr(body)
    assert "evil" not in text and BASE + "/" in text


@pytest.mark.parametrize("app_config", [{"BASE_URL": BASE}])
def test_an_unknown_host_is_refused(client):
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "charte.exemple.fr"}).status_code == 200
    assert client.get("/", headers={"Host": "localhost"}).status_code == 200  # tests and dev


def test_production_trusts_the_base_url_and_the_listed_hosts_only(tmp_path, monkeypatch):
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    app = create_app(
        {
            "ENVIRONMENT": "production",
            "SECRET_KEY": TEST_SECRET,
            "BASE_URL": BASE,
            "ALLOWED_HOSTS": ["sante.interne"],
        }
    )
    assert app.config["TRUSTED_HOSTS"] == ["charte.exemple.fr", "sante.interne"]


@pytest.mark.parametrize(
    ("settings", "reason"),
    [
        ({}, "BASE_URL is not set"),
        ({"BASE_URL": "http://charte.exemple.fr"}, "not https"),
    ],
)
def test_production_refuses_to_start_without_an_https_base_url(
    tmp_path, monkeypatch, settings, reason
):
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    monkeypatch.delenv("CHARTER_BASE_URL", raising=False)
    with pytest.raises(InsecureConfiguration, match=reason):
        create_app({"ENVIRONMENT": "production", "SECRET_KEY": TEST_SECRET, **settings})


def test_plain_http_is_allowed_only_when_asked(tmp_path, monkeypatch):
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    app = create_app(
        {
            "ENVIRONMENT": "production",
            "SECRET_KEY": TEST_SECRET,
            "BASE_URL": "http://127.0.0.1:8000",
            "ALLOW_HTTP_BASE_URL": True,
        }
    )
    assert app.config["TRUSTED_HOSTS"] == ["127.0.0.1"]


def test_commands_build_links_on_the_base_url(app):
    app.config["BASE_URL"] = BASE + "/charte"
    with app.app_context():
        assert url_for("auth.login") == BASE + "/charte/connexion"


def test_no_code_or_mail_template_builds_an_address_from_the_request():
    """Every other mail (signatures, decisions, reminders...) gets its links from url_for or
    the configuration: nothing may read the request's host to build one."""
    root = Path(__file__).parents[2]
    pattern = re.compile(r"request\.(host|url_root|host_url|base_url|url)\b|https?://[a-z]")
    offenders = [
        str(path.relative_to(root))
        for folder in ("charter", "templates/email")
        for path in (root / folder).rglob("*")
        if path.suffix in (".py", ".html", ".txt")
        and "migrations" not in path.parts
        and any(
            pattern.search(line)
            for line in path.read_text().splitlines()
            if "request." in line or path.parent.name == "email"
        )
    ]
    assert offenders == []
