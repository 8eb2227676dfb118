"""``charter publish-terms FILE``: publish a new version of the terms of use."""

from __future__ import annotations

import click
from flask_babel import format_date

from charter.cli.group import charter_cli
from charter.core.terms import TermsFileError, load_terms
from charter.extensions import db
from charter.services import terms


@charter_cli.command("publish-terms")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def publish_terms_command(path: str) -> None:
    """Publish a terms-of-use file (CGU) as a new version; a published version never changes."""
    try:
        document = load_terms(path)
    except TermsFileError as error:
        raise click.ClickException(f"Fichier de conditions invalide :\n{error}") from error
    try:
        publication = terms.publish(db.session, document)
    except terms.TermsAlreadyPublished as error:
        raise click.ClickException(
            f"La version {document.version} est déjà publiée avec un autre texte. Une version "
            "publiée ne se modifie jamais : créez un nouveau fichier avec un nouveau numéro de "
            "version et une nouvelle date d'entrée en vigueur."
        ) from error
    except terms.TermsOutOfOrder as error:
        raise click.ClickException(
            f"La date d'entrée en vigueur ({document.effective_date.isoformat()}) doit être "
            f"postérieure à celle de la dernière version publiée ({error.args[0].isoformat()})."
        ) from error
    version = publication.version
    when = format_date(version.effective_date, format="long")
    if not publication.created:
        click.echo(f"La version {version.label} est déjà publiée avec ce texte : rien à faire.")
        return
    click.echo(
        f"Conditions d'utilisation, version {version.label}, publiées (en vigueur le {when}, "
        f"empreinte {version.text_hash[:12]}…). Chaque utilisateur les acceptera à sa première "
        "connexion à partir de cette date."
    )
