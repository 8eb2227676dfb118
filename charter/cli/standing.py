"""Kept derived data: ``charter refresh-standing [--check]`` (daily cron) and
``charter refresh-statistics [--check]`` (docs/region.md)."""

from __future__ import annotations

import click

from charter.cli.group import charter_cli
from charter.db import write_transaction
from charter.extensions import db
from charter.services import kept_standing, maturity, monthly_counts


@charter_cli.command("refresh-standing")
@click.option(
    "--check",
    is_flag=True,
    help="Ne rien écrire : recalculer depuis les faits, signaler chaque écart (code 1).",
)
def refresh_standing_command(check: bool) -> None:
    """Recompute every signatory's kept standing for today (facts that change with time alone:
    expiry, grace period, 12-month windows). Safe to run at any time; daily from cron.

    With --check, compare the kept standing with a recomputation from the facts and exit 1 on
    any difference, listing them.
    """
    if check:
        found = kept_standing.differences(db.session)
        for line in found[:100]:
            click.echo(line, err=True)
        if found:
            click.echo(f"{len(found)} écart(s) entre la situation tenue et les faits.", err=True)
            raise SystemExit(1)
        click.echo("Situation tenue conforme aux faits.")
        return
    with write_transaction(db.session):
        written = kept_standing.refresh(db.session)
    click.echo(f"Situation de {written} signataire(s) recalculée.")


@charter_cli.command("refresh-statistics")
@click.option(
    "--check",
    is_flag=True,
    help="Ne rien écrire : recalculer depuis les diagnostics et les signatures, signaler chaque"
    " écart.",
)
def refresh_statistics_command(check: bool) -> None:
    """Recompute the dashboard's kept figures: the maturity totals (count, sum, sum of squares
    per department and per theme) from each SME's latest diagnosis, and the monthly counts of
    signatures and diagnoses per department. Each event keeps them; this is for repairs. With
    --check, compare and exit 1 on any difference, listing them.
    """
    if check:
        found = maturity.differences(db.session) + monthly_counts.differences(db.session)
        for line in found[:100]:
            click.echo(line, err=True)
        if found:
            click.echo(
                f"{len(found)} écart(s) entre les chiffres tenus du tableau de bord et les faits.",
                err=True,
            )
            raise SystemExit(1)
        click.echo("Chiffres du tableau de bord conformes aux diagnostics et aux signatures.")
        return
    with write_transaction(db.session):
        maturity.recompute(db.session)
        monthly_counts.recount(db.session)
    click.echo("Chiffres du tableau de bord recalculés.")
