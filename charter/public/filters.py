"""Template filters for the charter's vocabulary: statuses, departments, services, SIRET.

Registered on the application by the public blueprint (always present), so every area's
templates can use them.
"""

from __future__ import annotations

from flask_babel import gettext as _

from charter.core.signatures import PUBLIC_STATE_LABELS, STATUS_LABELS
from charter.public.blueprint import bp
from charter.referential import NORMANDY_DEPARTMENTS, PROVIDER_SERVICES
from charter.reports.formatting import format_siret


@bp.app_template_filter("signature_status")
def signature_status(status: object) -> str:
    """French label of a stored signature status (enum or value)."""
    value = getattr(status, "value", status)
    return _(STATUS_LABELS[str(value)])


@bp.app_template_filter("public_state")
def public_state_label(state: str) -> str:
    """French label of a certificate's public state (valid, expired...)."""
    return _(PUBLIC_STATE_LABELS[state])


@bp.app_template_filter("department")
def department_label(code: str) -> str:
    """ "Calvados (14)" for "14"; the code itself outside Normandy."""
    return str(NORMANDY_DEPARTMENTS.get(code, code))


@bp.app_template_filter("service")
def service_label(code: str) -> str:
    """French label of a provider service code."""
    return str(PROVIDER_SERVICES.get(code, code))


@bp.app_template_filter("siret")
def siret(value: str) -> str:
    """A SIRET grouped as printed on a Kbis: 732 829 320 00074."""
    return format_siret(value)
