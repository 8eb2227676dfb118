"""``charter import-signatories FILE``: the Region's paper signatories, from the command line.

The same service as ``/region/import`` (charter.services.signatory_import): the file is read,
every row's fate printed; nothing is written without ``--confirm``.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask_babel import gettext as _

from charter.cli.group import charter_cli
from charter.extensions import db
from charter.models import Role
from charter.services import accounts, signatory_import


@charter_cli.command("import-signatories")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--by",
    "by_email",
    required=True,
    help="Adresse e-mail de l'administrateur de la Région qui importe (il est enregistré).",
)
@click.option("--confirm", is_flag=True, help="Enregistrer l'import (sans cette option : aperçu).")
@click.option(
    "--skip-errors",
    is_flag=True,
    help="Importer les lignes correctes d'un fichier qui contient des lignes en erreur.",
)
def import_signatories_command(file: Path, by_email: str, confirm: bool, skip_errors: bool) -> None:
    """Import the companies that signed the charter on paper (CSV or XLSX).

    Prints every row with its fate (nouveau, déjà présent, erreur and why); with --confirm,
    writes the new rows as validated signatures and e-mails each contact a claim link.
    """
    officer = accounts.find_user_by_email(db.session, by_email)
    if officer is None or officer.role is not Role.REGION_ADMIN or not officer.active:
        raise click.ClickException(f"{by_email} n'est pas un administrateur actif de la Région.")
    content = file.read_bytes()
    try:
        plan = signatory_import.plan_for(db.session, content)
    except signatory_import.ImportFileError as error:
        raise click.ClickException(error.reason.text(_)) from error
    for item in plan.rows:
        line = f"ligne {item.row.line} ; {item.row.siret} ; {item.row.name} : {item.fate}"
        if item.reasons:
            line += " — " + " ".join(reason.text(_) for reason in item.reasons)
        click.echo(line)
    counts = plan.counts
    click.echo(
        f"{counts['nouveau']} nouveau(x), {counts['present']} déjà présent(s), "
        f"{counts['erreur']} en erreur."
    )
    if not confirm:
        click.echo("Aperçu seulement : rien n'est enregistré (ajoutez --confirm pour importer).")
        return
    if counts["erreur"] and not skip_errors:
        raise click.ClickException(
            "Le fichier contient des lignes en erreur : corrigez-les, ou ajoutez --skip-errors "
            "pour importer seulement les lignes correctes. Rien n'est enregistré."
        )
    token = signatory_import.upload(
        db.session, actor_id=officer.id, filename=file.name, content=content, source="cli"
    )
    try:
        outcome = signatory_import.confirm(
            db.session, actor_id=officer.id, token=token, include_errors=skip_errors
        )
    except signatory_import.NotConfirmable as refused:
        raise click.ClickException(
            f"Rien n'est enregistré ({refused.code}) : des entreprises du fichier ont été "
            "enregistrées par ailleurs entre-temps. Relancez la commande."
        ) from refused
    if outcome.created:
        click.echo(
            f"Import {outcome.reference} : {outcome.created} signature(s) ajoutée(s), "
            "une invitation envoyée à chaque contact."
        )
    else:
        click.echo(
            f"Rien n'a changé : toutes les lignes correctes sont déjà présentes "
            f"(import {outcome.reference})."
        )
