"""Glossary matching: case-insensitive whole words, aliases, multi-word terms."""

from __future__ import annotations

import pytest

from charter.core.questionnaire import Glossary, GlossaryTerm
from charter.core.questionnaire.glossary import (
    find_terms,
    mentions,
    spans,
    terms_for_measure,
    terms_for_question,
)

from .builders import build, measure, question, theme, trigger

MFA = GlossaryTerm(
    id="mfa",
    term="double authentification",
    aliases=("MFA", "2FA", "authentification à deux facteurs"),
    definition="Un second code en plus du mot de passe.",
)
WIFI = GlossaryTerm(id="wifi", term="Wi-Fi", definition="Réseau sans fil.")
VPN = GlossaryTerm(id="vpn", term="VPN", definition="Tunnel chiffré.")
GLOSSARY = Glossary(terms=(MFA, WIFI, VPN))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Activez la MFA.", True),
        ("activez la mfa", True),
        ("La double\nauthentification protège", True),
        ("Avec l'authentification à deux facteurs", True),
        ("Utilisez le 2FA partout", True),
        ("MFAX n'est pas un mot du glossaire", False),
        ("ammfa", False),
        ("authentification simple", False),
    ],
)
def test_mentions(text: str, found: bool) -> None:
    assert mentions(MFA, text) is found


def test_words_with_punctuation_and_accents() -> None:
    assert mentions(WIFI, "Le wi-fi des invités.")
    assert not mentions(WIFI, "Le wi-figaro")
    assert mentions(VPN, "(VPN)")
    assert not mentions(VPN, "VPNé")


def test_find_terms_keeps_glossary_order_and_skips_empty_texts() -> None:
    assert find_terms(GLOSSARY, "VPN et MFA", None, "") == (MFA, VPN)
    assert find_terms(GLOSSARY) == ()


def test_terms_for_question_and_measure() -> None:
    q = build(
        theme("t", question("a", help="Le Wi-Fi invité est séparé.")),
        measures=[measure("m", trigger("a"))],
    )
    assert terms_for_question(GLOSSARY, q.themes[0].questions[0]) == (WIFI,)
    m = q.measures[0].model_copy(update={"how": "- Installer un VPN"})
    assert terms_for_measure(GLOSSARY, m) == (VPN,)


def test_spans_give_where_a_term_stands() -> None:
    text = "Activez la MFA, puis l'authentification à deux facteurs."
    assert [text[a:b] for a, b in spans(MFA, text)] == ["MFA", "authentification à deux facteurs"]
    assert spans(VPN, text) == []
