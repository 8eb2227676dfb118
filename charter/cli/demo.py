"""``charter demo``: load the demonstration dataset and print how to log in."""

from __future__ import annotations

import click

from charter.cli import charter_cli
from charter.demo import DEMO_PASSWORD, load_demo
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
