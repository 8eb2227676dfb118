"""Terms of use: publishing versions, which one is in force, the public pages."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from charter.extensions import db
from charter.models import AuditEvent, TermsVersion
from charter.services import terms
from charter.services.terms import BUNDLED_TERMS


def _count_versions(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(TermsVersion))


def test_publish_terms_command_publishes_once(app, runner):
    result = runner.invoke(args=["charter", "publish-terms", str(BUNDLED_TERMS / "cgu-v1.yaml")])
    assert result.exit_code == 0, result.output
    assert "version 1, publiées" in result.output
    again = runner.invoke(args=["charter", "publish-terms", str(BUNDLED_TERMS / "cgu-v1.yaml")])
    assert again.exit_code == 0
    assert "déjà publiée avec ce texte" in again.output
    assert _count_versions(app) == 1
    with app.app_context():
        version = db.session.scalar(select(TermsVersion))
        assert version.text_hash and version.effective_date == date(2026, 12, 1)
        assert len(version.sections) == 11
        assert db.session.scalar(select(AuditEvent.action)) == "terms.published"


def test_a_published_version_is_never_edited(app, runner, tmp_path):
    runner.invoke(args=["charter", "publish-terms", str(BUNDLED_TERMS / "cgu-v1.yaml")])
    edited = tmp_path / "cgu-v1.yaml"
    text = (BUNDLED_TERMS / "cgu-v1.yaml").read_text(encoding="utf-8")
    edited.write_text(text.replace("Ces conditions sont soumises", "Ces règles sont soumises"))
    result = runner.invoke(args=["charter", "publish-terms", str(edited)])
    assert result.exit_code != 0
    assert "ne se modifie jamais" in result.output
    assert _count_versions(app) == 1


def test_a_new_version_must_take_effect_after_the_last(app, runner, tmp_path):
    runner.invoke(args=["charter", "publish-terms", str(BUNDLED_TERMS / "cgu-v2-example.yaml")])
    result = runner.invoke(args=["charter", "publish-terms", str(BUNDLED_TERMS / "cgu-v1.yaml")])
    assert result.exit_code != 0
    assert "postérieure" in result.output


def test_an_invalid_file_is_refused_with_the_field(runner, tmp_path):
    bad = tmp_path / "cgu-v3.yaml"
    bad.write_text('version: "3"\ntitle: CGU\neffective_date: 2028-01-01\nsummary: x\n')
    result = runner.invoke(args=["charter", "publish-terms", str(bad)])
    assert result.exit_code != 0
    assert "sections" in result.output


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2026, 1, 1), "1"),  # before any takes effect: the first one applies
        (date(2026, 12, 1), "1"),
        (date(2027, 5, 31), "1"),  # version 2 is announced, not yet in force
        (date(2027, 6, 1), "2"),
        (date(2030, 1, 1), "2"),
    ],
)
def test_the_version_in_force_follows_effective_dates(app, factory, on, expected):
    factory.terms()
    factory.terms("cgu-v2-example.yaml")
    with app.app_context():
        assert terms.current_version(db.session, on).label == expected


def test_no_terms_no_version(app):
    with app.app_context():
        assert terms.current_version(db.session) is None


def test_terms_page_shows_the_version_in_force_its_history_and_what_is_announced(
    app, client, factory
):
    assert "pas encore été publiées" in client.get("/cgu").get_data(as_text=True)
    factory.terms()
    factory.terms("cgu-v2-example.yaml")
    page = client.get("/cgu").get_data(as_text=True)
    assert "Version 1, en vigueur" in page
    assert "Objet du service" in page and "En bref" in page
    assert "Une nouvelle version (2) entrera en vigueur le 1er juin 2027" in page
    assert 'href="/cgu/version/2"' in page
    older = client.get("/cgu/version/2").get_data(as_text=True)
    assert "n'est pas celle qui s'applique aujourd'hui" in older
    assert "données ouvertes" in older
    assert client.get("/cgu/version/42").status_code == 404


def test_terms_page_tells_a_member_when_they_accepted(app, client, factory):
    from tests.helpers import sign_in

    factory.terms()
    sign_in(app, client, factory.user())
    assert "Vous l'avez acceptée le" in client.get("/cgu").get_data(as_text=True)


def test_today_is_the_date_in_france(app):
    with app.app_context():
        assert terms.today() == datetime.now(ZoneInfo("Europe/Paris")).date()
