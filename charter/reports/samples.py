"""Realistic, deterministic sample data for previews, the benchmark and the tests.

The answers mix best, partial and weak options, "Je ne sais pas", "Non applicable" (chosen or
from the context) and a few comments full of French characters, like a real small company's
diagnosis. Nothing random: the same questionnaire always gives the same sample.
"""

from __future__ import annotations

from datetime import UTC, datetime

from charter.core.audience import Audience
from charter.core.questionnaire.model import NOT_APPLICABLE, UNKNOWN, Question, Questionnaire
from charter.core.questionnaire.snapshot import definition_hash
from charter.core.results import PeerSummary
from charter.core.scoring import peer_summary, score_assessment
from charter.reports.data import (
    NATIONAL_CONTACTS,
    CertificateData,
    Contact,
    DiagnosisReportData,
    HelpSection,
    PeerComparison,
)

#: One pick per question, in turn: "best", "mid" (an option in the middle), "low", "unknown".
CURRENT_PATTERN = ("best", "mid", "best", "low", "unknown", "best", "mid", "best", "low", "best")
PREVIOUS_PATTERN = ("mid", "low", "best", "low", "unknown", "low", "mid", "unknown", "low", "mid")

COMMENTS = (
    "Sauvegarde sur un disque USB « WD » gardé à l'accueil… à revoir avec notre prestataire.",
    "Le gérant s'en occupe lui-même ; coût estimé : 120 € par an.",
    "Œuvre en cours : l'équipe a reçu une formation à l'hameçonnage en février.",
    "Pas sûr : c'est l'ancien salarié qui gérait ça, et ça n'a jamais été noté.",
)


def _pick(question: Question, how: str) -> str:
    options = sorted(question.options, key=lambda o: (o.score or 0, o.key))
    if how == "unknown" and question.allow_unknown:
        return UNKNOWN
    if how == "best" or len(options) < 2:
        return options[-1].key
    if how == "low":
        return options[0].key
    return options[len(options) // 2].key


def sample_answers(
    questionnaire: Questionnaire, pattern: tuple[str, ...] = CURRENT_PATTERN
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Return ``(context, answers, comments)`` for ``questionnaire``, following ``pattern``.

    Context questions take their first or second option in turn (which leaves some questions,
    sometimes a whole theme, not applicable);
    every seventh question that allows it is answered "Non applicable".
    """
    context = {c.id: c.options[n % 2].key for n, c in enumerate(questionnaire.context)}
    answers: dict[str, str] = {}
    comments: dict[str, str] = {}
    for number, question in enumerate(questionnaire.questions()):
        if question.allow_not_applicable and number % 7 == 3:
            answers[question.id] = NOT_APPLICABLE
        else:
            answers[question.id] = _pick(question, pattern[number % len(pattern)])
        if number % 9 == 1 and question.allow_comment:
            comments[question.id] = COMMENTS[(number // 9) % len(COMMENTS)]
    return context, answers, comments


def sample_peers(questionnaire: Questionnaire) -> PeerComparison:
    """A comparison group of 12 organisations with plausible indexes and theme scores."""
    indexes = [31.5, 38.0, 42.5, 47.0, 51.5, 55.0, 58.5, 61.0, 64.5, 70.0, 74.5, 81.0]

    def summary(shift: float) -> PeerSummary:
        result = peer_summary([max(0.0, min(100.0, v + shift)) for v in indexes])
        assert result is not None  # 12 values, above the threshold
        return result

    themes = {theme.id: summary((n % 3 - 1) * 6.5) for n, theme in enumerate(questionnaire.themes)}
    return PeerComparison(
        group_label="Commerce, vente — 10 à 49 personnes",
        count=len(indexes),
        index=summary(0),
        themes=themes,
    )


#: « Qui peut vous aider » of the samples: a linked provider (fictitious, example.org addresses)
#: and a Region contact as configuration would give it (no phone number: none is shipped).
SAMPLE_HELP = HelpSection(
    providers=(
        Contact(
            "Infogérance du Bessin SARL",
            "Bayeux, Calvados (14). Il voit les résultats de vos diagnostics et peut vous aider à "
            "mettre en place ce plan d'action.",
            ("https://infogerance-bessin.example.org",),
            email="contact@infogerance-bessin.example.org",
        ),
    ),
    linked=True,
    directory_url="https://charte-cyber.example.org/annuaire?departement=14",
)
SAMPLE_CONTACTS = (
    Contact(
        "Normandie Cyber",
        "Le centre régional de réponse aux incidents : le premier contact en Normandie si votre "
        "entreprise est victime d'une attaque informatique.",
        ("https://adnormandie.fr/besoin/normandie-cyber/",),
    ),
    *NATIONAL_CONTACTS,
)


def sample_diagnosis(
    questionnaire: Questionnaire,
    *,
    organisation_name: str = "Boulangerie Lefèvre & Fils — Bayeux",
    with_previous: bool = True,
    with_peers: bool = True,
) -> DiagnosisReportData:
    """A complete ``DiagnosisReportData`` for ``questionnaire`` (progress and peers optional)."""
    context, answers, comments = sample_answers(questionnaire)
    result = score_assessment(questionnaire, context, answers)
    previous = previous_at = None
    if with_previous:
        _, old_answers, _ = sample_answers(questionnaire, PREVIOUS_PATTERN)
        previous = score_assessment(questionnaire, context, old_answers)
        previous_at = datetime(2025, 3, 3, 14, 0, tzinfo=UTC)
    return DiagnosisReportData(
        organisation_name=organisation_name,
        questionnaire=questionnaire,
        result=result,
        submitted_at=datetime(2026, 3, 12, 9, 30, tzinfo=UTC),
        questionnaire_hash=definition_hash(questionnaire),
        answers=answers,
        comments=comments,
        sector_label="Commerce, vente",
        size_label="10 à 49 personnes",
        previous=previous,
        previous_submitted_at=previous_at,
        peers=sample_peers(questionnaire) if with_peers else None,
        provider_name="Infogérance du Bessin SARL",
        contacts=SAMPLE_CONTACTS,
        help=SAMPLE_HELP if questionnaire.audience == Audience.SME else None,
    )


def sample_certificate() -> CertificateData:
    """A validated signature of a fictitious provider, for previews and tests."""
    return CertificateData(
        organisation_name="Côté Réseaux & Cœur Numérique SAS",
        siret="73282932000074",
        charter_title=(
            "Charte cybersécurité pour les prestataires de services informatiques et "
            "numériques normands"
        ),
        charter_version="v1",
        signed_at=datetime(2026, 1, 15, 10, 12, tzinfo=UTC),
        validated_at=datetime(2026, 1, 22, 16, 40, tzinfo=UTC),
        expires_at=datetime(2028, 1, 22, 16, 40, tzinfo=UTC),
        certificate_number="CCN-2026-00042",
        verification_url="https://charte-cyber.example.org/verification/CCN-2026-00042",
        signer_name="Émilie Lœuillet",
        signer_role="Gérante",
    )
