"""Registering the blueprints: one per audience or area."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    """Attach every blueprint to the app."""
    from charter.public import bp as public_bp

    app.register_blueprint(public_bp)
