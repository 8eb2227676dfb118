"""The Markdown page of ``docs/coverage.md``: the coverage of the ANSSI references by the
questionnaires (``charter.core.coverage``), then the charter commitments each provider
questionnaire checks.

Pure: no Flask, no database; the same data always gives the same bytes (a content gate compares
the committed page with what the files say).
"""

from __future__ import annotations

from collections.abc import Iterable

from charter.core.audience import Audience
from charter.core.charter_text import CharterText
from charter.core.coverage import (
    FAMILIES,
    Cell,
    CommitmentRow,
    Coverage,
    Family,
    commitment_coverage,
    compute_coverage,
)
from charter.core.questionnaire.model import CoverageExclusions, Questionnaire


def _commitment_lines(questionnaire_id: str, rows: tuple[CommitmentRow, ...]) -> list[str]:
    lines = [
        "",
        "## Engagements de la charte et questions essentielles",
        "",
        "Chaque engagement numéroté est mesuré par au moins une question essentielle de",
        f"`{questionnaire_id}` (sa dernière version) : une réponse insuffisante plafonne le niveau",
        "et fait manquer le critère d'autoévaluation de la conformité. Un test échoue si un",
        "engagement n'en a aucune. Les fichiers `-example` de `charter/data/charters/` servent aux",
        "tests et ne figurent pas ici.",
    ]
    for version in dict.fromkeys(row.charter_version for row in rows):
        lines += ["", f"### Charte, version {version}", ""]
        lines.append(_table_row(["Engagement", "Questions essentielles", "Autres questions"]))
        lines.append(_table_row(["---"] * 3))
        for row in rows:
            if row.charter_version == version:
                lines.append(
                    _table_row(
                        [
                            f"{row.number}. {row.title}",
                            ", ".join(f"`{i}`" for i in row.essential) or "**aucune**",
                            ", ".join(f"`{i}`" for i in row.others) or "—",
                        ]
                    )
                )
    return lines


def render_markdown(
    coverage: Coverage,
    commitments: tuple[str, tuple[CommitmentRow, ...]] | None = None,
) -> str:
    """The coverage table as the Markdown page kept in ``docs/coverage.md`` (French headings).

    ``commitments`` (provider questionnaire id, rows of ``commitment_coverage``) adds the
    mapping of the charter's commitments. Deterministic: the same input always gives the same
    text, ending with one newline.
    """
    lines = [
        "# Couverture des références ANSSI par les questionnaires",
        "",
        "Page produite par `flask --app charter charter questionnaires coverage` à partir des",
        "fichiers de `questionnaires/` : ne la modifiez pas à la main. Un test échoue si elle",
        "n'est plus à jour (`charter questionnaires coverage --check`).",
        "",
        "Une référence est **couverte** par un questionnaire quand l'une de ses questions (Q) ou",
        "de ses mesures (M) la cite. Elle est **écartée** quand le fichier",
        "`questionnaires/coverage-exclusions.yaml` dit pourquoi ce questionnaire ne la traite pas.",
        "Un tiret (—) signale une référence ni couverte ni écartée par ce questionnaire.",
        "Les mesures 38, 41 et 42 du guide d'hygiène relèvent de son niveau renforcé.",
        "",
        "## Synthèse",
        "",
        _table_row(["Questionnaire", *(f.title for f in FAMILIES)]),
        _table_row(["---"] * (len(FAMILIES) + 1)),
    ]
    for column, qid in enumerate(coverage.questionnaires):
        counts = [_summary(coverage, family, column) for family in FAMILIES]
        lines.append(_table_row([f"`{qid}`", *counts]))
    for family in FAMILIES:
        lines += ["", f"## {family.title}", ""]
        lines.append(
            _table_row(["Référence", "Sujet", *(f"`{q}`" for q in coverage.questionnaires)])
        )
        lines.append(_table_row(["---"] * (len(coverage.questionnaires) + 2)))
        for row in coverage.rows:
            if row.family is family:
                topic = row.topic + (" (niveau renforcé)" if row.reinforced else "")
                lines.append(_table_row([row.reference, topic, *map(_cell_text, row.cells)]))
    lines += ["", "## Références écartées volontairement", ""]
    left_out = [
        (qid, row, cell)
        for row in coverage.rows
        for qid, cell in zip(coverage.questionnaires, row.cells, strict=True)
        if cell.left_out is not None
    ]
    if not left_out:
        lines.append("Aucune.")
    for qid, row, cell in sorted(left_out, key=lambda item: item[0]):
        lines.append(f"- `{qid}`, **{row.reference}** ({row.topic}) : {cell.left_out}")
    lines += ["", "## Références couvertes par aucun questionnaire", ""]
    missing = [row for row in coverage.rows if row.status == "not_covered"]
    if not missing:
        lines.append("Aucune.")
    for row in missing:
        lines.append(
            f"- **{row.reference}** ({row.topic})"
            + (" — niveau renforcé" if row.reinforced else "")
        )
    if commitments is not None:
        lines += _commitment_lines(*commitments)
    return "\n".join(lines) + "\n"


def coverage_page(
    questionnaires: Iterable[Questionnaire],
    exclusions: CoverageExclusions,
    charters: Iterable[CharterText] = (),
) -> str:
    """The whole ``docs/coverage.md``: ANSSI references, then the charter's commitments.

    The commitments are mapped on the provider questionnaire (the first by id when several);
    without one, or without charters, the page has no commitment section. Called by the
    coverage command and the content gates, so that both write the same page.
    """
    questionnaires = list(questionnaires)
    charters = list(charters)
    providers = sorted(
        (q for q in questionnaires if q.audience == Audience.PROVIDER), key=lambda q: q.id
    )
    commitments = (
        (providers[0].id, commitment_coverage(providers[0], charters))
        if providers and charters
        else None
    )
    return render_markdown(compute_coverage(questionnaires, exclusions), commitments)


def _summary(coverage: Coverage, family: Family, column: int) -> str:
    cells = [row.cells[column] for row in coverage.rows if row.family is family]
    covered = sum(1 for c in cells if c.status == "covered")
    left_out = sum(1 for c in cells if c.status == "left_out")
    parts = [f"{covered} sur {family.size} couvertes"]
    if left_out:
        parts.append(f"{left_out} écartée{'s' if left_out > 1 else ''}")
    return ", ".join(parts)


def _cell_text(cell: Cell) -> str:
    parts = []
    if cell.questions:
        parts.append("Q : " + ", ".join(f"`{i}`" for i in cell.questions))
    if cell.measures:
        parts.append("M : " + ", ".join(f"`{i}`" for i in cell.measures))
    if cell.left_out is not None:
        parts.append("écartée (raison plus bas)")
    return "<br>".join(parts) or "—"


def _table_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
