"""``charter send-mail``: deliver what the outbox holds (once, from a timer, or as a service)."""

from __future__ import annotations

import time

import click

from charter.cli.group import charter_cli
from charter.extensions import db
from charter.services import mail


@charter_cli.command("send-mail")
@click.option("--loop", is_flag=True, help="Ne s'arrête pas : envoie ce qui est dû toutes les N s.")
@click.option(
    "--interval",
    type=click.IntRange(1, 3600),
    default=10,
    show_default=True,
    help="Avec --loop : secondes entre deux passages.",
)
@click.option(
    "--limit",
    type=click.IntRange(1, 10_000),
    default=200,
    show_default=True,
    help="Messages au plus par passage (une seule connexion au serveur de messagerie).",
)
def send_mail_command(loop: bool, interval: int, limit: int) -> None:
    """Send the messages that are due, with retries and a growing delay (safe from cron and
    from several hosts at once: a message is claimed before it is sent)."""
    while True:
        report = mail.deliver_due(db.session(), limit=limit)
        db.session.remove()
        # Silent when there was nothing to do: cron mails whatever a job prints.
        if report.sent or report.retried or report.failed or report.interrupted:
            click.echo(
                f"Envoyés : {report.sent} ; à réessayer plus tard : {report.retried} ; "
                f"abandonnés : {report.failed + report.interrupted}"
                + (f" ({', '.join(sorted(set(report.errors)))})" if report.errors else "")
            )
        if not loop:
            # 1 when a message was given up on: an administrator must look (Région > Courriels).
            raise SystemExit(1 if report.failed or report.interrupted else 0)
        time.sleep(interval)
