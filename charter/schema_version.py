"""Where the database's schema stands against this code's migrations (readiness probe, backup
checks, start-up of a restored copy).

``charter.db`` holds the database primitives (model base, column types, transactions) and
``charter.extensions`` binds the database to the application; this module only reads the
migration scripts and the revision a database is at.
"""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import Engine, text

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


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


def database_status(engine: Engine) -> dict[str, object]:
    """Probe the database for the readiness check: reachable, and where its schema stands
    against this code's migrations.

    ``migrations`` is ``"head"`` (same revision as the code), ``"ahead"`` (a revision this
    code does not know: a newer release has already migrated, as during a rolling upgrade,
    and migrations are kept compatible with the previous code) or ``"behind"`` (``db upgrade``
    has not been run for this code). Who calls this: the readiness route, with ``db.engine``.
    """
    try:
        with engine.connect() as connection:
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
