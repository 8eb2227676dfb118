"""``charter send-reminders``: 60, 30 and 7 days before the end, once each, whatever the runs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from charter.db import utcnow
from charter.extensions import db
from charter.models import SignatureReminder
from charter.services import mail, reminders
from charter.services.dates import local_date
from tests.helpers import message_text, outbox_messages
from tests.signing.helpers import provider, region_officer


@pytest.fixture
def reviewer(factory):
    return region_officer(factory)


def ending_in(factory, reviewer, days: int, **organization):
    """A member whose company's signature has ``days`` days left (validated ~2 years ago)."""
    member = provider(factory, **organization)
    validated = utcnow() - timedelta(days=731 - days)
    signed = factory.signature(
        member, validate_by=reviewer, signed_at=validated, validated_at=validated
    )
    return member, signed


def run(runner):
    return runner.invoke(args=["charter", "send-reminders"])


def days_left(app, signature_id: int) -> int:
    from charter.models import Signature

    with app.app_context():
        expires = db.session.get(Signature, signature_id).expires_on
        return (expires - local_date(utcnow())).days


def test_the_due_reminder_goes_once_even_if_the_command_runs_twice(app, factory, reviewer, runner):
    member, signed = ending_in(factory, reviewer, 25, name="Pays d'Auge Info")
    assert 20 <= days_left(app, signed.id) <= 30
    first = run(runner)
    assert first.exit_code == 0, first.output
    assert "1 rappel(s) envoyé(s)" in first.output and "rappel à 30 jours" in first.output
    [message] = outbox_messages(app)
    assert message["To"] == member.email
    body = message_text(message)
    assert "arrive à échéance" in body and "Pays d'Auge Info" in body
    assert "/prestataire/signature" in body
    assert "Vous recevez ce message parce que" in body
    second = run(runner)
    assert "0 rappel(s) envoyé(s)" in second.output
    assert len(outbox_messages(app)) == 1


def test_nothing_is_sent_far_from_the_end_nor_after_it(app, factory, reviewer, runner):
    ending_in(factory, reviewer, 120)
    ending_in(factory, reviewer, -3)
    assert "0 rappel(s)" in run(runner).output
    assert outbox_messages(app) == []


def test_each_step_is_sent_on_its_day(app, factory, reviewer):
    _member, signed = ending_in(factory, reviewer, 61)
    with app.app_context():
        today = local_date(utcnow())
        left = days_left(app, signed.id)
        sent = []
        for offset in range(left + 2):
            report = reminders.send_reminders(db.session, today + timedelta(days=offset))
            sent += [(offset, step) for _id, step, _n in report.sent]
    assert [step for _offset, step in sent] == [60, 30, 7]
    assert [left - offset for offset, _step in sent] == [60, 30, 7]


def test_a_company_that_signed_again_is_not_reminded(app, factory, reviewer, runner):
    member, _signed = ending_in(factory, reviewer, 25)
    factory.signature(member)  # the renewal awaits the Region
    assert "0 rappel(s)" in run(runner).output


def test_during_a_grace_period_the_reminder_asks_for_the_new_version(
    app, factory, reviewer, runner
):
    member = provider(factory)
    factory.signature(member, validate_by=reviewer)
    grace = app.config["NEW_VERSION_GRACE_DAYS"]
    factory.charter("charte-v2-example.yaml", at=utcnow() - timedelta(days=grace - 20))
    result = run(runner)
    assert "rappel à 30 jours" in result.output
    [message] = [m for m in outbox_messages(app) if m["To"] == member.email]
    assert "nouvelle version" in message["Subject"]
    assert "Une nouvelle version de la charte est publiée" in message_text(message)


def test_a_failed_e_mail_is_retried_on_the_next_run(app, factory, reviewer, runner, monkeypatch):
    ending_in(factory, reviewer, 25)

    def broken(*_args, **_kwargs):
        raise ConnectionRefusedError("SMTP indisponible")

    monkeypatch.setattr(reminders, "send_email", broken)
    failed = run(runner)
    assert failed.exit_code == 1
    assert "ConnectionRefusedError" in failed.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SignatureReminder)) == 0
    monkeypatch.setattr(reminders, "send_email", mail.send_email)
    assert "1 rappel(s) envoyé(s)" in run(runner).output
