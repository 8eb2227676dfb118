"""Sending e-mail: one function, an HTML and a text template per message.

Backends: ``smtp`` in production; ``outbox`` in development and tests, which writes each message
to ``instance/outbox/`` (or ``OUTBOX_DIR``) as an ``.eml`` file and logs where, so that a
``make run`` user can open verification links.

Who calls this: services, after their transaction has committed (a rolled-back change must not
have sent an e-mail).
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import smtplib
import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from flask import current_app, render_template

from charter.db import utcnow


def send_email(to: str, subject: str, template: str, **context: Any) -> EmailMessage:
    """Render ``templates/email/<template>.txt`` and ``.html`` and send them to ``to``.

    Every message says why it was sent: the templates end with the shared footer. Raises
    :class:`MailNotSent` when the mail server cannot take it (a French 503 for a visitor).
    """
    context.setdefault("site_name", current_app.config["SITE_NAME"])
    message = EmailMessage()
    message["Subject"] = f"{subject} — {current_app.config['SITE_NAME']}"
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="charte-cyber.normandie")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render_template(f"email/{template}.txt", **context))
    message.add_alternative(render_template(f"email/{template}.html", **context), subtype="html")
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "smtp":
        _send_smtp(message, template)
    elif backend == "outbox":
        _write_outbox(message, template)
    else:
        raise ValueError(f"unknown MAIL_BACKEND {backend!r}")
    return message


def outbox_dir() -> Path:
    """Where the outbox backend writes messages."""
    configured = current_app.config.get("OUTBOX_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "outbox"


def _write_outbox(message: EmailMessage, template: str) -> None:
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}-{template}.eml"
    path.write_bytes(bytes(message))
    current_app.logger.info("e-mail '%s' written to %s", template, path)


class MailNotSent(RuntimeError):
    """The mail server could not take a message. Carries the template's name only: the
    server's own error text often quotes the recipient's address, which stays out of logs."""


def _send_smtp(message: EmailMessage, template: str) -> None:
    config = current_app.config
    try:
        with _smtp_connection() as smtp:
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError, CredentialsInClear) as error:
        # The class and SMTP code say what went wrong; str(error) may name the recipient.
        code = getattr(error, "smtp_code", None) or getattr(error, "errno", None)
        current_app.logger.error(
            "e-mail '%s' not sent: %s %s", template, type(error).__name__, code or ""
        )
        raise MailNotSent(template) from None


class CredentialsInClear(RuntimeError):
    """MAIL_USERNAME is set but the connection to a remote server would not be encrypted."""


def tls_context() -> ssl.SSLContext:
    """Certificate and host name checked, against the system's authorities or MAIL_TLS_CA_FILE
    (a relay whose certificate comes from a private authority)."""
    return ssl.create_default_context(cafile=current_app.config.get("MAIL_TLS_CA_FILE") or None)


@contextlib.contextmanager
def _smtp_connection() -> Iterator[smtplib.SMTP]:
    """An SMTP connection, switched to TLS (certificate verified) when MAIL_USE_TLS is set.

    Without TLS, a user name and password are only ever given to a relay on this host: on
    the network they would travel in clear.
    """
    config = current_app.config
    server = config["MAIL_SERVER"]
    if not config["MAIL_USE_TLS"] and config.get("MAIL_USERNAME") and not _loopback(server):
        raise CredentialsInClear(server)
    with smtplib.SMTP(server, config["MAIL_PORT"], timeout=15) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=tls_context())
        yield smtp


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_mail_path() -> tuple[bool, str]:
    """Whether a message could leave now, for the readiness check: the outbox folder is
    writable, or the SMTP server answers (and its certificate verifies). Never sends."""
    config = current_app.config
    if config["MAIL_BACKEND"] != "smtp":
        folder = outbox_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False, "outbox folder cannot be created"
        return os.access(folder, os.W_OK), "outbox"
    try:
        with _smtp_connection() as smtp:
            code, _reply = smtp.noop()
    except (smtplib.SMTPException, OSError, CredentialsInClear) as error:
        return False, type(error).__name__
    return code == 250, f"smtp {code}"
