"""The e-mail service: outbox files in development and tests, SMTP in production."""

from __future__ import annotations

import smtplib

import pytest

from charter.services.mail import MailNotSent, send_email
from tests.helpers import message_html, message_text, outbox_messages


def test_outbox_writes_a_text_and_html_message(app):
    with app.test_request_context():
        send_email(
            "lea@exemple.fr",
            "Essai",
            "security_notice",
            name="Léa",
            event="Quelque chose",
            reset_link="http://x/",
            reason="un test",
        )
    [message] = outbox_messages(app)
    assert message["To"] == "lea@exemple.fr"
    assert "Essai" in message["Subject"]
    assert "Bonjour Léa" in message_text(message)
    assert "Bonjour Léa" in message_html(message)
    assert "un test" in message_text(message)


def test_html_part_escapes_what_it_is_given(app):
    with app.test_request_context():
        send_email(
            "a@exemple.fr",
            "Essai",
            "security_notice",
            name="<script>x</script>",
            event="e",
            reset_link="http://x/",
            reason="r",
        )
    assert "<script>" not in message_html(outbox_messages(app)[0])


def test_the_suite_refuses_real_smtp(app):
    app.config["MAIL_BACKEND"] = "smtp"
    with app.test_request_context(), pytest.raises(AssertionError, match="real SMTP"):
        send_email(
            "a@exemple.fr", "x", "security_notice", name="n", event="e", reset_link="l", reason="r"
        )
    assert smtplib.SMTP is not None


def test_a_mail_server_that_refuses_gives_a_french_503_and_logs_no_address(
    app, client, factory, monkeypatch, caplog
):
    user = factory.user()

    class Refusing:
        def __init__(self, *_args, **_kwargs):
            raise smtplib.SMTPRecipientsRefused({user.email: (550, f"no mailbox {user.email}")})

    monkeypatch.setattr(smtplib, "SMTP", Refusing)
    app.config["MAIL_BACKEND"] = "smtp"
    response = client.post("/mot-de-passe/oubli", data={"email": user.email})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    page = response.get_data(as_text=True)
    assert "le service d'envoi ne répond pas" in page.replace("&#39;", "'")
    assert "SMTPRecipientsRefused" in caplog.text
    assert user.email not in caplog.text


def test_a_mail_server_that_is_down_raises_mail_not_sent(app, monkeypatch):
    def down(*_args, **_kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(smtplib, "SMTP", down)
    app.config["MAIL_BACKEND"] = "smtp"
    with app.test_request_context(), pytest.raises(MailNotSent):
        send_email(
            "a@exemple.fr", "x", "security_notice", name="n", event="e", reset_link="l", reason="r"
        )
