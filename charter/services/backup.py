"""Backups and restores (DESIGN.md §10): never a file copy of a live database.

SQLite: the online backup API copies a consistent snapshot while the application keeps
writing. PostgreSQL: ``pg_dump`` in its custom format (consistent by construction: one
transaction), restored with ``pg_restore``.

Who calls this: the ``backup`` and ``restore`` commands; the restore drill in the tests.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """A backup or restore could not be done; the message says why, in French."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size: int
    method: str


def backup(database_url: str, target: Path) -> BackupReport:
    """Write a consistent copy of the database to ``target`` (which must not exist)."""
    if target.exists():
        raise BackupError(f"{target} existe déjà : choisissez un autre nom de fichier.")
    target.parent.mkdir(parents=True, exist_ok=True)
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_path(url), target)
        method = "sqlite-backup-api"
    elif url.get_backend_name() == "postgresql":
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--file={target}",
                _libpq_url(database_url),
            ]
        )
        method = "pg_dump"
    else:
        raise BackupError(f"Base non prise en charge : {url.get_backend_name()}")
    return BackupReport(target, target.stat().st_size, method)


def restore(database_url: str, source: Path) -> None:
    """Replace the database's contents with a backup made by :func:`backup`.

    SQLite: the backup API copies the file into the live database (readers see either the old
    or the new data, never a half-written file). PostgreSQL: ``pg_restore --clean``.
    """
    if not source.exists():
        raise BackupError(f"Sauvegarde introuvable : {source}")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(source, _sqlite_path(url))
    elif url.get_backend_name() == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={_libpq_url(database_url)}",
                str(source),
            ]
        )
    else:
        raise BackupError(f"Base non prise en charge : {url.get_backend_name()}")


def _sqlite_path(url: object) -> Path:
    database = getattr(url, "database", None)
    if not database or database == ":memory:":
        raise BackupError("Une base SQLite en mémoire ne se sauvegarde pas.")
    return Path(database)


def _sqlite_copy(source: Path, target: Path) -> None:
    origin = sqlite3.connect(source, timeout=30)
    copy = sqlite3.connect(target, timeout=30)
    try:
        # Pages are copied in steps so that writers are not blocked for the whole copy.
        origin.backup(copy, pages=1024)
    finally:
        copy.close()
        origin.close()


def _libpq_url(database_url: str) -> str:
    # pg_dump speaks libpq URLs: no "+psycopg" driver suffix.
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} est introuvable : installez les outils clients "
            "PostgreSQL de la même version que le serveur."
        )
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} a échoué : {result.stderr.strip()[:500]}")
