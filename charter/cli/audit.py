"""``charter verify-audit`` and ``charter audit-anchor``: check the audit log's chain, and
publish its head outside the database so that dropping the last events shows."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from sqlalchemy import func, select

from charter.cli.group import charter_cli
from charter.extensions import db
from charter.models import AuditEvent
from charter.services.audit import anchor, verify_chain
from charter.services.mail import send_email


@charter_cli.command("verify-audit")
@click.option(
    "--anchor",
    "anchor_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Fichier d'ancres (charter audit-anchor) : la dernière ligne doit rester dans le journal.",
)
def verify_audit_command(anchor_path: Path | None) -> None:
    """Verify the audit log's chain and print its head hash and count; name the first broken
    event and exit 1 if any. With --anchor, also check that the last anchored event is still
    there with the same hash (the log was not cut back nor rewritten since)."""
    report = verify_chain(db.session)
    if not report.ok:
        click.echo(
            f"Journal d'audit altéré : événement n° {report.broken_id} ({report.problem}), "
            f"après {report.checked - 1} événement(s) intègre(s).",
            err=True,
        )
        raise SystemExit(1)
    click.echo(f"Journal d'audit intègre : {report.checked} événement(s) vérifié(s).")
    click.echo(f"Tête de la chaîne : {report.head}")
    if anchor_path is not None:
        problem = _anchor_problem(anchor_path)
        if problem:
            click.echo(f"Ancre non retrouvée : {problem}", err=True)
            raise SystemExit(1)
        click.echo(f"Ancre retrouvée : {anchor_path} (dernière ligne).")


def _anchor_problem(path: Path) -> str | None:
    """Why the last anchor line of ``path`` does not match the log, or None if it does."""
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    if not lines:
        return f"{path} ne contient aucune ancre."
    fields = dict(part.split("=", 1) for part in lines[-1].split()[1:] if "=" in part)
    try:
        count, last_id, head = int(fields["evenements"]), int(fields["dernier"]), fields["tete"]
    except (KeyError, ValueError):
        return f"la dernière ligne de {path} n'est pas une ancre."
    stored = db.session.scalar(select(AuditEvent.hash).where(AuditEvent.id == last_id))
    if last_id and stored is None:
        return f"l'événement n° {last_id} ancré a disparu du journal (journal tronqué)."
    if last_id and stored != head:
        return f"l'événement n° {last_id} n'a plus l'empreinte ancrée (journal réécrit)."
    now = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.id <= last_id)
    )
    if now != count:
        return f"{count} événement(s) ancré(s) jusqu'au n° {last_id}, {now} aujourd'hui."
    return None


@charter_cli.command("audit-anchor")
@click.option(
    "--file",
    "file_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Fichier où ajouter l'ancre (défaut : CHARTER_AUDIT_ANCHOR_FILE).",
)
@click.option(
    "--mail", "address", help="Adresse à qui l'envoyer (défaut : CHARTER_AUDIT_ANCHOR_EMAIL)."
)
def audit_anchor_command(file_path: Path | None, address: str | None) -> None:
    """Publish the chain's head (hash, count, last id) outside the database: append it to a
    file and/or mail it. Run it daily (cron); ``verify-audit --anchor FILE`` checks it later."""
    config = current_app.config
    file_path = file_path or (
        Path(config["AUDIT_ANCHOR_FILE"]) if config.get("AUDIT_ANCHOR_FILE") else None
    )
    address = address or config.get("AUDIT_ANCHOR_EMAIL")
    if file_path is None and not address:
        raise click.ClickException(
            "Nulle part où écrire l'ancre : donnez --file ou --mail (ou CHARTER_AUDIT_ANCHOR_FILE, "
            "CHARTER_AUDIT_ANCHOR_EMAIL)."
        )
    report = verify_chain(db.session)
    if not report.ok:
        click.echo(
            f"Journal d'audit altéré (événement n° {report.broken_id}) : pas d'ancre écrite.",
            err=True,
        )
        raise SystemExit(1)
    line = anchor(db.session).line()
    if file_path is not None:
        with file_path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        click.echo(f"Ancre ajoutée à {file_path} : {line}")
    if address:
        send_email(
            address,
            "Ancre du journal d'audit",
            "audit_anchor",
            line=line,
            reason="cette adresse reçoit l'ancre quotidienne du journal d'audit",
        )
        click.echo(f"Ancre envoyée à {address} : {line}")
