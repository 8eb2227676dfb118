"""Registering the blueprints: one per audience or area."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    """Attach every blueprint to the app, and the account gates that run before them."""
    from charter.account import bp as account_bp
    from charter.auth import bp as auth_bp
    from charter.auth import gates
    from charter.clients import bp as clients_bp
    from charter.legal import bp as legal_bp
    from charter.provider import bp as provider_bp
    from charter.public import bp as public_bp
    from charter.region import bp as region_bp
    from charter.sme import bp as sme_bp
    from charter.team import bp as team_bp
    from charter.team import join_bp as team_join_bp

    gates.init_app(app)
    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp)
    app.register_blueprint(sme_bp)
    app.register_blueprint(legal_bp)
    app.register_blueprint(provider_bp)
    app.register_blueprint(region_bp)
    app.register_blueprint(clients_bp)
    app.register_blueprint(team_bp)
    app.register_blueprint(team_join_bp)
