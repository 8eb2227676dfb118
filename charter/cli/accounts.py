"""Account commands: ``charter create-admin EMAIL``, ``charter reseal-secrets``."""

from __future__ import annotations

import click
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from charter.cli.group import charter_cli
from charter.db import utcnow, write_transaction
from charter.extensions import db
from charter.models import Role, User
from charter.services import audit
from charter.services.passwords import hash_password, password_problems


@charter_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="Administrateur Région", help="Nom affiché.")
@click.password_option(help="Mot de passe (demandé s'il n'est pas donné).")
def create_admin_command(email: str, name: str, password: str) -> None:
    """Create a Region administrator account (two-factor enrolment is asked at first login)."""
    email = email.strip().lower()
    problems = password_problems(password, [email, name])
    if problems:
        raise click.ClickException(" ".join(problems))
    with write_transaction(db.session) as session:
        if session.scalar(select(User.id).filter_by(email=email)) is not None:
            raise click.ClickException(f"Un compte existe déjà pour {email}.")
        user = User(
            email=email,
            full_name=name,
            role=Role.REGION_ADMIN,
            password_hash=hash_password(password),
            email_verified_at=utcnow(),
        )
        session.add(user)
        session.flush()
        audit.record(
            session,
            "account.admin_created",
            actor_id=None,
            target_type="user",
            target_id=user.id,
            details={"via": "cli"},
        )
    click.echo(f"Administrateur créé : {email}")


@charter_cli.command("reseal-secrets")
def reseal_secrets_command() -> None:
    """Seal every stored TOTP secret again with the current SECRET_KEY.

    The last step of a secret-key rotation: run it with the old key still in
    SECRET_KEY_FALLBACKS; afterwards the fallback can go (docs/deploy.md).
    """
    resealed = unreadable = 0
    with write_transaction(db.session) as session:
        for user in session.scalars(select(User).where(User.totp_secret.is_not(None))):
            if user.totp_secret is None:  # sealed with a key that is no longer configured
                unreadable += 1
                continue
            flag_modified(user, "totp_secret")
            resealed += 1
        audit.record(
            session,
            "security.secrets_resealed",
            actor_id=None,
            target_type="user",
            target_id=None,
            details={"resealed": resealed, "unreadable": unreadable, "via": "cli"},
        )
    click.echo(f"Secrets de double authentification scellés à nouveau : {resealed}.")
    if unreadable:
        raise click.ClickException(
            f"{unreadable} secret(s) illisible(s) avec les clés configurées : remettez l'ancienne "
            "clé dans SECRET_KEY_FALLBACKS puis relancez la commande."
        )
