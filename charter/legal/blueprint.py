"""The ``legal`` blueprint and what its route modules share (see the package's docstring)."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

bp = Blueprint("legal", __name__)


@bp.record_once
def _warn_about_examples(state: BlueprintSetupState) -> None:
    """In production, say at start-up which legal values are still the shipped examples."""
    from charter.legal.settings import example_settings

    app = state.app
    examples = example_settings(app.config)
    if app.config["ENVIRONMENT"] == "production" and examples:
        app.logger.warning(
            "legal pages show example values: set %s",
            ", ".join(f"CHARTER_{name}" for name in examples),
        )
