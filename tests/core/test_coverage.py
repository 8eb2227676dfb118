"""Coverage of the ANSSI references: cells, statuses, contradictions and the Markdown page."""

from __future__ import annotations

import pytest

from charter.core.coverage import FAMILIES, TOPICS, compute_coverage
from charter.core.coverage_page import render_markdown
from charter.core.questionnaire import CoverageExclusion, CoverageExclusions

from .builders import build, measure, question, theme, trigger


def _questionnaire(qid: str, question_refs: list[str], measure_refs: list[str]):
    q = build(
        theme("t", question("a", references=question_refs), question("b", references=["cpme-4"])),
        measures=[measure("m", trigger("a"))],
        id=qid,
    )
    m = q.measures[0].model_copy(update={"references": tuple(measure_refs)})
    return q.model_copy(update={"measures": (m,)})


def _exclusions(*items: tuple[str, str, str]) -> CoverageExclusions:
    return CoverageExclusions(
        left_out=tuple(
            CoverageExclusion(questionnaire=q, reference=r, reason=why) for q, r, why in items
        )
    )


def test_every_reference_of_every_family_has_a_row_and_a_topic() -> None:
    coverage = compute_coverage([], CoverageExclusions())
    assert [row.reference for row in coverage.rows] == [
        ref for family in FAMILIES for ref in family.references()
    ]
    assert len(coverage.rows) == 42 + 12 + 10
    assert set(TOPICS) == {row.reference for row in coverage.rows}
    assert [row.number for row in coverage.rows if row.reinforced] == [38, 41, 42]


def test_cells_statuses_and_order() -> None:
    first = _questionnaire("zeta", ["hygiene-13", "cpme-1", "hygiene-13"], ["hygiene-13"])
    second = _questionnaire("alpha", ["hygiene-2"], ["regles-1"])
    exclusions = _exclusions(("alpha", "hygiene-28", "Trop lourd pour une PME."))
    coverage = compute_coverage([first, second], exclusions)
    assert coverage.questionnaires == ("alpha", "zeta")  # sorted, whatever the input order
    cell = coverage.cell("hygiene-13", "zeta")
    assert (cell.questions, cell.measures, cell.status) == (("a",), ("m",), "covered")
    assert coverage.cell("cpme-4", "zeta").questions == ("b",)
    assert coverage.cell("hygiene-28", "alpha").status == "left_out"
    assert coverage.cell("hygiene-28", "alpha").left_out == "Trop lourd pour une PME."
    assert coverage.cell("hygiene-28", "zeta").status == "not_covered"
    assert coverage.row("hygiene-28").status == "left_out"
    assert coverage.row("hygiene-13").status == "covered"
    assert coverage.row("hygiene-40").status == "not_covered"
    assert coverage.unaccounted("alpha", ["hygiene-2", "hygiene-28", "hygiene-40"]) == [
        "hygiene-40"
    ]
    with pytest.raises(KeyError):
        coverage.cell("hygiene-43", "alpha")
    with pytest.raises(KeyError):
        coverage.cell("hygiene-1", "unknown")


def test_an_exclusion_of_a_covered_reference_is_a_contradiction() -> None:
    coverage = compute_coverage(
        [_questionnaire("alpha", ["hygiene-2"], ["hygiene-2"])],
        _exclusions(("alpha", "hygiene-2", "Raison.")),
    )
    assert coverage.cell("hygiene-2", "alpha").status == "covered"
    assert coverage.contradictions() == [("alpha", "hygiene-2")]


def test_an_exclusion_for_an_unknown_questionnaire_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown questionnaire 'ghost'"):
        compute_coverage([], _exclusions(("ghost", "hygiene-1", "Raison.")))


def test_markdown_page() -> None:
    coverage = compute_coverage(
        [_questionnaire("alpha", ["hygiene-13"], ["cpme-1"])],
        _exclusions(("alpha", "hygiene-28", "Hors de portée | trop cher.")),
    )
    page = render_markdown(coverage)
    assert page == render_markdown(coverage)  # deterministic
    assert page.endswith(")\n") and not page.endswith("\n\n")
    assert "# Couverture des références ANSSI par les questionnaires" in page
    assert (
        "| `alpha` | 1 sur 42 couvertes, 1 écartée | 2 sur 12 couvertes | 0 sur 10 couvertes |"
        in page
    )
    assert "| hygiene-13 | Préférer la double authentification | Q : `a` |" in page
    assert "| cpme-1 | Choisir ses mots de passe avec soin | M : `m` |" in page
    assert (
        "| hygiene-28 | Un réseau réservé à l'administration | écartée (raison plus bas) |" in page
    )
    assert "| hygiene-38 | Faire auditer la sécurité régulièrement (niveau renforcé) | — |" in page
    assert (
        "- `alpha`, **hygiene-28** (Un réseau réservé à l'administration) : "
        "Hors de portée | trop cher." in page
    )
    assert "- **hygiene-41** (Mener une analyse de risques formelle) — niveau renforcé" in page
    assert "- **hygiene-28**" not in page  # left out, so not in the "covered by none" list


def test_markdown_page_without_exclusions_or_gaps() -> None:
    page = render_markdown(compute_coverage([], CoverageExclusions()))
    assert "## Références écartées volontairement\n\nAucune." in page
