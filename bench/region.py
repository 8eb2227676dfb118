"""Time the Region's pages at scale: compliance list, dashboard, CSV export.

Usage: ``.venv/bin/python bench/region.py [--runs 20] [--database-url postgresql://...]``
from the repository. Seeds 5,000 providers, 50,000 SMEs and 100,000 diagnoses (bulk inserts,
a couple of minutes) into a temporary SQLite database built by the migrations (or into the
given PostgreSQL database, which must be empty), then times through the test client:
- the compliance list, a page of 50 filtered on a department and sorted by verdict;
- the dashboard;
- the CSV export of 5,000 rows.
Targets on the development machine (docs/region.md): list and dashboard under 150 ms median,
export under 2 s.

``--ratio`` seeds twice, with a tenth of the diagnoses and with all of them, then times the
compliance list on both databases in turns and prints its medians and their ratio (issue 21:
within 1.3); with ``--database-url`` it creates its two scratch databases on that PostgreSQL
server, named after the address's database (``<name>_ratio_10000``...). ``--folder`` keeps
the SQLite files (and a second run with the same folder reuses them instead of seeding again).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402
from stdnum import luhn  # noqa: E402

from charter import create_app  # noqa: E402
from charter.core.charter_text import load_charter_file  # noqa: E402
from charter.db import utcnow, write_transaction  # noqa: E402
from charter.definitions import load_into_database, questionnaire_of  # noqa: E402
from charter.extensions import db  # noqa: E402
from charter.models import (  # noqa: E402
    Assessment,
    ClientLink,
    LatestAssessment,
    LatestThemeScore,
    Organization,
    QuestionnaireVersion,
    Role,
    Signature,
    User,
)
from charter.reports.samples import sample_diagnosis  # noqa: E402
from charter.services import charters  # noqa: E402
from charter.services.sessions import start_session  # noqa: E402
from charter.services.statistics import latest_rows  # noqa: E402

DEPARTMENTS = ("14", "27", "50", "61", "76")
SERVICES = ("infogerance", "reseau", "hebergement", "securite", "sauvegarde", "formation")
BATCH = 2_000


def siret(seed: int) -> str:
    """A valid (Luhn) SIRET, unique per seed."""
    siren = f"{seed + 10_000_000:08d}"
    siren += luhn.calc_check_digit(siren)
    nic = "0001"
    return siren + nic + luhn.calc_check_digit(siren + nic)


def bulk(table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` in batches with SQLAlchemy Core (one statement per batch)."""
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(table), rows[start : start + BATCH])


def results_by_slug() -> dict[str, tuple[int, dict[str, Any]]]:
    """A realistic frozen result (about 6 to 14 KiB of JSON) per questionnaire, and its id."""
    found = {}
    for version in db.session.scalars(select(QuestionnaireVersion)):
        result = sample_diagnosis(questionnaire_of(version)).result.to_dict()
        found[version.slug] = (version.id, result)
    return found


def seed(providers: int, smes: int, diagnoses: int, rng: random.Random) -> int:
    """Fill the database; return the id of a Region reviewer to log in with."""
    now = utcnow()
    charter = load_charter_file(ROOT / "charter" / "data" / "charters" / "charte-v1.yaml")
    charters.publish(db.session, charter, notify=False, at=now - timedelta(days=900))
    version = charters.current_version(db.session)
    assert version is not None
    with write_transaction(db.session) as session:
        reviewer = User(
            email="relecteur@bench.example",
            full_name="Relecteur",
            role=Role.REGION_REVIEWER,
            password_hash="x",
            email_verified_at=now,
            totp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
            totp_enabled_at=now,
        )
        session.add(reviewer)
        session.flush()
        reviewer_id = reviewer.id

        organizations = [
            {
                "kind": "provider" if n < providers else "sme",
                "name": f"{'Prestataire' if n < providers else 'PME'} {n:06d}",
                "siret": siret(n),
                "department": DEPARTMENTS[n % 5],
                "services": list(rng.sample(SERVICES, 2)) if n < providers else [],
                "sector": None if n < providers else "commerce",
                "size_band": None if n < providers else "1-9",
                "directory_consent": n < providers,
                "created_at": now - timedelta(days=1000),
            }
            for n in range(providers + smes)
        ]
        bulk(Organization.__table__, organizations)
        first = session.scalar(select(Organization.id).order_by(Organization.id).limit(1))
        provider_ids = list(range(first, first + providers))
        sme_ids = list(range(first + providers, first + providers + smes))
        bulk(
            User.__table__,
            [
                {
                    "email": f"membre{oid}@bench.example",
                    "full_name": f"Membre {oid}",
                    "password_hash": "x",
                    "role": "provider_member",
                    "organization_id": oid,
                    "active": True,
                    "email_verified_at": now,
                    "created_at": now,
                    "failed_logins": 0,
                    "security_stamp": 0,
                }
                for oid in provider_ids
            ],
        )
        member = dict(
            session.execute(
                select(User.organization_id, User.id).where(User.organization_id.is_not(None))
            ).all()
        )
        statuses = ["active"] * 14 + ["pending", "suspended", "revoked", "rejected"]
        signatures = []
        for n, oid in enumerate(provider_ids):
            signed = now - timedelta(days=rng.randint(1, 800))
            status = statuses[n % len(statuses)]
            decided = status not in ("pending", "rejected")
            signatures.append(
                {
                    "organization_id": oid,
                    "charter_version_id": version.id,
                    "signer_id": member[oid],
                    "signer_name": "Signataire",
                    "signer_role": "Gérant",
                    "authority_statement": "Je déclare être habilité(e).",
                    "organization_name": f"Prestataire {oid}",
                    "siret": siret(oid - first),
                    "text_hash": "0" * 64,
                    "signed_at": signed,
                    "ip_address": "192.0.2.1",
                    "user_agent": "bench",
                    "status": status,
                    "certificate_number": f"CCN-2026-{n + 1:05d}" if decided else None,
                    "validated_at": signed + timedelta(days=2) if decided else None,
                    "validated_by_id": reviewer_id if decided else None,
                    "expires_on": (signed + timedelta(days=730)).date() if decided else None,
                }
            )
        bulk(Signature.__table__, signatures)

        results = results_by_slug()
        assessments = []
        latest: dict[int, tuple[dict[str, Any], str, str]] = {}
        for n, oid in enumerate(provider_ids):
            if n % 10 < 7:  # 70 % have sent a self-assessment
                version_id, result = results["prestataire-charte"]
                at = now - timedelta(days=rng.randint(1, 500))
                assessments.append(_assessment(oid, version_id, result, at, rng))
                latest[oid] = (assessments[-1], "prestataire-charte", "provider")
        links = [
            {
                "provider_id": provider_ids[n % providers],
                "sme_id": sme,
                "source": "invitation",
                "share_results": n % 3 != 0,
                "created_at": now - timedelta(days=900),
            }
            for n, sme in enumerate(sme_ids)
        ]
        bulk(ClientLink.__table__, links)
        for n in range(diagnoses):
            sme = sme_ids[n % smes]
            slug = "pme-essentiel" if n % 4 else "pme-complet"
            version_id, result = results[slug]
            at = now - timedelta(days=rng.randint(1, 700), minutes=n)
            row = _assessment(sme, version_id, result, at, rng)
            assessments.append(row)
            if sme not in latest or latest[sme][0]["submitted_at"] < at:
                latest[sme] = (row, slug, "sme")
        bulk(Assessment.__table__, assessments)
        ids = dict(
            session.execute(
                select(Assessment.organization_id, Assessment.id).order_by(Assessment.submitted_at)
            ).all()
        )  # the last (latest) assessment of each organisation wins
        rows, themes = [], []
        for oid, (row, slug, audience) in latest.items():
            one, its_themes = latest_rows(
                oid,
                DEPARTMENTS[(oid - first) % 5],
                audience,
                ids[oid],
                slug,
                row["submitted_at"],
                row["result"],
            )
            rows.append(one)
            themes += its_themes
        bulk(LatestAssessment.__table__, rows)
        bulk(LatestThemeScore.__table__, themes)
    return reviewer_id


def _assessment(
    organization_id: int, version_id: int, result: dict[str, Any], at: Any, rng: random.Random
) -> dict[str, Any]:
    index = round(rng.uniform(20, 95), 1)
    varied = json.loads(json.dumps(result))
    varied["index"] = index
    for theme in varied["themes"]:
        if theme["score"] is not None:
            theme["score"] = round(min(100, max(0, index + rng.uniform(-20, 20))), 1)
    varied["failed_essentials"] = ["q1"] if rng.random() < 0.2 else []
    return {
        "organization_id": organization_id,
        "questionnaire_version_id": version_id,
        "status": "submitted",
        "created_at": at,
        "updated_at": at,
        "submitted_at": at,
        "result": varied,
        "index": index,
        "level_id": None,
        "lock_version": 2,
    }


def measure(client: Any, url: str, runs: int) -> tuple[list[float], int]:
    """Time ``runs`` GETs of ``url`` after one warm-up; return times (ms), response size."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    response.get_data()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        body = response.get_data()  # a streamed export is produced while it is read
        times.append((time.perf_counter() - start) * 1000)
    return times, len(body)


def prepared(url: str, folder: Path, providers: int, smes: int, diagnoses: int) -> Any:
    """An application on ``url`` seeded with the given volumes (unless seeded already), and a
    test client logged in as the Region reviewer."""
    app = create_app(
        {
            "TESTING": True,
            "ENVIRONMENT": "testing",
            "SECRET_KEY": "bench-secret-key-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "OUTBOX_DIR": str(folder / "outbox"),
        }
    )
    app.instance_path = str(folder)
    with app.test_request_context():
        upgrade()
        load_into_database(db.session)
        reviewer_id = db.session.scalar(select(User.id).filter_by(email="relecteur@bench.example"))
        if reviewer_id is None:  # a database seeded by an earlier run is measured again as is
            reviewer_id = seed(providers, smes, diagnoses, random.Random(7))
            if db.engine.dialect.name == "postgresql":
                # What autovacuum does soon after a bulk load in production (statistics for
                # the planner, the visibility map for index-only scans).
                with db.engine.connect() as connection:
                    connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                        "VACUUM ANALYZE"
                    )
        with write_transaction(db.session) as session:
            token = start_session(
                session,
                session.get(User, reviewer_id),
                second_factor_done=True,
                ip_address="127.0.0.1",
                user_agent="bench",
            )
        db.session.remove()
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = token
        cookie["_fresh"] = True
    return client


LIST_CASES = [
    ("list (50, dept 14, by verdict)", "/region/signataires?departement=14&tri=verdict"),
    ("list (50, first page)", "/region/signataires"),
]


def _scratch_database(server_url: str, name: str) -> str:
    """A new empty PostgreSQL database ``name`` on the server of ``server_url`` (replaced)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    url = make_url(server_url.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def measure_in_turns(clients: list[Any], url: str, runs: int) -> list[list[float]]:
    """Time ``runs`` GETs of ``url`` on each client, one request on each in turn (after one
    warm-up each): the times (ms) per client. Taken in turns, the two databases share whatever
    else the machine does during the run; measured one after the other, minutes apart, their
    ratio mostly measured the change of the machine's load in between."""
    for client in clients:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        response.get_data()
    times: list[list[float]] = [[] for _ in clients]
    for _ in range(runs):
        for client, its_times in zip(clients, times, strict=True):
            start = time.perf_counter()
            client.get(url).get_data()
            its_times.append((time.perf_counter() - start) * 1000)
    return times


def ratio(options: Any, folder: Path) -> None:
    """The compliance list at 10,000 and at 100,000 diagnoses (same providers and SMEs): its
    medians and their ratio (goal: within 1.3). Both databases are seeded first, then the
    pages are timed on both in turns (``measure_in_turns``)."""
    sizes = (options.diagnoses // 10, options.diagnoses)
    # Named after the given database, so that two people measuring at once do not drop each
    # other's databases.
    prefix = (options.database_url or "").rsplit("/", 1)[-1].split("?")[0] or "ccn_bench"
    clients = []
    for diagnoses in sizes:
        if options.database_url:
            url = _scratch_database(options.database_url, f"{prefix}_ratio_{diagnoses}")
        else:
            url = f"sqlite:///{folder / f'ratio-{diagnoses}.sqlite3'}"
        clients.append(prepared(url, folder, options.providers, options.smes, diagnoses))
    engine = "postgresql" if options.database_url else "sqlite"
    print(f"compliance list, {engine}, {options.runs} runs in turns after 1 warm-up, median ms")
    print(f"{'page':<34} {f'{sizes[0]:,} diag.':>12} {f'{sizes[1]:,} diag.':>13} {'ratio':>7}")
    for name, path in LIST_CASES:
        small, large = (statistics.median(t) for t in measure_in_turns(clients, path, options.runs))
        print(f"{name:<34} {small:12.1f} {large:13.1f} {large / small:7.2f}")


def main() -> None:
    """Parse the options, seed, then print median/min/max for each page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--providers", type=int, default=5_000)
    parser.add_argument("--smes", type=int, default=50_000)
    parser.add_argument("--diagnoses", type=int, default=100_000)
    parser.add_argument(
        "--database-url",
        help="an empty database, or one this script seeded before (default: a new SQLite file);"
        " with --ratio, a PostgreSQL server on which two scratch databases are created",
    )
    parser.add_argument("--profile", metavar="PATH", help="profile one address instead")
    parser.add_argument(
        "--ratio",
        action="store_true",
        help="time the compliance list at a tenth of the diagnoses and at all, print the ratio",
    )
    parser.add_argument(
        "--folder",
        help="where the SQLite databases are kept; a database seeded there before is reused"
        " (default: a new temporary folder)",
    )
    options = parser.parse_args()
    if options.folder:
        folder = Path(options.folder)
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder = Path(tempfile.mkdtemp(prefix="bench-region-"))
    if options.ratio:
        ratio(options, folder)
        return
    url = options.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    started = time.perf_counter()
    client = prepared(url, folder, options.providers, options.smes, options.diagnoses)
    print(f"seeded in {time.perf_counter() - started:.0f} s ({url.split(':')[0]})")
    cases = [
        *LIST_CASES,
        ("list (50, text search, by index)", "/region/signataires?q=prestataire&tri=index"),
        ("dashboard", "/region/tableau-de-bord"),
        ("CSV export (5,000 rows)", "/region/signataires.csv"),
        ("public directory", "/annuaire"),
    ]
    print(f"{options.runs} runs after 1 warm-up, times in ms")
    print(f"{'page':<34} {'median':>8} {'min':>8} {'max':>8} {'KiB':>7}")
    if options.profile:
        import cProfile

        cProfile.runctx(
            "measure(client, options.profile, 5)", globals(), locals(), sort="cumulative"
        )
        return
    for name, path in cases:
        times, size = measure(client, path, options.runs)
        print(
            f"{name:<34} {statistics.median(times):8.1f} {min(times):8.1f} {max(times):8.1f} "
            f"{size / 1024:7.0f}"
        )


if __name__ == "__main__":
    main()
