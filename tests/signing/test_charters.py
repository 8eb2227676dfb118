"""Charter versions: the publish-charter command, the public pages, the new-version invitation."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from charter.extensions import db
from charter.models import AuditEvent, CharterVersion
from tests.factories import CHARTERS
from tests.helpers import message_text, outbox_messages, sign_in
from tests.signing.helpers import provider, region_officer


def publish(runner, path: Path, *extra: str):
    return runner.invoke(args=["charter", "publish-charter", str(path), *extra])


def versions(app) -> list[tuple[str, bool]]:
    with app.app_context():
        rows = db.session.scalars(select(CharterVersion).order_by(CharterVersion.id)).all()
        return [(v.label, v.superseded_at is None) for v in rows]


def test_publishing_is_idempotent_and_never_edits_a_version(app, runner, tmp_path):
    first = publish(runner, CHARTERS / "charte-v1.yaml")
    assert first.exit_code == 0, first.output
    assert "Version 1 de la charte publiée" in first.output
    again = publish(runner, CHARTERS / "charte-v1.yaml")
    assert again.exit_code == 0 and "déjà publiée avec ce texte" in again.output
    edited = tmp_path / "charte-v1-modifiee.yaml"
    edited.write_text(
        (CHARTERS / "charte-v1.yaml").read_text(encoding="utf-8").replace("ANSSI", "Anssi"),
        encoding="utf-8",
    )
    refused = publish(runner, edited)
    assert refused.exit_code != 0
    assert "ne se modifie pas" in refused.output
    assert versions(app) == [("1", True)]
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert actions.count("charter.published") == 1


def test_an_invalid_file_is_refused_with_its_problems(runner, tmp_path):
    broken = tmp_path / "charte-cassee.yaml"
    broken.write_text("version: '9'\ntitle: Charte\n", encoding="utf-8")
    result = publish(runner, broken)
    assert result.exit_code != 0
    assert "charte-cassee.yaml: commitments: this field is required" in result.output


def test_a_new_version_supersedes_and_invites_every_signatory(app, factory, runner):
    reviewer = region_officer(factory)
    active = provider(factory, name="Active SARL")
    pending = provider(factory, name="En Attente SAS")
    bystander = provider(factory, name="Jamais Signé")
    factory.signature(active, validate_by=reviewer)
    factory.signature(pending)
    result = publish(runner, CHARTERS / "charte-v2-example.yaml")
    assert result.exit_code == 0, result.output
    assert "2 personne(s) invitée(s)" in result.output
    assert versions(app) == [("1", False), ("2", True)]
    to = {m["To"]: m for m in outbox_messages(app)}
    assert set(to) == {active.email, pending.email}
    assert bystander.email not in to
    body = message_text(to[active.email])
    assert "version 2" in body and "reste valable jusqu'au" in body
    assert "/prestataire/signature" in body
    assert "reste valable" not in message_text(to[pending.email])
    client = app.test_client()
    sign_in(app, client, active)
    dashboard = client.get("/prestataire").text
    assert "Nouvelle version de la charte : à signer" in dashboard
    assert client.get("/prestataire/signature").text.count('<fieldset class="commitment') == 11


def test_no_email_option(app, factory, runner):
    factory.signature(provider(factory), validate_by=region_officer(factory))
    result = publish(runner, CHARTERS / "charte-v2-example.yaml", "--no-email")
    assert result.exit_code == 0
    assert outbox_messages(app) == []


def test_the_charter_page_shows_the_current_version_and_the_history(app, factory):
    client = app.test_client()
    empty = client.get("/charte")
    assert empty.status_code == 200 and "pas encore publiée" in empty.text
    factory.charter()
    factory.charter("charte-v2-example.yaml")
    page = client.get("/charte").text
    assert "Les 11 engagements" in page and "version en vigueur" in page
    assert "Engagement 11 : Anticiper la fin de support" in page
    assert 'href="/charte/versions/1"' in page
    old = client.get("/charte/versions/1").text
    assert "Les 10 engagements" in old
    assert "Cette version a été remplacée le" in old and "restent valables jusqu'au" in old
    assert client.get("/charte/versions/9").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CharterVersion)) == 2
