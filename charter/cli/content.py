"""``charter questionnaires check|load|coverage``: the questionnaire files and the database."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from charter.cli.group import charter_cli
from charter.core.charter_text import CharterText, load_charter_file
from charter.core.coverage_page import coverage_page
from charter.core.questionnaire import (
    CoverageExclusions,
    check_directory,
    load_coverage_exclusions,
    load_questionnaires,
)
from charter.core.questionnaire.loader import COVERAGE_FILE
from charter.core.questionnaire.readability import SentenceLengths, statistics_of
from charter.definitions import VersionChanged, load_into_database
from charter.extensions import db

questionnaires_cli = AppGroup("questionnaires", help="Fichiers de questionnaires.")
charter_cli.add_command(questionnaires_cli)

#: The charter texts shipped with the application; "-example" files only serve the tests.
CHARTERS_DIR = Path(__file__).resolve().parents[1] / "data" / "charters"


def bundled_charters() -> list[CharterText]:
    """Every real charter version shipped (published or draft), in file name order.

    Called by the coverage command and the content gates.
    """
    return [
        load_charter_file(path)
        for path in sorted(CHARTERS_DIR.glob("*.yaml"))
        if not path.stem.endswith("-example")
    ]


@questionnaires_cli.command("check")
def check_command() -> None:
    """Validate every questionnaire file; list each problem (file, path, what) and exit 1."""
    directory = _valid_directory()
    click.echo(f"Questionnaires valides ({directory}).")


def _valid_directory() -> Path:
    """The questionnaire folder, once valid; otherwise list each problem and exit 1."""
    directory = Path(current_app.config["QUESTIONNAIRES_DIR"])
    problems = check_directory(directory)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise SystemExit(1)
    return directory


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


@questionnaires_cli.command("coverage")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Fichier à écrire (par défaut docs/coverage.md, à côté du dossier questionnaires/).",
)
@click.option("--check", is_flag=True, help="N'écrit rien ; code 1 si le fichier n'est pas à jour.")
@click.option("--stats", is_flag=True, help="Affiche aussi les chiffres de chaque questionnaire.")
def coverage_command(output: Path | None, check: bool, stats: bool) -> None:
    """Write the table of ANSSI references covered by the questionnaires (docs/coverage.md)."""
    directory = _valid_directory()
    questionnaires = load_questionnaires(directory)
    exclusions = (
        load_coverage_exclusions(directory / COVERAGE_FILE)
        if (directory / COVERAGE_FILE).exists()
        else CoverageExclusions()
    )
    text = coverage_page(questionnaires.values(), exclusions, bundled_charters())
    target = output or directory.parent / "docs" / "coverage.md"
    if check:
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current != text:
            click.echo(
                f"{target} n'est plus à jour : lancez "
                "'flask --app charter charter questionnaires coverage' et validez le résultat.",
                err=True,
            )
            raise SystemExit(1)
        click.echo(f"{target} est à jour.")
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        click.echo(f"Table de couverture écrite dans {target}.")
    if stats:
        for slug in sorted(questionnaires):
            figures = statistics_of(questionnaires[slug])
            click.echo(
                f"{slug} : {figures.scored_questions} questions notées, "
                f"{figures.context_questions} questions de contexte, {figures.measures} mesures"
            )
            click.echo(f"  questions et aides : {_lengths(figures.questions_and_help)}")
            click.echo(f"  tous les textes : {_lengths(figures.all_texts)}")
            measures = questionnaires[slug].measures
            click.echo(
                f"  mesures avec un coût : {sum(m.cost is not None for m in measures)}, "
                f"une durée : {sum(m.time is not None for m in measures)}, "
                f"des liens officiels : {sum(bool(m.links) for m in measures)} "
                f"(sur {len(measures)})"
            )


def _lengths(lengths: SentenceLengths) -> str:
    median = f"{lengths.median:g}".replace(".", ",")
    return (
        f"{lengths.count} phrases, médiane {median} mots, la plus longue {lengths.longest} mots "
        f"({lengths.longest_where})"
    )
