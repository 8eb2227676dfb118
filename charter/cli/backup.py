"""``charter backup PATH`` and ``charter restore PATH``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from charter.cli import charter_cli
from charter.extensions import db
from charter.services.backup import BackupError, backup, restore


@charter_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Write a consistent backup of the database to PATH (safe while the site runs)."""
    try:
        report = backup(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Sauvegarde écrite : {report.path} ({report.size} octets, {report.method}).")


@charter_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Ne pas demander de confirmation.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the whole database with the backup at PATH (stop the site first)."""
    if not yes:
        click.confirm("Toutes les données actuelles seront remplacées. Continuer ?", abort=True)
    db.engine.dispose()  # no pooled connection may keep the old file open
    try:
        restore(current_app.config["SQLALCHEMY_DATABASE_URI"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        "Restauration terminée. Vérifiez le journal : flask --app charter charter verify-audit"
    )
