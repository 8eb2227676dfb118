"""The translation pipeline (issue 22): every user-facing string reaches the catalogue template,
and a translation is a catalogue, not a code change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "charter" / "translations" / "messages.pot"
PYBABEL = Path(sys.executable).parent / "pybabel"


def messages(path: Path) -> set[tuple[str, str | None]]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {(str(m.id if isinstance(m.id, str) else m.id[0]), m.context) for m in catalog if m.id}


def extract(target: Path) -> Path:
    """What ``make messages`` writes, into ``target``."""
    subprocess.run(
        [PYBABEL, "-q", "extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_", "--no-location",
         "--sort-output", "-o", str(target), "."],
        cwd=ROOT, check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    return target


def test_the_committed_catalogue_template_has_every_string(tmp_path):
    current = messages(extract(tmp_path / "messages.pot"))
    committed = messages(TEMPLATE)
    missing = sorted(m for m, _c in current - committed)[:10]
    stale = sorted(m for m, _c in committed - current)[:10]
    assert not missing and not stale, (
        "charter/translations/messages.pot is out of date: run `make messages` and commit it.\n"
        f"missing: {missing}\nno longer used: {stale}"
    )


def test_the_catalogue_reaches_templates_forms_and_the_pure_core():
    ids = {message for message, _context in messages(TEMPLATE)}
    assert "Ensemble, protégeons les entreprises normandes" in ids  # a template
    assert "Adresse e-mail" in ids  # a form label (lazy)
    assert len(ids) > 1000


def test_an_english_interface_is_a_catalogue_and_a_setting(make_app, tmp_path):
    """Translate one string of the home page into a fresh catalogue, compile it, point the
    application at it: the page speaks English, without touching a line of code."""
    with TEMPLATE.open("rb") as handle:
        template = read_po(handle)
    english = Catalog(locale="en")
    for message in template:
        if message.id:
            english.add(message.id, context=message.context)
    english[
        "Ensemble, protégeons les entreprises normandes"
    ].string = "Protecting businesses together"
    folder = tmp_path / "translations" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as handle:
        write_mo(handle, english)

    app = make_app(
        BABEL_DEFAULT_LOCALE="en", BABEL_TRANSLATION_DIRECTORIES=str(tmp_path / "translations")
    )
    page = app.test_client().get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "<h1>Protecting businesses together</h1>" in page
    assert "Ensemble, protégeons les entreprises normandes" not in page
