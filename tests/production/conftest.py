"""Fixtures of the production tests: real gunicorn servers on the test's database, and a
PostgreSQL cluster of their own (``redis_url`` is in tests/conftest.py)."""

from __future__ import annotations

import itertools
import os
import pwd
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.production.servers import PrivateCluster, Server


@pytest.fixture
def serve(database_url: str, tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Start gunicorn servers on the test's database: ``serve(workers=3, LIMIT_LOGIN=...)``.

    The database is the one the ``app`` and ``factory`` fixtures write to (schema at the
    migrations' head, questionnaires loaded), so rows made by the factory are there for the
    servers. Every server started is stopped at the end, before the database is emptied; its
    log stays in ``tmp_path`` and its tail is printed when a test fails.
    """
    started: list[Server] = []
    numbers = itertools.count(1)

    def start(*, workers: int = 3, threads: int = 2, url: str | None = None, **settings: Any):
        server = Server(
            url or database_url,
            tmp_path / f"gunicorn-{next(numbers)}.log",
            workers=workers,
            threads=threads,
            settings=settings,
        )
        started.append(server)
        return server.start()

    try:
        yield start
    finally:
        for server in started:
            server.stop()
        for server in started:
            print(f"--- {server.log_path.name} ---\n{server.log_tail(30)}")


@pytest.fixture
def private_postgres() -> Iterator[PrivateCluster]:
    """A PostgreSQL cluster of this test's own, to restart under load; always removed after."""
    bindir = PrivateCluster.find_bindir()
    if bindir is None:
        pytest.skip("no initdb/pg_ctl (Debian: apt-get install postgresql)")
    if os.geteuid() == 0 and not _has_user("postgres"):
        pytest.skip("running as root without a 'postgres' system user to run PostgreSQL as")
    cluster = PrivateCluster(bindir)
    try:
        cluster.create()
        yield cluster
    finally:
        cluster.destroy()


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
