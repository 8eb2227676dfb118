"""Migration 0100: the person who registered each organisation becomes its owner."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from charter.extensions import db
from tests.test_migrations import empty_app, empty_database_url  # noqa: F401  (fixtures)


def _user(connection, email, organization_id, created_at):
    connection.execute(
        text(
            "INSERT INTO user_account (email, full_name, password_hash, role, active, "
            "created_at, failed_logins, security_stamp, follow_up_emails, organization_id) "
            "VALUES (:email, 'X', 'x', 'sme_member', true, :created_at, 0, 0, true, :org)"
        ),
        {"email": email, "org": organization_id, "created_at": created_at},
    )


def test_the_earliest_account_of_each_organisation_becomes_its_owner(empty_app):  # noqa: F811
    app = empty_app
    with app.app_context():
        upgrade(revision="0051")
        with db.engine.begin() as connection:
            for org_id, siret in ((1, "11111111111111"), (2, "22222222222222")):
                connection.execute(
                    text(
                        "INSERT INTO organization (id, kind, name, siret, department, services, "
                        "directory_consent, created_at) VALUES (:id, 'sme', 'O', :siret, '14', "
                        "'[]', false, '2026-01-01 00:00:00')"
                    ),
                    {"id": org_id, "siret": siret},
                )
            _user(connection, "second@a.fr", 1, "2026-02-01 00:00:00")
            _user(connection, "first@a.fr", 1, "2026-01-01 00:00:00")
            _user(connection, "only@b.fr", 2, "2026-03-01 00:00:00")
            connection.execute(
                text(
                    "INSERT INTO user_account (email, full_name, password_hash, role, active, "
                    "created_at, failed_logins, security_stamp, follow_up_emails) VALUES "
                    "('region@r.fr', 'R', 'x', 'region_admin', true, '2026-01-01 00:00:00', 0, "
                    "0, true)"
                )
            )
        upgrade(revision="0100")
        with db.engine.connect() as connection:
            rows = connection.execute(text("SELECT email, organization_role FROM user_account"))
            roles = dict(rows.all())
        assert roles == {
            "first@a.fr": "owner",
            "second@a.fr": "member",
            "only@b.fr": "owner",
            "region@r.fr": None,
        }
        assert "member_invitation" in inspect(db.engine).get_table_names()
        downgrade(revision="0051")
        assert "member_invitation" not in inspect(db.engine).get_table_names()
        db.session.remove()
