"""Menus: which links each audience sees in the header and every page's footer.

Links whose endpoint does not exist (yet) are left out, so areas can be added one by one.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g, has_request_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from charter.auth.gates import pending_step
from charter.models import Role

#: (endpoint, label, audiences) where audiences are Role values or "anonymous".
NAV_ITEMS: tuple[tuple[str, Any, frozenset[str]], ...] = (
    ("provider.dashboard", _l("Tableau de bord"), frozenset({Role.PROVIDER_MEMBER})),
    ("provider.clients", _l("Mes clients"), frozenset({Role.PROVIDER_MEMBER})),
    ("provider.assessments", _l("Mon auto-évaluation"), frozenset({Role.PROVIDER_MEMBER})),
    ("sme.dashboard", _l("Mes diagnostics"), frozenset({Role.SME_MEMBER})),
    ("sme.plan", _l("Mon plan d'action"), frozenset({Role.SME_MEMBER})),
    ("sme.providers", _l("Mes prestataires"), frozenset({Role.SME_MEMBER})),
    ("team.members_list", _l("Équipe"), frozenset({Role.PROVIDER_MEMBER, Role.SME_MEMBER})),
    (
        "region.signatures",
        _l("Signatures à valider"),
        frozenset({Role.REGION_REVIEWER, Role.REGION_ADMIN}),
    ),
    ("region.compliance", _l("Signataires"), frozenset({Role.REGION_REVIEWER, Role.REGION_ADMIN})),
    ("region.dashboard", _l("Statistiques"), frozenset({Role.REGION_REVIEWER, Role.REGION_ADMIN})),
    (
        "region.charter_versions",
        _l("Versions de la charte"),
        frozenset({Role.REGION_REVIEWER, Role.REGION_ADMIN}),
    ),
    ("region.audit_log", _l("Journal"), frozenset({Role.REGION_REVIEWER, Role.REGION_ADMIN})),
    ("region.users", _l("Utilisateurs"), frozenset({Role.REGION_ADMIN})),
    ("public.charter", _l("La charte"), frozenset({"anonymous", Role.PROVIDER_MEMBER})),
    ("public.directory", _l("Annuaire des signataires"), frozenset({"anonymous", Role.SME_MEMBER})),
)

FOOTER_LINKS: tuple[tuple[str, Any], ...] = (
    ("public.charter", _l("La charte")),
    ("public.directory", _l("Annuaire")),
    ("legal.privacy", _l("Données personnelles")),
    ("legal.accessibility", _l("Accessibilité : partiellement conforme")),
    ("legal.legal_notice", _l("Mentions légales")),
    ("legal.terms", _l("Conditions d'utilisation")),
    ("legal.security", _l("Signaler un problème de sécurité")),
)


def navigation_context() -> dict[str, Any]:
    """Template variables ``nav_items``, ``footer_links`` and ``endpoints``."""
    endpoints = current_app.view_functions.keys()
    if g.get("minimal_page"):  # an error page that must not touch the database
        return {"endpoints": (), "nav_items": [], "footer_links": []}
    if not has_request_context():  # a mail rendered by a command: there is no visitor
        return {"endpoints": endpoints, "nav_items": [], "footer_links": []}
    audience = current_user.role if current_user.is_authenticated else "anonymous"
    if audience != "anonymous" and pending_step() is not None:
        # Until the e-mail is confirmed, the second factor passed and the terms accepted, the
        # private menus would only lead back to that step: show none.
        audience = "pending"
    return {
        "endpoints": endpoints,
        "nav_items": [
            (e, label) for e, label, who in NAV_ITEMS if audience in who and e in endpoints
        ],
        "footer_links": [(e, label) for e, label in FOOTER_LINKS if e in endpoints],
    }
