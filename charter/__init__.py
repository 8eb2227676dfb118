"""Charte Cyber Normandie: the application factory.

``create_app`` reads like a table of contents: each concern has one ``init_app`` hook in its
own module.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

__all__ = ["create_app"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build and return a configured application.

    ``test_config`` is applied last, over every other source of configuration; tests pass
    their database and switches through it.
    """
    from charter import (
        bounds,
        bundle,
        cli,
        config,
        definitions,
        errors,
        extensions,
        fragments,
        headers,
        input_guard,
        partners,
        templating,
    )
    from charter.blueprints import register_blueprints
    from charter.services import kept_standing
    from charter.site_url import CharterFlask

    app = CharterFlask(
        __name__,
        instance_relative_config=True,
        template_folder=str(bundle.templates_dir()),
        static_folder="static",
    )
    config.load_configuration(app, test_config)
    definitions.init_app(app)

    extensions.init_app(app)
    kept_standing.install()
    headers.init_app(app)
    input_guard.init_app(app)
    templating.init_app(app)
    fragments.init_app(app)
    partners.init_app(app)
    bounds.init_app(app)
    register_blueprints(app)
    errors.init_app(app)
    cli.init_app(app)
    return app
