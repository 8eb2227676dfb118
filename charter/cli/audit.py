"""``charter verify-audit``: check the audit log's hash chain."""

from __future__ import annotations

import click

from charter.cli import charter_cli
from charter.extensions import db
from charter.services.audit import verify_chain


@charter_cli.command("verify-audit")
def verify_audit_command() -> None:
    """Verify the audit log's hash chain; name the first broken event and exit 1 if any."""
    report = verify_chain(db.session)
    if report.ok:
        click.echo(f"Journal d'audit intègre : {report.checked} événement(s) vérifié(s).")
        return
    click.echo(
        f"Journal d'audit altéré : événement n° {report.broken_id} ({report.problem}), "
        f"après {report.checked - 1} événement(s) intègre(s).",
        err=True,
    )
    raise SystemExit(1)
