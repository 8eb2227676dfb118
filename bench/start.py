"""The CPU time a process spends building the application, as a gunicorn worker does at start.

Every gunicorn worker, at each deployment and each recycling (``max_requests``), and every
``flask`` command imports the application and builds it before it serves or runs anything.
This starts ``--runs`` fresh Python processes one after the other; each builds the application
with the workers' configuration (production, ``CHARTER_SERVE_ONLY``) on a throwaway SQLite
database and exits. It prints the median CPU time (user + system) a process spends until its
application is built, with the garbage collector paused during the build as ``create_app`` does,
and running (``CHARTER_BENCH_COLLECTOR=on``, as before); the interpreter's own start for scale.

Usage: ``.venv/bin/python bench/start.py [--runs 9]``. Bytecode caches are written on the
first run; the figures are of the later ones.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Prints the CPU time from the interpreter's start to the built application: what a worker
#: spends before it can serve (the interpreter's exit, which a worker rarely reaches, is left
#: out).
BUILD = """
import os, time
if os.environ.get("CHARTER_BENCH_COLLECTOR") == "on":
    import charter
    charter.collector_paused = __import__("contextlib").nullcontext
from charter import create_app
create_app()
print(time.process_time())
"""


def cpu_of(code: str, env: dict[str, str]) -> float:
    """CPU seconds of one ``python -c code`` process, as the code prints them last."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return float(done.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": folder,
            "CHARTER_ENVIRONMENT": "production",
            "CHARTER_SERVE_ONLY": "true",
            "CHARTER_SECRET_KEY": secrets.token_urlsafe(48),
            "CHARTER_BASE_URL": "https://charte.example",
            "CHARTER_SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
            "CHARTER_MAIL_BACKEND": "outbox",
            "CHARTER_OUTBOX_DIR": folder,
            "CHARTER_LOG_LEVEL": "ERROR",
        }
        cpu_of(BUILD, env)  # writes the bytecode caches a deployed checkout would have
        cases = {
            "interpreter alone": ("import time; print(time.process_time())", env),
            "build, collector paused (create_app)": (BUILD, env),
            "build, collector running": (BUILD, env | {"CHARTER_BENCH_COLLECTOR": "on"}),
        }
        print(f"median CPU time of one process, {runs} runs each")
        for label, (code, case_env) in cases.items():
            times = [cpu_of(code, case_env) for _ in range(runs)]
            print(f"{label:40} {statistics.median(times) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
