"""Rate limits of the authentication pages, read from configuration at request time."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app


def configured(name: str) -> Callable[[], str]:
    """A Flask-Limiter limit provider for the configuration key ``name``."""
    return lambda: current_app.config[name]
