"""Legal and trust pages: terms of use and their acceptance, privacy notice, accessibility
statement, legal notice, how to report a security problem (``/.well-known/security.txt``).

All public, except the acceptance page, which needs a login. Their values (publisher, host,
contacts, retention periods) come from configuration: see :mod:`charter.legal.settings`.
"""

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


from charter.legal import routes  # noqa: E402,F401  (routes attach themselves to bp)
