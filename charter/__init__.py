"""Charte Cyber Normandie: the application factory.

``create_app`` reads like a table of contents: each concern has one ``init_app`` hook in its
own module.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask

__all__ = ["create_app"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build and return a configured application.

    ``test_config`` is applied last, over every other source of configuration; tests pass
    their database and switches through it.
    """
    with collector_paused():
        return _build(test_config)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration of the block.

    The first application built in a process imports about a thousand modules. Every full
    collection on the way walks each object imported so far: a gunicorn worker took 1.05 s of
    CPU to build its application with them and 0.86 s without (``bench/start.py``, medians on
    the CI machine). Imports leave next to no cyclic garbage (about a thousand objects), which
    the next automatic collection after the block finds as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(test_config: dict[str, Any] | None) -> Flask:
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
    if not app.config["SERVE_ONLY"]:  # a gunicorn worker runs no command
        cli.init_app(app)
    return app
