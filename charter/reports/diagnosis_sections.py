"""Sections of the diagnosis report about the answers: action blocks, detail by theme, annex.

Each builder returns a list of platypus flowables and is called by ``diagnosis.py`` only. Every
text from the questionnaire or the user goes through ``text()``/``bullets()`` or ``esc()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from charter.core.numbers import number_text
from charter.core.questionnaire.model import NOT_APPLICABLE, UNKNOWN, Measure, Question
from charter.core.results import PlanEntry, QuestionResult
from charter.reports.data import DiagnosisReportData
from charter.reports.fonts import BOLD, REGULAR
from charter.reports.formatting import cost_label, effort_label, esc, reference_label
from charter.reports.i18n import N_, _
from charter.reports.palette import BAD, GOOD, MUTED, PRIMARY_LIGHT, RULE, UNSURE, WARN, ZEBRA
from charter.reports.palette import hex_colour as hx
from charter.reports.plan_parts import facts as plan_facts
from charter.reports.plan_parts import flags, is_legacy, link_markup, links_block, quick_wins
from charter.reports.styles import bullets, heading, markup, table_style, text

#: status id -> (glyph, label, colour); the glyph and the word carry the meaning, not the colour.
#: The labels are msgids, translated where they are shown.
STATUSES: dict[str, tuple[str, str, Color]] = {
    "good": ("✔", N_("Bon"), GOOD),
    "improve": ("▲", N_("À améliorer"), WARN),
    "poor": ("✖", N_("Insuffisant"), BAD),
    "unsure": ("?", N_("Incertain"), UNSURE),
    "not_applicable": ("–", N_("Non applicable"), MUTED),
}

CONTENT_WIDTH = 493.0  # A4 width minus two margins of 1.8 cm, in points


def question_status(result: QuestionResult) -> str:
    """Status id of one answer: best answer "good", at least half the points "improve"..."""
    if result.status == "not_applicable" or result.q is None:
        return "not_applicable"
    if result.status in ("unknown", "unanswered"):
        return "unsure"
    if result.q >= 1 - 1e-9:
        return "good"
    return "improve" if result.q >= 0.5 else "poor"


def status_markup(status: str) -> str:
    """Glyph (coloured) and word of a status, as trusted markup for a table cell."""
    glyph, label, colour = STATUSES[status]
    return f'<font color="{hx(colour)}"><b>{glyph}</b></font> {esc(_(label))}'


def answer_label(question: Question, result: QuestionResult | None, raw: str | None) -> str:
    """The answer as the user saw it: the option's label, "Je ne sais pas", "Non applicable"...
    (the last three translated)."""
    if result is not None and result.status == "not_applicable":
        return _("Non applicable")
    value = result.answer if result is not None and result.answer is not None else raw
    if result is not None and result.status == "unanswered":
        return _("Sans réponse")
    if value == UNKNOWN:
        return _("Je ne sais pas")
    if value == NOT_APPLICABLE:
        return _("Non applicable")
    option = question.option(value) if value else None
    return option.label if option is not None else _("Sans réponse")


def _table_style(header: bool = True, zebra: int = 0) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), PRIMARY_LIGHT))
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, ZEBRA]))
    return table_style(commands)


def data_table(
    header: Sequence[str],
    rows: list[list[Any]],
    widths: Sequence[float],
    zebra: bool = True,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A table with a header row (short constant words) repeated on every page it spans.

    Header cells are plain strings set in bold: cheaper than paragraphs, and never long.
    ``extra`` holds more style commands (e.g. a colour per cell).
    """
    table = Table([list(header), *rows], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(_table_style(zebra=int(zebra)))
    table.setStyle(table_style([("FONT", (0, 0), (-1, 0), BOLD, 8), *extra]))
    return table


def how_to(measure: Measure) -> list[Flowable]:
    """The "how" of a measure: lines starting with "- " become a list, others paragraphs."""
    flowables: list[Flowable] = []
    items: list[str] = []
    for line in measure.how.splitlines():
        line = line.strip()
        if line.startswith(("- ", "* ")):
            items.append(line[2:].strip())
            continue
        if items:
            flowables.append(bullets(items))
            items = []
        if line:
            flowables.append(text(line))
    if items:
        flowables.append(bullets(items))
    return flowables


def _triggered_by(data: DiagnosisReportData, entry: PlanEntry) -> list[str]:
    questions = {q.id: q for q in data.questionnaire.questions()}
    results = {r.id: r for r in data.result.questions}
    lines = []
    for question_id in entry.questions:
        question = questions.get(question_id)
        if question is None:
            continue
        answer = answer_label(question, results.get(question_id), data.answers.get(question_id))
        lines.append(
            _("%(question)s Votre réponse : « %(answer)s ».", question=question.text, answer=answer)
        )
    return lines


def _quick_win_box(data: DiagnosisReportData) -> list[Flowable]:
    """« Cette semaine » : free, low-effort actions of the whole plan, to start with."""
    wins = quick_wins((*data.result.priorities, *data.result.others))
    if not wins:
        return []
    box = Table(
        [
            [
                [
                    text(_("À faire cette semaine, sans frais"), "h3"),
                    text(
                        _(
                            "Ces gestes sont gratuits et rapides : vous pouvez les faire tout de "
                            "suite, en plus de l'ordre du plan."
                        ),
                        "small",
                    ),
                    bullets([entry.title for entry in wins], "small"),
                ]
            ]
        ],
        colWidths=[CONTENT_WIDTH],
    )
    box.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), PRIMARY_LIGHT),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return [box, Spacer(1, 8)]


def _facts_line(entry: PlanEntry) -> Flowable:
    if is_legacy(entry):
        facts = _("<b>Effort :</b> %(effort)s", effort=esc(effort_label(entry.effort)))
        if entry.essential:
            facts += " · <b>" + esc(_("Protection essentielle")) + "</b>"
        return markup(facts)
    return markup(
        " · ".join(
            f"<b>{esc(label)} :</b> {esc(value)}"
            for label, value in plan_facts(entry, effort_label(entry.effort))
        )
    )


def action_blocks(data: DiagnosisReportData) -> list[Flowable]:
    """One block per priority action: why, how, effort, cost, time, triggering answers, links."""
    measures = {m.id: m for m in data.questionnaire.measures}
    if not data.result.priorities:
        return []  # the cover already says that there is nothing to do
    story: list[Flowable] = [heading(_("Vos actions prioritaires"))]
    story.append(
        text(
            _(
                "Ces actions sont classées par ordre d'importance : commencez par la première. "
                "Chacune explique pourquoi elle compte et comment la mettre en place."
            )
        )
    )
    story += _quick_win_box(data)
    for number, entry in enumerate(data.result.priorities, start=1):
        measure = measures.get(entry.measure_id)
        block: list[Flowable] = [heading(f"{number}. {entry.title}", 2), _facts_line(entry)]
        for flag in flags(entry):
            note = f"<b>{esc(_(flag.label))}</b>" + (f" — {esc(_(flag.hint))}" if flag.hint else "")
            block.append(markup(note, "note"))
        if measure is not None:
            block += [text(_("Pourquoi ?"), "label"), text(measure.why)]
            block += [text(_("Comment faire ?"), "label"), *how_to(measure)]
        triggers = _triggered_by(data, entry)
        if triggers:
            block += [
                text(_("Pourquoi cette action vous est proposée"), "label"),
                bullets(triggers),
            ]
        links = links_block(entry)
        if links:
            block += [text(_("Pour aller plus loin (ressources officielles)"), "label"), *links]
        references = " ; ".join(reference_label(r) for r in entry.references)
        block.append(
            markup(_("<b>Références :</b> %(references)s", references=esc(references)), "small")
        )
        block.append(Spacer(1, 6))
        story.append(KeepTogether(block))
    return story


def theme_details(data: DiagnosisReportData) -> list[Flowable]:
    """Each theme's score, then each question with the answer given, a status and a comment."""
    results = {r.id: r for r in data.result.questions}
    legend = " · ".join(status_markup(s) for s in STATUSES)
    story: list[Flowable] = [
        heading(_("Détail de vos réponses par thème")),
        text(
            _(
                "Pour chaque question : la réponse donnée et son état. « Bon » est la meilleure "
                "réponse ; « À améliorer » rapporte au moins la moitié des points ; "
                "« Insuffisant » moins de la moitié ; « Incertain » signale « Je ne sais pas » "
                "ou une question sans réponse."
            )
        ),
        markup(legend, "small"),
    ]
    for theme in data.questionnaire.themes:
        theme_result = data.result.theme(theme.id)
        score = theme_result.score if theme_result is not None else None
        figure = _("non applicable") if score is None else f"{number_text(score)} / 100"
        story.append(heading(f"{theme.title} — {figure}", 2))
        rows: list[list[Any]] = []
        colours: list[tuple[Any, ...]] = [("FONT", (2, 1), (2, -1), REGULAR, 8.5)]
        for number, question in enumerate(theme.questions, start=1):
            result = results.get(question.id)
            cell: list[Flowable] = [text(question.text, "cell")]
            if question.essential:
                cell.append(text(_("Question essentielle"), "cell_note"))
            comment = (data.comments.get(question.id) or "").strip()
            if comment:
                cell.append(
                    text(_("Votre commentaire : %(comment)s", comment=comment), "cell_note")
                )
            answer = answer_label(question, result, data.answers.get(question.id))
            status = question_status(result) if result is not None else "unsure"
            glyph, label, colour = STATUSES[status]
            # A plain cell in the status colour: the glyph and the word carry the meaning.
            rows.append([cell, text(answer, "cell"), f"{glyph} {_(label)}"])
            colours.append(("TEXTCOLOR", (2, number), (2, number), colour))
        header = (_("Question"), _("Votre réponse"), _("État"))
        story.append(data_table(header, rows, (262, 145, 86), extra=colours))
    return story


def other_measures(data: DiagnosisReportData) -> list[Flowable]:
    """Annex: the measures beyond the six priorities, in plan order, compactly."""
    if not data.result.others:
        return []
    start = len(data.result.priorities) + 1
    intro = text(
        _(
            "Une fois les actions prioritaires en place, ces mesures complètent votre protection. "
            "Elles sont classées dans le même ordre que le plan d'action."
        )
    )
    if any(is_legacy(entry) for entry in data.result.others):
        rows: list[list[Any]] = []
        for number, entry in enumerate(data.result.others, start=start):
            references = " ; ".join(reference_label(r) for r in entry.references)
            rows.append(
                [
                    text(str(number), "cell"),
                    text(entry.title, "cell_bold"),
                    text(effort_label(entry.effort), "cell"),
                    text(references, "small"),
                ]
            )
        header = (_("N°"), _("Mesure"), _("Effort"), _("Références ANSSI"))
        return [
            heading(_("Autres mesures recommandées")),
            intro,
            data_table(header, rows, (26, 225, 60, 182)),
        ]
    rows = []
    for number, entry in enumerate(data.result.others, start=start):
        cell: list[Flowable] = [text(entry.title, "cell_bold")]
        cell += [text(_(flag.label), "cell_note") for flag in flags(entry)]
        cell += [markup(link_markup(link.title, link.url), "small") for link in entry.links[:1]]
        cost = cost_label(entry.cost) or "—"
        rows.append(
            [
                text(str(number), "cell"),
                cell,
                [text(cost, "cell"), text(entry.time or "", "cell_note")],
                text(effort_label(entry.effort), "cell"),
            ]
        )
    header = (_("N°"), _("Mesure et ressource officielle"), _("Coût et temps"), _("Effort"))
    return [
        heading(_("Autres mesures recommandées")),
        intro,
        data_table(header, rows, (26, 257, 150, 60)),
    ]
