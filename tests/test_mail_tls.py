"""SMTP with STARTTLS checks the server's certificate before giving it anything, and no
security step half-completes because a mail failed (issue 23)."""

from __future__ import annotations

import datetime
import ipaddress
import re
import smtplib
import socket
import ssl
import threading
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import select

from charter.extensions import db
from charter.models import OutgoingMail, User
from charter.services.mail import send_email
from tests.helpers import sign_in, totp_now

#: The real class, taken before the suite's guard replaces it with a refusal.
REAL_SMTP = smtplib.SMTP


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that no public authority signed, and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "relais.exemple")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "relais.pem", folder / "relais.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class Relay:
    """A minimal SMTP server on 127.0.0.1 that offers STARTTLS with a self-signed certificate
    and records what it is told (AUTH lines, messages) and whether over TLS."""

    def __init__(self, cert: Path, key: Path) -> None:
        self.tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.tls.load_cert_chain(cert, key)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.auth: list[tuple[str, bool]] = []
        self.messages: list[str] = []
        self.connections = 0
        self.refuse: set[str] = set()  # mailboxes answered "550 no such user"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            opened: list = [connection]
            try:
                self._session(connection, opened)
            except (OSError, ssl.SSLError):
                pass
            finally:
                for thing in reversed(opened):
                    thing.close()

    def _session(self, connection: socket.socket, opened: list) -> None:
        encrypted = False
        stream = connection.makefile("rwb")
        opened.append(stream)

        def say(line: str) -> None:
            stream.write(line.encode() + b"\r\n")
            stream.flush()

        say("220 relais.exemple ESMTP")
        while line := stream.readline().decode().strip():
            verb = line.split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                say("250-relais.exemple")
                say("250-AUTH PLAIN LOGIN" if encrypted else "250-STARTTLS")
                say("250 8BITMIME")
            elif verb == "STARTTLS":
                say("220 go ahead")
                connection = self.tls.wrap_socket(connection, server_side=True)
                stream = connection.makefile("rwb")
                opened += [connection, stream]
                encrypted = True
            elif verb == "AUTH":
                self.auth.append((line, encrypted))
                say("235 ok")
            elif verb == "RCPT" and any(address in line for address in self.refuse):
                say("550 no such user")
            elif verb == "DATA":
                say("354 go")
                body = []
                while (data := stream.readline().decode()).rstrip("\r\n") != ".":
                    body.append(data)
                self.messages.append("".join(body))
                say("250 queued")
            elif verb == "QUIT":
                say("221 bye")
                return
            else:
                say("250 ok")

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def relay(tmp_path, monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", REAL_SMTP)  # this test talks to its own server
    cert, key = self_signed(tmp_path)
    server = Relay(cert, key)
    server.cert = cert
    yield server
    server.close()


def smtp_settings(app, relay, **more) -> None:
    app.config.update(
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=relay.port,
        MAIL_USE_TLS=True,
        MAIL_USERNAME="charte",
        MAIL_PASSWORD="mot-de-passe-du-relais",
        **more,
    )


def send(app) -> None:
    with app.test_request_context():
        send_email(
            "lea@exemple.fr", "Essai", "security_notice", name="Léa", event="e", reset_link="l",
            reason="r",
        )  # fmt: skip


def queued(app) -> list[tuple[str, int]]:
    """(status, attempts) of every message of the outbox table."""
    with app.app_context():
        return [
            (mail.status.value, mail.attempts)
            for mail in db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id))
        ]


def test_starttls_refuses_a_certificate_no_authority_signed(app, relay, caplog):
    smtp_settings(app, relay)
    send(app)  # the message waits in the outbox: the request that caused it does not fail
    assert queued(app) == [("pending", 1)]
    assert relay.auth == []  # the user name and password never left
    assert relay.messages == []
    assert "SSLCertVerificationError" in caplog.text


def test_starttls_accepts_the_relay_whose_authority_is_configured(app, relay):
    smtp_settings(app, relay, MAIL_TLS_CA_FILE=str(relay.cert))
    send(app)
    assert [encrypted for _line, encrypted in relay.auth] == [True]
    assert len(relay.messages) == 1 and "Essai" in relay.messages[0]


def test_credentials_never_go_in_clear_to_a_remote_server(app, caplog):
    app.config.update(
        MAIL_BACKEND="smtp", MAIL_SERVER="smtp.exemple.fr", MAIL_USE_TLS=False,
        MAIL_USERNAME="charte", MAIL_PASSWORD="x",
    )  # fmt: skip
    send(app)  # and not the suite's "real SMTP" guard: no connection is even opened
    assert queued(app) == [("pending", 1)]
    assert "CredentialsInClear" in caplog.text


def test_a_local_relay_without_tls_is_the_documented_opt_out(app, relay):
    """No TLS and no credentials, to a relay on this host: the message goes."""
    app.config.update(
        MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=relay.port, MAIL_USE_TLS=False,
    )  # fmt: skip
    send(app)
    assert len(relay.messages) == 1 and relay.auth == []


def test_recovery_codes_are_shown_even_when_the_alert_mail_fails(app, factory, monkeypatch):
    """2FA enrolment: the factor is saved and the ten codes shown once, mail server or not."""
    user = factory.user()
    client = app.test_client()
    sign_in(app, client, user)
    client.post("/compte/double-authentification/commencer")

    def down(*_args, **_kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(smtplib, "SMTP", down)
    app.config["MAIL_BACKEND"] = "smtp"

    response = client.post(
        "/compte/double-authentification/confirmer", data={"code": totp_now(app, user.id)}
    )

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    with app.app_context():
        saved = db.session.get(User, user.id)
        assert saved.totp_enabled
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", page)
    assert len(set(codes)) == 10
