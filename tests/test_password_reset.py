"""Password reset by e-mail link: no enumeration, single use, sessions end."""

from __future__ import annotations

from charter.extensions import db
from charter.models import User
from tests.helpers import (
    last_message_to,
    link_in,
    login,
    message_text,
    outbox_messages,
    redirect_target,
    without_tokens,
)


def test_known_and_unknown_addresses_get_the_same_page(app, client, factory):
    user = factory.user()
    known = client.post("/mot-de-passe/oubli", data={"email": user.email})
    unknown = client.post("/mot-de-passe/oubli", data={"email": "inconnu@exemple.fr"})
    assert known.status_code == unknown.status_code == 200
    assert without_tokens(known.get_data(as_text=True)) == without_tokens(
        unknown.get_data(as_text=True)
    )
    assert "Aucun compte" in message_text(last_message_to(app, "inconnu@exemple.fr"))
    assert "/mot-de-passe/nouveau/" in message_text(last_message_to(app, user.email))


def test_reset_link_changes_the_password_once_and_ends_sessions(app, factory):
    user = factory.user()
    other = app.test_client()
    login(other, user)
    client = app.test_client()
    client.post("/mot-de-passe/oubli", data={"email": user.email})
    link = link_in(last_message_to(app, user.email), "/mot-de-passe/nouveau/")
    assert client.get(link).status_code == 200
    new = "un tout nouveau mot de passe"
    response = client.post(link, data={"password": new})
    assert response.headers["Location"] == "/connexion"
    assert redirect_target(other.get("/compte")) == "/connexion?next=/compte"  # old session ended
    assert client.post(link, data={"password": "encore un autre essai"}).status_code == 400
    assert redirect_target(login(client, user, password=new)) == "/pme"


def test_reset_keeps_the_rule_and_the_typed_nothing(app, client, factory):
    user = factory.user()
    client.post("/mot-de-passe/oubli", data={"email": user.email})
    link = link_in(last_message_to(app, user.email), "/mot-de-passe/nouveau/")
    response = client.post(link, data={"password": "court"})
    assert "au moins 12 caractères" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id).security_stamp == 0


def test_a_tampered_link_is_refused(client):
    assert client.get("/mot-de-passe/nouveau/abc.def.ghi").status_code == 400


def test_every_email_has_text_and_html_and_says_why(app, client, factory):
    user = factory.user()
    client.post("/mot-de-passe/oubli", data={"email": user.email})
    for message in outbox_messages(app):
        types = {p.get_content_type() for p in message.walk()}
        assert {"text/plain", "text/html"} <= types
        text = message_text(message)
        assert "Vous recevez ce message parce que" in text
