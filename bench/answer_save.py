"""Time one answer save (the autosave request) through the test client, on SQLite.

Usage: ``.venv/bin/python bench/answer_save.py [--runs 300]`` from the repository. Builds a
throw-away database, an SME and a draft of the full diagnosis, then posts answers one by one,
as the autosave script does (JSON, revision check, audit-free fast path). Prints the median,
95th percentile, minimum and maximum in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from charter import create_app  # noqa: E402
from charter.definitions import load_into_database, questionnaire_of  # noqa: E402
from charter.extensions import db  # noqa: E402
from charter.models import Assessment, Role  # noqa: E402
from tests.factories import Factory  # noqa: E402
from tests.helpers import sign_in  # noqa: E402
from tests.journey import draft_assessment  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-save-"))
    app = create_app(
        {
            "ENVIRONMENT": "testing",
            "SECRET_KEY": "bench-secret-key-long-enough-123456",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "OUTBOX_DIR": str(folder),
        }
    )
    with app.app_context():
        upgrade()
        load_into_database(db.session)
    user = Factory(app).user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user, "pme-complet")
    with app.app_context():
        questions = questionnaire_of(
            db.session.get(Assessment, assessment_id).questionnaire_version
        ).questions()
    client = app.test_client()
    sign_in(app, client, user)
    url = f"/pme/diagnostics/{assessment_id}/reponse"
    revisions: dict[str, int] = {}
    times = []
    for run in range(args.runs + 10):
        question = questions[run % len(questions)]
        option = question.options[run % len(question.options)]
        body = {
            "question": question.id,
            "value": option.key,
            "revision": revisions.get(question.id, 0),
        }
        start = time.perf_counter()
        response = client.post(url, json=body)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, response.get_data(as_text=True)
        revisions[question.id] = response.json["revision"]
        if run >= 10:  # warm-up excluded
            times.append(elapsed)
    times.sort()
    print(f"answer save (SQLite, test client), {len(times)} runs:")
    print(
        f"  median {statistics.median(times):.1f} ms   p95 {times[int(len(times) * 0.95)]:.1f} ms"
        f"   min {times[0]:.1f} ms   max {times[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
