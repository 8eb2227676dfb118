"""Where a route's time goes: ``make bench``'s routes, timed one request at a time, in process.

``make bench`` measures throughput under load, which moves with everything else the machine
does. This script measures what one request of each route costs the application itself: the
median wall time of warm requests through the WSGI interface (no network, no gunicorn), their
median CPU time (which the machine's load moves less), the Python function calls of one
request (which it does not move at all), the SQL statements each one runs, and,
with ``--profile NAME``, the functions that take the time.

The database is ``make bench``'s, at full volumes (``--small``: a tenth); it is kept in
``--folder`` so that a second run starts at once.

Usage: ``.venv/bin/python bench/routes.py [--runs 30] [--folder /tmp/charter-bench]
[--only SUBSTRING] [--profile SUBSTRING]``
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event  # noqa: E402

from bench.load import Scenario  # noqa: E402
from bench.run import SECRET, prepare, read_scenarios  # noqa: E402
from charter import create_app  # noqa: E402
from charter.extensions import db  # noqa: E402


def prepared_data(folder: Path, small: bool) -> tuple[str, dict[str, object]]:
    """The seeded database in ``folder`` (seeded now unless a previous run left it)."""
    saved = folder / "routes.json"
    if saved.exists():  # a copy of the folder works too: the address follows the folder
        return f"sqlite:///{folder / 'bench.sqlite3'}", json.loads(saved.read_text())["data"]
    folder.mkdir(parents=True, exist_ok=True)
    url, data = prepare(folder, small)
    saved.write_text(json.dumps({"data": data}))
    return url, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--folder", default=str(Path(tempfile.gettempdir()) / "charter-bench"))
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--only", help="only the routes whose name contains this")
    parser.add_argument("--profile", help="profile the route whose name contains this")
    options = parser.parse_args()
    folder = Path(options.folder)
    url, data = prepared_data(folder, options.small)
    app = create_app(
        {
            "ENVIRONMENT": "testing",
            "SECRET_KEY": SECRET,
            "SQLALCHEMY_DATABASE_URI": url,
            "OUTBOX_DIR": str(folder / "outbox"),
            "RATELIMIT_ENABLED": False,
        }
    )
    app.instance_path = str(folder)
    statements = [0]
    with app.app_context():
        upgrade()  # a database seeded before a new migration
        event.listen(
            db.engine,
            "before_cursor_execute",
            lambda *a: statements.__setitem__(0, statements[0] + 1),
        )
    client = app.test_client(use_cookies=False)
    print(
        f"{'route':<26} {'median ms':>10} {'min ms':>8} {'CPU ms':>8} {'k calls':>8}"
        f" {'queries':>8} {'bytes':>8}"
    )
    for scenario in [Scenario("trivial /ping", "GET", "/ping"), *read_scenarios(data)]:
        wanted = options.profile or options.only
        if wanted and wanted not in scenario.name:
            continue
        headers = {"Cookie": scenario.cookie} if scenario.cookie else {}

        def once(path: str = scenario.path, headers: dict[str, str] = headers) -> tuple[int, int]:
            response = client.get(path, headers=headers)
            body = response.get_data()
            assert response.status_code == 200, (path, response.status_code)
            return response.status_code, len(body)

        once()
        times = []
        cpu = []
        counts = []
        size = 0
        for _ in range(options.runs):
            statements[0] = 0
            start, start_cpu = time.perf_counter(), time.process_time()
            _, size = once()
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            counts.append(statements[0])
        # Python function calls of one request: a count the machine's load does not move.
        counter = cProfile.Profile()
        counter.runcall(once)
        calls = pstats.Stats(counter).total_calls  # type: ignore[attr-defined]
        print(
            f"{scenario.name:<26} {statistics.median(times):10.2f} {min(times):8.2f}"
            f" {statistics.median(cpu):8.2f} {calls / 1000:8.1f}"
            f" {statistics.median(counts):8.0f} {size:8d}"
        )
        if options.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(options.runs):
                once()
            profiler.disable()
            stats = pstats.Stats(profiler).sort_stats("cumulative")
            stats.print_stats(45)
            stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
