"""The configured values of the legal pages, and which of them are still examples.

Every default in :class:`charter.config.Defaults` for these settings is an example; a value
left at its default (never set by the instance file or a ``CHARTER_*`` variable) is shown with
an "Exemple — à remplacer par …" tag saying what goes there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from charter.config import Defaults

#: Setting name -> what the deploying Region puts there (shown beside an example value).
LEGAL_SETTINGS: dict[str, Any] = {
    "LEGAL_PUBLISHER": _l("le nom de l'organisme qui édite le service"),
    "LEGAL_PUBLISHER_ADDRESS": _l("l'adresse postale de l'éditeur"),
    "LEGAL_PUBLISHER_PHONE": _l("le numéro de téléphone de l'éditeur"),
    "LEGAL_PUBLISHER_EMAIL": _l("l'adresse de contact de l'éditeur"),
    "LEGAL_DIRECTOR": _l("le nom et la fonction du directeur ou de la directrice de publication"),
    "LEGAL_HOST": _l("le nom de l'hébergeur"),
    "LEGAL_HOST_ADDRESS": _l("l'adresse postale de l'hébergeur"),
    "LEGAL_HOST_PHONE": _l("le numéro de téléphone de l'hébergeur"),
    "PRIVACY_CONTROLLER": _l("le responsable du traitement des données"),
    "DPO_CONTACT": _l("l'adresse du délégué à la protection des données"),
    "SECURITY_CONTACT": _l("l'adresse de signalement des problèmes de sécurité"),
    "ACCESSIBILITY_CONTACT": _l("l'adresse de contact pour l'accessibilité"),
    "ACCESSIBILITY_STATEMENT_DATE": _l("la date d'établissement de la déclaration"),
}


@dataclass(frozen=True)
class Setting:
    """A configured value as the pages show it."""

    name: str
    value: str
    example: bool
    replace_with: Any

    @property
    def href(self) -> str | None:
        """A link for a contact: ``mailto:`` for an address, the URL itself for a web page."""
        if self.value.startswith(("https://", "http://")):
            return self.value
        if "@" in self.value:
            return f"mailto:{self.value}"
        return None


def example_settings(config: Mapping[str, Any]) -> list[str]:
    """Names of the legal settings left at their shipped example: never set, and still equal
    to it (a value set on purpose is not an example, even when it equals the default)."""
    explicit = config.get("EXPLICIT_SETTINGS") or frozenset()
    return [
        name
        for name in LEGAL_SETTINGS
        if name not in explicit and str(config.get(name)) == str(getattr(Defaults, name))
    ]


def legal_settings() -> dict[str, Setting]:
    """Every legal setting of the current app, by name."""
    config = current_app.config
    examples = set(example_settings(config))
    return {
        name: Setting(name, str(config.get(name, "")), name in examples, replace_with)
        for name, replace_with in LEGAL_SETTINGS.items()
    }


def statement_date() -> date | None:
    """ACCESSIBILITY_STATEMENT_DATE as a date (None when it is not an ISO date)."""
    try:
        return date.fromisoformat(str(current_app.config["ACCESSIBILITY_STATEMENT_DATE"]))
    except ValueError:
        return None


def retention_days() -> dict[str, int]:
    """The retention periods, by setting name without its prefix (``unverified_account``...)."""
    return {
        name.removeprefix("RETENTION_").removesuffix("_DAYS").lower(): int(value)
        for name, value in current_app.config.items()
        if name.startswith("RETENTION_") and name.endswith("_DAYS")
    }
