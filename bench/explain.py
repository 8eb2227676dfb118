"""Print the query plans of the Region's list, the public directory and the dashboard.

Usage: ``.venv/bin/python bench/explain.py [--database-url URL] [--analyze] [--providers 5000]
[--smes 50000] [--diagnoses 100000]`` from the repository. Seeds the Region benchmark's volumes
(``bench/region.py``) into a new SQLite database built by the migrations (or into the given
PostgreSQL database, empty or seeded by an earlier run), requests each page once through the
test client while recording the SQL it issues, and prints, for every statement that reads the
kept rows (``signatory_standing``, ``monthly_count``, ``maturity_total``), the statement and its
plan: SQLite's ``EXPLAIN QUERY PLAN``, PostgreSQL's ``EXPLAIN`` (``--analyze``:
``EXPLAIN (ANALYZE, BUFFERS)``, which runs the statement). docs/region.md quotes its output.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from bench.region import prepared  # noqa: E402
from charter.extensions import db  # noqa: E402

PAGES = [
    (
        "compliance list, department 14, by verdict",
        "/region/signataires?departement=14&tri=verdict",
    ),
    ("compliance list, first page", "/region/signataires"),
    ("public directory, first page", "/annuaire"),
    ("public directory, department 50", "/annuaire?departement=50"),
    ("Region dashboard", "/region/tableau-de-bord"),
]
#: The statements shown: those that read the kept rows.
KEPT_TABLES = ("signatory_standing", "monthly_count", "maturity_total")


_ALL_COLUMNS = re.compile(
    r'SELECT (?:signatory_standing\."?\w+"?(?: AS "?\w+"?)?, ){10,}'
    r'signatory_standing\."?\w+"?(?: AS "?\w+"?)? FROM'
)


def shown(statement: str) -> str:
    """The statement on one line, every column of the kept standing written ``*``."""
    return _ALL_COLUMNS.sub("SELECT signatory_standing.* FROM", " ".join(statement.split()))


def recorded(app: Any, client: Any, path: str) -> list[tuple[str, Any]]:
    """The statements (and parameters) a GET of ``path`` issues that read the kept rows."""
    found: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and any(
            table in statement for table in KEPT_TABLES
        ):
            found.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return found


def plan(app: Any, statement: str, parameters: Any, analyze: bool) -> list[str]:
    """The plan of one recorded statement, one line per step (SQLite: indented as a tree)."""
    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            depth: dict[int, int] = {0: 0}
            lines = []
            for node, parent, _unused, detail in rows:
                depth[node] = depth.get(parent, 0) + 1
                lines.append("  " * (depth[node] - 1) + detail)
            return lines
        prefix = "EXPLAIN (ANALYZE, BUFFERS)" if analyze else "EXPLAIN"
        rows = connection.exec_driver_sql(f"{prefix} {statement}", parameters)
        return [row[0] for row in rows]


def main() -> None:
    """Parse the options, seed, then print each page's statements and plans."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=5_000)
    parser.add_argument("--smes", type=int, default=50_000)
    parser.add_argument("--diagnoses", type=int, default=100_000)
    parser.add_argument(
        "--database-url",
        help="an empty PostgreSQL database, or one this script or bench/region.py seeded before"
        " (default: a new SQLite file)",
    )
    parser.add_argument(
        "--analyze", action="store_true", help="PostgreSQL: run each statement (EXPLAIN ANALYZE)"
    )
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-explain-"))
    url = options.database_url or f"sqlite:///{folder / 'explain.sqlite3'}"
    client = prepared(url, folder, options.providers, options.smes, options.diagnoses)
    app = client.application
    with app.app_context():
        engine = db.engine.dialect.name
    print(
        f"{engine}: {options.providers:,} providers, {options.smes:,} SMEs, "
        f"{options.diagnoses:,} diagnoses"
    )
    client.get("/region/signataires")  # the day's safety-net refresh, if any, happens here
    for title, path in PAGES:
        print(f"\n## {title} ({path})")
        seen = set()
        for statement, parameters in recorded(app, client, path):
            if statement in seen:
                continue
            seen.add(statement)
            print("\n" + shown(statement))
            if parameters:
                print(f"-- parameters: {parameters}")
            for line in plan(app, statement, parameters, options.analyze):
                print(f"   {line}")


if __name__ == "__main__":
    main()
