"""Fixtures of the report tests: real questionnaires, realistic data, PDFs rendered once.

Rendering takes about a tenth of a second, so each sample PDF is built once per module and
shared by the tests that only read it.
"""

from __future__ import annotations

import pytest

from charter.core.questionnaire import Questionnaire
from charter.reports import DiagnosisReportData, render_diagnosis_report
from charter.reports.samples import sample_diagnosis
from tests.reports.helpers import questionnaire


@pytest.fixture(scope="module")
def quick() -> Questionnaire:
    """The quick SME diagnosis (pme-essentiel)."""
    return questionnaire("pme-essentiel")


@pytest.fixture(scope="module")
def full() -> Questionnaire:
    """The full SME diagnosis (pme-complet)."""
    return questionnaire("pme-complet")


@pytest.fixture(scope="module")
def quick_data(quick: Questionnaire) -> DiagnosisReportData:
    """Realistic data on the quick questionnaire, with progress and peers."""
    return sample_diagnosis(quick)


@pytest.fixture(scope="module")
def full_data(full: Questionnaire) -> DiagnosisReportData:
    """Realistic data on the full questionnaire, with progress and peers."""
    return sample_diagnosis(full)


@pytest.fixture(scope="module")
def quick_pdf(quick_data: DiagnosisReportData) -> bytes:
    """The quick report, rendered once."""
    return render_diagnosis_report(quick_data)


@pytest.fixture(scope="module")
def full_pdf(full_data: DiagnosisReportData) -> bytes:
    """The full report, rendered once."""
    return render_diagnosis_report(full_data)
