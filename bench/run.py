"""``make bench``: the application under gunicorn, driven over HTTP, one table of figures.

Seeds the Region benchmark's volumes (5,000 providers, 50,000 SMEs, 100,000 diagnoses) into a
new SQLite database built by the migrations, starts gunicorn with 2 workers on it, then drives
each route from a separate process (bench/load.py) for a few seconds with several connections,
each time right after the trivial route /ping of the same server: on a shared, noisy machine
the share of /ping's requests per second is the issue's figure. That share moves with the
machine's load (a quiet machine serves /ping much faster, heavy pages barely), so the table
also gives the steadier one: the CPU time the gunicorn workers spent per request (read from
/proc before and after each route), and /ping's CPU per request as a share of the route's.
Workers are not recycled during the run (``--max-requests 0``): a restart in the middle of a
route would add the application's start-up to its figures. Ends with the memory of each worker
and the machine's load average.

Usage: ``make bench`` or ``.venv/bin/python bench/run.py [--seconds 8] [--connections 8]
[--small]`` (``--small``: a tenth of the volumes, for a quick look). The output format is
stable: scripts may parse it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_login import utils as login_utils  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from bench.load import Scenario  # noqa: E402
from bench.region import seed  # noqa: E402
from charter import create_app  # noqa: E402
from charter.db import write_transaction  # noqa: E402
from charter.definitions import load_into_database, questionnaire_of  # noqa: E402
from charter.extensions import db  # noqa: E402
from charter.models import Assessment, AssessmentStatus, Role, User  # noqa: E402
from charter.services import kept_standing, maturity, monthly_counts  # noqa: E402
from charter.services.sessions import start_session  # noqa: E402
from tests.factories import Factory  # noqa: E402
from tests.journey import answer_all, draft_assessment, submitted_assessment  # noqa: E402

SECRET = "bench-secret-key-long-enough-0123456789abcdef"  # noqa: S105  (throw-away server)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare(folder: Path, small: bool) -> tuple[str, dict[str, object]]:
    """Build and seed the database; return its URL and what the scenarios need."""
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app(
        {
            "ENVIRONMENT": "testing",
            "SECRET_KEY": SECRET,
            "SQLALCHEMY_DATABASE_URI": url,
            "OUTBOX_DIR": str(folder / "outbox"),
        }
    )
    app.instance_path = str(folder)
    scale = 10 if small else 1
    with app.test_request_context():
        upgrade()
        load_into_database(db.session)
        reviewer_id = seed(5_000 // scale, 50_000 // scale, 100_000 // scale, random.Random(7))
        # What `charter refresh-standing --check` and `refresh-statistics --check` run: the
        # seed's bulk inserts went through the kept standing and totals too.
        found = (
            kept_standing.differences(db.session)
            + maturity.differences(db.session)
            + monthly_counts.differences(db.session)
        )
        if found:
            raise SystemExit("kept rows differ from the seeded facts:\n" + "\n".join(found[:20]))
        db.session.remove()
    factory = Factory(app)
    member = factory.user(Role.SME_MEMBER)
    sent = submitted_assessment(app, member, "pme-complet", pick="middle")
    draft = draft_assessment(app, member, "pme-complet")
    answer_all(app, draft, member.id, "middle")
    with app.test_request_context():
        draft_row = db.session.get(Assessment, draft)
        questionnaire = questionnaire_of(draft_row.questionnaire_version)
        assert db.session.get(Assessment, sent).status is AssessmentStatus.SUBMITTED
        tokens = {}
        with write_transaction(db.session) as session:
            for name, user_id in (("sme", member.id), ("region", reviewer_id)):
                tokens[name] = start_session(
                    session,
                    session.get(User, user_id),
                    second_factor_done=True,
                    ip_address="127.0.0.1",
                    user_agent="bench",
                )
        cookies = {}
        serializer = app.session_interface.get_signing_serializer(app)
        # What Flask-Login keeps after a real login: the visitor's identifier (the load client
        # sends no User-Agent), without which every response would rewrite the cookie.
        with app.test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1"}):
            identifier = login_utils._create_identifier()
        for name, token in tokens.items():
            value = serializer.dumps(
                {
                    "_user_id": token,
                    "_fresh": True,
                    "_id": identifier,
                    "csrf_token": secrets.token_hex(20),
                }
            )
            cookies[name] = f"{app.config['SESSION_COOKIE_NAME']}={value}"
        db.engine.dispose()
    return url, {
        "cookies": cookies,
        "draft": draft,
        "sent": sent,
        "theme": questionnaire.themes[2].id,
        "questions": [q.id for q in questionnaire.questions()[:16]],
    }


def start_server(url: str, port: int, folder: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CHARTER_ENVIRONMENT": "production",
        "CHARTER_SECRET_KEY": SECRET,
        "CHARTER_BASE_URL": f"http://127.0.0.1:{port}",
        "CHARTER_ALLOW_HTTP_BASE_URL": "true",
        "DATABASE_URL": url,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "CHARTER_RATELIMIT_ENABLED": "false",
        "CHARTER_OUTBOX_DIR": str(folder / "outbox"),
        "GUNICORN_LOG_LEVEL": "warning",
    }
    env.pop("REDIS_URL", None)
    with open(folder / "server.log", "wb") as log:  # the child keeps its own copy of the file
        process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "--access-logfile",
                "/dev/null",
                "--max-requests",
                "0",
                "charter:create_app()",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not start: see {folder / 'server.log'}")


def csrf_token(base: str, cookie: str, path: str) -> str:
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  (http only)
        page = response.read().decode()
    match = re.search(r'name="csrf-token" content="([^"]+)"', page)
    if match is None:
        raise RuntimeError(f"no CSRF token on {path}")
    return match.group(1)


def read_scenarios(data: dict[str, object]) -> list[Scenario]:
    """The routes that only read (bench/routes.py times them one request at a time too)."""
    cookies = data["cookies"]  # type: ignore[index]
    sme, region = cookies["sme"], cookies["region"]  # type: ignore[index]
    draft, sent, theme = data["draft"], data["sent"], data["theme"]
    return [
        Scenario("home page", "GET", "/"),
        Scenario(
            "questionnaire theme page",
            "GET",
            f"/pme/diagnostics/{draft}/themes/{theme}",
            cookie=sme,
        ),
        Scenario("SME dashboard", "GET", "/pme", cookie=sme),
        Scenario("results page", "GET", f"/pme/diagnostics/{sent}/resultats", cookie=sme),
        Scenario("PDF report", "GET", f"/pme/diagnostics/{sent}/rapport.pdf", cookie=sme),
        Scenario(
            "compliance list",
            "GET",
            "/region/signataires?departement=14&tri=verdict",
            cookie=region,
        ),
        Scenario("compliance list, page 1", "GET", "/region/signataires", cookie=region),
        Scenario("Region dashboard", "GET", "/region/tableau-de-bord", cookie=region),
        Scenario("public directory", "GET", "/annuaire"),
    ]


def scenarios(base: str, data: dict[str, object]) -> list[Scenario]:
    """Every route of the table: the reads, and the answer save (which needs a live CSRF
    token of the server) after the SME dashboard."""
    sme = data["cookies"]["sme"]  # type: ignore[index]
    draft, theme = data["draft"], data["theme"]
    token = csrf_token(base, sme, f"/pme/diagnostics/{draft}/themes/{theme}")
    save = Scenario(
        "answer save",
        "POST",
        f"/pme/diagnostics/{draft}/reponse",
        cookie=sme,
        csrf=token,
        autosave_questions=tuple(data["questions"]),  # type: ignore[arg-type]
    )
    reads = read_scenarios(data)
    return [*reads[:3], save, *reads[3:]]


def drive(base: str, items: list[Scenario], connections: int, seconds: float) -> list[dict]:
    """Run scenarios in a separate process (the load generator) and return its figures."""
    payload = json.dumps([asdict(s) for s in items])
    output = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), base, str(connections), str(seconds)],
        input=payload,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(output.stdout)


def workers_cpu_seconds(master: int) -> float:
    """CPU time (user + system, seconds) spent so far by the live workers of ``master`` and by
    those it has already reaped."""
    ticks = os.sysconf("SC_CLK_TCK")

    def fields(pid: int | str) -> list[str]:
        # The command name may hold spaces: the fields we need follow its closing parenthesis.
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()

    own = fields(master)
    total = int(own[13]) + int(own[14])  # cutime, cstime: reaped children
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = fields(entry.name)
        except OSError:
            continue
        if int(stat[1]) == master:  # ppid
            total += int(stat[11]) + int(stat[12])  # utime, stime
    return total / ticks


def worker_memory(master: int) -> list[float]:
    """Resident memory (MiB) of each gunicorn worker, children of the master."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master}$", status, re.M):
            rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            if rss:
                sizes.append(int(rss.group(1)) / 1024)
    return sorted(sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--small", action="store_true", help="a tenth of the volumes")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-run-"))
    started = time.perf_counter()
    url, data = prepare(folder, options.small)
    seeded = time.perf_counter() - started
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(url, port, folder)
    try:
        rows = []
        for scenario in scenarios(base, data):
            pair = []
            for item in (Scenario("trivial /ping", "GET", "/ping"), scenario):
                before = workers_cpu_seconds(server.pid)
                (figures,) = drive(base, [item], options.connections, options.seconds)
                spent = workers_cpu_seconds(server.pid) - before
                figures["cpu_ms"] = 1000 * spent / figures["requests"] if figures["requests"] else 0
                pair.append(figures)
            trivial, measured = pair
            rows.append((measured, trivial))
        memory = worker_memory(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    volumes = "tenth" if options.small else "full"
    print(
        f"Charte Cyber Normandie - make bench: gunicorn 2 workers, SQLite, {volumes} volumes "
        f"(seeded in {seeded:.0f} s), {options.connections} connections, "
        f"{options.seconds:g} s per route"
    )
    print(
        f"{'route':<26} {'req/s':>8} {'median ms':>10} {'p99 ms':>8} {'errors':>7}"
        f" {'/ping req/s':>12} {'/ping median':>13} {'median ratio':>13} {'share of /ping':>15}"
        f" {'CPU ms/req':>11} {'/ping CPU ms':>13} {'CPU share':>10}"
    )
    for measured, trivial in rows:
        ratio = measured["median_ms"] / trivial["median_ms"] if trivial["median_ms"] else 0.0
        # The stable figure on a noisy machine: the route's requests per second as a share of
        # those of /ping measured just before it in the same run.
        share = 100 * measured["rps"] / trivial["rps"] if trivial["rps"] else 0.0
        # The steadier figure: what a request of the route costs the workers in CPU time, as
        # /ping's cost is a share of it (the same definition of share, without the load).
        cpu_share = 100 * trivial["cpu_ms"] / measured["cpu_ms"] if measured["cpu_ms"] else 0.0
        print(
            f"{measured['name']:<26} {measured['rps']:8.1f} {measured['median_ms']:10.1f}"
            f" {measured['p99_ms']:8.1f} {measured['errors']:7d} {trivial['rps']:12.1f}"
            f" {trivial['median_ms']:13.1f} {ratio:13.1f} {share:14.1f}%"
            f" {measured['cpu_ms']:11.2f} {trivial['cpu_ms']:13.2f} {cpu_share:9.1f}%"
        )
    print("worker memory (MiB RSS): " + ", ".join(f"{m:.0f}" for m in memory))
    print("load average (1, 5, 15 min): " + ", ".join(f"{v:.2f}" for v in os.getloadavg()))


if __name__ == "__main__":
    main()
