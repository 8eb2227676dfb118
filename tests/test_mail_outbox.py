"""The outbox (issue 22): a mail is written with the change that causes it, delivered after
the commit or later by ``charter send-mail``; an outage delays mail instead of failing the
request; a claimed message is never sent twice; what keeps failing reaches the administrators."""

from __future__ import annotations

import smtplib
import socket
from datetime import timedelta

import pytest
from sqlalchemy import select

from charter.db import utcnow, write_transaction
from charter.extensions import db
from charter.models import MailStatus, OutgoingMail, Role
from charter.services import mail
from charter.services.mail import send_email
from tests.helpers import outbox_messages, sign_in
from tests.test_mail_tls import REAL_SMTP, Relay, self_signed
from tests.test_registration import sme_form

SECOND_FACTOR = {"totp_secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "totp_enabled_at": utcnow()}
NOTICE = {"name": "Léa", "event": "e", "reset_link": "l", "reason": "r"}


def rows(app) -> list[OutgoingMail]:
    with app.app_context():
        found = list(db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)))
        db.session.expunge_all()
        return found


def free_port() -> int:
    """A port on which nothing listens: the mail server is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def relay(tmp_path, monkeypatch):
    monkeypatch.setattr(smtplib, "SMTP", REAL_SMTP)  # these tests talk to their own server
    cert, key = self_signed(tmp_path)
    server = Relay(cert, key)
    yield server
    server.close()


def smtp_down(app) -> None:
    app.config.update(
        MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False,
        MAIL_USERNAME=None, MAIL_RETRY_SECONDS=60,
    )  # fmt: skip


def test_an_outage_delays_the_mail_and_the_sender_delivers_it_once_the_server_is_back(
    app, client, runner, relay
):
    smtp_down(app)
    response = client.post("/inscription/pme", data=sme_form())

    # The person is registered and told to check their mail, not shown an error page.
    assert response.status_code == 302
    assert response.headers["Location"] == "/inscription/envoyee"
    [waiting] = rows(app)
    assert (waiting.status, waiting.attempts) == (MailStatus.PENDING, 1)
    assert waiting.last_error.startswith("ConnectionRefusedError")
    assert "marc@fromagerie-auge.fr" not in waiting.last_error
    assert relay.messages == []

    # The server comes back; the sender's next pass after the delay delivers the message.
    app.config.update(MAIL_PORT=relay.port)
    result = runner.invoke(args=["charter", "send-mail"])
    assert result.exit_code == 0 and result.output == ""  # not yet due: nothing to do
    with app.app_context():
        db.session.execute(
            OutgoingMail.__table__.update().values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()
    result = runner.invoke(args=["charter", "send-mail"])

    assert result.exit_code == 0, result.output
    assert "Envoyés : 1" in result.output
    [delivered] = relay.messages
    assert "marc@fromagerie-auge.fr" in delivered
    assert "/inscription/confirmer/" in delivered
    [sent] = rows(app)
    assert sent.status is MailStatus.SENT and sent.sent_at is not None
    assert sent.message is None  # the link and its token do not stay in the database


def test_a_change_rolled_back_sends_nothing(app):
    def change_that_fails() -> None:
        with write_transaction(db.session):
            send_email("lea@exemple.fr", "Essai", "security_notice", **NOTICE)
            raise RuntimeError("annulé")

    with app.test_request_context(), pytest.raises(RuntimeError, match="annulé"):
        change_that_fails()
    assert rows(app) == []
    assert outbox_messages(app) == []


def test_a_mail_inside_a_transaction_leaves_only_after_the_commit(app):
    with app.test_request_context():
        with write_transaction(db.session):
            send_email("lea@exemple.fr", "Essai", "security_notice", **NOTICE)
            assert outbox_messages(app) == []  # not before the change is durable
        [message] = outbox_messages(app)
    assert message["To"] == "lea@exemple.fr"
    assert [row.status for row in rows(app)] == [MailStatus.SENT]


def test_bulk_mail_waits_for_the_sender_and_goes_over_one_connection(app, runner, relay):
    app.config.update(
        MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=relay.port, MAIL_USE_TLS=False
    )
    with app.test_request_context():
        for number in range(3):
            send_email(f"signataire{number}@exemple.fr", "Essai", "security_notice", bulk=True,
                       **NOTICE)  # fmt: skip
    assert relay.messages == []  # the request that queued them did not wait for the server
    result = runner.invoke(args=["charter", "send-mail"])
    assert "Envoyés : 3" in result.output
    assert len(relay.messages) == 3
    assert relay.connections == 1


def test_a_claimed_message_is_never_sent_twice(app, relay):
    app.config.update(
        MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=relay.port, MAIL_USE_TLS=False
    )
    with app.test_request_context():
        send_email("lea@exemple.fr", "Essai", "security_notice", bulk=True, **NOTICE)
        now = utcnow()
        # A first sender claims it and dies while talking to the server.
        [claimed] = mail._claim(db.session(), now, 10, ())
        # A second sender finds nothing to send.
        assert mail.deliver_due(db.session(), now=now).sent == 0
        # Much later, the message is given up on rather than sent a second time.
        report = mail.deliver_due(db.session(), now=now + timedelta(hours=1))
    assert report.interrupted == 1 and report.sent == 0
    assert relay.messages == []
    [row] = rows(app)
    assert row.id == claimed.id
    assert (row.status, row.last_error) == (MailStatus.FAILED, "envoi interrompu")


def test_retries_back_off_then_give_up_and_an_administrator_resends(app, runner, factory, relay):
    smtp_down(app)
    app.config.update(MAIL_MAX_ATTEMPTS=3)
    with app.test_request_context():
        send_email("lea@exemple.fr", "Essai", "security_notice", bulk=True, **NOTICE)
        now = utcnow()
        delays = []
        for _attempt in range(3):
            mail.deliver_due(db.session(), now=now)
            [row] = rows(app)
            delays.append(round((row.next_attempt_at - now).total_seconds()))
            now = row.next_attempt_at
    assert delays == [60, 120, 240]
    assert (row.status, row.attempts) == (MailStatus.FAILED, 3)
    result = runner.invoke(args=["charter", "send-mail"])
    assert result.exit_code == 0  # nothing left to try: the failure was reported when it happened

    admin = factory.user(Role.REGION_ADMIN, **SECOND_FACTOR)
    client = app.test_client()
    sign_in(app, client, admin)
    page = client.get("/region/courriels").get_data(as_text=True)
    assert "1 message en échec" in page
    assert "lea@exemple.fr" in page and "ConnectionRefusedError" in page

    response = client.post(f"/region/courriels/{row.id}/renvoyer", data={})
    assert response.status_code == 302 and response.headers["Location"] == "/region/courriels"
    app.config.update(MAIL_PORT=relay.port)
    result = runner.invoke(args=["charter", "send-mail"])
    assert "Envoyés : 1" in result.output
    assert len(relay.messages) == 1
    assert "Aucun message en échec" in client.get("/region/courriels").get_data(as_text=True)


def test_a_reviewer_cannot_see_the_mail_page(app, factory):
    client = app.test_client()
    sign_in(app, client, factory.user(Role.REGION_REVIEWER, **SECOND_FACTOR))
    assert client.get("/region/courriels").status_code == 403


def test_a_refused_mailbox_is_given_up_at_once_and_the_others_still_go(app, relay, monkeypatch):
    app.config.update(
        MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=relay.port, MAIL_USE_TLS=False
    )
    relay.refuse = {"inconnu@exemple.fr"}
    with app.test_request_context():
        send_email("inconnu@exemple.fr", "Essai", "security_notice", bulk=True, **NOTICE)
        send_email("lea@exemple.fr", "Essai", "security_notice", bulk=True, **NOTICE)
        report = mail.deliver_due(db.session())
    assert (report.sent, report.failed) == (1, 1)
    refused, sent = rows(app)
    assert (refused.status, refused.attempts) == (MailStatus.FAILED, 1)
    assert refused.last_error == "SMTPRecipientsRefused 550"
    assert sent.status is MailStatus.SENT


def test_sent_traces_are_purged_after_the_period_and_failed_ones_kept(app, runner):
    with app.test_request_context():
        send_email("lea@exemple.fr", "Essai", "security_notice", **NOTICE)
        send_email("paul@exemple.fr", "Essai", "security_notice", **NOTICE)
        with write_transaction(db.session):
            first, second = db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id))
            first.sent_at = utcnow() - timedelta(days=31)
            second.status = MailStatus.FAILED
            second.sent_at = None
            second.created_at = utcnow() - timedelta(days=400)
    result = runner.invoke(args=["charter", "purge"])
    assert "Traces des messages envoyés" in result.output
    assert [row.recipient for row in rows(app)] == ["paul@exemple.fr"]
