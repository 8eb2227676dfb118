"""Fixtures shared by the whole suite, in the style of Flask's tutorial.

The suite runs on SQLite by default. With ``CHARTER_TEST_BACKEND=postgresql`` and
``TEST_DATABASE_URL`` set (``make test`` does it when a server answers), the same tests run on
a throwaway PostgreSQL database created for the session.

Rules: ``app`` is function-scoped; no request is sent inside an active app context; redirects
are asserted through ``Location``.
"""

from __future__ import annotations

import copy
import gc
import os
import shutil
import smtplib
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
from flask_migrate import stamp
from sqlalchemy import create_engine, event, literal, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from charter import create_app
from charter.db import write_transaction
from charter.definitions import load_into_database
from charter.extensions import db
from tests import examples
from tests.access.world import World, build_world
from tests.factories import Factory
from tests.process_memo import close_pools, release
from tests.process_memo import install as install_process_memo

#: Parsed routes, compiled templates and compiled SQL shared by every application of the run
#: (see tests/process_memo.py: most of what a new application cost).
install_process_memo()

#: Enough free memory for the run's temporary files (each test's SQLite copy is 0.8 MB; only
#: the folders of failed tests are kept, pyproject.toml's tmp_path_retention_policy).
_MEMORY_TEMP_NEEDED = 2 * 2**30


def _temporary_files_in_memory(folder: Path = Path("/dev/shm")) -> None:
    """Put the run's temporary folders (``tmp_path``, hence every test's database and
    instance folder) in memory when the machine has a tmpfs with room, unless ``TMPDIR`` or
    ``--basetemp`` says where.

    On this machine's disk an fsync costs 8 ms and a test's SQLite copy pays four or five
    (WAL checkpoints when the connections close), and deleting a run's folders took 26 s:
    waits on the disk, not work. Nothing a test checks depends on the disk being durable.
    """
    if os.environ.get("TMPDIR"):
        return
    try:
        if (
            folder.is_dir()
            and os.access(folder, os.W_OK | os.X_OK)
            and shutil.disk_usage(folder).free >= _MEMORY_TEMP_NEEDED
        ):
            tempfile.tempdir = str(folder)
    except OSError:
        pass


_temporary_files_in_memory()

BACKEND = os.environ.get("CHARTER_TEST_BACKEND", "sqlite")
TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"
#: Argon2id at its cheapest: a login costs a millisecond instead of half a second. Production's
#: parameters are asserted by tests/test_passwords.py.
CHEAP_PASSWORD_HASHING = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


#: Folders of tests that never open a database: the pure core, the content files, the PDF
#: builders. Those of their tests that use no database fixture run in one leg only, since they
#: would run the very same code a second time: the SQLite leg, but see BOTH_LEGS.
DATABASE_FREE = ("core", "content", "reports")


#: Set by tests/run_legs.sh when the two legs run side by side. The SQLite leg, which also
#: runs the browser tests, is then the longer one, and the second core idles while it ends:
#: the database-free tests of these folders run in the PostgreSQL leg instead (a run of one
#: leg alone still has them all).
BOTH_LEGS = os.environ.get("CHARTER_TEST_LEGS") == "both"
POSTGRESQL_LEG_RUNS = ("core",)


def _database_free(item: pytest.Item) -> bool:
    folder = item.path.parent.name
    return (
        folder in DATABASE_FREE
        and item.path.parent.parent.name == "tests"
        and "database_url" not in getattr(item, "fixturenames", ())
    )


def _elsewhere(item: pytest.Item) -> bool:
    """Whether the other leg runs this test (database-free tests run in one leg only)."""
    if not _database_free(item):
        return False
    on_postgresql = BOTH_LEGS and item.path.parent.name in POSTGRESQL_LEG_RUNS
    return on_postgresql != (BACKEND == "postgresql")


#: Fixtures that start a process of their own: gunicorn, the browser's live server, a private
#: PostgreSQL cluster. Their tests are marked ``server``; ``make check`` leaves them out.
SERVER_FIXTURES = frozenset({"serve", "live_server", "private_postgres"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests that start a server; skip what the current database backend cannot run,
    saying why; leave out the tests that never touch a database in the leg that does not run
    them (:func:`_elsewhere`)."""
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.server)
    here, elsewhere = [], []
    for item in items:
        (elsewhere if _elsewhere(item) else here).append(item)
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = here
    for item in items:
        if BACKEND != "postgresql" and "postgres" in item.keywords:
            item.add_marker(
                pytest.mark.skip(
                    reason="needs PostgreSQL: run with CHARTER_TEST_BACKEND=postgresql and "
                    "TEST_DATABASE_URL (make test does when a server answers)"
                )
            )
        if BACKEND == "postgresql" and ("sqlite" in item.keywords or "browser" in item.keywords):
            item.add_marker(pytest.mark.skip(reason="runs in the SQLite leg of the suite"))


#: The garbage collector's first threshold during the tests (Python's default is 700).
COLLECTION_THRESHOLD = 10_000


def pytest_collection_finish(session: pytest.Session) -> None:
    """Once every test module is imported, keep the garbage collector off what lives for the
    whole run, and let it run less often.

    The run's process holds about 190,000 objects from its start (modules, the application's
    code, hypothesis, pytest's own), and Python's default thresholds set off a collection every
    700 new objects, a full one walking all of them. That was a tenth of the tests' CPU time
    (3.3 to 4.4 s of 31 to 37 s for tests/clients, tests/signing, tests/reports and
    test_journey.py; 0.9 to 1.1 s with these settings, for 14 MB more memory at most).
    ``gc.freeze`` moves what exists now out of its reach; the higher first threshold makes
    the young collections fewer. Cycles are still collected, only in larger batches.
    """
    gc.collect()
    gc.freeze()
    _, *older = gc.get_threshold()
    gc.set_threshold(COLLECTION_THRESHOLD, *older)


def pytest_report_header() -> list[str]:
    """Say where the run's temporary files are and how many examples the property tests
    draw (tests/examples.py: a quarter in make check)."""
    budget = "a quarter (CHARTER_TEST_EXAMPLES=quick)" if examples.QUICK else "all"
    return [
        f"temporary files: {tempfile.gettempdir()}; property tests' examples: {budget}",
    ]


# --------------------------------------------------------------------------- database backends


def _postgres_server() -> Any:
    """The URL of TEST_DATABASE_URL's server (psycopg driver), or a skip that says why."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set")
    return make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))


def _postgres_admin(statement: str) -> None:
    """Run one statement (CREATE/DROP DATABASE) on TEST_DATABASE_URL's database."""
    admin = create_engine(_postgres_server(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as connection:
            connection.execute(text(statement))
    finally:
        admin.dispose()


def _postgres_database(name: str) -> str:
    """The URL of database ``name`` on TEST_DATABASE_URL's server."""
    return _postgres_server().set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL database created for this test session and dropped at its end."""
    name = f"ccn_test_{uuid.uuid4().hex[:10]}"
    _postgres_admin(f'CREATE DATABASE "{name}"')
    # A commit does not wait for its WAL to reach the disk (8 ms an fsync on this machine,
    # one to three commits a test): a crash of the server would lose the last commits of a
    # throwaway database, and nothing a test checks depends on durability.
    _postgres_admin(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    try:
        yield _postgres_database(name)
    finally:
        _close_restorers()
        close_pools()
        _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the full schema, copied for each test (faster than building it)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    app = create_app(_test_config(f"sqlite:///{path}", tmp_path_factory.mktemp("inst")))
    with app.app_context():
        _create_schema()
    return path


@pytest.fixture(scope="session")
def postgres_schema(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The session's PostgreSQL database with the full schema built once, and a snapshot of
    its rows then (the questionnaire versions), which each test starts from."""
    app = create_app(_test_config(postgres_url, tmp_path_factory.mktemp("inst")))
    with app.app_context():
        _create_schema()
    _BASELINE.append(_snapshot_rows(postgres_url))
    return postgres_url


def _create_schema() -> None:
    """Build the schema from the models (fast) and stamp it at the migrations' head.

    test_migrations.py proves that the migrations build the same schema.
    """
    db.create_all()
    stamp()
    load_into_database(db.session)
    db.session.remove()
    db.engine.dispose()


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty-of-rows database with the full schema, for one test."""
    if BACKEND == "postgresql":
        url = request.getfixturevalue("postgres_schema")
        _restore_rows(url, _BASELINE[0])
        yield url
    else:
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "charter.sqlite3"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"


# --------------------------------------------------------------------------- databases built once


@dataclass(frozen=True)
class Template:
    """A database built once per run and what its builder returned (``value``).

    On SQLite ``location`` is a file that each test copies. On PostgreSQL it is a snapshot of
    the rows and sequences, put back into the session's database before each test that uses
    it (:func:`_restore_rows`): ``CREATE DATABASE ... TEMPLATE`` and its ``DROP`` cost 1.5 to
    2.5 s a test on this machine, putting a few hundred rows back a few milliseconds.
    """

    location: Any
    value: Any


@dataclass(frozen=True)
class DatabaseCopy:
    """A test's own copy of a :class:`Template`; ``restore`` puts the template's rows back."""

    url: str
    template: Template

    def restore(self, *apps: Any) -> None:
        """Close the connections of ``apps`` (on this copy) and copy the template over again:
        for a test that changes the data between two checks that need the same starting point."""
        for application in apps:
            with application.app_context():
                db.session.remove()
                db.engine.dispose()
        if BACKEND == "postgresql":
            _restore_rows(self.url, self.template.location)
        else:
            path = Path(make_url(self.url).database or "")
            for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
            shutil.copyfile(self.template.location, path)


@dataclass(frozen=True)
class _Rows:
    """The statements that put a PostgreSQL database back to a copy of its tables kept in a
    schema of their own (sent in one round trip by :func:`_restore_rows`)."""

    restore: str


def _snapshot_rows(url: str) -> _Rows:
    """Copy every table of ``url`` into a new schema and write the statements that restore
    them: empty every table, copy the non-empty ones back, put every sequence back."""
    schema = f"snapshot_{uuid.uuid4().hex[:10]}"
    tables = db.metadata.sorted_tables
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        for table in tables:
            connection.execute(
                text(f'CREATE TABLE "{schema}"."{table.name}" AS TABLE "{table.name}"')
            )
        filled = {
            table.name
            for table in tables
            if connection.execute(select(literal(1)).select_from(table).limit(1)).first()
        }
        sequences = connection.execute(
            text(
                "SELECT quote_literal(quote_ident(sequencename)), last_value FROM pg_sequences "
                "WHERE schemaname = current_schema()"
            )
        ).all()
        superuser = connection.execute(
            text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        ).scalar()
    engine.dispose()
    # Names of our own tables and schema, not input. A superuser skips the foreign-key
    # triggers (a check per row) while every table is emptied and refilled at once; otherwise
    # the tables are emptied children first and refilled parents first.
    statements = ["SET LOCAL session_replication_role = replica"] if superuser else []
    statements += [f'DELETE FROM "{table.name}"' for table in reversed(tables)]  # noqa: S608
    statements += [
        f'INSERT INTO "{table.name}" SELECT * FROM "{schema}"."{table.name}"'  # noqa: S608
        for table in tables
        if table.name in filled
    ]
    statements += [
        f"SELECT setval({name}, {last_value or 1}, {last_value is not None})"
        for name, last_value in sequences
    ]
    return _Rows(";\n".join(statements))


#: The rows of the session's PostgreSQL database right after its schema was built.
_BASELINE: list[_Rows] = []

#: One connection per database for :func:`_restore_rows`, kept for the session: a new
#: connection is a new server process, which cost more than the restore itself.
_RESTORERS: dict[str, Any] = {}


def _restore_rows(url: str, rows: _Rows) -> None:
    """Put ``url``'s database back to ``rows``, in one transaction and one round trip (several
    statements in one string go through PostgreSQL's simple query protocol)."""
    import psycopg

    connection = _RESTORERS.get(url)
    if connection is None or connection.closed:
        address = make_url(url).set(drivername="postgresql")
        connection = _RESTORERS[url] = psycopg.connect(
            address.render_as_string(hide_password=False)
        )
    with connection.transaction():
        connection.execute(rows.restore)


def _close_restorers() -> None:
    """Close the restore connections (before the session's database is dropped)."""
    for connection in _RESTORERS.values():
        connection.close()
    _RESTORERS.clear()


def build_template(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    build: Callable[[Any], Any],
) -> Template:
    """Build a template database: the full schema with the questionnaires, then ``build(app)``
    on it (its result is the template's ``value``). For session-scoped fixtures."""
    instance = tmp_path_factory.mktemp("template-instance")
    if BACKEND == "postgresql":
        url = request.getfixturevalue("postgres_schema")
    else:
        path = tmp_path_factory.mktemp("template") / "template.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    application = create_app(_test_config(url, instance))
    application.instance_path = str(instance)
    try:
        value = build(application)
    finally:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
    if BACKEND == "postgresql":
        rows = _snapshot_rows(url)
        _restore_rows(url, _BASELINE[0])
        return Template(rows, value)
    return Template(str(path), value)


def copy_of(request: pytest.FixtureRequest, template: Template) -> Iterator[DatabaseCopy]:
    """A copy of ``template`` for one test (``yield from copy_of(...)`` in a fixture)."""
    if BACKEND == "postgresql":
        url = request.getfixturevalue("postgres_schema")
        _restore_rows(url, template.location)
        yield DatabaseCopy(url, template)
    else:
        path = request.getfixturevalue("tmp_path") / "charter.sqlite3"
        shutil.copyfile(template.location, path)
        yield DatabaseCopy(f"sqlite:///{path}", template)


@pytest.fixture(scope="session")
def world_template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Template:
    """The access table's world (tests/access/world.py), built once per run."""
    return build_template(request, tmp_path_factory, lambda app: build_world(Factory(app)))


@pytest.fixture
def world_database(
    request: pytest.FixtureRequest, world_template: Template
) -> Iterator[DatabaseCopy]:
    """A copy of the world's database for one test. A module whose tests start from the world
    overrides ``database_url`` with it::

        @pytest.fixture
        def database_url(world_database):
            return world_database.url
    """
    yield from copy_of(request, world_template)


@pytest.fixture
def world(world_template: Template) -> World:
    """Who exists in ``world_database`` and what they own (a copy the test may change)."""
    return copy.deepcopy(world_template.value)


# --------------------------------------------------------------------------- the application


def _test_config(database_url: str, instance: Path, **overrides: Any) -> dict[str, Any]:
    return {
        "TESTING": True,
        "ENVIRONMENT": "testing",
        "SECRET_KEY": TEST_SECRET,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_BACKEND": "outbox",
        "OUTBOX_DIR": str(instance / "outbox"),
        "SERVER_NAME": None,
        "PASSWORD_HASHING": CHEAP_PASSWORD_HASHING,
        **overrides,
    }


def _worker_redis_url(url: str) -> str:
    """The Redis database of this pytest-xdist worker: TEST_REDIS_URL's for the first (and
    for a run without workers), then every other one below it (15, 13, 11... for the SQLite
    leg; the PostgreSQL leg's 14, 12, 10...), since each test empties its own."""
    index = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    if index == 0:
        return url
    base, _, number = url.rpartition("/")
    database = int(number) - 2 * index
    if database < 1:
        pytest.fail(f"no Redis database left for worker {index} below {url}")
    return f"{base}/{database}"


@pytest.fixture
def redis_url() -> str:
    """An empty Redis database for the test (TEST_REDIS_URL, one per pytest-xdist worker), or
    a skip that says why."""
    url = _worker_redis_url(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"))
    try:
        with redis.Redis.from_url(url, socket_connect_timeout=1) as connection:
            connection.flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}: set TEST_REDIS_URL (.ci/run starts one)")
    return url


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Extra configuration for the ``app`` fixture; override it in a module or a test."""
    return {}


@pytest.fixture
def app(database_url: str, tmp_path: Path, app_config: dict[str, Any]) -> Iterator[Any]:
    """A configured application on a fresh database; its instance folder is ``tmp_path``."""
    application = create_app(_test_config(database_url, tmp_path, **app_config))
    application.instance_path = str(tmp_path)
    yield application
    with application.app_context():
        db.session.remove()
        release(db.engine)


@pytest.fixture
def make_app(database_url: str, tmp_path: Path) -> Iterator[Any]:
    """Build more applications on the test's database (other workers, other settings);
    their connections are closed at the end of the test."""
    built: list[Any] = []

    def build(**overrides: Any) -> Any:
        application = create_app(_test_config(database_url, tmp_path, **overrides))
        built.append(application)
        return application

    yield build
    for application in built:
        with application.app_context():
            db.session.remove()
            release(db.engine)


@pytest.fixture
def client(app: Any) -> Any:
    """A test client of ``app``."""
    return app.test_client()


@pytest.fixture
def runner(app: Any) -> Any:
    """A CLI runner of ``app``."""
    return app.test_cli_runner()


@pytest.fixture
def factory(app: Any) -> Factory:
    """Creates organisations, users and later objects on demand (see tests/factories.py)."""
    return Factory(app)


# --------------------------------------------------------------------------- measuring and guards


class QueryCounter:
    """Counts the SQL statements an engine executes while active."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def _record(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")):
            self.statements.append(statement)


@contextmanager
def count_queries(app: Any) -> Iterator[QueryCounter]:
    """``with count_queries(app) as counter: client.get(...)``, then read ``counter.count``."""
    counter = QueryCounter()
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counter._record)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", counter._record)


@pytest.fixture
def query_counter() -> Any:
    """The :func:`count_queries` context manager, as a fixture."""
    return count_queries


@pytest.fixture(autouse=True)
def _no_real_smtp(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that would open a real SMTP connection."""

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("a test tried to open a real SMTP connection")

    monkeypatch.setattr(smtplib, "SMTP", refuse)
    monkeypatch.setattr(smtplib, "SMTP_SSL", refuse)


@pytest.fixture
def in_transaction(app: Any) -> Any:
    """Run a function inside a write transaction of ``app``; returns what it returns."""

    def run(function: Any) -> Any:
        with app.app_context(), write_transaction(db.session) as session:
            return function(session)

    return run


@pytest.fixture(autouse=True)
def _kept_standing_agrees(request: pytest.FixtureRequest) -> Iterator[None]:
    """After every test with an application, what ``refresh-standing --check`` and
    ``refresh-statistics --check`` run must pass: whatever facts the test changed through the
    services, the kept standing and the dashboard's totals followed them (docs/design.md §6). A test
    that changes facts behind the services' back on purpose carries ``standing_unchecked``."""
    if "app" not in request.fixturenames or request.node.get_closest_marker("standing_unchecked"):
        yield
        return
    application = request.getfixturevalue("app")
    yield
    from sqlalchemy import inspect

    from charter.services import kept_standing, maturity, monthly_counts

    with application.app_context():
        try:
            if not inspect(db.engine).has_table("monthly_count"):
                return
            found = (
                kept_standing.differences(db.session)
                + maturity.differences(db.session)
                + monthly_counts.differences(db.session)
            )
        finally:
            db.session.remove()
    assert found == [], "kept derived rows differ from the facts:\n" + "\n".join(found[:20])
