"""Access control, stated once per blueprint (docs/design.md §8).

Each private blueprint calls :func:`restrict_blueprint` with the roles it serves. Objects are
then checked one by one in the blueprint's loaders, which answer 404 for anything outside the
visitor's organisation: another tenant's identifiers do not even exist for them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from charter.models import Role

#: Where each role lands after logging in (first existing endpoint wins).
HOME_ENDPOINTS: dict[Role, tuple[str, ...]] = {
    Role.PROVIDER_MEMBER: ("provider.dashboard", "account.overview"),
    Role.SME_MEMBER: ("sme.dashboard", "account.overview"),
    Role.REGION_REVIEWER: (
        "region.compliance",
        "region.dashboard",
        "region.signatures",
        "account.overview",
    ),
    Role.REGION_ADMIN: (
        "region.compliance",
        "region.dashboard",
        "region.signatures",
        "account.overview",
    ),
}

REGION_ROLES = frozenset({Role.REGION_REVIEWER, Role.REGION_ADMIN})
ORGANIZATION_ROLES = frozenset({Role.PROVIDER_MEMBER, Role.SME_MEMBER})

F = TypeVar("F", bound=Callable[..., Any])


def restrict_blueprint(blueprint: Blueprint, roles: Iterable[Role]) -> None:
    """Let only logged-in users with one of ``roles`` into ``blueprint``.

    Anonymous visitors are sent to the login page (and come back after); other roles get 403.
    The account gates (verified e-mail, second factor) have already run for every request.
    A provider or SME account that belongs to no organisation (it left, or was removed) is
    sent to its account page: the areas of an organisation have nothing to show it.
    """
    allowed = frozenset(roles)

    @blueprint.before_request
    def _check_role() -> object:
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
        if current_user.role not in allowed:
            abort(403)
        if current_user.role in ORGANIZATION_ROLES and current_user.organization_id is None:
            flash(
                _(
                    "Votre compte n'est rattaché à aucune entreprise. Pour rejoindre la vôtre, "
                    "demandez à son responsable de vous inviter."
                ),
                "warning",
            )
            return redirect(url_for("account.overview"))
        return None


def owner_required(view: F) -> F:
    """Let only the owners (« responsables ») of the organisation through; members get 403.

    For what only owners manage: the people, the sharing consent with providers, the company
    profile and signing the charter. Put it under the route decorator of a blueprint that
    :func:`restrict_blueprint` already limits to organisation roles.
    """

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated or not current_user.is_owner:
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def home_url_for(role: Role) -> str:
    """The landing page of a role, among the endpoints that exist."""
    for endpoint in HOME_ENDPOINTS[role]:
        if endpoint in current_app.view_functions:
            return url_for(endpoint)
    return url_for("public.home")


def is_safe_next(target: str | None) -> bool:
    """Whether ``target`` is a local path we may redirect to after login (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc
