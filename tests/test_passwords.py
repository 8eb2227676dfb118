"""The password rule and Argon2id hashing (docs/design.md §8)."""

from __future__ import annotations

import pytest

from charter import create_app
from charter.services.passwords import (
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from tests.conftest import CHEAP_PASSWORD_HASHING, TEST_SECRET


@pytest.fixture(autouse=True)
def _context(app):
    with app.app_context():
        yield


def test_argon2id_round_trip():
    stored = hash_password("une phrase de passe")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "une phrase de passe")
    assert not verify_password(stored, "une autre phrase")
    assert not verify_password(None, "une phrase de passe")
    assert not verify_password("not a hash", "x")


def test_production_hashes_with_rfc_9106_parameters(tmp_path):
    """The suite hashes cheaply; an application configured as production does not."""
    app = create_app(
        {
            "ENVIRONMENT": "production",
            "SECRET_KEY": TEST_SECRET,
            "BASE_URL": "https://charte.exemple.fr",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3",
        }
    )
    with app.app_context():
        stored = hash_password("une phrase de passe")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_the_suite_hashes_cheaply_and_a_cheap_hash_is_redone_in_production(tmp_path):
    stored = hash_password("une phrase de passe")
    cheap = CHEAP_PASSWORD_HASHING
    assert f"$m={cheap['memory_cost']},t={cheap['time_cost']},p={cheap['parallelism']}$" in stored
    assert not needs_rehash(stored)
    production = create_app(
        {
            "ENVIRONMENT": "production",
            "SECRET_KEY": TEST_SECRET,
            "BASE_URL": "https://charte.exemple.fr",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite3",
        }
    )
    with production.app_context():
        assert verify_password(stored, "une phrase de passe")
        assert needs_rehash(stored)


@pytest.mark.parametrize(
    "password",
    [
        "quatre mots sans rapport",
        "Tr0mbone-Violet-Lampe",
        "éléphant rose à Honfleur",
        ("le vent souffle sur la baie " * 5)[:128],
    ],
)
def test_long_passwords_without_composition_rules_are_accepted(password):
    assert password_problems(password) == []


@pytest.mark.parametrize(
    "password",
    [
        "password1234",
        "Azertyuiop123!",
        "motdepasse123",
        "123456789012",
        "aaaaaaaaaaaa",
    ],
)
def test_common_passwords_are_refused(password):
    assert password_problems(password)


@pytest.mark.parametrize("password", ["charte-cyber-2026", "MaRegion!Normandie", "ANSSI rules ok!"])
def test_context_words_are_refused(password):
    assert any("facile à deviner" in p for p in password_problems(password))


def test_personal_words_are_refused():
    problems = password_problems("dupont et fils forever", ["Jean Dupont", "jean@dupont.fr"])
    assert any("dupont" in p for p in problems)


def test_length_bounds():
    assert "12 caractères" in password_problems("onze chars!")[0]
    assert "128" in password_problems("x" * 129)[0]
