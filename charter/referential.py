"""Fixed lists the forms, filters and exports share: departments, sectors, sizes, services.

Codes are stored in the database; labels are French, wrapped for translation at display time.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: The five departments of Normandy, where a signatory must be established.
NORMANDY_DEPARTMENTS: dict[str, object] = {
    "14": _l("Calvados (14)"),
    "27": _l("Eure (27)"),
    "50": _l("Manche (50)"),
    "61": _l("Orne (61)"),
    "76": _l("Seine-Maritime (76)"),
}


def _metropolitan_and_overseas() -> list[str]:
    codes = [f"{n:02d}" for n in range(1, 96) if n != 20]
    return sorted([*codes, "2A", "2B", "971", "972", "973", "974", "976"])


#: Every French department code, for SMEs established outside Normandy.
ALL_DEPARTMENTS: tuple[str, ...] = tuple(_metropolitan_and_overseas())

SECTORS: dict[str, object] = {
    "commerce": _l("Commerce, vente"),
    "artisanat-btp": _l("Artisanat, bâtiment"),
    "industrie": _l("Industrie, production"),
    "sante": _l("Santé, action sociale"),
    "juridique-comptable": _l("Professions juridiques, comptables, conseil"),
    "hotellerie-restauration": _l("Hôtellerie, restauration, tourisme"),
    "transport-logistique": _l("Transport, logistique"),
    "agriculture": _l("Agriculture, pêche, agroalimentaire"),
    "services": _l("Services aux entreprises ou aux particuliers"),
    "association-public": _l("Association, collectivité"),
    "autre": _l("Autre secteur"),
}

SIZE_BANDS: dict[str, object] = {
    "1-9": _l("1 à 9 personnes"),
    "10-49": _l("10 à 49 personnes"),
    "50-249": _l("50 à 249 personnes"),
    "250+": _l("250 personnes ou plus"),
}

PROVIDER_SERVICES: dict[str, object] = {
    "infogerance": _l("Infogérance, maintenance informatique"),
    "reseau": _l("Réseaux, télécoms"),
    "hebergement": _l("Hébergement, cloud"),
    "developpement": _l("Développement de logiciels, sites web"),
    "securite": _l("Sécurité informatique, audit"),
    "sauvegarde": _l("Sauvegarde, reprise d'activité"),
    "materiel": _l("Vente et installation de matériel"),
    "formation": _l("Formation, sensibilisation"),
    "conseil": _l("Conseil, assistance à maîtrise d'ouvrage"),
}
