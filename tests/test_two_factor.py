"""Second factor: enrolment, login with a code, replay refused, recovery codes, Region rule."""

from __future__ import annotations

import re

from sqlalchemy import select

from charter.extensions import db
from charter.models import AuditEvent, Role, User
from tests.helpers import login, redirect_target, sign_in, totp_now


def enrol(app, client, user) -> list[str]:
    """Go through enrolment as a person would; return the recovery codes shown."""
    client.post("/compte/double-authentification/commencer")
    page = client.get("/compte/double-authentification").get_data(as_text=True)
    assert "data:image/svg+xml;base64," in page  # the QR code, drawn locally
    response = client.post(
        "/compte/double-authentification/confirmer", data={"code": totp_now(app, user.id)}
    )
    assert response.status_code == 200
    return re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.get_data(as_text=True))


def test_enrolment_shows_ten_recovery_codes_once(app, client, factory):
    user = factory.user()
    sign_in(app, client, user)
    codes = enrol(app, client, user)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    with app.app_context():
        assert db.session.get(User, user.id).totp_enabled
        assert db.session.scalar(select(AuditEvent.id).filter_by(action="auth.2fa_enabled"))
    again = client.get("/compte/double-authentification").get_data(as_text=True)
    assert codes[0] not in again


def test_a_wrong_code_does_not_enable(app, client, factory):
    user = factory.user()
    sign_in(app, client, user)
    client.post("/compte/double-authentification/commencer")
    response = client.post("/compte/double-authentification/confirmer", data={"code": "000000"})
    assert response.status_code == 400
    assert "pas le bon" in response.get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(User, user.id).totp_enabled


def test_login_asks_for_the_code_and_never_accepts_it_twice(app, factory):
    user = factory.user()
    setup = app.test_client()
    sign_in(app, setup, user)
    enrol(app, setup, user)

    browser = app.test_client()
    response = login(browser, user)
    assert response.headers["Location"].startswith("/connexion/code")
    assert browser.get("/compte").headers["Location"] == "/connexion/code"  # gated
    code = totp_now(app, user.id, offset_steps=1)
    assert redirect_target(browser.post("/connexion/code", data={"code": code})) == "/pme"
    assert browser.get("/compte").status_code == 200

    replay = app.test_client()
    login(replay, user)
    refused = replay.post("/connexion/code", data={"code": code})
    assert refused.status_code == 200
    assert "déjà servi" in refused.get_data(as_text=True)
    assert redirect_target(replay.get("/compte")) == "/connexion/code"


def test_recovery_codes_work_once(app, factory):
    user = factory.user()
    setup = app.test_client()
    sign_in(app, setup, user)
    codes = enrol(app, setup, user)
    first = app.test_client()
    login(first, user)
    assert redirect_target(first.post("/connexion/code", data={"code": codes[0].upper()})) == "/pme"
    second = app.test_client()
    login(second, user)
    assert second.post("/connexion/code", data={"code": codes[0]}).status_code == 200
    assert redirect_target(second.get("/compte")) == "/connexion/code"


def test_region_accounts_must_enrol_before_anything_else(app, client, factory):
    officer = factory.user(Role.REGION_REVIEWER)
    login(client, officer)
    response = client.get("/compte")
    assert response.headers["Location"] == "/compte/double-authentification"
    assert "obligatoire" in client.get("/compte/double-authentification").get_data(as_text=True)
    enrol(app, client, officer)
    assert client.get("/compte").status_code == 200


def test_region_accounts_cannot_disable_it(app, client, factory):
    officer = factory.user(Role.REGION_ADMIN)
    sign_in(app, client, officer)
    enrol(app, client, officer)
    client.post("/compte/double-authentification/desactiver", data={"password": officer.password})
    with app.app_context():
        assert db.session.get(User, officer.id).totp_enabled


def test_others_can_disable_it_with_their_password(app, client, factory):
    user = factory.user(Role.PROVIDER_MEMBER)
    sign_in(app, client, user)
    enrol(app, client, user)
    wrong = client.post("/compte/double-authentification/desactiver", data={"password": "non"})
    assert wrong.status_code == 400
    client.post("/compte/double-authentification/desactiver", data={"password": user.password})
    with app.app_context():
        assert not db.session.get(User, user.id).totp_enabled


def test_five_wrong_codes_lock_and_end_the_session(app, factory):
    user = factory.user()
    setup = app.test_client()
    sign_in(app, setup, user)
    enrol(app, setup, user)
    attacker = app.test_client()
    login(attacker, user)
    for _ in range(5):
        attacker.post("/connexion/code", data={"code": "123456"})
    assert attacker.get("/connexion/code").headers["Location"].startswith("/connexion")
    with app.app_context():
        assert db.session.get(User, user.id).locked_until is not None


def test_no_private_menu_until_the_second_factor_is_passed(app, factory):
    user = factory.user(Role.SME_MEMBER)
    setup = app.test_client()
    sign_in(app, setup, user)
    enrol(app, setup, user)
    browser = app.test_client()
    login(browser, user)
    page = browser.get("/connexion/code").get_data(as_text=True)
    assert 'href="/pme"' not in page  # "Mes diagnostics" waits for the code
    browser.post("/connexion/code", data={"code": totp_now(app, user.id, offset_steps=1)})
    assert 'href="/pme"' in browser.get("/compte").get_data(as_text=True)
