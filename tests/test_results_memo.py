"""The results page memoises the parts a submitted diagnosis freezes (issue 21), and nothing
else: a second view takes the score box and the body from the memo without rendering them, and
what can change between two views (who can help, consent to share, the company's name, the
diagnosis compared with, the peer comparison kept with a quick diagnosis) shows at once."""

from __future__ import annotations

import re
from typing import Any

from flask import template_rendered
from sqlalchemy import delete, update

from charter.extensions import db
from charter.models import Assessment, Organization, OrganizationKind, Role
from tests.helpers import sign_in
from tests.journey import submitted_assessment

FROZEN_PARTS = {"assessments/_results_score.html", "assessments/_results_body.html"}


def _page(client: Any, assessment_id: int) -> str:
    response = client.get(f"/pme/diagnostics/{assessment_id}/resultats")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _help(page: str) -> str:
    return page[page.index('id="help-title"') :]


def _strip(page: str) -> str:
    # What changes from one response to the next: the CSP nonce and the CSRF token.
    page = re.sub(r'nonce="[^"]*"', "", page)
    return re.sub(r'<meta name="csrf-token" content="[^"]*">', "", page)


class Rendered:
    """The names of the templates rendered while it listens."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.names: list[str] = []

    def __enter__(self) -> Rendered:
        template_rendered.connect(self._note, self.app)
        return self

    def __exit__(self, *exc: object) -> None:
        template_rendered.disconnect(self._note, self.app)

    def _note(self, sender: Any, template: Any, context: Any, **extra: Any) -> None:
        self.names.append(template.name)


def test_a_second_view_takes_the_frozen_parts_from_the_memo(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    submitted_assessment(app, user, pick="worst")
    assessment_id = submitted_assessment(app, user, pick="middle")
    sign_in(app, client, user)
    with Rendered(app) as first:
        before = _page(client, assessment_id)
    hits = app.extensions["fragments"].hits
    with Rendered(app) as second:
        again = _page(client, assessment_id)
    assert set(first.names) >= FROZEN_PARTS
    assert not FROZEN_PARTS & set(second.names)  # not rendered again...
    assert app.extensions["fragments"].hits >= hits + 2  # ...but found in the memo
    assert "results.html" in " ".join(second.names)  # the page itself is rendered each time
    assert _strip(again) == _strip(before)
    assert "Vos progrès depuis le" in again and "Le détail de vos réponses" in again


def test_who_can_help_and_consent_show_at_the_next_view(app, client, factory):
    admin = factory.user(Role.REGION_ADMIN)
    provider = factory.organization(
        OrganizationKind.PROVIDER, name="Bocage Sécurité", department="14"
    )
    member = factory.user(Role.PROVIDER_MEMBER, provider, email="contact@bocage.fr")
    factory.signature(member, validate_by=admin)
    user = factory.user(Role.SME_MEMBER)
    link_id = factory.client_link(provider, user.organization_id, share=False)
    assessment_id = submitted_assessment(app, user)
    sign_in(app, client, user)
    assert "Votre prestataire" not in _help(_page(client, assessment_id))

    client.post(f"/pme/prestataires/{link_id}/partage", data={f"link-{link_id}-share": "oui"})
    shared = _help(_page(client, assessment_id))
    assert "Votre prestataire" in shared and "contact@bocage.fr" in shared

    client.post(f"/pme/prestataires/{link_id}/partage", data={f"link-{link_id}-share": "non"})
    withdrawn = _help(_page(client, assessment_id))
    assert "Votre prestataire" not in withdrawn and "contact@bocage.fr" not in withdrawn


def test_a_renamed_company_shows_its_new_name_at_the_next_view(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = submitted_assessment(app, user)
    sign_in(app, client, user)
    _page(client, assessment_id)
    with app.app_context():
        db.session.execute(
            update(Organization)
            .where(Organization.id == user.organization_id)
            .values(name="Menuiserie Nouvelle")
        )
        db.session.commit()
    assert "Menuiserie Nouvelle, diagnostic envoyé le" in _page(client, assessment_id)


def test_the_comparisons_follow_the_earlier_diagnosis_and_the_peers_kept(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    earlier = submitted_assessment(app, user, pick="worst")
    assessment_id = submitted_assessment(app, user, pick="best")
    sign_in(app, client, user)
    assert "Vos progrès depuis le" in _page(client, assessment_id)
    peers = {
        "group_label": "Groupe d'essai",
        "count": 7,
        "index": {"count": 7, "median": 41.0, "first_quartile": 30.0, "third_quartile": 52.0},
        "themes": {},
    }
    with app.app_context():
        # The peers frozen again (a quick diagnosis kept), the earlier diagnosis gone.
        db.session.execute(
            update(Assessment).where(Assessment.id == assessment_id).values(peers=peers)
        )
        db.session.execute(delete(Assessment).where(Assessment.id == earlier))
        db.session.commit()
    page = _page(client, assessment_id)
    assert "Vos progrès depuis le" not in page
    assert "Groupe : Groupe d&#39;essai, 7 autres organisations" in page


def test_the_provider_and_the_company_share_the_memo_but_not_their_links(app, client, factory):
    admin = factory.user(Role.REGION_ADMIN)
    provider = factory.organization(OrganizationKind.PROVIDER, name="Bocage Sécurité")
    member = factory.user(Role.PROVIDER_MEMBER, provider)
    factory.signature(member, validate_by=admin)
    user = factory.user(Role.SME_MEMBER)
    factory.client_link(provider, user.organization_id, share=True)
    assessment_id = submitted_assessment(app, user)
    viewer = app.test_client()
    sign_in(app, viewer, member)
    sign_in(app, client, user)
    address = f"/prestataire/clients/{user.organization_id}/diagnostics/{assessment_id}/resultats"
    seen = viewer.get(address).get_data(as_text=True)
    own = _page(client, assessment_id)
    assert "Résultat de " in seen and "plan-action.csv" not in seen
    assert f"/prestataire/clients/{user.organization_id}/diagnostics/" in seen
    assert "Votre résultat" in own and "plan-action.csv" in own
    assert "/prestataire/" not in own
    body = 'id="themes-title"'
    assert (
        seen[seen.index(body) : seen.index('id="help-title"')]
        == own[own.index(body) : own.index('id="help-title"')]
    )
