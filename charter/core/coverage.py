"""Coverage of the ANSSI references by the questionnaires, and its Markdown table.

For every reference of the three ANSSI sources (hygiene guide 1-42, CPME guide 1-12, ten golden
rules), and for every questionnaire: the questions and measures that cite it, or the reason it
was deliberately left out (``questionnaires/coverage-exclusions.yaml``), or nothing ("not
covered"). ``flask --app charter charter questionnaires coverage`` writes the table to
``docs/coverage.md`` (``charter.core.coverage_page``); the content gates (``tests/content``)
check hygiene 1-40 and CPME 1-12 on it.

Pure: no Flask, no database; the output only depends on the data given (same files, same bytes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from charter.core.charter_text import CharterText
from charter.core.questionnaire.model import CoverageExclusions, Questionnaire

Status = Literal["covered", "left_out", "not_covered"]


@dataclass(frozen=True)
class Family:
    """One ANSSI source: references ``<prefix>-1`` to ``<prefix>-<size>``."""

    prefix: str
    title: str
    size: int
    reinforced: frozenset[int] = frozenset()

    def references(self) -> tuple[str, ...]:
        return tuple(f"{self.prefix}-{n}" for n in range(1, self.size + 1))


FAMILIES: tuple[Family, ...] = (
    Family("hygiene", "Guide d'hygiène informatique (ANSSI)", 42, frozenset({38, 41, 42})),
    Family("cpme", "Guide des bonnes pratiques de l'informatique (ANSSI et CPME)", 12),
    Family("regles", "Dix règles d'or préventives (ANSSI)", 10),
)

#: Short topic of each reference, in our own words, so that the table reads without the guides.
TOPICS: Mapping[str, str] = {
    "hygiene-1": "Former les équipes informatiques à la sécurité",
    "hygiene-2": "Sensibiliser les utilisateurs aux bonnes pratiques",
    "hygiene-3": "Maîtriser les risques liés aux prestataires informatiques",
    "hygiene-4": "Repérer les données et serveurs sensibles, tenir un schéma du réseau",
    "hygiene-5": "Recenser les comptes à privilèges",
    "hygiene-6": "Organiser les arrivées, les départs et les changements de poste",
    "hygiene-7": "N'admettre sur le réseau que des appareils maîtrisés",
    "hygiene-8": "Des comptes nominatifs, et l'administration sur des comptes à part",
    "hygiene-9": "Donner les droits sur les ressources sensibles au plus juste",
    "hygiene-10": "Fixer des règles de mots de passe et les vérifier",
    "hygiene-11": "Protéger les mots de passe enregistrés",
    "hygiene-12": "Changer les identifiants livrés par défaut",
    "hygiene-13": "Préférer la double authentification",
    "hygiene-14": "Un niveau de sécurité minimal sur chaque poste",
    "hygiene-15": "Se protéger des clés USB et autres supports amovibles",
    "hygiene-16": "Gérer les réglages de sécurité depuis un outil central",
    "hygiene-17": "Activer le pare-feu de chaque poste",
    "hygiene-18": "Chiffrer les données sensibles envoyées par Internet",
    "hygiene-19": "Découper le réseau en zones",
    "hygiene-20": "Protéger le Wi-Fi et séparer les usages (invités)",
    "hygiene-21": "Employer des protocoles réseau sûrs",
    "hygiene-22": "Protéger la passerelle vers Internet",
    "hygiene-23": "Isoler les services ouverts sur Internet",
    "hygiene-24": "Protéger la messagerie professionnelle",
    "hygiene-25": "Protéger les connexions avec les partenaires",
    "hygiene-26": "Contrôler l'accès physique aux salles techniques",
    "hygiene-27": "Pas d'Internet sur les postes d'administration",
    "hygiene-28": "Un réseau réservé à l'administration",
    "hygiene-29": "Limiter les droits d'administration sur les postes",
    "hygiene-30": "Protéger physiquement les appareils nomades",
    "hygiene-31": "Chiffrer les données des appareils qui peuvent se perdre",
    "hygiene-32": "Protéger les connexions à distance (VPN)",
    "hygiene-33": "Des règles pour les smartphones et les tablettes",
    "hygiene-34": "Une politique de mises à jour",
    "hygiene-35": "Anticiper les fins de support, limiter les dépendances",
    "hygiene-36": "Garder les journaux des équipements importants",
    "hygiene-37": "Une politique de sauvegarde des éléments critiques",
    "hygiene-38": "Faire auditer la sécurité régulièrement",
    "hygiene-39": "Un référent sécurité connu de tous",
    "hygiene-40": "Une procédure en cas d'incident",
    "hygiene-41": "Mener une analyse de risques formelle",
    "hygiene-42": "Préférer les produits et services qualifiés par l'ANSSI",
    "cpme-1": "Choisir ses mots de passe avec soin",
    "cpme-2": "Mettre ses logiciels à jour régulièrement",
    "cpme-3": "Bien connaître ses utilisateurs et ses prestataires",
    "cpme-4": "Sauvegarder régulièrement",
    "cpme-5": "Protéger le Wi-Fi de l'entreprise",
    "cpme-6": "Traiter smartphones et tablettes comme des ordinateurs",
    "cpme-7": "Protéger ses données en déplacement",
    "cpme-8": "Se méfier des messages reçus (hameçonnage)",
    "cpme-9": "Télécharger les logiciels sur les sites officiels",
    "cpme-10": "Être vigilant en payant en ligne",
    "cpme-11": "Séparer usages personnels et professionnels",
    "cpme-12": "Prendre soin de ses informations et de son identité en ligne",
    "regles-1": "Des mots de passe solides",
    "regles-2": "Des sauvegardes",
    "regles-3": "Des mises à jour",
    "regles-4": "Une protection contre les logiciels malveillants",
    "regles-5": "Éviter les Wi-Fi publics ou inconnus",
    "regles-6": "Séparer usages professionnels et personnels",
    "regles-7": "Des sources de confiance uniquement",
    "regles-8": "Le moindre privilège",
    "regles-9": "Protéger la messagerie",
    "regles-10": "Maîtriser ce que l'on publie en ligne",
}


@dataclass(frozen=True)
class Cell:
    """One reference in one questionnaire: the ids citing it, and the exclusion reason if any."""

    questions: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    left_out: str | None = None

    @property
    def status(self) -> Status:
        if self.questions or self.measures:
            return "covered"
        return "left_out" if self.left_out is not None else "not_covered"


@dataclass(frozen=True)
class Row:
    """One reference, with one cell per questionnaire (in ``Coverage.questionnaires`` order)."""

    reference: str
    family: Family
    number: int
    topic: str
    cells: tuple[Cell, ...]

    @property
    def reinforced(self) -> bool:
        """Only at the reinforced level of the hygiene guide (38, 41, 42)."""
        return self.number in self.family.reinforced

    @property
    def status(self) -> Status:
        """Covered by one questionnaire at least; else left out by one at least; else not."""
        statuses = {cell.status for cell in self.cells}
        if "covered" in statuses:
            return "covered"
        return "left_out" if "left_out" in statuses else "not_covered"


@dataclass(frozen=True)
class Coverage:
    """The whole table: questionnaire ids (sorted) and one row per reference, family by family."""

    questionnaires: tuple[str, ...]
    rows: tuple[Row, ...]

    def row(self, reference: str) -> Row:
        """The row of ``reference`` (e.g. "hygiene-13"). Raises KeyError if unknown."""
        found = next((r for r in self.rows if r.reference == reference), None)
        if found is None:
            raise KeyError(reference)
        return found

    def cell(self, reference: str, questionnaire_id: str) -> Cell:
        """The cell of ``reference`` in ``questionnaire_id``; KeyError if either is unknown."""
        if questionnaire_id not in self.questionnaires:
            raise KeyError(questionnaire_id)
        return self.row(reference).cells[self.questionnaires.index(questionnaire_id)]

    def unaccounted(self, questionnaire_id: str, references: Iterable[str]) -> list[str]:
        """Those of ``references`` that ``questionnaire_id`` neither covers nor leaves out."""
        return [r for r in references if self.cell(r, questionnaire_id).status == "not_covered"]

    def contradictions(self) -> list[tuple[str, str]]:
        """(questionnaire, reference) pairs listed as left out although the file covers them."""
        return [
            (questionnaire_id, row.reference)
            for row in self.rows
            for questionnaire_id, cell in zip(self.questionnaires, row.cells, strict=True)
            if cell.status == "covered" and cell.left_out is not None
        ]


def compute_coverage(
    questionnaires: Iterable[Questionnaire], exclusions: CoverageExclusions
) -> Coverage:
    """Build the coverage table of ``questionnaires`` (any order) with their ``exclusions``.

    Called by ``charter questionnaires coverage`` and the content gates. Raises ValueError when
    an exclusion names a questionnaire that is not given (``questionnaires check`` reports it
    with the file and path first).
    """
    by_id = {q.id: q for q in questionnaires}
    ids = tuple(sorted(by_id))
    reasons: dict[tuple[str, str], str] = {}
    for item in exclusions.left_out:
        if item.questionnaire not in by_id:
            raise ValueError(f"coverage exclusion for unknown questionnaire '{item.questionnaire}'")
        reasons[(item.questionnaire, item.reference)] = item.reason
    citations = {qid: _citations(by_id[qid]) for qid in ids}
    rows = []
    for family in FAMILIES:
        for number, reference in enumerate(family.references(), start=1):
            cells = tuple(
                Cell(
                    questions=citations[qid][0].get(reference, ()),
                    measures=citations[qid][1].get(reference, ()),
                    left_out=reasons.get((qid, reference)),
                )
                for qid in ids
            )
            rows.append(Row(reference, family, number, TOPICS[reference], cells))
    return Coverage(ids, tuple(rows))


def _citations(
    questionnaire: Questionnaire,
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Question ids and measure ids citing each reference, in file order."""
    questions: dict[str, tuple[str, ...]] = {}
    for question in questionnaire.questions():
        for reference in dict.fromkeys(question.references):
            questions[reference] = (*questions.get(reference, ()), question.id)
    measures: dict[str, tuple[str, ...]] = {}
    for measure in questionnaire.measures:
        for reference in dict.fromkeys(measure.references):
            measures[reference] = (*measures.get(reference, ()), measure.id)
    return questions, measures


# ---------------------------------------------------------------- charter commitments


@dataclass(frozen=True)
class CommitmentRow:
    """One numbered commitment of a charter version and the provider questions that measure it."""

    charter_version: str
    number: int
    title: str
    essential: tuple[str, ...]  # essential question ids of the provider questionnaire
    others: tuple[str, ...]  # the other question ids that also cite it


def commitment_coverage(
    questionnaire: Questionnaire, charters: Iterable[CharterText]
) -> tuple[CommitmentRow, ...]:
    """For each commitment of each charter, the questions of ``questionnaire`` citing it.

    A commitment is measured when an essential question cites its number (``commitments:``
    on the question): failing it then caps the self-assessment and fails the compliance rule.
    Called by ``charter questionnaires coverage`` and the content gates.
    """
    rows = []
    for charter in charters:
        for commitment in charter.commitments:
            citing = [q for q in questionnaire.questions() if commitment.number in q.commitments]
            rows.append(
                CommitmentRow(
                    charter.version,
                    commitment.number,
                    commitment.title,
                    tuple(q.id for q in citing if q.essential),
                    tuple(q.id for q in citing if not q.essential),
                )
            )
    return tuple(rows)
