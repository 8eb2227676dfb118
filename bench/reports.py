"""Time the PDF renderers on realistic data: quick report, full report, certificate.

Usage: ``.venv/bin/python bench/reports.py [--runs 30] [--warmups 3]`` from the repository.
Prints the median, minimum and maximum build time of each document and its page count. Target:
the full report under 100 ms median on a developer machine (docs/reports.md).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from charter.core.questionnaire import load_questionnaire  # noqa: E402
from charter.reports import render_certificate, render_diagnosis_report  # noqa: E402
from charter.reports.samples import sample_certificate, sample_diagnosis  # noqa: E402


def measure(build: Callable[[], bytes], runs: int, warmups: int) -> tuple[list[float], bytes]:
    """Build ``warmups`` times untimed, then ``runs`` times timed; return times (ms), output."""
    output = b""
    for _ in range(warmups):
        output = build()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        output = build()
        times.append((time.perf_counter() - start) * 1000)
    return times, output


def main() -> None:
    """Parse the options, run the three measurements and print one line per document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmups", type=int, default=3)
    options = parser.parse_args()

    quick = sample_diagnosis(load_questionnaire(ROOT / "questionnaires" / "pme-essentiel.yaml"))
    full = sample_diagnosis(load_questionnaire(ROOT / "questionnaires" / "pme-complet.yaml"))
    certificate = sample_certificate()
    cases: list[tuple[str, Callable[[], bytes]]] = [
        ("quick report (pme-essentiel)", lambda: render_diagnosis_report(quick)),
        ("full report (pme-complet)", lambda: render_diagnosis_report(full)),
        ("certificate", lambda: render_certificate(certificate)),
    ]
    print(f"{options.runs} runs after {options.warmups} warm-ups, times in ms")
    print(f"{'document':<30} {'median':>8} {'min':>8} {'max':>8} {'pages':>6} {'KiB':>6}")
    for name, build in cases:
        times, pdf = measure(build, options.runs, options.warmups)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        print(
            f"{name:<30} {statistics.median(times):8.1f} {min(times):8.1f} {max(times):8.1f} "
            f"{pages:6d} {len(pdf) / 1024:6.0f}"
        )


if __name__ == "__main__":
    main()
