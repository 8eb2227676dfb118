"""Closing sections of the diagnosis report: progress, peers, method, contacts.

Called by ``diagnosis.py`` only. The method text follows ``docs/scoring.md``; if the scoring
rules change, both change together.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from charter.core.audience import Audience
from charter.core.figures import FIGURES
from charter.core.i18n import N_
from charter.core.numbers import number_text, percent_text, signed_text
from charter.core.results import PeerSummary
from charter.core.scoring import progress
from charter.reports.charts import progress_chart
from charter.reports.data import MIN_GROUP, Contact, DiagnosisReportData, check_peer_summary
from charter.reports.diagnosis_sections import data_table
from charter.reports.formatting import esc, fr_date, fr_score
from charter.reports.palette import PRIMARY, PRIMARY_LIGHT, RULE
from charter.reports.plan_parts import is_legacy
from charter.reports.styles import bullets, heading, markup, table_style, text


def progress_section(data: DiagnosisReportData) -> list[Flowable]:
    """Change of the index and of each theme since the previous diagnosis (when given)."""
    if data.previous is None or data.previous_submitted_at is None:
        return []
    change = progress(data.previous, data.result)
    when = fr_date(data.previous_submitted_at)
    story: list[Flowable] = [heading("Votre progression")]
    if change.index_delta is not None:
        story.append(
            text(
                f"Depuis votre diagnostic du {when}, votre score est passé de "
                f"{number_text(change.previous_index or 0)} à "
                f"{number_text(change.current_index or 0)} "
                f"sur 100 ({signed_text(change.index_delta)} points)."
            )
        )
    else:
        story.append(text(f"Comparaison avec votre diagnostic du {when}."))
    if data.previous.questionnaire_id != data.result.questionnaire_id:
        story.append(
            text(
                "Le diagnostic précédent utilisait un autre questionnaire : seuls les thèmes "
                "communs aux deux sont comparés.",
                "note",
            )
        )
    before = [(t.title, t.previous) for t in change.themes]
    after = [(t.title, t.current) for t in change.themes]
    chart = progress_chart(before, after, width=493, previous_label=f"Diagnostic du {when}")
    story += [text("Score par thème, sur 100 :", "label"), chart]
    return [KeepTogether(story)]


def _position(score: float | None, summary: PeerSummary) -> str:
    if score is None:
        return "non applicable"
    if score >= summary.third_quartile:
        return "parmi le quart le plus avancé"
    if score >= summary.median:
        return "au-dessus de la médiane"
    if score >= summary.first_quartile:
        return "en dessous de la médiane"
    return "parmi le quart le moins avancé"


def peers_section(data: DiagnosisReportData) -> list[Flowable]:
    """Median and quartiles of comparable organisations, only for groups of 5 or more.

    Raises ValueError if any summary covers fewer than ``MIN_GROUP`` organisations, even when
    the caller bypassed ``PeerComparison``'s own check: nobody may be singled out.
    """
    peers = data.peers
    if peers is None:
        return []
    if peers.count < MIN_GROUP:
        raise ValueError(f"a peer group needs at least {MIN_GROUP} organisations")
    check_peer_summary(peers.index, "index")
    header = ["", "Votre score", "1er quartile", "Médiane", "3e quartile", "Votre position"]
    rows: list[list[Any]] = []

    def row(label: str, score: float | None, summary: PeerSummary, bold: bool = False) -> None:
        figures = (summary.first_quartile, summary.median, summary.third_quartile)
        rows.append(
            [text(label, "cell_bold" if bold else "cell"), text(fr_score(score), "cell_bold")]
            + [text(number_text(f), "cell") for f in figures]
            + [text(_position(score, summary), "cell")]
        )

    row("Score global", data.result.index, peers.index, bold=True)
    for theme in data.result.themes:
        summary = peers.themes.get(theme.id)
        if summary is not None:
            check_peer_summary(summary, f"theme {theme.id}")
            row(theme.title, theme.score, summary)
    section: list[Flowable] = [
        heading("Comparaison avec des entreprises comparables"),
        text(
            f"Groupe de comparaison : {peers.group_label}, soit {peers.count} autres "
            "entreprises ayant répondu au même questionnaire. Votre entreprise n'est pas comptée "
            "dans le groupe, et aucune comparaison n'est faite avec moins de "
            f"{MIN_GROUP} entreprises."
        ),
        text(
            "La médiane partage le groupe en deux moitiés. Le premier quartile est le score sous "
            "lequel se trouve le quart le moins avancé du groupe ; le troisième quartile, celui "
            "au-dessus duquel se trouve le quart le plus avancé."
        ),
        data_table(header, rows, (140, 66, 62, 56, 62, 107)),
    ]
    return [KeepTogether(section)]


LEGACY_PLAN_RULE = (
    "Le plan d'action place d'abord les mesures liées à une question essentielle, puis les "
    "plus prioritaires, puis celles dont la réponse est la plus basse ; les six premières "
    "sont à mettre en place dans les six mois."
)
PLAN_RULE = (
    "Le plan d'action place d'abord les mesures liées à une question essentielle non "
    "satisfaite (« Je ne sais pas » compris : à vérifier d'abord), puis celles des réponses "
    "sous le seuil, puis les autres ; dans chaque groupe, la mesure qui réduit le plus le "
    "risque passe en premier (poids de la question × poids du thème × part des points "
    "manquants). Les six premières sont à mettre en place dans les six mois."
)


def plan_rule(data: DiagnosisReportData) -> str:
    """The ranking rule the plan of ``data`` was built with (plans frozen before issue 16 kept
    the former rule, and say so)."""
    entries = (*data.result.priorities, *data.result.others)
    return LEGACY_PLAN_RULE if any(is_legacy(e) for e in entries) else PLAN_RULE


def method_section(data: DiagnosisReportData) -> list[Flowable]:
    """How the scores are computed (plain French), the questionnaire's identity, the uncertainty."""
    questionnaire, result = data.questionnaire, data.result
    cap = next((lv.name for lv in questionnaire.levels if lv.id == questionnaire.essential_cap), "")
    pass_score = number_text(questionnaire.essential_pass_score)
    sentences = [
        "Chaque réponse vaut de 0 à 3 points, fixés par le questionnaire ; la note d'une question "
        "est cette valeur divisée par 3.",
        "« Je ne sais pas » et les questions restées sans réponse comptent 0, car ne pas savoir "
        "est déjà un risque ; « Non applicable » retire la question du calcul.",
        "Le score d'un thème est la moyenne des notes de ses questions applicables, pondérée par "
        "le poids de chaque question (de 0,5 à 3), exprimée sur 100 ; un thème sans question "
        "applicable est « non applicable ».",
        "Le score global est la moyenne des scores des thèmes applicables, pondérée par le poids "
        "de chaque thème.",
        "Le niveau est le plus élevé dont le seuil est atteint ; si une question essentielle est "
        f"manquée (moins de {pass_score} points sur 3, « Je ne sais pas » ou sans réponse), il "
        f"est plafonné à « {cap} », sans changer le score.",
        plan_rule(data),
        f"Une comparaison avec d'autres entreprises n'est montrée que si au moins {MIN_GROUP} "
        "autres entreprises forment le groupe.",
    ]
    levels = "; ".join(
        f"{lv.name} à partir de {number_text(lv.min)}" for lv in questionnaire.levels
    )
    unsure = result.unknown_count
    share = percent_text(result.uncertainty) if result.uncertainty is not None else "0 %"
    uncertainty = (
        f"{unsure} réponse{'s' if unsure > 1 else ''} « Je ne sais pas » ou sans réponse sur "
        f"{result.applicable_count} questions applicables, soit {share} de l'ensemble."
    )
    if result.unanswered:
        uncertainty += f" Dont {len(result.unanswered)} sans réponse."
    return [
        heading("Méthode de calcul"),
        bullets(sentences, "small"),
        Spacer(1, 4),
        markup(f"<b>Niveaux :</b> {esc(levels)}.", "small"),
        markup(f"<b>Part d'incertitude :</b> {esc(uncertainty)}", "small"),
        markup(
            f"<b>Questionnaire :</b> {esc(questionnaire.title)} (identifiant "
            f"« {esc(questionnaire.id)} », version {questionnaire.version}). <b>Empreinte "
            f"SHA-256 :</b> {esc(data.questionnaire_hash)}",
            "small",
        ),
        text(
            "Cette empreinte identifie le texte exact des questions et des règles utilisées : "
            "le même questionnaire redonne toujours le même résultat.",
            "note",
        ),
    ]


def incident_steps(audience: str, translate: Callable[[str], str] = str) -> list[str]:
    """What to do first in an attack, for a company or for a signatory provider.

    The delays come from ``charter/core/figures.py``, like the questionnaires'. ``translate``
    is gettext on the web; the PDF prints French. Called by the PDF and the results page.
    """
    delays = {
        "plainte": FIGURES["delai-plainte"],
        "cnil": FIGURES["delai-notification-cnil"],
        "clients": FIGURES["delai-information-client"],
    }
    isolate = N_("Débranchez du réseau (câble et Wi-Fi) l'appareil touché, sans l'éteindre.")
    complaint = N_(
        "Gardez les traces (messages, captures d'écran) et déposez plainte dans les "
        "%(plainte)s : sans plainte dans ce délai, l'assureur n'indemnise pas l'attaque (Code "
        "des assurances, article L12-10-1)."
    )
    cnil = N_(
        "Si des données personnelles sont touchées, celles des salariés comprises, prévenez la "
        "CNIL dans les %(cnil)s."
    )
    if audience == Audience.PROVIDER:
        steps = [
            isolate,
            N_(
                "Prévenez votre référent sécurité, puis les clients qui peuvent être touchés dans "
                "les %(clients)s, et la Région."
            ),
            N_(
                "Suspendez vos accès d'administration chez les clients le temps de vérifier qu'ils "
                "ne sont pas compromis."
            ),
            complaint,
            cnil,
        ]
    else:
        steps = [
            isolate,
            N_(
                "Prévenez votre prestataire informatique et, en Normandie, le centre régional de "
                "réponse aux incidents (contacts ci-dessous)."
            ),
            complaint,
            cnil,
        ]
    return [translate(step) % delays for step in steps]


def _contact_cell(contact: Contact) -> list[Flowable]:
    cell: list[Flowable] = [text(contact.name, "cell_bold"), text(contact.description, "cell")]
    details = []
    if contact.phone:
        details.append(f"Téléphone : {esc(contact.phone)}")
    if contact.email:
        address = esc(contact.email)
        details.append(f'Courriel : <link href="mailto:{address}" color="#1d4f91">{address}</link>')
    if details:
        cell.append(markup(" · ".join(details), "cell"))
    return cell


def _contacts_table(contacts: tuple[Contact, ...]) -> Table:
    rows = []
    for contact in contacts:
        links = [
            markup(f'<link href="{esc(address)}" color="#1d4f91">{esc(address)}</link>', "cell")
            if address.startswith(("https://", "http://"))
            else text(address, "cell")
            for address in contact.addresses
        ]
        rows.append([_contact_cell(contact), links])
    table = Table(rows, colWidths=[300, 193], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _providers(data: DiagnosisReportData) -> list[Flowable]:
    """The company's providers, or signatories suggested from the directory."""
    help_ = data.help
    if help_ is None:
        if not data.provider_name:
            return []
        return [
            markup(
                f"<b>Votre prestataire :</b> {esc(data.provider_name)} vous a accompagné pour ce "
                "diagnostic et peut vous aider à mettre en place votre plan d'action."
            )
        ]
    story: list[Flowable] = []
    if help_.providers:
        title = (
            "Votre prestataire"
            if help_.linked
            else "Des prestataires signataires près de chez vous"
        )
        story += [text(title, "h3"), _contacts_table(help_.providers)]
    if help_.directory_url:
        story.append(
            markup(
                "Tous les prestataires signataires de la charte, par département et par service : "
                f'<link href="{esc(help_.directory_url)}" color="#1d4f91">'
                f"{esc(help_.directory_url)}</link>",
                "small",
            )
        )
    return story


def contacts_section(data: DiagnosisReportData) -> list[Flowable]:
    """« Qui peut vous aider » : what to do in an attack, then providers, then services."""
    steps = incident_steps(data.questionnaire.audience)
    alert = Table([[[text("En cas d'attaque", "h3"), bullets(steps, "small")]]], colWidths=[493])
    alert.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), PRIMARY_LIGHT),
                ("LINEBEFORE", (0, 0), (0, -1), 3, PRIMARY),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    story: list[Flowable] = [heading("Qui peut vous aider"), alert, Spacer(1, 8)]
    story += _providers(data)
    if data.contacts:
        story += [
            Spacer(1, 6),
            text("Services publics et contacts de la Région", "h3"),
            _contacts_table(data.contacts),
        ]
    return story
