"""PDF reports and charts, rendered from plain data (no Flask, no database).

The web layer gathers what a document needs into ``DiagnosisReportData`` or
``CertificateData``, closes its transaction, then calls a renderer, which returns bytes.
Charts are reportlab Drawings shared by the PDFs and the web pages (``drawing_to_svg``).
See ``docs/reports.md``.
"""

from charter.reports.certificate import render_certificate
from charter.reports.charts import (
    bar_chart,
    describe_scores,
    drawing_to_svg,
    progress_chart,
    radar_chart,
    series_chart,
)
from charter.reports.data import (
    DEFAULT_CONTACTS,
    MIN_GROUP,
    NATIONAL_CONTACTS,
    CertificateData,
    Contact,
    DiagnosisReportData,
    HelpSection,
    PeerComparison,
)
from charter.reports.diagnosis import render_diagnosis_report
from charter.reports.fonts import register_fonts
from charter.reports.formatting import cost_label, format_siret, fr_date

__all__ = [
    "DEFAULT_CONTACTS",
    "MIN_GROUP",
    "NATIONAL_CONTACTS",
    "CertificateData",
    "Contact",
    "DiagnosisReportData",
    "HelpSection",
    "PeerComparison",
    "bar_chart",
    "cost_label",
    "describe_scores",
    "drawing_to_svg",
    "format_siret",
    "fr_date",
    "progress_chart",
    "radar_chart",
    "register_fonts",
    "render_certificate",
    "render_diagnosis_report",
    "series_chart",
]
