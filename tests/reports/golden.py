"""The French documents of the samples, as main rendered them before the reports' texts went
through gettext (issue 22 §4): test_translatable.py checks that they still read the same.

To accept an intended change of wording, regenerate the files and review their diff:
``.venv/bin/python -m tests.reports.golden``.
"""

from __future__ import annotations

from pathlib import Path

from charter.reports import render_certificate, render_diagnosis_report
from charter.reports.exports import action_plan_csv, answers_csv
from charter.reports.samples import sample_certificate, sample_diagnosis
from tests.reports.helpers import questionnaire, reader

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
PAGE_BREAK = "\n\f\n"


def pdf_text(pdf: bytes) -> str:
    """Every page's extracted text, pages separated by a form feed."""
    return PAGE_BREAK.join(page.extract_text() or "" for page in reader(pdf).pages)


def documents() -> dict[str, bytes]:
    """The rendered samples: both diagnosis reports (SME, provider), the certificate, the
    action plan and the answers of the SME's diagnosis as CSV."""
    sme = sample_diagnosis(questionnaire("pme-essentiel"))
    provider = sample_diagnosis(questionnaire("prestataire-charte"), with_peers=False)
    return {
        "diagnosis-sme.pdf": render_diagnosis_report(sme),
        "diagnosis-provider.pdf": render_diagnosis_report(provider),
        "certificate.pdf": render_certificate(sample_certificate()),
        "plan-sme.csv": action_plan_csv(sme),
        "answers-sme.csv": answers_csv(sme),
    }


def golden_of(name: str, content: bytes) -> tuple[Path, bytes]:
    """Where the reference of document ``name`` lives, and what it holds for ``content``
    (a PDF's extracted text, or a CSV's bytes)."""
    if name.endswith(".pdf"):
        return GOLDEN / f"{name}.txt", pdf_text(content).encode("utf-8")
    return GOLDEN / name, content


if __name__ == "__main__":
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for document, rendered in documents().items():
        path, reference = golden_of(document, rendered)
        path.write_bytes(reference)
        print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
