"""Helpers of the report tests: load a real questionnaire, read back the PDFs, check them."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from charter.core.questionnaire import Questionnaire, load_questionnaire

QUESTIONNAIRES = Path(__file__).resolve().parents[2] / "questionnaires"


def questionnaire(name: str) -> Questionnaire:
    """Load one of the real questionnaire files."""
    return load_questionnaire(QUESTIONNAIRES / f"{name}.yaml")


def reader(pdf: bytes) -> PdfReader:
    """A pypdf reader on PDF bytes."""
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """Extracted text of each page, whitespace normalised (line breaks become spaces)."""
    return [" ".join((page.extract_text() or "").split()) for page in reader(pdf).pages]


def all_text(pdf: bytes) -> str:
    """Extracted text of the whole document, whitespace normalised."""
    return " ".join(page_texts(pdf))


def image_count(pdf: bytes) -> int:
    """Number of image XObjects used by the pages (directly or inside form XObjects)."""
    count = 0

    def visit(resources: object) -> None:
        nonlocal count
        xobjects = resources.get("/XObject") if hasattr(resources, "get") else None
        if xobjects is None:
            return
        for ref in xobjects.get_object().values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Image":
                count += 1
            elif xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                visit(xobject["/Resources"].get_object())

    for page in reader(pdf).pages:
        if "/Resources" in page:
            visit(page["/Resources"].get_object())
    return count


def qpdf_check(pdf: bytes, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run ``qpdf --check`` on the document (skips when qpdf is not installed)."""
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.skip("qpdf is not installed")
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [qpdf, "--check", str(path)], capture_output=True, text=True, check=False, timeout=60
    )
