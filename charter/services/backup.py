"""Backups and restores (docs/design.md §10): never a file copy of a live database.

SQLite: the online backup API copies a consistent snapshot while the application keeps
writing. PostgreSQL: ``pg_dump`` in its custom format (consistent by construction: one
transaction), restored with ``pg_restore`` piped into ``psql``.

A restore replaces the whole schema, whatever revision the database is at: a backup taken
before the last migration restores over a database at head (``pg_restore --clean`` alone
cannot: newer tables hold constraints on the old ones). The caller then upgrades the schema.

The database password never appears on a command line (``/proc/*/cmdline`` is readable by
every local user): it goes to ``pg_dump``, ``pg_restore`` and ``psql`` through ``PGPASSWORD``.

Who calls this: the ``backup``, ``restore`` and ``restore-drill`` commands; the tests.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

from sqlalchemy.engine import URL, make_url

#: Name of the files ``backup`` writes into a folder, newest last in alphabetical order.
BACKUP_GLOB = "charte-*.dump"
#: The first bytes of each kind of backup (a file without them is not a finished backup).
SIGNATURES = {b"PGDMP": "pg_dump", b"SQLite format 3\x00": "sqlite-backup-api"}
PARTIAL_SUFFIX = ".partial"


class BackupError(RuntimeError):
    """A backup or restore could not be done; the message says why, in French."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size: int
    method: str


def backup_name(now: datetime | None = None) -> str:
    """The file name ``backup`` gives to a backup written into a folder (server's local time)."""
    moment = (now or datetime.now(UTC)).astimezone()
    return f"charte-{moment:%Y-%m-%d-%H%M%S}.dump"


def backup(database_url: str, target: Path) -> BackupReport:
    """Write a consistent copy of the database to ``target`` (which must not exist).

    The copy is written beside it under a ``.partial`` name and renamed once complete: a file
    with the final name is always a finished backup (``check-backups`` relies on it).
    """
    if target.exists():
        raise BackupError(f"{target} existe déjà : choisissez un autre nom de fichier.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    partial.unlink(missing_ok=True)
    url = make_url(database_url)
    try:
        if url.get_backend_name() == "sqlite":
            _sqlite_copy(_sqlite_path(url), partial)
            method = "sqlite-backup-api"
        elif url.get_backend_name() == "postgresql":
            _run(
                ["pg_dump", "--format=custom", "--no-owner", f"--file={partial}", _libpq_url(url)],
                url,
            )
            method = "pg_dump"
        else:
            raise BackupError(f"Base non prise en charge : {url.get_backend_name()}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(target, target.stat().st_size, method)


def prune(folder: Path, keep_days: int, *, now: datetime | None = None) -> list[Path]:
    """Delete the backups of ``folder`` older than ``keep_days`` days; return them.

    The newest backup is always kept, however old: an alert about its age is better than no
    backup at all.
    """
    limit = (now or datetime.now(UTC)).timestamp() - timedelta(days=keep_days).total_seconds()
    backups = list_backups(folder)
    removed = [path for path in backups[:-1] if path.stat().st_mtime < limit]
    for path in removed:
        path.unlink()
    return removed


def list_backups(folder: Path) -> list[Path]:
    """The finished backups in ``folder`` (named by ``backup``), oldest first."""
    return sorted(
        (p for p in folder.glob(BACKUP_GLOB) if p.is_file()), key=lambda p: p.stat().st_mtime
    )


def latest_backup(source: Path) -> Path:
    """``source`` itself when it is a file, else the newest backup in that folder."""
    if source.is_file():
        return source
    if not source.is_dir():
        raise BackupError(f"Sauvegarde introuvable : {source}")
    backups = list_backups(source)
    if not backups:
        raise BackupError(f"Aucune sauvegarde ({BACKUP_GLOB}) dans {source}.")
    return backups[-1]


def backup_kind(path: Path) -> str | None:
    """``pg_dump`` or ``sqlite-backup-api`` from the file's first bytes; None if neither."""
    with path.open("rb") as handle:
        head = handle.read(16)
    return next((kind for magic, kind in SIGNATURES.items() if head.startswith(magic)), None)


def backup_revision(path: Path) -> str | None:
    """The schema revision (Alembic) a backup was taken at, read from the file itself."""
    kind = backup_kind(path)
    if kind == "sqlite-backup-api":
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            return None
        finally:
            connection.close()
        return row[0] if row else None
    if kind == "pg_dump":
        script = _output(
            ["pg_restore", "--data-only", "--table=alembic_version", "--file=-", str(path)]
        )
        return _copy_rows(script)[0] if _copy_rows(script) else None
    raise BackupError(f"{path} n'est pas une sauvegarde de l'application (ni pg_dump ni SQLite).")


def restore(database_url: str, source: Path) -> None:
    """Replace the whole database with a backup made by :func:`backup`, whatever the schema
    the database is at now. The caller upgrades the schema afterwards.

    SQLite: the backup API copies the file into the live database (readers see either the old
    or the new data, never a half-written file). PostgreSQL: one transaction drops every object
    of the schema, then replays the backup; on any error nothing changes.
    """
    if not source.is_file():
        raise BackupError(f"Sauvegarde introuvable : {source}")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if backup_kind(source) != "sqlite-backup-api":
            raise BackupError(f"{source} n'est pas une sauvegarde SQLite.")
        _sqlite_copy(source, _sqlite_path(url))
    elif url.get_backend_name() == "postgresql":
        if backup_kind(source) != "pg_dump":
            raise BackupError(f"{source} n'est pas une sauvegarde PostgreSQL (pg_dump).")
        _pg_restore(url, source)
    else:
        raise BackupError(f"Base non prise en charge : {url.get_backend_name()}")


#: Drops every object of the current schema, children first (CASCADE takes the constraints
#: that newer tables hold on older ones). Objects only: the schema itself may belong to
#: someone else (before PostgreSQL 15, ``public`` belongs to the superuser).
_CLEAR_SCHEMA = """
DO $clear$
DECLARE item record;
BEGIN
  FOR item IN SELECT c.relname, c.relkind FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('v', 'm') LOOP
    EXECUTE format('DROP %s IF EXISTS %I CASCADE',
      CASE item.relkind WHEN 'v' THEN 'VIEW' ELSE 'MATERIALIZED VIEW' END, item.relname);
  END LOOP;
  FOR item IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', item.tablename);
  END LOOP;
  FOR item IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind = 'S' LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS %I CASCADE', item.relname);
  END LOOP;
  FOR item IN SELECT t.typname, t.typtype FROM pg_type t
      JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = current_schema() AND t.typtype IN ('e', 'd') LOOP
    EXECUTE format('DROP %s IF EXISTS %I CASCADE',
      CASE item.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, item.typname);
  END LOOP;
  FOR item IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = current_schema() LOOP
    EXECUTE format('DROP ROUTINE IF EXISTS %s CASCADE', item.signature);
  END LOOP;
END
$clear$;
"""


def _pg_restore(url: URL, source: Path) -> None:
    """``pg_restore`` writes the backup as SQL; ``psql`` runs the clearing and that SQL in one
    transaction, stopping at the first error. Should ``pg_restore`` stop early (a damaged
    file), a failing statement is sent last so that ``psql`` rolls everything back rather
    than commit half a restore."""
    for tool in ("pg_restore", "psql"):
        _require(tool)
    env = _libpq_environment(url)
    psql = [
        "psql",
        "--no-psqlrc",
        "--quiet",
        "--single-transaction",
        "--set=ON_ERROR_STOP=1",
        f"--command={_CLEAR_SCHEMA}",
        "--file=-",
        f"--dbname={_libpq_url(url)}",
    ]
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        reader = subprocess.Popen(  # noqa: S603
            ["pg_restore", "--no-owner", "--file=-", str(source)],  # noqa: S607
            stdout=subprocess.PIPE,
            stderr=restore_errors,
            env=env,
        )
        writer = subprocess.Popen(  # noqa: S603
            psql, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_errors, env=env
        )
        assert reader.stdout is not None and writer.stdin is not None
        try:
            shutil.copyfileobj(reader.stdout, writer.stdin, 1 << 16)
            if reader.wait() != 0:
                # End a COPY block cut short, then fail: the transaction rolls back.
                writer.stdin.write(b"\n\\.\nSELECT 1 / 0; -- pg_restore stopped early\n")
        except BrokenPipeError:
            pass  # psql stopped at an error: its transaction is rolled back
        finally:
            with contextlib.suppress(BrokenPipeError):
                writer.stdin.close()
            reader.stdout.close()
            reader.wait()
            writer.wait()
        if reader.returncode != 0:
            raise BackupError(
                f"pg_restore a échoué, la base est inchangée : {_tail(restore_errors)}"
            )
        if writer.returncode != 0:
            raise BackupError(
                f"La restauration a échoué, la base est inchangée : {_tail(psql_errors)}"
            )


def _copy_rows(script: str) -> list[str]:
    """The data lines of the first ``COPY ... FROM stdin`` block of a SQL script."""
    match = re.search(r"^COPY [^\n]* FROM stdin;\n(.*?)^\\\.$", script, re.M | re.S)
    return match.group(1).splitlines() if match else []


def _sqlite_path(url: URL) -> Path:
    database = url.database
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


def _libpq_url(url: URL) -> str:
    """The URL the PostgreSQL tools understand: no "+psycopg" driver suffix, no password."""
    bare = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return bare.render_as_string(hide_password=False)


def _libpq_environment(url: URL | None = None) -> dict[str, str]:
    """The process environment, plus the password of ``url`` as PGPASSWORD (when it has one;
    otherwise libpq reads ~/.pgpass as usual)."""
    env = dict(os.environ)
    if url is not None and url.password:
        env["PGPASSWORD"] = str(url.password)
    return env


def _require(tool: str) -> None:
    if shutil.which(tool) is None:
        raise BackupError(
            f"{tool} est introuvable : installez les outils clients PostgreSQL "
            "(paquet postgresql-client) de la même version que le serveur, ou plus récente."
        )


def _run(command: list[str], url: URL | None = None) -> None:
    _require(command[0])
    result = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=False, env=_libpq_environment(url)
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} a échoué : {result.stderr.strip()[:500]}")


def _output(command: list[str]) -> str:
    _require(command[0])
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} a échoué : {result.stderr.strip()[:500]}")
    return result.stdout


def _tail(handle: IO[bytes]) -> str:
    handle.seek(0)
    return handle.read().decode(errors="replace").strip()[-500:]


@dataclass(frozen=True)
class BackupStatus:
    """The newest finished backup of a folder and what is wrong with it, if anything."""

    latest: Path | None
    age: timedelta | None
    size: int
    problem: str | None


def backup_status(folder: Path, max_age: timedelta, *, now: datetime | None = None) -> BackupStatus:
    """Whether ``folder`` holds a finished backup younger than ``max_age`` (the daily check).

    A finished backup has its final name (``backup`` renames it last), a non-zero size and
    the first bytes of a PostgreSQL or SQLite backup.
    """
    if not folder.is_dir():
        return BackupStatus(None, None, 0, f"le dossier {folder} n'existe pas ou n'est pas lisible")
    backups = list_backups(folder)
    if not backups:
        return BackupStatus(None, None, 0, f"aucune sauvegarde ({BACKUP_GLOB}) dans {folder}")
    latest = backups[-1]
    stat = latest.stat()
    age = (now or datetime.now(UTC)) - datetime.fromtimestamp(stat.st_mtime, UTC)
    problem = None
    if stat.st_size == 0 or backup_kind(latest) is None:
        problem = f"{latest.name} n'est pas une sauvegarde complète (vide ou illisible)"
    elif age > max_age:
        hours = int(age.total_seconds() // 3600)
        problem = (
            f"la dernière sauvegarde réussie, {latest.name}, a {hours} heures "
            f"(plus de {int(max_age.total_seconds() // 3600)} heures)"
        )
    return BackupStatus(latest, age, stat.st_size, problem)
