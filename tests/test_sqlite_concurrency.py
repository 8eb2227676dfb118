"""Several processes writing to one SQLite file at once: no lost write, no "database is locked".

This is the situation of ``gunicorn -w 4`` on the embedded default (docs/design.md §10). Each worker
does read-modify-write increments of one counter and appends to the audit chain; a deferred
transaction would either lose increments or fail with "database is locked" under this load.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback

import pytest

from charter.extensions import db
from charter.models import User
from charter.services import audit

pytestmark = [pytest.mark.sqlite, pytest.mark.slow]

WORKERS = 4
INCREMENTS = 25


def _worker(database_url: str, instance: str, user_id: int, errors) -> None:
    from charter import create_app
    from charter.db import write_transaction
    from tests.conftest import _test_config

    try:
        app = create_app(_test_config(database_url, __import__("pathlib").Path(instance)))
        with app.app_context():
            for _ in range(INCREMENTS):
                with write_transaction(db.session) as session:
                    user = session.get(User, user_id)
                    seen = user.failed_logins
                    time.sleep(0.002)  # widen the window in which a lost update would happen
                    user.failed_logins = seen + 1
                    audit.record(session, "test.increment", actor_id=user_id)
            db.engine.dispose()
    except Exception:
        errors.put(traceback.format_exc())


def test_concurrent_writers_lose_nothing(app, factory, database_url, tmp_path):
    user = factory.user()
    context = multiprocessing.get_context("spawn")
    errors = context.Queue()
    processes = [
        context.Process(target=_worker, args=(database_url, str(tmp_path), user.id, errors))
        for _ in range(WORKERS)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    failures = []
    while not errors.empty():
        failures.append(errors.get())
    assert failures == [], "\n".join(failures)
    assert all(p.exitcode == 0 for p in processes)
    with app.app_context():
        assert db.session.get(User, user.id).failed_logins == WORKERS * INCREMENTS
        report = audit.verify_chain(db.session)
        assert report.ok, report
        assert report.checked == WORKERS * INCREMENTS
