"""Binding the database to the application: engine hooks and the health probe."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from sqlalchemy import text

from charter.db import configure_engine_events
from charter.extensions import db

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def init_app(app: Flask) -> None:
    """Install the SQLite hooks and make sure the instance folder exists."""
    configure_engine_events(app.config["SQLITE_BUSY_TIMEOUT_MS"])
    from charter.services import kept_standing  # the models need the app's db first

    kept_standing.install()
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)


def _scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(config)


def migration_heads() -> set[str]:
    """The revision ids at the head of the committed migrations."""
    return set(_scripts().get_heads())


def known_revisions() -> set[str]:
    """Every revision id this version of the code has a migration for."""
    return {script.revision for script in _scripts().walk_revisions()}


def database_status() -> dict[str, object]:
    """Probe the database for the readiness check: reachable, and where its schema stands
    against this code's migrations.

    ``migrations`` is ``"head"`` (same revision as the code), ``"ahead"`` (a revision this
    code does not know: a newer release has already migrated, as during a rolling upgrade,
    and migrations are kept compatible with the previous code) or ``"behind"`` (``db upgrade``
    has not been run for this code). Who calls this: the readiness route, in an app context.
    """
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = set(MigrationContext.configure(connection).get_current_heads())
    except Exception as error:  # any failure means "not ready", reported, never raised
        current_app.logger.warning("health check: database unreachable: %s", type(error).__name__)
        return {"database": False, "migrations": "unknown", "revision": []}
    if current == migration_heads():
        state = "head"
    elif current and not current & known_revisions():
        state = "ahead"
    else:
        state = "behind"
    return {"database": True, "migrations": state, "revision": sorted(current)}
