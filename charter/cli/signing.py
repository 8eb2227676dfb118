"""Charter commands: ``charter publish-charter FILE`` and ``charter send-reminders``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from charter.cli.group import charter_cli
from charter.core.charter_text import CharterFileError, load_charter_file
from charter.extensions import db
from charter.services.change_requests import send_reminders as send_change_request_reminders
from charter.services.charters import CharterVersionConflict, publish
from charter.services.follow_ups import send_follow_ups
from charter.services.reminders import send_reminders


@charter_cli.command("publish-charter")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--no-email", is_flag=True, help="Ne pas inviter les signataires à signer la nouvelle version."
)
def publish_charter_command(file: Path, no_email: bool) -> None:
    """Publish a charter version from its YAML file (charter/data/charters/).

    The new version becomes current; signatures of the previous one stay valid during the
    grace period (NEW_VERSION_GRACE_DAYS) and every signatory is e-mailed. Publishing the same
    file again changes nothing; a published version is never edited.
    """
    try:
        charter = load_charter_file(file)
    except CharterFileError as error:
        raise click.ClickException(f"Fichier de charte invalide :\n{error}") from error
    try:
        outcome = publish(db.session, charter, notify=not no_email)
    except CharterVersionConflict as error:
        raise click.ClickException(str(error)) from error
    if not outcome.created:
        click.echo(f"La version {outcome.label} est déjà publiée avec ce texte : rien à faire.")
        return
    click.echo(f"Version {outcome.label} de la charte publiée ; c'est la version en vigueur.")
    if outcome.notified:
        click.echo(f"{outcome.notified} personne(s) invitée(s) par e-mail à la signer.")


@charter_cli.command("send-reminders")
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Le jour à traiter (AAAA-MM-JJ), aujourd'hui par défaut : pour rattraper un jour manqué.",
)
def send_reminders_command(day: datetime | None) -> None:
    """E-mail the reminders due today: signatures (60, 30 and 7 days before one ends), the
    follow-ups of SME diagnoses (6 and 12 months after) and the Region's requests for changes
    (7 days and 1 day before their deadline).

    Safe to run daily from cron, and more often: a reminder is never sent twice.
    """
    on = day.date() if day else None
    follow_ups = send_follow_ups(db.session, on)
    click.echo(f"{len(follow_ups.sent)} relance(s) de diagnostic envoyée(s).")
    for assessment_id, months, people in follow_ups.sent:
        click.echo(f"  diagnostic {assessment_id} : {months} mois, {people} destinataire(s)")
    for assessment_id, months, error in follow_ups.failed:
        message = f"  diagnostic {assessment_id} : {months} mois, en échec ({error})"
        click.echo(message, err=True)
    report = send_reminders(db.session, on)
    click.echo(f"{len(report.sent)} rappel(s) envoyé(s).")
    for signature_id, days, people in report.sent:
        click.echo(f"  signature {signature_id} : rappel à {days} jours, {people} destinataire(s)")
    for signature_id, days, error in report.failed:
        message = f"  signature {signature_id} : rappel à {days} jours en échec ({error})"
        click.echo(message, err=True)
    requests = send_change_request_reminders(db.session, on)
    click.echo(f"{len(requests.sent)} rappel(s) de demande de modifications envoyé(s).")
    for request_id, days, people in requests.sent:
        click.echo(f"  demande {request_id} : rappel à {days} jour(s), {people} destinataire(s)")
    for request_id, days, error in requests.failed:
        message = f"  demande {request_id} : rappel à {days} jour(s) en échec ({error})"
        click.echo(message, err=True)
    if report.failed or follow_ups.failed or requests.failed:
        raise SystemExit(1)
