"""``charter demo``: load the demonstration dataset and print how to log in."""

from __future__ import annotations

import click
import pyotp
from flask import current_app

from charter.cli.group import charter_cli
from charter.demo import DEMO_PASSWORD, DEMO_TOTP_SECRETS, load_demo
from charter.extensions import db


@charter_cli.command("demo")
def demo_command() -> None:
    """Load the demonstration data (idempotent) and print the demo logins."""
    accounts = load_demo(db.session)
    click.echo(
        f"Données de démonstration chargées. Comptes (mot de passe commun : {DEMO_PASSWORD}) :"
    )
    for account in accounts:
        click.echo(f"  {account.role.value:<16} {account.email}")
    click.echo(
        "Les comptes Région ont la double authentification : pour obtenir leur code, "
        "lancez « .venv/bin/flask --app charter charter demo-code EMAIL »."
    )


@charter_cli.command("demo-code")
@click.argument("email")
def demo_code_command(email: str) -> None:
    """Print the current second-factor code of a Region demo account (development only)."""
    if current_app.config["ENVIRONMENT"] not in ("development", "testing"):
        raise click.ClickException("Commande réservée aux instances de développement.")
    secret = DEMO_TOTP_SECRETS.get(email.strip().lower())
    if secret is None:
        raise click.ClickException(f"{email} n'est pas un compte de démonstration de la Région.")
    click.echo(pyotp.TOTP(secret).now())
