"""Find French text written in code outside gettext (used by test_translatable.py).

A string constant is "French text" when, once markup, entities and format placeholders are
removed, it holds an accented letter, a guillemet, "°", an elision ("d'action"), two words or
more with a lowercase letter, one capitalised word ("Rang"), or one of a few French words that
have no accent ("oui").
Technical strings are left alone: identifiers ("cell_bold"), table style commands ("VALIGN"),
format patterns ("DD/MM/YYYY"). A constant is fine when it is the message of ``_()``, ``N_()``
or ``ngettext()``, a docstring, or the message of an exception (for developers, in English).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

#: Calls whose string arguments are gettext messages (extracted by ``make messages``).
GETTEXT_CALLS = frozenset({"_", "N_", "ngettext", "gettext", "_l", "lazy_gettext"})

#: French words that have no accent and could pass for identifiers.
FRENCH_WORDS = frozenset(
    {
        "attestation", "autodiagnostic", "avril", "avr", "charte", "diagnostic", "ensuite",
        "faible", "gratuit", "janv", "janvier", "juil", "juillet", "juin", "mai", "mars",
        "mesure", "moyen", "niveau", "non", "nov", "novembre", "oct", "octobre", "oui", "page",
        "pourquoi", "quand", "rapport", "sept", "septembre", "statut", "sur", "temps",
    }
)  # fmt: skip

_MARKUP = re.compile(r"<[^>]*>|&#?\w+;|%\(\w+\)[sd]|\{\}")
_ACCENTS = re.compile(r"[À-ÖØ-öø-ÿŒœ«»°]")
_ELISION = re.compile(r"\b(?:[cdjlmnst]|qu|jusqu)['’]\w", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]+(?:['’][A-Za-zÀ-ÖØ-öø-ÿŒœ]+)*")
_PUNCTUATION = "\"'()[],.;:!?«»"

#: Technical strings that read like words: the product's name, a font family, the patterns of
#: French typography (formatting.french_spacing), the open data's licence (its official name).
ALLOWED = frozenset(
    {
        "Charte Cyber Normandie",
        "Licence Ouverte / Open Licence 2.0 (Etalab)",
        "'DejaVu Sans', Verdana, Arial, sans-serif",
        " +([:;?!»%])",
        "« +",
        "«",
    }
)


def _words(text: str) -> list[str]:
    """Whitespace-separated tokens made of letters only (identifiers, file names, URLs and
    ALL-CAPS tokens such as "VALIGN" or "DD/MM/YYYY" are not words)."""
    tokens = (token.strip(_PUNCTUATION) for token in text.split())
    return [t for t in tokens if _WORD.fullmatch(t) and not t.isupper()]


def is_french_text(value: str) -> bool:
    """Whether ``value`` reads as French text a user would see (see the module docstring)."""
    if value in ALLOWED:
        return False
    bare = _MARKUP.sub(" ", value)
    if _ACCENTS.search(bare) or _ELISION.search(bare):
        return True
    words = _words(bare)
    if len(words) >= 2:
        return True
    if len(words) == 1:
        word = words[0]
        capitalised = len(word) > 2 and word[0].isupper() and word[1:].islower()
        return capitalised or word.lower() in FRENCH_WORDS
    return False


def _joined(node: ast.JoinedStr) -> str:
    """An f-string with each replacement field written ``{}``."""
    return "".join(
        part.value if isinstance(part, ast.Constant) and isinstance(part.value, str) else "{}"
        for part in node.values
    )


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def french_literals(source: str) -> Iterator[tuple[int, str]]:
    """``(line, text)`` of every French literal of ``source`` written outside gettext."""
    tree = ast.parse(source)
    skipped: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and body
        ):
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped.add(id(first.value))
        if isinstance(node, ast.Call) and _callee(node) in GETTEXT_CALLS:
            skipped.update(id(arg) for arg in node.args)
        if isinstance(node, ast.keyword) and node.arg == "id":  # e.g. PageTemplate(id="page")
            skipped.add(id(node.value))
        if isinstance(node, ast.Raise):
            skipped.update(id(inner) for inner in ast.walk(node))
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            skipped.update(id(inner) for inner in ast.walk(node.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            skipped.update(id(part) for part in node.values)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = _joined(node)
        else:
            continue
        if is_french_text(text):
            yield node.lineno, text
