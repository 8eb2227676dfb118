"""The report package renders from plain data: no web framework, ORM or database import."""

from __future__ import annotations

import ast
from pathlib import Path

REPORTS = Path(__file__).resolve().parents[2] / "charter" / "reports"
FORBIDDEN = ("flask", "flask_", "sqlalchemy", "alembic", "psycopg", "sqlite3", "redis", "werkzeug")


def test_reports_import_no_framework_or_database() -> None:
    offenders = []
    for path in REPORTS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                inside = name.startswith(("charter.core", "charter.reports"))
                if top.startswith(FORBIDDEN) or (top == "charter" and not inside):
                    offenders.append(f"{path.name}: {name}")
    assert not offenders


def test_fonts_and_licence_ship_with_the_package() -> None:
    fonts = REPORTS / "fonts"
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"):
        assert (fonts / name).stat().st_size > 100_000
    licence = (fonts / "LICENSE.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera" in licence and "Arev" in licence


def test_font_registration_is_idempotent() -> None:
    from reportlab.pdfbase import pdfmetrics

    from charter.reports.fonts import BOLD, REGULAR, register_fonts

    register_fonts()
    first = pdfmetrics.getFont(REGULAR)
    register_fonts()
    assert pdfmetrics.getFont(REGULAR) is first
    assert pdfmetrics.getFont(BOLD).face.filename.endswith(
        "charter/reports/fonts/DejaVuSans-Bold.ttf"
    )
