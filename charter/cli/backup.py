"""Backups and their checks: ``charter backup``, ``restore``, ``restore-drill``,
``check-backups`` and ``offsite-copy`` (docs/deploy.md, sections 12 and 13)."""

from __future__ import annotations

import importlib
import sqlite3
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask_migrate import upgrade

from charter.cli.group import charter_cli
from charter.extensions import db
from charter.schema_version import known_revisions, migration_heads
from charter.services.backup import (
    BackupError,
    backup,
    backup_name,
    backup_revision,
    backup_status,
    latest_backup,
    prune,
    restore,
)
from charter.services.offsite import offsite_copy
from charter.services.restore_drill import run_drill, target_url

EXISTING_PATH = click.Path(exists=True, path_type=Path)


class RestoreRefused(click.ClickException):
    """A restore that cannot go on: one French line on the error output, exit status 1."""

    def show(self, file: Any = None) -> None:
        click.echo(f"Erreur : {self.format_message()}", err=True, file=file)


def _database_url() -> str:
    return current_app.config["SQLALCHEMY_DATABASE_URI"]


@charter_cli.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--keep-days",
    type=click.IntRange(min=1),
    help="Puis supprimer les sauvegardes de plus de N jours de ce dossier (la plus récente "
    "reste toujours).",
)
def backup_command(path: Path, keep_days: int | None) -> None:
    """Write a consistent backup of the database to PATH (safe while the site runs).

    PATH may be a folder: the file is then named charte-YYYY-MM-DD-HHMMSS.dump inside it.
    """
    target = path / backup_name() if path.is_dir() else path
    try:
        report = backup(_database_url(), target)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Sauvegarde écrite : {report.path} ({report.size} octets, {report.method}).")
    if keep_days is not None:
        removed = prune(target.parent, keep_days)
        click.echo(f"Sauvegardes de plus de {keep_days} jours supprimées : {len(removed)}.")


@charter_cli.command("restore")
@click.argument("path", type=EXISTING_PATH)
@click.option("--yes", is_flag=True, help="Ne pas demander de confirmation.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the whole database with a backup (stop the site first), then bring its schema
    up to date. PATH may be a folder: its newest backup is restored."""
    try:
        source = latest_backup(path)
        revision = _checked_revision(source)
    except BackupError as error:
        raise RestoreRefused(_one_line(error)) from error
    except (OSError, sqlite3.Error, subprocess.SubprocessError, ValueError) as error:
        raise RestoreRefused(
            f"{path} ne peut pas être lu comme une sauvegarde ({type(error).__name__}) ; la "
            "base n'a pas été modifiée."
        ) from error
    click.echo(f"Sauvegarde : {source} (schéma {revision}).")
    if not yes:
        click.confirm("Toutes les données actuelles seront remplacées. Continuer ?", abort=True)
    db.session.remove()
    db.engine.dispose()  # no pooled connection may keep the old data or file open
    try:
        restore(_database_url(), source)
    except BackupError as error:
        raise RestoreRefused(_one_line(error)) from error
    except (OSError, sqlite3.Error, subprocess.SubprocessError) as error:
        raise RestoreRefused(
            f"la restauration de {source} a échoué ({type(error).__name__} : "
            f"{_one_line(error)}) ; vérifiez la base avant de rouvrir le site."
        ) from error
    upgrade()
    db.engine.dispose()
    heads = ", ".join(sorted(migration_heads()))
    click.echo(
        f"Restauration terminée ; schéma {revision} mis à jour en {heads}. "
        "Vérifiez le journal : charter verify-audit"
    )


def _one_line(error: Exception) -> str:
    """An error's message on one line (a tool's output may span several)."""
    return " ".join(str(error).split())[:600]


def _checked_revision(source: Path) -> str:
    """The backup's schema revision, refused when this code does not know it."""
    revision = backup_revision(source)
    if revision is None:
        raise BackupError(f"{source} ne dit pas à quel schéma elle a été prise (alembic_version).")
    if revision not in known_revisions():
        raise BackupError(
            f"{source} a été prise au schéma {revision}, que cette version de l'application ne "
            "connaît pas : elle vient d'une version plus récente. Installez cette version-là "
            "du code avant de la restaurer."
        )
    return revision


@charter_cli.command("restore-drill")
@click.argument("backup_path", metavar="BACKUP", type=EXISTING_PATH)
@click.option(
    "--into",
    required=True,
    help="Adresse d'une base vide, autre que celle du service (par exemple "
    "postgresql://charte@127.0.0.1:5432/charte_exercice : le mot de passe est repris de "
    "DATABASE_URL quand le serveur et le compte sont les mêmes).",
)
def restore_drill_command(backup_path: Path, into: str) -> None:
    """Restore BACKUP (or the newest backup of a folder) into the empty database --into, then
    check it: schema brought to head, audit chain, second-factor secrets readable. Never
    touches the service's database. Exit code 1 when a check fails."""
    production = _database_url()
    target = target_url(into, production)
    try:
        source = latest_backup(backup_path)
        _checked_revision(source)
        report = run_drill(source, target, production, _app_on(current_app))
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    last = report.last_event_at.strftime("%Y-%m-%d %H:%M UTC") if report.last_event_at else "—"
    click.echo(
        f"Exercice de restauration : {report.backup}\n"
        f"  schéma de la sauvegarde : {report.backup_revision}, après mise à jour : "
        f"{', '.join(report.revision)}\n"
        f"  comptes : {report.users} ; organisations : {report.organizations} ; "
        f"événements du journal : {report.audit_events}, le dernier le {last}\n"
        f"  chaîne du journal d'audit : {'intègre' if report.chain_ok else report.chain_problem}"
        f"\n  secrets de double authentification illisibles : {report.unreadable_secrets}"
    )
    if report.unreadable_secrets:
        click.echo(
            "  → ils ont été scellés avec une clé qui n'est plus configurée : gardez les "
            "anciennes clés tant que vous gardez des sauvegardes (docs/deploy.md, section 6).",
            err=True,
        )
    if not report.ok:
        raise SystemExit(1)
    click.echo("Exercice réussi. Supprimez maintenant la base de l'exercice.")


def _app_on(parent: Flask):  # type: ignore[no-untyped-def]
    """Builds an application configured like ``parent`` (same keys) on another database."""
    # The factory of the package that built ``parent``, looked up at run time: the package
    # imports this module to register its commands.
    create_app = importlib.import_module(parent.import_name).create_app

    def build(url: str) -> Flask:
        settings = {
            key: value
            for key, value in parent.config.items()
            if key.isupper() and not key.startswith("SQLALCHEMY_")
        }
        settings |= {
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": parent.config["SQLALCHEMY_ENGINE_OPTIONS"],
        }
        return create_app(settings)

    return build


@charter_cli.command("check-backups")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--max-age-hours",
    type=click.IntRange(min=1),
    default=24,
    show_default=True,
    help="Âge au-delà duquel la dernière sauvegarde réussie est une alerte.",
)
def check_backups_command(folder: Path, max_age_hours: int) -> None:
    """Exit 1 with an alert when FOLDER's newest finished backup is older than a day (or
    missing, empty or unreadable); for cron and supervision."""
    status = backup_status(folder, timedelta(hours=max_age_hours))
    if status.problem:
        raise click.ClickException(f"ALERTE sauvegardes : {status.problem}.")
    assert status.latest is not None and status.age is not None
    hours = status.age.total_seconds() / 3600
    click.echo(
        f"Dernière sauvegarde : {status.latest.name}, il y a {hours:.1f} h, {status.size} octets."
    )


@charter_cli.command("offsite-copy")
@click.argument("backup_path", metavar="BACKUP", type=EXISTING_PATH)
@click.option("--to", "destination", help="Destination (défaut : CHARTER_OFFSITE_DESTINATION).")
def offsite_copy_command(backup_path: Path, destination: str | None) -> None:
    """Encrypt BACKUP (or the newest backup of a folder) to the keys of
    CHARTER_BACKUP_RECIPIENTS and copy it off site with rsync."""
    config = current_app.config
    recipients = config.get("BACKUP_RECIPIENTS") or ()
    if isinstance(recipients, str):
        recipients = [recipients]
    try:
        source = latest_backup(backup_path)
        report = offsite_copy(
            source, destination or config.get("OFFSITE_DESTINATION") or "", recipients
        )
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Copie chiffrée envoyée : {report.name} ({report.size} octets) vers {report.destination}."
    )
