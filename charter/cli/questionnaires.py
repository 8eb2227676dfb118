"""``charter questionnaires check|load|coverage``: the questionnaire files and the database."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from charter.cli import charter_cli
from charter.core.questionnaire import check_directory
from charter.extensions import db
from charter.questionnaires import VersionChanged, load_into_database

questionnaires_cli = AppGroup("questionnaires", help="Fichiers de questionnaires.")
charter_cli.add_command(questionnaires_cli)


@questionnaires_cli.command("check")
def check_command() -> None:
    """Validate every questionnaire file; list each problem (file, path, what) and exit 1."""
    directory = Path(current_app.config["QUESTIONNAIRES_DIR"])
    problems = check_directory(directory)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise SystemExit(1)
    click.echo(f"Questionnaires valides ({directory}).")


@questionnaires_cli.command("load")
def load_command() -> None:
    """Store new questionnaire versions in the database (refuses a changed file whose version
    number was not raised)."""
    try:
        report = load_into_database(db.session)
    except VersionChanged as error:
        raise click.ClickException(str(error)) from error
    for slug, outcome in report.outcome.items():
        label = {"added": "ajouté", "unchanged": "inchangé"}[outcome]
        click.echo(f"  {slug} : {label}")
