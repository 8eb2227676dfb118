"""The reports' texts are translatable (issue 22 §4): every French literal of ``charter/reports``
goes through gettext, the French documents read exactly as before, and an English catalogue is
enough to print an English attestation, report and export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from charter.reports import render_certificate
from charter.reports.exports import action_plan_csv
from charter.reports.samples import sample_certificate, sample_diagnosis
from tests.reports.french_literals import french_literals, is_french_text
from tests.reports.golden import documents, golden_of
from tests.reports.helpers import all_text, questionnaire

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "charter" / "reports"
#: Fictitious data for previews and tests: like what users type, it is not translated.
NOT_INTERFACE = {"samples.py"}


def test_no_french_literal_in_the_reports_outside_gettext() -> None:
    found = [
        f"{path.name}:{line}: {text!r}"
        for path in sorted(REPORTS.glob("*.py"))
        if path.name not in NOT_INTERFACE
        for line, text in french_literals(path.read_text(encoding="utf-8"))
    ]
    assert not found, "wrap these in _() (or N_() at import time, then _() where shown):\n" + (
        "\n".join(found)
    )


@pytest.mark.parametrize(
    "source",
    [
        'HEADERS = ("Rang", "Quand")',
        'label = "non applicable"',
        'label = "oui" if essential else "non"',
        'title = f"Plan d\'action — {name}"',
        'text(f"Signée le {day}", "cell")',
        'row = ("N° d\'attestation", number)',
        'note = "<b>Effort :</b> " + effort',
    ],
)
def test_the_scan_finds_french_written_in_code(source: str) -> None:
    assert list(french_literals(source)), source


@pytest.mark.parametrize(
    "source",
    [
        'HEADERS = (N_("Rang"), N_("Quand"))',
        'label = _("non applicable")',
        'text(_("Signée le %(day)s", day=day), "cell")',
        'words = ngettext("%(count)s réponse", "%(count)s réponses", count)',
        'def f():\n    """Write « Bon » in French."""',
        'raise ValueError("a peer group needs at least 5 organisations")',
        'style = ("VALIGN", (0, 0), (-1, -1), "TOP"); text(x, "cell_bold")',
        'FONT = "DejaVuSans-Bold"; PATTERN = "DD/MM/YYYY"; AUTHOR = "Charte Cyber Normandie"',
        '__all__ = ["Contact", "render_certificate"]',
    ],
)
def test_the_scan_leaves_gettext_and_technical_strings_alone(source: str) -> None:
    assert not list(french_literals(source)), source
    assert is_french_text("Valable jusqu'au") and not is_french_text("center_small")


def _compare_with_golden() -> None:
    for name, content in documents().items():
        path, reference = golden_of(name, content)
        assert reference == path.read_bytes(), f"{name} no longer reads as {path.name}"


def test_the_french_documents_read_as_before_without_an_application() -> None:
    _compare_with_golden()


def test_the_french_documents_are_the_same_through_flask_babel(app: Any) -> None:
    """Inside a request (the translations the application hands to the reports), the French
    documents are the very same bytes as without the application."""
    outside = documents()
    with app.test_request_context("/"):
        _compare_with_golden()
        assert documents() == outside


def _english_app(make_app: Any, tmp_path: Path, translations: dict[str, str]) -> Any:
    """An application speaking English, with a catalogue that translates ``translations``."""
    with (ROOT / "charter" / "translations" / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    english = Catalog(locale="en")
    for message in template:
        if message.id:
            english.add(message.id, context=message.context, flags=message.flags)
    for french, translated in translations.items():
        assert french in english, f"{french!r} is not in messages.pot: run `make messages`"
        english[french].string = translated
    folder = tmp_path / "translations" / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as handle:
        write_mo(handle, english)
    return make_app(
        BABEL_DEFAULT_LOCALE="en", BABEL_TRANSLATION_DIRECTORIES=str(tmp_path / "translations")
    )


def test_an_english_report_is_a_catalogue_not_a_code_change(make_app: Any, tmp_path: Path) -> None:
    app = _english_app(
        make_app,
        tmp_path,
        {
            "Attestation de signature": "Signature certificate",
            "Signée le": "Signed on",
            "%(day)s janvier %(year)s": "January %(day)s, %(year)s",
            "Vos actions prioritaires": "Your priority actions",
            "Méthode de calcul": "How the scores are computed",
            "page %(number)s / %(total)s": "page %(number)s of %(total)s",
            "Rang": "Rank",
            "Dans les 6 mois": "Within 6 months",
        },
    )
    data = sample_diagnosis(questionnaire("pme-essentiel"))
    with app.test_request_context("/"):
        from charter.reports import render_diagnosis_report

        certificate = all_text(render_certificate(sample_certificate()))
        report = all_text(render_diagnosis_report(data))
        plan = action_plan_csv(data).decode("utf-8-sig")
    assert "Signature certificate" in certificate and "Attestation de signature" not in certificate
    assert "Signed on January 15, 2026" in certificate
    assert "Your priority actions" in report and "Vos actions prioritaires" not in report
    assert "How the scores are computed" in report and "page 1 of" in report
    assert plan.startswith("Rank;") and ";Within 6 months;" in plan
    # Outside the request, the same renderers speak French again.
    assert "Attestation de signature" in all_text(render_certificate(sample_certificate()))
