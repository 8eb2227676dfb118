"""The restore exercise: restore a backup into a scratch database and check what came back,
without ever touching the database the service runs on.

Three guards keep the exercise away from production: the target's address must differ from
the configured one, the target must not be the same database reached under another name (both
are asked who they are), and the target must be empty.

Who calls this: the ``restore-drill`` command (docs/deploy.md, section 13).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from charter.config import normalise_database_url
from charter.services.backup import BackupError, backup_revision, restore

LOOPBACK_NAMES = frozenset({None, "", "localhost", "127.0.0.1", "::1"})


class DrillRefused(BackupError):
    """The target of the exercise is, or may be, the production database."""


@dataclass(frozen=True)
class DrillReport:
    """What the exercise found in the restored copy."""

    backup: Path
    backup_revision: str | None
    revision: list[str]
    users: int
    organizations: int
    audit_events: int
    last_event_at: datetime | None
    chain_ok: bool
    chain_problem: str | None
    unreadable_secrets: int

    @property
    def ok(self) -> bool:
        return self.chain_ok and self.unreadable_secrets == 0


def target_url(into: str, production: str) -> str:
    """The exercise's database address, completed with the production credentials when it
    names the same server and account without a password (so that no password need be typed
    on a command line)."""
    target = make_url(normalise_database_url(into))
    current = make_url(production)
    if (
        target.get_backend_name() == current.get_backend_name() == "postgresql"
        and target.password is None
        and target.username in (None, current.username)
        and _server(target) == _server(current)
    ):
        target = target.set(username=current.username, password=current.password)
    return target.render_as_string(hide_password=False)


def refuse_production(target: str, production: str) -> None:
    """Raise :class:`DrillRefused` unless ``target`` is certainly another, empty database."""
    into, current = make_url(target), make_url(production)
    if _address(into) == _address(current):
        raise DrillRefused(
            "La base de l'exercice est celle du service (DATABASE_URL) : l'exercice ne "
            "restaure jamais dans la base de production. Donnez une autre base avec --into."
        )
    identity = _identity(current)
    if identity is not None and identity == _identity(into):
        raise DrillRefused(
            "La base de l'exercice est la base du service, atteinte sous un autre nom : "
            "l'exercice ne restaure jamais dans la base de production."
        )
    tables = _tables(into)
    if tables:
        raise DrillRefused(
            f"La base de l'exercice n'est pas vide ({len(tables)} table(s), dont "
            f"{sorted(tables)[0]}) : créez une base neuve pour chaque exercice."
        )


def run_drill(
    source: Path, target: str, production: str, build_app: Callable[[str], Flask]
) -> DrillReport:
    """Restore ``source`` into ``target``, bring its schema to head, and check it.

    ``build_app(url)`` returns an application configured like the caller's but on ``url``
    (same keys, so that sealed secrets can be tried).
    """
    refuse_production(target, production)
    revision = backup_revision(source)
    restore(target, source)
    app = build_app(target)
    with app.app_context():
        try:
            return _check(app, source, revision)
        finally:
            from charter.extensions import db

            db.session.remove()
            db.engine.dispose()


def _check(app: Flask, source: Path, revision: str | None) -> DrillReport:
    from alembic.runtime.migration import MigrationContext
    from flask_migrate import upgrade

    from charter.extensions import db
    from charter.models import AuditEvent, Organization, User
    from charter.sealing import unseal
    from charter.services.audit import verify_chain

    upgrade()
    session = db.session()
    with db.engine.connect() as connection:
        heads = sorted(MigrationContext.configure(connection).get_current_heads())
    chain = verify_chain(session)
    sealed = session.scalars(
        text("SELECT totp_secret FROM user_account WHERE totp_secret IS NOT NULL")
    ).all()
    return DrillReport(
        backup=source,
        backup_revision=revision,
        revision=heads,
        users=session.scalar(select(func.count(User.id))) or 0,
        organizations=session.scalar(select(func.count(Organization.id))) or 0,
        audit_events=session.scalar(select(func.count(AuditEvent.id))) or 0,
        last_event_at=session.scalar(select(func.max(AuditEvent.created_at))),
        chain_ok=chain.ok,
        chain_problem=None if chain.ok else f"événement n° {chain.broken_id} : {chain.problem}",
        unreadable_secrets=sum(1 for value in sealed if unseal(value) is None),
    )


def _server(url: URL) -> tuple[str | None, int]:
    host = "loopback" if url.host in LOOPBACK_NAMES else url.host
    return host, url.port or 5432


def _address(url: URL) -> tuple[Any, ...]:
    if url.get_backend_name() == "sqlite":
        return ("sqlite", str(Path(url.database or "").resolve()))
    return (url.get_backend_name(), *_server(url), url.database)


def _identity(url: URL) -> tuple[Any, ...] | None:
    """Who a PostgreSQL database says it is (its server's start time and its own oid); None
    for SQLite (its resolved path already identifies it) or when it cannot be reached."""
    if url.get_backend_name() != "postgresql":
        return None
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return tuple(
                connection.execute(
                    text(
                        "SELECT pg_postmaster_start_time(), oid FROM pg_database "
                        "WHERE datname = current_database()"
                    )
                ).one()
            )
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def _tables(url: URL) -> list[str]:
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").exists():
        return []
    engine = create_engine(url, poolclass=NullPool)
    try:
        return inspect(engine).get_table_names()
    except SQLAlchemyError as error:
        raise BackupError(
            f"La base de l'exercice est injoignable ({type(error).__name__}) : créez-la "
            "d'abord (PostgreSQL : createdb --owner=charte charte_exercice)."
        ) from None
    finally:
        engine.dispose()
