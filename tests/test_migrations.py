"""The committed migrations build the schema from nothing and agree with the models."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from charter import create_app
from charter.extensions import db
from charter.schema_version import migration_heads
from tests.conftest import BACKEND, _test_config
from tests.helpers import read_totp_secret, stored_totp_secret


@pytest.fixture
def empty_database_url(tmp_path) -> Iterator[str]:
    """An empty database of the current backend (a new PostgreSQL database on that leg)."""
    if BACKEND != "postgresql":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    url = make_url(
        os.environ["TEST_DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    )
    name = f"ccn_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def empty_app(empty_database_url, tmp_path):
    app = create_app(_test_config(empty_database_url, tmp_path))
    yield app
    with app.app_context():
        db.engine.dispose()


def test_upgrade_from_empty_reaches_head_and_matches_the_models(empty_app):
    with empty_app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert set(context.get_current_heads()) == migration_heads()
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations disagree: {differences}"
        assert "user_account" in inspect(db.engine).get_table_names()


def test_downgrade_to_base_and_back_up(empty_app):
    with empty_app.app_context():
        upgrade()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert "audit_event" in inspect(db.engine).get_table_names()


def test_flask_db_upgrade_command_builds_the_schema(empty_app):
    result = empty_app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with empty_app.app_context():
        assert "organization" in inspect(db.engine).get_table_names()


def test_readiness_is_ok_at_head_and_503_behind(empty_app):
    client = empty_app.test_client()
    behind = client.get("/healthz/ready")
    assert behind.status_code == 503
    assert behind.json["migrations"] == "behind"
    with empty_app.app_context():
        upgrade()
    ok = client.get("/healthz/ready")
    assert ok.status_code == 200
    assert ok.json["status"] == "ok"
    assert ok.json["migrations"] == "head"
    assert ok.json["revision"] == sorted(migration_heads())


def test_old_workers_stay_ready_when_a_newer_release_has_migrated(empty_app):
    """Rolling upgrade: after db upgrade, the previous code sees a revision it does not know;
    its workers must keep their place behind the load balancer."""
    with empty_app.app_context():
        upgrade()
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    ahead = empty_app.test_client().get("/healthz/ready")
    assert ahead.status_code == 200
    assert ahead.json["migrations"] == "ahead"


def test_readiness_is_503_when_the_database_is_unreachable(tmp_path):
    app = create_app(_test_config(f"sqlite:///{tmp_path}/missing-dir/x/db.sqlite3", tmp_path))
    response = app.test_client().get("/healthz/ready")
    assert response.status_code == 503
    assert response.json["database"] is False
    # Liveness does not depend on the database: the process is alive.
    assert app.test_client().get("/healthz").status_code == 200


SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_migration_0009_seals_the_totp_secrets_stored_before_it(empty_app):
    """On a database of its own: the migration rewrites rows, then is undone."""
    app = empty_app
    with app.app_context():
        upgrade(revision="0008")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO user_account (email, full_name, password_hash, role, active, "
                    "created_at, failed_logins, totp_secret, security_stamp) VALUES "
                    "('a@exemple.fr', 'A', 'x', 'region_admin', true, CURRENT_TIMESTAMP, 0, "
                    ":secret, 0)"
                ),
                {"secret": SECRET},
            )
        upgrade()
        user_id = db.session.scalar(text("SELECT id FROM user_account"))
        db.session.remove()
    assert SECRET not in stored_totp_secret(app, user_id)
    assert read_totp_secret(app, user_id) == SECRET
    with app.app_context():
        downgrade(revision="0008")
    assert stored_totp_secret(app, user_id) == SECRET
