"""The e-mail service: outbox files in development and tests, SMTP in production."""

from __future__ import annotations

import smtplib

import pytest

from charter.services.mail import send_email
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
