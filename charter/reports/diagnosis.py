"""The PDF report of a submitted self-diagnosis (docs/design.md §7).

``render_diagnosis_report`` is called by the web layer after it has read everything it needs
and closed its transaction (a PDF never renders inside an open write transaction). Pure: the
same ``DiagnosisReportData`` always gives the same bytes.

Order of the report: cover (result, radar, the six priorities), one block per priority action,
detail by theme, other measures, progress, peers, method, contacts.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from charter.core.audience import Audience
from charter.core.numbers import number_text, percent_text
from charter.reports.charts import radar_chart
from charter.reports.data import DiagnosisReportData
from charter.reports.diagnosis_annexes import (
    contacts_section,
    method_section,
    peers_section,
    progress_section,
)
from charter.reports.diagnosis_sections import (
    CONTENT_WIDTH,
    action_blocks,
    data_table,
    other_measures,
    theme_details,
)
from charter.reports.formatting import cost_label, effort_label, esc, fr_date
from charter.reports.i18n import N_, _, ngettext
from charter.reports.palette import MUTED, PRIMARY, PRIMARY_LIGHT, RULE
from charter.reports.palette import hex_colour as hx
from charter.reports.pdf import PdfMeta, build_pdf
from charter.reports.plan_parts import flags, is_legacy
from charter.reports.styles import heading, markup, table_style, text

TITLES = {
    Audience.SME: N_("Rapport d'autodiagnostic de cybersécurité"),
    Audience.PROVIDER: N_("Rapport d'autoévaluation du prestataire"),
}
#: The product's name, as the cover prints it.
KICKER = "CHARTE CYBER NORMANDIE"


def report_title(data: DiagnosisReportData) -> str:
    """Title of the report (translated): an SME's self-diagnosis or a provider's
    self-assessment."""
    return _(TITLES.get(data.questionnaire.audience, TITLES[Audience.SME]))


def _facts(data: DiagnosisReportData) -> Table:
    """Questionnaire, date and provider, as a two-column table."""
    questionnaire = data.questionnaire
    when = (
        _("Date de l'autoévaluation")
        if questionnaire.audience == Audience.PROVIDER
        else _("Date du diagnostic")
    )
    rows = [
        (
            _("Questionnaire"),
            _(
                "%(title)s, version %(version)s",
                title=questionnaire.title,
                version=questionnaire.version,
            ),
        ),
        (when, fr_date(data.submitted_at)),
    ]
    profile = " · ".join(label for label in (data.sector_label, data.size_label) if label)
    if profile:
        rows.append((_("Profil"), profile))
    if data.provider_name:
        rows.append((_("Accompagné par"), data.provider_name))
    table = Table(
        [[text(label, "cell_bold"), text(value, "cell")] for label, value in rows],
        colWidths=[110, CONTENT_WIDTH - 110],
        hAlign="LEFT",
    )
    table.setStyle(
        table_style(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _result_box(data: DiagnosisReportData) -> Table:
    """Index out of 100 on the left; level, its meaning, cap and uncertainty on the right."""
    result = data.result
    figure = "—" if result.index is None else number_text(result.index)
    left = [
        text(_("Score global"), "center_small"),
        text(figure, "big"),
        text(_("sur 100"), "center"),
    ]
    right: list[Flowable] = [text(_("Niveau atteint"), "small")]
    if result.level is not None:
        right += [text(result.level.name, "cover_org"), text(result.level.description, "small")]
    else:
        right.append(text(_("Aucune question ne s'applique : pas de niveau."), "small"))
    if result.level_capped:
        right.append(
            text(
                _(
                    "Niveau plafonné : au moins une question essentielle n'est pas satisfaite "
                    "(voir les actions prioritaires)."
                ),
                "note",
            )
        )
    if result.uncertainty is not None:
        right.append(
            markup(
                ngettext(
                    "<b>Part d'incertitude :</b> %(share)s (%(count)s réponse « Je ne sais "
                    "pas » ou sans réponse sur %(total)s questions).",
                    "<b>Part d'incertitude :</b> %(share)s (%(count)s réponses « Je ne sais "
                    "pas » ou sans réponse sur %(total)s questions).",
                    result.unknown_count,
                    share=esc(percent_text(result.uncertainty)),
                    total=result.applicable_count,
                ),
                "small",
            )
        )
    table = Table([[left, right]], colWidths=[130, CONTENT_WIDTH - 130])
    table.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (0, 0), PRIMARY_LIGHT),
                ("BOX", (0, 0), (-1, -1), 0.75, PRIMARY),
                ("VALIGN", (0, 0), (0, 0), "MIDDLE"),
                ("VALIGN", (1, 0), (1, 0), "TOP"),
                ("LEFTPADDING", (1, 0), (1, 0), 12),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def _priority_table(data: DiagnosisReportData) -> list[Flowable]:
    entries = data.result.priorities
    if not entries:
        return [text(_("Aucune action prioritaire : toutes vos réponses sont les meilleures."))]
    if any(is_legacy(entry) for entry in entries):
        # A plan frozen before costs existed is printed as it was.
        rows: list[list[Any]] = [
            [
                text(str(number), "cell_bold"),
                text(entry.title, "cell"),
                text(effort_label(entry.effort), "cell"),
            ]
            for number, entry in enumerate(entries, start=1)
        ]
        widths = (26, CONTENT_WIDTH - 26 - 70, 70)
        return [data_table((_("N°"), _("Action"), _("Effort")), rows, widths, zebra=False)]
    rows = []
    for number, entry in enumerate(entries, start=1):
        # The marks follow the title on its line: the summary must stay on the cover.
        marks = " · ".join(esc(_(flag.label)) for flag in flags(entry))
        title = esc(entry.title) + (
            f' <font size="7" color="{hx(MUTED)}">— {marks}</font>' if marks else ""
        )
        rows.append(
            [
                text(str(number), "cell_bold"),
                markup(title, "cell"),
                text(cost_label(entry.cost, short=True) or "—", "cell"),
                text(effort_label(entry.effort), "cell"),
            ]
        )
    with_cost = (26, CONTENT_WIDTH - 26 - 95 - 60, 95, 60)
    columns = (_("N°"), _("Action"), _("Coût indicatif"), _("Effort"))
    return [data_table(columns, rows, with_cost, zebra=False)]


def cover(data: DiagnosisReportData) -> list[Flowable]:
    """First page: who, when, on which questionnaire, the result, the radar, the priorities."""
    themes = [(t.title, t.score) for t in data.result.themes]
    return [
        text(KICKER, "cover_kicker"),
        text(report_title(data), "cover_title"),
        text(data.organisation_name, "cover_org"),
        Spacer(1, 4),
        _facts(data),
        Spacer(1, 10),
        _result_box(data),
        KeepTogether(
            [
                heading(_("Score par thème, sur 100"), 2, outline=False),
                radar_chart(themes, width=CONTENT_WIDTH, height=220, label_width=125),
            ]
        ),
        KeepTogether(
            [
                heading(
                    _("Vos six actions prioritaires, à mettre en place dans les six mois"),
                    2,
                    outline=False,
                ),
                *_priority_table(data),
            ]
        ),
    ]


def _meta(data: DiagnosisReportData) -> PdfMeta:
    name, title = data.organisation_name, report_title(data)
    return PdfMeta(
        title=f"{title} — {name}",
        subject=_(
            "%(title)s, version %(version)s, du %(date)s",
            title=data.questionnaire.title,
            version=data.questionnaire.version,
            date=fr_date(data.submitted_at),
        ),
        moment=data.submitted_at,
        identity="\n".join(
            (
                "diagnosis",
                name,
                data.questionnaire.id,
                str(data.questionnaire.version),
                data.questionnaire_hash,
                data.submitted_at.isoformat(),
            )
        ),
        footer=f"{name} — {title}",
        header=f"{title} · {fr_date(data.submitted_at)}",
        keywords=(_("cybersécurité"), _("autodiagnostic"), "Charte Cyber Normandie"),
    )


def render_diagnosis_report(data: DiagnosisReportData) -> bytes:
    """Build the A4 PDF report of one submitted diagnosis and return its bytes.

    Called by the web layer's report download (and by ``bench/reports.py``). Raises
    ValueError when a peer summary covers fewer than 5 organisations.
    """
    story: list[Flowable] = [*cover(data), PageBreak()]
    actions = action_blocks(data)
    if actions:
        story += [*actions, PageBreak()]
    story += theme_details(data)
    for section in (other_measures, progress_section, peers_section):
        flowables = section(data)
        if flowables:
            story += [Spacer(1, 14), *flowables]
    # Method and contacts are what one keeps at hand: together, on a page of their own.
    story += [PageBreak(), *method_section(data), Spacer(1, 14), *contacts_section(data)]
    return build_pdf(story, _meta(data))
