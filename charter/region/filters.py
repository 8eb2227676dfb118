"""Template filters of the Region's pages: verdict, row-status and reason labels.

A page of the compliance list shows hundreds of labels drawn from a dozen strings; each is
translated once per request and kept in ``g`` (Flask-Babel's lookup costs about 0.1 ms a call,
which added up to a quarter of the page's time).
"""

from __future__ import annotations

from flask import g
from flask_babel import gettext as _

from charter.core.compliance import VERDICT_LABELS
from charter.region.blueprint import bp
from charter.services.compliance_facts import ROW_STATUS_LABELS


def translated(message: str) -> str:
    """``gettext(message)``, computed once per request."""
    cache: dict[str, str] = g.setdefault("region_labels", {})
    if message not in cache:
        cache[message] = _(message)
    return cache[message]


@bp.app_template_filter("verdict_label")
def verdict_label(code: str) -> str:
    """French label of a verdict code ("a_regulariser" → "À régulariser")."""
    return translated(VERDICT_LABELS[code])


@bp.app_template_filter("row_status")
def row_status(code: str) -> str:
    """French label of a compliance row's status ("expired" → "Expirée")."""
    return translated(ROW_STATUS_LABELS[code])


@bp.app_template_filter("reason_label")
def reason_label(message: str) -> str:
    """A verdict reason's label, translated."""
    return translated(message)


#: The State's public directory of companies: one page per establishment (SIRET) or company.
PUBLIC_RECORD_URL = "https://annuaire-entreprises.data.gouv.fr"


@bp.app_template_filter("public_record")
def public_record(siret: str) -> str:
    """The address of a company's public record: the establishment's page for a 14-digit
    SIRET, the company's page for a 9-digit SIREN, the directory's home for anything else."""
    digits = "".join(siret.split())
    if len(digits) == 14 and digits.isdecimal():
        return f"{PUBLIC_RECORD_URL}/etablissement/{digits}"
    if len(digits) == 9 and digits.isdecimal():
        return f"{PUBLIC_RECORD_URL}/entreprise/{digits}"
    return PUBLIC_RECORD_URL
