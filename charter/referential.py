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

#: Sectors and size bands: ONE list each, asked at registration, in the SME questionnaires'
#: context questions (``secteur``, ``effectif``: their options must be these very codes and
#: labels, a test checks it) and printed in the PDF. Changing one means a migration of
#: ``organization`` and a new questionnaire version.
SECTORS: dict[str, object] = {
    "commerce": _l("Commerce, boutique, vente"),
    "metiers-de-bouche": _l("Métiers de bouche, alimentation"),
    "artisanat-batiment": _l("Artisanat, bâtiment, travaux"),
    "industrie": _l("Industrie, production, fabrication"),
    "agriculture-agroalimentaire": _l("Agriculture, pêche, agroalimentaire"),
    "hotels-restaurants-tourisme": _l("Hôtels, cafés, restaurants, tourisme"),
    "transport-logistique": _l("Transport, logistique"),
    "sante-social": _l("Santé, social, aide à la personne"),
    "services-entreprises": _l("Conseil, comptabilité, droit, services aux entreprises"),
    "immobilier-finance": _l("Immobilier, banque, assurance"),
    "numerique-communication": _l("Informatique, numérique, communication"),
    "association-public": _l("Association, collectivité"),
    "autre": _l("Autre secteur"),
}

SIZE_BANDS: dict[str, object] = {
    "1-9": _l("1 à 9 personnes"),
    "10-49": _l("10 à 49 personnes"),
    "50-249": _l("50 à 249 personnes"),
    "250-ou-plus": _l("250 personnes ou plus"),
}

#: Which SME context question holds which profile field.
PROFILE_CONTEXT: dict[str, str] = {"secteur": "sector", "effectif": "size_band"}
#: The list each of those context questions must offer.
PROFILE_LISTS: dict[str, dict[str, object]] = {"secteur": SECTORS, "effectif": SIZE_BANDS}


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
