"""Publishing a charter version from the Region's area: form, preview with differences,
confirmation, re-signing; reviewers may read but not publish."""

from __future__ import annotations

from sqlalchemy import select

from charter.extensions import db
from charter.models import AuditEvent, CharterVersion, Role
from tests.helpers import last_message_to
from tests.region.helpers import compliant_provider, officer_client
from tests.signing.helpers import region_officer


def form_data(app, **changes):
    """The edit form as the GET prefills it from the current version, with ``changes``."""
    with app.app_context():
        current = db.session.scalar(
            select(CharterVersion).where(CharterVersion.superseded_at.is_(None))
        )
        data = {
            "version": "2",
            "title": current.title,
            "summary": current.summary,
            "preamble": current.preamble,
        }
        for n, commitment in enumerate(current.commitments):
            data[f"commitments-{n}-title"] = commitment["title"]
            data[f"commitments-{n}-text"] = commitment["text"]
            data[f"commitments-{n}-evidence"] = commitment.get("evidence") or ""
    return data | changes


def test_the_form_starts_from_the_current_text(app, factory, admin):
    factory.charter()
    page = admin.get("/region/charte/nouvelle").text
    assert 'value="2"' in page and "Engagement n° 1" in page
    assert "Ajouter un engagement" in page and "Retirer cet engagement" in page


def test_adding_a_commitment_without_javascript(app, factory, admin):
    factory.charter()
    data = form_data(app)
    count = sum(1 for k in data if k.endswith("-title"))
    page = admin.post("/region/charte/nouvelle", data=data | {"add": "1"}).text
    assert f"Engagement n° {count + 1}" in page


def test_preview_shows_the_differences_then_publish_asks_everyone_to_sign(app, factory, admin):
    factory.charter()
    signatory = compliant_provider(factory, region_officer(factory, Role.REGION_ADMIN))
    data = form_data(
        app, **{"commitments-0-title": "Un titre tout neuf", "commitments-1-remove": "y"}
    )
    preview = admin.post("/region/charte/nouvelle", data=data | {"preview": "1"})
    assert preview.status_code == 200
    page = preview.text
    assert "Différences avec la version 1" in page
    assert "<ins>" in page and "<del>" in page and "début du texte ajouté" in page
    assert "Un titre tout neuf" in page
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(CharterVersion)) == 1
    published = admin.post("/region/charte/nouvelle", data=data | {"confirmed": "1"})
    assert published.headers["Location"] == "/region/charte"
    with app.app_context():
        current = db.session.scalar(
            select(CharterVersion).where(CharterVersion.superseded_at.is_(None))
        )
        assert current.label == "2"
        assert current.commitments[0]["title"] == "Un titre tout neuf"
        event = db.session.scalars(
            select(AuditEvent)
            .filter_by(action="charter.published")
            .order_by(AuditEvent.id.desc())
            .limit(1)
        ).one()
        assert event.actor_id is not None
    assert "Nouvelle version de la charte" in last_message_to(app, signatory.email)["Subject"]
    listing = admin.get("/region/charte").text
    assert "en vigueur" in listing and "Ce qui a changé depuis la version 1" in listing
    differences = admin.get("/region/charte/versions/2/differences").text
    assert "Un titre tout neuf" in differences


def test_problems_are_reported_and_nothing_is_published(app, factory, admin):
    factory.charter()
    same = admin.post("/region/charte/nouvelle", data=form_data(app) | {"preview": "1"})
    assert same.status_code == 400 and "identique à la version en vigueur" in same.text
    taken = admin.post(
        "/region/charte/nouvelle", data=form_data(app, version="1") | {"preview": "1"}
    )
    assert "déjà publié" in taken.text
    empty = form_data(app, **{"commitments-0-text": ""}) | {"preview": "1"}
    assert (
        "besoin d&#39;un titre et d&#39;un texte"
        in admin.post("/region/charte/nouvelle", data=empty).text
    )
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(CharterVersion)) == 1


def test_reviewers_read_versions_but_cannot_publish(app, factory):
    factory.charter()
    reviewer = officer_client(app, factory, Role.REGION_REVIEWER)
    assert reviewer.get("/region/charte").status_code == 200
    assert "Préparer une nouvelle version" not in reviewer.get("/region/charte").text
    assert reviewer.get("/region/charte/nouvelle").status_code == 403
    assert reviewer.post("/region/charte/nouvelle", data=form_data(app)).status_code == 403
