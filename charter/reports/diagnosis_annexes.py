"""Closing sections of the diagnosis report: progress, peers, method, contacts.

Called by ``diagnosis.py`` only. The method text follows ``docs/scoring.md``; if the scoring
rules change, both change together.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from charter.core.audience import Audience
from charter.core.figures import FIGURES
from charter.core.numbers import number_text, percent_text, signed_text
from charter.core.results import PeerSummary
from charter.core.scoring import progress
from charter.reports.charts import progress_chart
from charter.reports.data import MIN_GROUP, Contact, DiagnosisReportData, check_peer_summary
from charter.reports.diagnosis_sections import data_table
from charter.reports.formatting import esc, fr_date, fr_score
from charter.reports.i18n import N_, _, ngettext
from charter.reports.palette import PRIMARY, PRIMARY_LIGHT, RULE
from charter.reports.plan_parts import is_legacy
from charter.reports.styles import bullets, heading, markup, table_style, text


def progress_section(data: DiagnosisReportData) -> list[Flowable]:
    """Change of the index and of each theme since the previous diagnosis (when given)."""
    if data.previous is None or data.previous_submitted_at is None:
        return []
    change = progress(data.previous, data.result)
    when = fr_date(data.previous_submitted_at)
    story: list[Flowable] = [heading(_("Votre progression"))]
    if change.index_delta is not None:
        story.append(
            text(
                _(
                    "Depuis votre diagnostic du %(date)s, votre score est passé de %(before)s à "
                    "%(after)s sur 100 (%(change)s points).",
                    date=when,
                    before=number_text(change.previous_index or 0),
                    after=number_text(change.current_index or 0),
                    change=signed_text(change.index_delta),
                )
            )
        )
    else:
        story.append(text(_("Comparaison avec votre diagnostic du %(date)s.", date=when)))
    if data.previous.questionnaire_id != data.result.questionnaire_id:
        story.append(
            text(
                _(
                    "Le diagnostic précédent utilisait un autre questionnaire : seuls les thèmes "
                    "communs aux deux sont comparés."
                ),
                "note",
            )
        )
    before = [(t.title, t.previous) for t in change.themes]
    after = [(t.title, t.current) for t in change.themes]
    previous_label = _("Diagnostic du %(date)s", date=when)
    chart = progress_chart(before, after, width=493, previous_label=previous_label)
    story += [text(_("Score par thème, sur 100 :"), "label"), chart]
    return [KeepTogether(story)]


def _position(score: float | None, summary: PeerSummary) -> str:
    if score is None:
        return _("non applicable")
    if score >= summary.third_quartile:
        return _("parmi le quart le plus avancé")
    if score >= summary.median:
        return _("au-dessus de la médiane")
    if score >= summary.first_quartile:
        return _("en dessous de la médiane")
    return _("parmi le quart le moins avancé")


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
    header = [
        "",
        _("Votre score"),
        _("1er quartile"),
        _("Médiane"),
        _("3e quartile"),
        _("Votre position"),
    ]
    rows: list[list[Any]] = []

    def row(label: str, score: float | None, summary: PeerSummary, bold: bool = False) -> None:
        figures = (summary.first_quartile, summary.median, summary.third_quartile)
        rows.append(
            [text(label, "cell_bold" if bold else "cell"), text(fr_score(score), "cell_bold")]
            + [text(number_text(f), "cell") for f in figures]
            + [text(_position(score, summary), "cell")]
        )

    row(_("Score global"), data.result.index, peers.index, bold=True)
    for theme in data.result.themes:
        summary = peers.themes.get(theme.id)
        if summary is not None:
            check_peer_summary(summary, f"theme {theme.id}")
            row(theme.title, theme.score, summary)
    section: list[Flowable] = [
        heading(_("Comparaison avec des entreprises comparables")),
        text(
            _(
                "Groupe de comparaison : %(group)s, soit %(count)s autres entreprises ayant "
                "répondu au même questionnaire. Votre entreprise n'est pas comptée dans le "
                "groupe, et aucune comparaison n'est faite avec moins de %(minimum)s entreprises.",
                group=peers.group_label,
                count=peers.count,
                minimum=MIN_GROUP,
            )
        ),
        text(
            _(
                "La médiane partage le groupe en deux moitiés. Le premier quartile est le score "
                "sous lequel se trouve le quart le moins avancé du groupe ; le troisième "
                "quartile, celui au-dessus duquel se trouve le quart le plus avancé."
            )
        ),
        data_table(header, rows, (140, 66, 62, 56, 62, 107)),
    ]
    return [KeepTogether(section)]


LEGACY_PLAN_RULE = N_(
    "Le plan d'action place d'abord les mesures liées à une question essentielle, puis les "
    "plus prioritaires, puis celles dont la réponse est la plus basse ; les six premières "
    "sont à mettre en place dans les six mois."
)
PLAN_RULE = N_(
    "Le plan d'action place d'abord les mesures liées à une question essentielle non "
    "satisfaite (« Je ne sais pas » compris : à vérifier d'abord), puis celles des réponses "
    "sous le seuil, puis les autres ; dans chaque groupe, la mesure qui réduit le plus le "
    "risque passe en premier (poids de la question × poids du thème × part des points "
    "manquants). Les six premières sont à mettre en place dans les six mois."
)


def plan_rule(data: DiagnosisReportData) -> str:
    """The ranking rule the plan of ``data`` was built with, translated (plans frozen before
    issue 16 kept the former rule, and say so)."""
    entries = (*data.result.priorities, *data.result.others)
    return _(LEGACY_PLAN_RULE if any(is_legacy(e) for e in entries) else PLAN_RULE)


def method_section(data: DiagnosisReportData) -> list[Flowable]:
    """How the scores are computed (plain French), the questionnaire's identity, the uncertainty."""
    questionnaire, result = data.questionnaire, data.result
    cap = next((lv.name for lv in questionnaire.levels if lv.id == questionnaire.essential_cap), "")
    pass_score = number_text(questionnaire.essential_pass_score)
    sentences = [
        _(
            "Chaque réponse vaut de 0 à 3 points, fixés par le questionnaire ; la note d'une "
            "question est cette valeur divisée par 3."
        ),
        _(
            "« Je ne sais pas » et les questions restées sans réponse comptent 0, car ne pas "
            "savoir est déjà un risque ; « Non applicable » retire la question du calcul."
        ),
        _(
            "Le score d'un thème est la moyenne des notes de ses questions applicables, pondérée "
            "par le poids de chaque question (de 0,5 à 3), exprimée sur 100 ; un thème sans "
            "question applicable est « non applicable »."
        ),
        _(
            "Le score global est la moyenne des scores des thèmes applicables, pondérée par le "
            "poids de chaque thème."
        ),
        _(
            "Le niveau est le plus élevé dont le seuil est atteint ; si une question essentielle "
            "est manquée (moins de %(points)s points sur 3, « Je ne sais pas » ou sans réponse), "
            "il est plafonné à « %(level)s », sans changer le score.",
            points=pass_score,
            level=cap,
        ),
        plan_rule(data),
        _(
            "Une comparaison avec d'autres entreprises n'est montrée que si au moins "
            "%(minimum)s autres entreprises forment le groupe.",
            minimum=MIN_GROUP,
        ),
    ]
    levels = "; ".join(
        _("%(level)s à partir de %(score)s", level=lv.name, score=number_text(lv.min))
        for lv in questionnaire.levels
    )
    share = percent_text(result.uncertainty) if result.uncertainty is not None else "0 %"
    uncertainty = ngettext(
        "%(count)s réponse « Je ne sais pas » ou sans réponse sur %(total)s questions "
        "applicables, soit %(share)s de l'ensemble.",
        "%(count)s réponses « Je ne sais pas » ou sans réponse sur %(total)s questions "
        "applicables, soit %(share)s de l'ensemble.",
        result.unknown_count,
        total=result.applicable_count,
        share=share,
    )
    if result.unanswered:
        uncertainty += " " + _("Dont %(count)s sans réponse.", count=len(result.unanswered))
    return [
        heading(_("Méthode de calcul")),
        bullets(sentences, "small"),
        Spacer(1, 4),
        markup(_("<b>Niveaux :</b> %(levels)s.", levels=esc(levels)), "small"),
        markup(_("<b>Part d'incertitude :</b> %(detail)s", detail=esc(uncertainty)), "small"),
        markup(
            _(
                "<b>Questionnaire :</b> %(title)s (identifiant « %(id)s », version "
                "%(version)s). <b>Empreinte SHA-256 :</b> %(hash)s",
                title=esc(questionnaire.title),
                id=esc(questionnaire.id),
                version=questionnaire.version,
                hash=esc(data.questionnaire_hash),
            ),
            "small",
        ),
        text(
            _(
                "Cette empreinte identifie le texte exact des questions et des règles "
                "utilisées : le même questionnaire redonne toujours le même résultat."
            ),
            "note",
        ),
    ]


def incident_steps(audience: str) -> list[str]:
    """What to do first in an attack, for a company or for a signatory provider (translated).

    The delays come from ``charter/core/figures.py``, like the questionnaires'. Called by the
    PDF and the results page.
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
    return [_(step, **delays) for step in steps]


def _contact_cell(contact: Contact) -> list[Flowable]:
    cell: list[Flowable] = [text(contact.name, "cell_bold"), text(contact.description, "cell")]
    details = []
    if contact.phone:
        details.append(_("Téléphone : %(phone)s", phone=esc(contact.phone)))
    if contact.email:
        address = esc(contact.email)
        link = f'<link href="mailto:{address}" color="#1d4f91">{address}</link>'
        details.append(_("Courriel : %(address)s", address=link))
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
                _(
                    "<b>Votre prestataire :</b> %(name)s vous a accompagné pour ce diagnostic et "
                    "peut vous aider à mettre en place votre plan d'action.",
                    name=esc(data.provider_name),
                )
            )
        ]
    story: list[Flowable] = []
    if help_.providers:
        title = (
            _("Votre prestataire")
            if help_.linked
            else _("Des prestataires signataires près de chez vous")
        )
        story += [text(title, "h3"), _contacts_table(help_.providers)]
    if help_.directory_url:
        address = esc(help_.directory_url)
        link = f'<link href="{address}" color="#1d4f91">{address}</link>'
        story.append(
            markup(
                _(
                    "Tous les prestataires signataires de la charte, par département et par "
                    "service : %(link)s",
                    link=link,
                ),
                "small",
            )
        )
    return story


def contacts_section(data: DiagnosisReportData) -> list[Flowable]:
    """« Qui peut vous aider » : what to do in an attack, then providers, then services."""
    steps = incident_steps(data.questionnaire.audience)
    alert = Table([[[text(_("En cas d'attaque"), "h3"), bullets(steps, "small")]]], colWidths=[493])
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
    story: list[Flowable] = [heading(_("Qui peut vous aider")), alert, Spacer(1, 8)]
    story += _providers(data)
    if data.contacts:
        story += [
            Spacer(1, 6),
            text(_("Services publics et contacts de la Région"), "h3"),
            _contacts_table(data.contacts),
        ]
    return story
