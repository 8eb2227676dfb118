"""``charter purge``: apply the retention periods that the privacy notice announces."""

from __future__ import annotations

import click

from charter.cli.group import charter_cli
from charter.db import utcnow
from charter.extensions import db
from charter.services import retention


@charter_cli.command("purge")
def purge_command() -> None:
    """Erase what the privacy notice says is no longer kept (idempotent, safe from cron)."""
    started = utcnow()
    outcomes = retention.purge(db.session, now=started)
    click.echo(
        "Purge selon les durées de conservation "
        f"(référence : {started.strftime('%Y-%m-%d %H:%M')} UTC) :"
    )
    for outcome in outcomes:
        click.echo(
            f"  {outcome.rule.label} (plus de {outcome.days} jours) : {outcome.count} effacé(s)"
        )
    click.echo(
        "  Liens de vérification et de réinitialisation : rien à effacer, ils ne sont jamais "
        "enregistrés (liens signés qui expirent seuls)."
    )
    total = sum(o.count for o in outcomes)
    click.echo(f"Total : {total} élément(s) effacé(s)." if total else "Rien d'autre à effacer.")
