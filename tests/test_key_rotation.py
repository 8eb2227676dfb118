"""Changing CHARTER_SECRET_KEY with the old key in CHARTER_SECRET_KEY_FALLBACKS: links sent
before still work, sessions go on; without the old key, the page says what went wrong
(issue 23)."""

from __future__ import annotations

import re
import time

from charter.extensions import db
from charter.models import User
from charter.services import tokens
from tests.helpers import last_message_to, link_in, login

OLD_KEY = "the-key-in-service-before-the-rotation-0123456789"
NEW_KEY = "the-key-in-service-after-the-rotation-9876543210"


def rotate(app, *, keep_old: bool) -> None:
    app.config["SECRET_KEY"] = NEW_KEY
    app.config["SECRET_KEY_FALLBACKS"] = [OLD_KEY] if keep_old else []


def reset_link(app, client, user) -> str:
    client.post("/mot-de-passe/oubli", data={"email": user.email})
    return link_in(last_message_to(app, user.email), "/mot-de-passe/nouveau/")


def test_a_reset_link_sent_before_a_rotation_still_works_with_the_old_key_as_fallback(
    app, client, factory
):
    app.config["SECRET_KEY"] = OLD_KEY
    user = factory.user()
    link = reset_link(app, client, user)
    rotate(app, keep_old=True)

    assert client.get(link).status_code == 200
    done = client.post(link, data={"password": "un mot de passe après rotation"})

    assert done.headers["Location"] == "/connexion"
    # New links are signed with the new key only.
    fresh = reset_link(app, app.test_client(), user)
    app.config["SECRET_KEY_FALLBACKS"] = []
    assert app.test_client().get(fresh).status_code == 200


def test_without_the_old_key_the_page_says_the_signature_is_the_problem(app, client, factory):
    app.config["SECRET_KEY"] = OLD_KEY
    user = factory.user()
    link = reset_link(app, client, user)
    rotate(app, keep_old=False)

    refused = client.get(link)

    assert refused.status_code == 400
    assert "changement des clés de sécurité" in refused.text
    assert "30 minutes" not in refused.text and "déjà servi" not in refused.text


def test_an_old_reset_link_says_it_is_too_old_and_a_used_one_says_it_was_used(
    app, client, factory, monkeypatch
):
    user = factory.user()
    with app.test_request_context():
        real = time.time()
        monkeypatch.setattr(time, "time", lambda: real - 31 * 60)
        with app.app_context():
            old_token = tokens.reset_token(db.session.get(User, user.id))
        monkeypatch.setattr(time, "time", lambda: real)
    expired = client.get(f"/mot-de-passe/nouveau/{old_token}")
    assert expired.status_code == 400
    assert "plus de 30 minutes" in expired.text

    link = reset_link(app, client, user)
    client.post(link, data={"password": "un mot de passe tout neuf"})
    used = client.get(link)
    assert used.status_code == 400
    assert "déjà servi" in used.text and "30 minutes" not in used.text


def test_a_confirmation_link_sent_before_a_rotation_still_confirms(app, factory):
    app.config["SECRET_KEY"] = OLD_KEY
    user = factory.user(verified=False)
    with app.test_request_context(), app.app_context():
        token = tokens.verification_token(db.session.get(User, user.id))
    rotate(app, keep_old=True)
    client = app.test_client()

    client.post(f"/inscription/confirmer/{token}")

    with app.app_context():
        assert db.session.get(User, user.id).email_verified_at is not None
    rotate(app, keep_old=False)
    refused = client.post(f"/inscription/confirmer/{token}")
    assert refused.status_code == 400 and "changement des clés de sécurité" in refused.text


def test_a_region_invitation_sent_before_a_rotation_still_activates(app, factory):
    from charter.models import Role
    from tests.region.helpers import officer_client

    app.config["SECRET_KEY"] = OLD_KEY
    admin = officer_client(app, factory, Role.REGION_ADMIN)
    admin.post(
        "/region/utilisateurs/inviter",
        data={
            "full_name": "Inès Martin",
            "email": "ines@region.example",
            "role": "region_reviewer",
        },
    )
    path = link_in(last_message_to(app, "ines@region.example"), "/compte/activation/")
    rotate(app, keep_old=True)
    visitor = app.test_client()

    assert visitor.get(path).status_code == 200
    rotate(app, keep_old=False)
    refused = visitor.get(path)
    assert refused.status_code == 400 and "changement des clés de sécurité" in refused.text


def test_a_session_opened_before_a_rotation_goes_on_with_the_old_key_as_fallback(app, factory):
    app.config["SECRET_KEY"] = OLD_KEY
    user = factory.user()
    client = app.test_client()
    login(client, user)
    rotate(app, keep_old=True)
    assert client.get("/compte").status_code == 200  # and the cookie is now re-signed
    rotate(app, keep_old=False)
    assert client.get("/compte").status_code == 200


def test_a_form_opened_before_a_rotation_comes_back_filled_in_once_then_goes_through(
    make_app, factory
):
    """What docs/deploy.md says of forms open at the restart: refused once, nothing lost."""
    app = make_app(SECRET_KEY=OLD_KEY, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/mot-de-passe/oubli").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    rotate(app, keep_old=True)

    refused = client.post(
        "/mot-de-passe/oubli", data={"email": "lea@exemple.fr", "csrf_token": token}
    )

    assert refused.status_code == 400
    assert 'value="lea@exemple.fr"' in refused.text
    fresh = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', refused.text).group(1)
    sent = client.post("/mot-de-passe/oubli", data={"email": "lea@exemple.fr", "csrf_token": fresh})
    assert sent.status_code == 200 and "Vérifiez votre messagerie" in sent.text
