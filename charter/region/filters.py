"""Template filters of the Region's pages: verdict and row-status labels."""

from __future__ import annotations

from flask_babel import gettext as _

from charter.core.compliance import VERDICT_LABELS
from charter.region import bp
from charter.services.compliance import ROW_STATUS_LABELS


@bp.app_template_filter("verdict_label")
def verdict_label(code: str) -> str:
    """French label of a verdict code ("a_regulariser" → "À régulariser")."""
    return _(VERDICT_LABELS[code])


@bp.app_template_filter("row_status")
def row_status(code: str) -> str:
    """French label of a compliance row's status ("expired" → "Expirée")."""
    return _(ROW_STATUS_LABELS[code])
