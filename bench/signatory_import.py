"""Time the import of the Region's paper signatories (issue 20 §2) for a file of N rows.

Usage: ``.venv/bin/python bench/signatory_import.py [--rows 1000] [--mail smtp|outbox]`` from the
repository. A throwaway SQLite database built from the models with the demo data (its charter
versions, its Region administrator); a CSV of N new, valid companies; then, timed:

- reading: the file read and every row judged against the database (what the preview shows);
- upload: the same, plus the file kept for its preview (the POST of /region/import);
- preview page: GET /region/import/<token> through Flask's test client (100 rows a page);
- confirm: the one transaction that writes N organisations, signatures, events, claim links,
  N queued e-mails, the kept standing and the audit event (the POST that confirms).

``--mail smtp`` (the default, as in production) leaves the claim e-mails to the sender (they are
bulk mail); ``--mail outbox`` also writes each one to the outbox folder right after the commit,
as the tests and the development server do. Ends with ``refresh-standing --check``'s verdict.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from charter import create_app  # noqa: E402
from charter.definitions import load_into_database  # noqa: E402
from charter.demo import load_demo  # noqa: E402
from charter.extensions import db  # noqa: E402
from charter.models import Role, Signature, User  # noqa: E402
from charter.services import kept_standing, signatory_import  # noqa: E402
from charter.services.charters import current_version  # noqa: E402
from tests.factories import UserRef, valid_siret  # noqa: E402
from tests.helpers import sign_in  # noqa: E402


def csv_content(rows: int, label: str) -> bytes:
    """A file of ``rows`` new companies, all valid."""
    lines = ["siret;raison_sociale;departement;email;version;date_signature"]
    departments = ("14", "27", "50", "61", "76")
    for n in range(rows):
        lines.append(
            f"{valid_siret(500_000 + n)};Entreprise papier {n};{departments[n % 5]};"
            f"contact{n}@papier.example;{label};{(n % 28) + 1:02d}/0{(n % 9) + 1}/2025"
        )
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def timed(label: str, function: object) -> object:
    start = time.perf_counter()
    result = function()  # type: ignore[operator]
    print(f"{label:<34} {(time.perf_counter() - start) * 1000:>9.0f} ms")
    return result


def main() -> None:
    """Build the database, time each step once, print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--mail", choices=("smtp", "outbox"), default="smtp")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        app = create_app(
            {
                "TESTING": True,
                "ENVIRONMENT": "testing",
                "SECRET_KEY": "bench-secret-key-long-enough-0123456789",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                "OUTBOX_DIR": str(folder / "outbox"),
                "MAIL_BACKEND": "outbox",  # the demo's own mail; the option applies below
                "RATELIMIT_ENABLED": False,
                "WTF_CSRF_ENABLED": False,
                "BASE_URL": "https://charte.example",
            }
        )
        app.instance_path = str(folder)
        with app.app_context():
            db.create_all()
            load_into_database(db.session)
            load_demo(db.session)
            label = current_version(db.session).label  # type: ignore[union-attr]
            admin = db.session.scalar(select(User).where(User.role == Role.REGION_ADMIN))
            assert admin is not None
            officer = UserRef(admin.id, admin.email, "", admin.role, None)
            before = db.session.scalar(select(func.count()).select_from(Signature))
        app.config["MAIL_BACKEND"] = options.mail
        content = csv_content(options.rows, label)
        print(f"{options.rows} rows, {len(content) / 1024:.0f} KiB, mail backend {options.mail}")
        with app.test_request_context():
            timed(
                "reading (every row's fate)", lambda: signatory_import.plan_for(db.session, content)
            )
            token = timed(
                "upload (read + keep the file)",
                lambda: signatory_import.upload(
                    db.session, actor_id=officer.id, filename="bench.csv", content=content
                ),
            )
            db.session.remove()
        client = app.test_client()
        sign_in(app, client, officer)
        response = timed(
            "preview page (GET, first 100)", lambda: client.get(f"/region/import/{token}")
        )
        assert response.status_code == 200, response.status_code  # type: ignore[attr-defined]
        with app.test_request_context():
            outcome = timed(
                "confirm (one transaction)",
                lambda: signatory_import.confirm(db.session, actor_id=officer.id, token=str(token)),
            )
            print(f"created {outcome.created} (reference {outcome.reference})")  # type: ignore[attr-defined]
            after = db.session.scalar(select(func.count()).select_from(Signature))
            assert after - before == options.rows, (before, after)
            differences = kept_standing.differences(db.session)
            print(f"refresh-standing --check: {'ok' if not differences else differences[:3]}")


if __name__ == "__main__":
    main()
