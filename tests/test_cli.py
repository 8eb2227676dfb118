"""Operator commands: demo data and administrator creation."""

from __future__ import annotations

from sqlalchemy import func, select

from charter.extensions import db
from charter.models import Organization, OrganizationKind, Role, User
from charter.services.audit import verify_chain


def _counts(app):
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(Organization)),
            db.session.scalar(select(func.count()).select_from(User)),
        )


def test_demo_loads_realistic_data_and_is_idempotent(app, runner):
    first = runner.invoke(args=["charter", "demo"])
    assert first.exit_code == 0, first.output
    assert "admin@region-normandie.example" in first.output
    counts = _counts(app)
    assert runner.invoke(args=["charter", "demo"]).exit_code == 0
    assert _counts(app) == counts
    with app.app_context():
        kinds = db.session.scalars(select(Organization.kind)).all()
        assert kinds.count(OrganizationKind.PROVIDER) >= 2
        assert kinds.count(OrganizationKind.SME) >= 3
        roles = set(db.session.scalars(select(User.role)))
        assert {Role.REGION_ADMIN, Role.PROVIDER_MEMBER, Role.SME_MEMBER} <= roles
        assert verify_chain(db.session).ok


def test_create_admin(app, runner):
    result = runner.invoke(
        args=[
            "charter",
            "create-admin",
            "Chef@Region.example",
            "--password",
            "une phrase de passe solide",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email="chef@region.example"))
        assert user.role is Role.REGION_ADMIN
        assert user.email_verified_at is not None


def test_create_admin_refuses_a_weak_password_and_a_duplicate(app, runner):
    weak = runner.invoke(args=["charter", "create-admin", "a@b.example", "--password", "court"])
    assert weak.exit_code != 0
    assert "12 caractères" in weak.output
    ok = ["charter", "create-admin", "a@b.example", "--password", "une phrase de passe solide"]
    assert runner.invoke(args=ok).exit_code == 0
    again = runner.invoke(args=ok)
    assert again.exit_code != 0
    assert "existe déjà" in again.output


def test_demo_region_accounts_have_two_factor_and_demo_code_prints_it(app, runner):
    import pyotp

    runner.invoke(args=["charter", "demo"])
    with app.app_context():
        admin = db.session.scalar(select(User).filter_by(email="admin@region-normandie.example"))
        assert admin.totp_enabled
        secret = admin.totp_secret
    result = runner.invoke(args=["charter", "demo-code", "admin@region-normandie.example"])
    assert result.exit_code == 0
    assert pyotp.TOTP(secret).verify(result.output.strip(), valid_window=1)


def test_demo_code_is_refused_outside_development(app, runner):
    app.config["ENVIRONMENT"] = "production"
    result = runner.invoke(args=["charter", "demo-code", "admin@region-normandie.example"])
    assert result.exit_code != 0
