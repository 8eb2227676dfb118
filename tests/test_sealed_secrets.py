"""TOTP secrets are sealed at rest: a copy of the database does not give the second factors
away, and rotating the secret key keeps them (charter/sealing.py)."""

from __future__ import annotations

import logging

import pyotp

from charter.extensions import db
from charter.models import Role, User
from tests.conftest import TEST_SECRET
from tests.helpers import read_totp_secret, sign_in, stored_totp_secret

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NEW_KEY = "another-secret-key-just-as-long-0123456789abcdef"


def test_the_database_never_holds_the_secret_in_clear(app, factory):
    user = factory.user(Role.REGION_ADMIN, totp_secret=SECRET)
    raw = stored_totp_secret(app, user.id)
    assert SECRET not in raw and len(raw) > 100
    assert read_totp_secret(app, user.id) == SECRET


def test_enrolment_seals_the_new_secret_and_its_codes_work(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    sign_in(app, client, user)
    client.post("/compte/double-authentification/commencer")
    secret = read_totp_secret(app, user.id)
    assert secret and secret not in stored_totp_secret(app, user.id)
    page = client.get("/compte/double-authentification").get_data(as_text=True)
    assert secret in page  # shown during enrolment, for typing it into an app
    confirmed = client.post(
        "/compte/double-authentification/confirmer", data={"code": pyotp.TOTP(secret).now()}
    )
    assert confirmed.status_code == 200
    with app.app_context():
        assert db.session.get(User, user.id).totp_enabled


def test_another_key_cannot_open_it_and_a_fallback_can(make_app, app, factory, caplog):
    user = factory.user(Role.REGION_ADMIN, totp_secret=SECRET)
    stranger = make_app(SECRET_KEY=NEW_KEY)
    with caplog.at_level(logging.ERROR, logger="charter.sealing"):
        assert read_totp_secret(stranger, user.id) is None
    assert "SECRET_KEY_FALLBACKS" in caplog.text

    rotated = make_app(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[TEST_SECRET])
    assert read_totp_secret(rotated, user.id) == SECRET
    # The last step of a rotation: everything sealed again with the new key.
    result = rotated.test_cli_runner().invoke(args=["charter", "reseal-secrets"])
    assert result.exit_code == 0, result.output
    assert "scellés à nouveau : 1" in result.output
    assert read_totp_secret(make_app(SECRET_KEY=NEW_KEY), user.id) == SECRET
    assert read_totp_secret(app, user.id) is None  # the old key alone no longer opens it


def test_reseal_refuses_to_forget_a_secret_it_cannot_open(make_app, app, factory):
    user = factory.user(Role.REGION_ADMIN, totp_secret=SECRET)
    before = stored_totp_secret(app, user.id)
    stranger = make_app(SECRET_KEY=NEW_KEY)
    result = stranger.test_cli_runner().invoke(args=["charter", "reseal-secrets"])
    assert result.exit_code != 0
    assert "SECRET_KEY_FALLBACKS" in result.output
    assert stored_totp_secret(app, user.id) == before and read_totp_secret(app, user.id) == SECRET
