"""The legal and trust pages render the configured values, and say when one is an example."""

from __future__ import annotations

import logging
import re

import pytest

from charter import create_app
from charter.config import Defaults
from tests.conftest import TEST_SECRET

PAGES = ["/cgu", "/confidentialite", "/accessibilite", "/mentions-legales", "/securite"]

CONFIGURED = {
    "LEGAL_PUBLISHER": "Région Normandie — Direction du numérique",
    "LEGAL_PUBLISHER_ADDRESS": "Abbaye-aux-Dames, 14035 Caen",
    "LEGAL_PUBLISHER_PHONE": "02 31 06 98 98",
    "LEGAL_PUBLISHER_EMAIL": "contact@normandie.fr",
    "LEGAL_DIRECTOR": "Camille Dupont, présidente",
    "LEGAL_HOST": "Nuage Normand SAS",
    "LEGAL_HOST_ADDRESS": "3 quai du Havre, 76000 Rouen",
    "LEGAL_HOST_PHONE": "02 35 00 00 00",
    "PRIVACY_CONTROLLER": "Région Normandie (DPD : service juridique)",
    "DPO_CONTACT": "dpd@normandie.fr",
    "SECURITY_CONTACT": "https://normandie.fr/signalement",
    "ACCESSIBILITY_CONTACT": "accessibilite@normandie.fr",
    "ACCESSIBILITY_STATEMENT_DATE": "2027-01-15",
    "RETENTION_UNVERIFIED_ACCOUNT_DAYS": 14,
    "RETENTION_AUDIT_DETAILS_DAYS": 180,
    "RETENTION_SERVER_LOGS_DAYS": 200,
}


@pytest.mark.parametrize("path", PAGES)
def test_each_page_renders_in_french_with_the_footer(client, path):
    response = client.get(path)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="fr">' in page
    for link in ("/confidentialite", "/accessibilite", "/mentions-legales", "/cgu", "/securite"):
        assert f'href="{link}"' in page


def test_default_values_are_shown_as_examples(client):
    page = client.get("/mentions-legales").get_data(as_text=True)
    assert "valeurs d&#39;exemple" in page or "valeurs d'exemple" in page
    assert Defaults.LEGAL_HOST in page
    assert page.count("Exemple — à remplacer par") == 8
    assert "Exemple — à remplacer par le nom de l&#39;hébergeur" in page or (
        "Exemple — à remplacer par le nom de l'hébergeur" in page
    )


@pytest.mark.parametrize("app_config", [CONFIGURED])
def test_configured_values_replace_the_examples(client):
    notice = client.get("/mentions-legales").get_data(as_text=True)
    for name in ("LEGAL_PUBLISHER_ADDRESS", "LEGAL_DIRECTOR", "LEGAL_HOST", "LEGAL_HOST_PHONE"):
        assert CONFIGURED[name] in notice
    assert "Exemple" not in notice
    privacy = client.get("/confidentialite").get_data(as_text=True)
    assert 'href="mailto:dpd@normandie.fr"' in privacy
    assert "au bout de 14 jours" in privacy
    assert "au bout de 180 jours" in privacy
    assert "200 jours, puis effacés par la rotation automatique des journaux" in privacy
    assert "Exemple" not in privacy
    accessibility = client.get("/accessibilite").get_data(as_text=True)
    assert "15 janvier 2027" in accessibility
    assert 'href="mailto:accessibilite@normandie.fr"' in accessibility
    security = client.get("/securite").get_data(as_text=True)
    assert 'href="https://normandie.fr/signalement"' in security


def test_privacy_notice_states_what_the_issue_asks(client, app):
    page = client.get("/confidentialite").get_data(as_text=True)
    for words in (
        "Responsable du traitement",
        "Délégué à la protection des données",
        "base légale",
        "Votre compte",
        "Votre entreprise",
        "Diagnostics",
        "Signatures de la charte",
        "Journal d",
        "Qui peut les voir",
        "Combien de temps",
        "réclamation à la CNIL",
        "télécharger toutes vos données",
        "supprimer votre compte",
        "strictement nécessaires",
        "aucun bandeau",
        app.config["SESSION_COOKIE_NAME"],
        "48 heures pour la confirmation, 30 minutes pour le mot de passe",
    ):
        assert words in page, words
    for setting, days in (
        ("RETENTION_UNVERIFIED_ACCOUNT_DAYS", Defaults.RETENTION_UNVERIFIED_ACCOUNT_DAYS),
        ("RETENTION_AUDIT_DETAILS_DAYS", Defaults.RETENTION_AUDIT_DETAILS_DAYS),
        ("RETENTION_ENDED_SESSION_DAYS", Defaults.RETENTION_ENDED_SESSION_DAYS),
        ("RETENTION_DELETED_ACCOUNT_DAYS", Defaults.RETENTION_DELETED_ACCOUNT_DAYS),
    ):
        assert f"{days} jours" in page, setting


def test_accessibility_statement_states_what_the_law_asks(client):
    page = client.get("/accessibilite").get_data(as_text=True)
    for words in (
        "<strong>partiellement conforme</strong>",
        "RGAA), version 4.1",
        "axe-core",
        "ne sont pas balisés",
        "Défenseur des droits",
        "09 69 39 00 00",
        "Libre réponse 71120",
        "https://formulaire.defenseurdesdroits.fr/",
    ):
        assert words in page, words


def test_security_txt_follows_rfc_9116(client):
    response = client.get("/.well-known/security.txt")
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    fields = dict(
        line.split(": ", 1) for line in text.splitlines() if line and not line.startswith("#")
    )
    assert fields["Contact"] == f"mailto:{Defaults.SECURITY_CONTACT}"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", fields["Expires"])
    assert fields["Preferred-Languages"] == "fr, en"
    assert fields["Canonical"].endswith("/.well-known/security.txt")
    assert fields["Policy"].endswith("/securite")
    assert text.startswith("# Exemple")  # the shipped contact is an example


@pytest.mark.parametrize("app_config", [CONFIGURED])
def test_security_txt_uses_the_configured_contact(client):
    text = client.get("/.well-known/security.txt").get_data(as_text=True)
    assert "Contact: https://normandie.fr/signalement\n" in text
    assert not text.startswith("#")


def test_production_warns_about_example_values(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    with caplog.at_level(logging.WARNING):
        create_app(
            {
                "ENVIRONMENT": "production",
                "SECRET_KEY": TEST_SECRET,
                "BASE_URL": "https://charte.exemple.fr",
            }
        )
    assert "CHARTER_LEGAL_HOST" in caplog.text


def test_a_value_set_on_purpose_is_not_an_example_even_when_it_equals_the_default(
    make_app, monkeypatch
):
    """docs/deploy.md sets CHARTER_LEGAL_PUBLISHER="Région Normandie", the shipped example."""
    monkeypatch.setenv("CHARTER_LEGAL_PUBLISHER", Defaults.LEGAL_PUBLISHER)
    page = make_app().test_client().get("/mentions-legales").get_data(as_text=True)
    assert page.count("Exemple — à remplacer par") == 7
    assert "à remplacer par le nom de l&#39;organisme" not in page
    assert "à remplacer par le nom de l'organisme" not in page
