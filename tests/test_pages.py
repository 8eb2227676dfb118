"""The UI shell: home page, French error pages, security headers."""

from __future__ import annotations

import pytest


def test_home_explains_the_programme_in_french(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Aller au contenu" in page  # skip link
    assert "Par où commencer ?" in page
    assert "Vous êtes une entreprise (TPE, PME)" in page
    assert "Vous êtes un prestataire informatique normand" in page
    assert 'href="/diagnostic"' in page  # an SME starts at once, without an account
    assert 'href="/inscription/prestataire"' in page


def test_unknown_page_gives_a_french_404(client):
    response = client.get("/cette-page-n-existe-pas")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_wrong_method_gives_a_french_405(client):
    response = client.post("/")
    assert response.status_code == 405
    assert "Action impossible" in response.get_data(as_text=True)


def test_unexpected_error_gives_a_french_500_and_rolls_back(app):
    def boom():
        raise RuntimeError("bug")

    app.add_url_rule("/boom", "boom", boom)
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Erreur du service" in response.get_data(as_text=True)


def test_a_database_that_does_not_answer_gives_a_french_503_to_retry(make_app):
    # Nothing listens on port 1: every connection is refused, as while PostgreSQL restarts.
    app = make_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    client = app.test_client()
    page = client.get("/annuaire")
    assert page.status_code == 503
    assert page.headers["Retry-After"] == "5"
    assert "Réessayez dans quelques secondes" in page.get_data(as_text=True)
    script = client.get("/annuaire", headers={"Accept": "application/json"})
    assert script.status_code == 503
    assert script.json["status"] == "unavailable"
    assert "ce qui était déjà enregistré est conservé" in script.json["message"]


def test_other_database_errors_are_bugs_and_their_log_names_the_route_not_the_path(app, caplog):
    from sqlalchemy.exc import IntegrityError

    def duplicate(token):
        raise IntegrityError("INSERT ...", {}, Exception("duplicate key"))

    app.add_url_rule("/lien/<token>", "duplicate", duplicate)
    response = app.test_client().get("/lien/jeton-secret-123")
    assert response.status_code == 500
    assert "GET /lien/<token>" in caplog.text
    assert "jeton-secret-123" not in caplog.text


def test_a_database_error_in_the_log_never_shows_the_values_of_the_statement(app, factory, caplog):
    from charter.db import write_transaction
    from charter.extensions import db
    from charter.models import Organization, OrganizationKind

    taken = factory.organization()

    def duplicate():
        with write_transaction(db.session) as session:
            session.add(
                Organization(
                    kind=OrganizationKind.SME,
                    name="Doublon Inédit",
                    siret=taken.siret,
                    department="14",
                )
            )
        return "?"

    app.add_url_rule("/doublon", "duplicate", duplicate)
    assert app.test_client().get("/doublon").status_code == 500
    assert "IntegrityError" in caplog.text
    assert "Doublon Inédit" not in caplog.text
    assert taken.siret not in caplog.text


def test_json_callers_get_json_errors(client):
    response = client.get("/nulle-part", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json["error"] == 404


def test_too_large_request_gives_a_413(app):
    from flask import request

    app.add_url_rule("/echo", "echo", lambda: dict(request.form), methods=["POST"])
    app.config["MAX_CONTENT_LENGTH"] = 100
    response = app.test_client().post("/echo", data={"x": "y" * 1000})
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/nulle-part"])
def test_security_headers_on_every_page(client, path):
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "script-src 'self'",
        "style-src 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers  # plain http here


def test_hsts_over_https(client):
    response = client.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_static_files_are_cacheable(client):
    with client.get("/static/css/site.css") as response:
        assert response.status_code == 200
        assert "no-store" not in response.headers.get("Cache-Control", "")
