"""The password rule and Argon2id hashing (DESIGN.md §8)."""

from __future__ import annotations

import pytest

from charter.services.passwords import hash_password, password_problems, verify_password


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
