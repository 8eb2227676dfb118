"""Restoring works whatever schema the database is at, and never half-way; the restore drill
never touches the service's database (issue 23)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from charter import create_app
from charter.extensions import db
from charter.schema_version import migration_heads
from charter.services.backup import BackupError, restore
from tests.conftest import BACKEND, _test_config

OLD_REVISION = "0006"  # before latest_assessment (0007), whose key needs organization's


@pytest.fixture
def scratch_database(tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Makes empty databases of the current backend; PostgreSQL ones are dropped at the end."""
    made: list[str] = []
    admin = None
    if BACKEND == "postgresql":
        base = make_url(
            os.environ["TEST_DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
        )
        admin = create_engine(base, isolation_level="AUTOCOMMIT", poolclass=NullPool)

    def make() -> str:
        name = f"ccn_restore_{uuid.uuid4().hex[:10]}"
        if admin is None:
            return f"sqlite:///{tmp_path / (name + '.sqlite3')}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return base.set(database=name).render_as_string(hide_password=False)

    yield make
    if admin is not None:
        with admin.connect() as connection:
            for name in made:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _app(url: str, tmp_path: Path, **overrides):
    return create_app(_test_config(url, tmp_path, **overrides))


def _add_organization(app, name: str, siret: str) -> None:
    """A row in a table every revision has, written with plain SQL (no model of today)."""
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO organization (kind, name, siret, department, services, "
                "directory_consent, created_at) VALUES ('sme', :name, :siret, '14', '[]', "
                "false, CURRENT_TIMESTAMP)"
            ),
            {"name": name, "siret": siret},
        )


def _state(app) -> tuple[set[str], set[str]]:
    with app.app_context(), db.engine.connect() as connection:
        names = set(connection.scalars(text("SELECT name FROM organization")))
        revisions = set(connection.scalars(text("SELECT version_num FROM alembic_version")))
    return names, revisions


def _dispose(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_backup_taken_at_an_older_revision_restores_over_a_database_at_head(
    scratch_database, tmp_path
):
    app = _app(scratch_database(), tmp_path)
    with app.app_context():
        upgrade(revision=OLD_REVISION)
    _add_organization(app, "Sauvegardée", "11111111111111")
    backup = tmp_path / "ancienne.dump"
    made = app.test_cli_runner().invoke(args=["charter", "backup", str(backup)])
    assert made.exit_code == 0, made.output
    with app.app_context():
        upgrade()
    _add_organization(app, "Écrite après", "22222222222222")

    restored = app.test_cli_runner().invoke(args=["charter", "restore", "--yes", str(backup)])

    assert restored.exit_code == 0, restored.output
    assert f"schéma {OLD_REVISION}" in restored.output
    names, revisions = _state(app)
    assert names == {"Sauvegardée"}
    assert revisions == migration_heads()  # brought back to head by the command
    verified = app.test_cli_runner().invoke(args=["charter", "verify-audit"])
    assert verified.exit_code == 0, verified.output
    _dispose(app)


@pytest.mark.postgres
def test_a_damaged_backup_leaves_the_database_as_it_was(scratch_database, tmp_path):
    app = _app(scratch_database(), tmp_path)
    with app.app_context():
        upgrade()
    _add_organization(app, "Avant", "11111111111111")
    backup = tmp_path / "complete.dump"
    assert app.test_cli_runner().invoke(args=["charter", "backup", str(backup)]).exit_code == 0
    _add_organization(app, "En place", "22222222222222")
    damaged = tmp_path / "tronquee.dump"
    damaged.write_bytes(backup.read_bytes()[: backup.stat().st_size * 3 // 4])

    with app.app_context():
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        db.engine.dispose()
    # The service itself: the command would already refuse the file when reading its revision.
    with pytest.raises(BackupError, match="inchangée") as refused:
        restore(url, damaged)
    assert "could not read" in str(refused.value)  # pg_restore stopped after some output

    assert _state(app)[0] == {"Avant", "En place"}
    _dispose(app)


def test_a_backup_from_a_newer_version_of_the_code_is_refused_before_anything_changes(
    scratch_database, tmp_path
):
    app = _app(scratch_database(), tmp_path)
    with app.app_context():
        upgrade()
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    backup = tmp_path / "future.dump"
    assert app.test_cli_runner().invoke(args=["charter", "backup", str(backup)]).exit_code == 0
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": "0009"})
    _add_organization(app, "En place", "22222222222222")

    result = app.test_cli_runner().invoke(args=["charter", "restore", "--yes", str(backup)])

    assert result.exit_code != 0
    assert "9999" in result.output and "plus récente" in result.output
    assert _state(app)[0] == {"En place"}
    _dispose(app)


def test_restore_takes_the_newest_backup_of_a_folder(scratch_database, tmp_path):
    app = _app(scratch_database(), tmp_path)
    with app.app_context():
        upgrade()
    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    runner = app.test_cli_runner()
    old = folder / "charte-2026-01-01-023000.dump"
    assert runner.invoke(args=["charter", "backup", str(old)]).exit_code == 0
    os.utime(old, (1_700_000_000, 1_700_000_000))
    _add_organization(app, "Dans la plus récente", "11111111111111")
    made = runner.invoke(args=["charter", "backup", str(folder)])
    assert made.exit_code == 0, made.output
    _add_organization(app, "Après", "22222222222222")

    result = runner.invoke(args=["charter", "restore", "--yes", str(folder)])

    assert result.exit_code == 0, result.output
    assert _state(app)[0] == {"Dans la plus récente"}
    _dispose(app)
