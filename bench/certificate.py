"""Time the certificate: the PDF alone, and the whole download (database read + PDF + response).

Usage: ``.venv/bin/python bench/certificate.py [--runs 50] [--warmups 3]`` from the repository.
The download is timed through Flask's test client on a throwaway SQLite database loaded with
the demo data (Bocage Informatique's certificate), logged in as its member.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from charter import create_app  # noqa: E402
from charter.demo import load_demo  # noqa: E402
from charter.extensions import db  # noqa: E402
from charter.models import Organization, Signature, User  # noqa: E402
from charter.reports import render_certificate  # noqa: E402
from charter.reports.samples import sample_certificate  # noqa: E402


def measure(build: Callable[[], object], runs: int, warmups: int) -> list[float]:
    """Run ``warmups`` times untimed, then ``runs`` times timed; return the times in ms."""
    for _ in range(warmups):
        build()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build()
        times.append((time.perf_counter() - start) * 1000)
    return times


def download_case(folder: Path) -> Callable[[], object]:
    """A function that downloads Bocage Informatique's certificate as its member."""
    from tests.helpers import sign_in

    app = create_app(
        {
            "TESTING": True,
            "ENVIRONMENT": "testing",
            "SECRET_KEY": "bench-secret-key-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
            "OUTBOX_DIR": str(folder / "outbox"),
            "RATELIMIT_ENABLED": False,
        }
    )
    app.instance_path = str(folder)
    with app.app_context():
        db.create_all()
        load_demo(db.session)
        signature_id, user_id, email = db.session.execute(
            select(Signature.id, User.id, User.email)
            .join(Organization, Organization.id == Signature.organization_id)
            .join(User, User.organization_id == Organization.id)
            .where(Organization.name == "Bocage Informatique")
        ).one()
    from tests.factories import UserRef

    client = app.test_client()
    sign_in(app, client, UserRef(user_id, email, "", None, None))  # type: ignore[arg-type]
    url = f"/prestataire/signatures/{signature_id}/attestation.pdf"

    def download() -> bytes:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response.data

    return download


def main() -> None:
    """Parse the options, run both measurements and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmups", type=int, default=3)
    options = parser.parse_args()
    sample = sample_certificate()
    with tempfile.TemporaryDirectory() as folder:
        cases = [
            ("render_certificate (PDF only)", lambda: render_certificate(sample)),
            ("download route (read + PDF)", download_case(Path(folder))),
        ]
        print(f"{options.runs} runs after {options.warmups} warm-ups, times in ms")
        print(f"{'what':<32} {'median':>8} {'min':>8} {'max':>8}")
        for name, build in cases:
            times = measure(build, options.runs, options.warmups)
            print(
                f"{name:<32} {statistics.median(times):>8.1f} {min(times):>8.1f} {max(times):>8.1f}"
            )


if __name__ == "__main__":
    main()
