"""How a message leaves: the ``outbox`` folder of development and tests, or an SMTP relay.

Who calls this: the outbox's sender (:mod:`charter.services.mail`) and the readiness check.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import smtplib
import ssl
from collections.abc import Iterator
from pathlib import Path

from flask import current_app


def outbox_dir() -> Path:
    """Where the outbox backend writes messages."""
    configured = current_app.config.get("OUTBOX_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "outbox"


class CredentialsInClear(RuntimeError):
    """MAIL_USERNAME is set but the connection to a remote server would not be encrypted."""


def tls_context() -> ssl.SSLContext:
    """Certificate and host name checked, against the system's authorities or MAIL_TLS_CA_FILE
    (a relay whose certificate comes from a private authority)."""
    return ssl.create_default_context(cafile=current_app.config.get("MAIL_TLS_CA_FILE") or None)


@contextlib.contextmanager
def smtp_connection() -> Iterator[smtplib.SMTP]:
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
        with smtp_connection() as smtp:
            code, _reply = smtp.noop()
    except (smtplib.SMTPException, OSError, CredentialsInClear) as error:
        return False, type(error).__name__
    return code == 250, f"smtp {code}"
