"""Backups and the restore drill: back up under write load, restore into a new instance,
find every row acknowledged before the backup and an audit chain that verifies."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
import uuid

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from charter.db import write_transaction
from charter.extensions import db
from charter.models import AuditEvent, Organization, OrganizationKind
from charter.services import audit
from charter.services.audit import verify_chain
from tests.conftest import BACKEND
from tests.factories import valid_siret

pytestmark = pytest.mark.slow


def _writer(app, stop: threading.Event, acknowledged: list[int], errors: list[str]) -> None:
    """Keep creating organisations (each with an audit event) until told to stop."""
    n = 0
    with app.app_context():
        while not stop.is_set():
            n += 1
            try:
                with write_transaction(db.session) as session:
                    org = Organization(
                        kind=OrganizationKind.SME,
                        name=f"Écriture {n}",
                        siret=valid_siret(50_000 + n),
                        department="14",
                    )
                    session.add(org)
                    session.flush()
                    audit.record(
                        session,
                        "test.write",
                        actor_id=None,
                        target_type="organization",
                        target_id=org.id,
                    )
                    org_id = org.id
                acknowledged.append(org_id)  # committed: the writer was told "OK"
            except Exception as error:  # reported to the test below
                errors.append(repr(error))
        db.session.remove()


@pytest.fixture
def restore_target(tmp_path):
    """An empty database of the current backend to restore into."""
    if BACKEND != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    base = make_url(
        os.environ["TEST_DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    )
    name = f"ccn_restore_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_restore_drill_under_write_load(app, runner, make_app, tmp_path, restore_target):
    stop = threading.Event()
    acknowledged: list[int] = []
    errors: list[str] = []
    writer = threading.Thread(target=_writer, args=(app, stop, acknowledged, errors))
    writer.start()
    try:
        while len(acknowledged) < 20:
            time.sleep(0.01)
        before_backup = list(acknowledged)
        result = runner.invoke(args=["charter", "backup", str(tmp_path / "sauvegarde.bak")])
        assert result.exit_code == 0, result.output
        time.sleep(0.1)  # writes go on after the backup
    finally:
        stop.set()
        writer.join(timeout=30)
    assert errors == []
    assert len(acknowledged) > len(before_backup)

    restored = make_app(SQLALCHEMY_DATABASE_URI=restore_target)
    outcome = restored.test_cli_runner().invoke(
        args=["charter", "restore", "--yes", str(tmp_path / "sauvegarde.bak")]
    )
    assert outcome.exit_code == 0, outcome.output
    with restored.app_context():
        present = set(db.session.scalars(select(Organization.id)))
        assert set(before_backup) <= present
        assert verify_chain(db.session).ok
        assert db.session.scalar(select(AuditEvent.id).limit(1)) is not None
        if BACKEND != "postgresql":
            path = make_url(restore_target).database
            with sqlite3.connect(path) as check:
                assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    verified = restored.test_cli_runner().invoke(args=["charter", "verify-audit"])
    assert verified.exit_code == 0


def test_backup_refuses_to_overwrite(runner, tmp_path):
    target = tmp_path / "deja.bak"
    target.write_text("x")
    result = runner.invoke(args=["charter", "backup", str(target)])
    assert result.exit_code != 0
    assert "existe déjà" in result.output


def test_restore_asks_for_confirmation(runner, tmp_path):
    runner.invoke(args=["charter", "backup", str(tmp_path / "a.bak")])
    result = runner.invoke(args=["charter", "restore", str(tmp_path / "a.bak")], input="n\n")
    assert result.exit_code != 0
