"""Command-line interface: ``flask --app charter charter ...`` (docs/design.md §9)."""

from __future__ import annotations

from flask import Flask

from charter.cli.group import charter_cli


def init_app(app: Flask) -> None:
    """Attach the ``charter`` command group and its subcommands."""
    # Each module registers its commands on charter_cli when imported.
    from charter.cli import (  # noqa: F401
        accounts,
        audit,
        backup,
        content,
        demo,
        imports,
        legal,
        mail,
        retention,
        signing,
        standing,
    )

    app.cli.add_command(charter_cli)
