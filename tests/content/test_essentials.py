"""Essentials that catch real danger (issue 16), on the real files: one connected disk, remote
access open without a second factor, no copy kept apart from the network; and every numbered
commitment of the charter measured by an essential question of the provider questionnaire."""

from __future__ import annotations

import pytest

from charter.cli.content import bundled_charters
from charter.core.coverage import commitment_coverage
from charter.core.figures import FIGURES
from charter.core.questionnaire import Questionnaire
from charter.core.scoring import score_assessment

from .files import expect_none, file_of, questionnaire


def best_answers(q: Questionnaire) -> tuple[dict[str, str], dict[str, str]]:
    """Context (last option of each) and the best option of every scored question."""
    context = {c.id: c.options[-1].key for c in q.context}
    answers = {item.id: max(item.options, key=lambda o: o.score or 0).key for item in q.questions()}
    return context, answers


def failed_with(q: Questionnaire, **changes: str) -> tuple[str, ...]:
    context, answers = best_answers(q)
    return score_assessment(q, context, answers | changes).failed_essentials


def test_one_connected_disk_fails_the_backup_essential_of_the_quick_diagnosis() -> None:
    q = questionnaire("pme-essentiel")
    assert failed_with(q, **{"sauvegarde-reguliere": "auto-une-copie"}) == ("sauvegarde-reguliere",)
    assert failed_with(q, **{"sauvegarde-reguliere": "synchro-cloud"}) == ("sauvegarde-reguliere",)
    assert failed_with(q) == ()


def test_no_copy_kept_apart_fails_in_the_full_diagnosis() -> None:
    q = questionnaire("pme-complet")
    # Automatic backups on a connected disk pass the first question, not the second.
    assert failed_with(
        q, **{"sauvegarde-reguliere": "auto-non-verifiee", "sauvegarde-hors-ligne": "non"}
    ) == ("sauvegarde-hors-ligne",)


@pytest.mark.parametrize("qid", ["pme-essentiel", "pme-complet"])
def test_remote_access_without_a_second_factor_is_a_failed_essential(qid: str) -> None:
    q = questionnaire(qid)
    question = next(item for item in q.questions() if item.id == "acces-distance")
    assert question.essential and not question.applies_if  # asked of every company
    weak = [o.key for o in question.options if o.score is not None and o.score < 3]
    assert weak, "the remote access question offers no weak answer"
    for key in weak:
        assert failed_with(q, **{"acces-distance": key}) == ("acces-distance",), key


def test_everything_perfect_but_rdp_open_is_capped_and_rdp_comes_first() -> None:
    q = questionnaire("pme-complet")
    context, answers = best_answers(q)
    for changes in ({}, {"sensibilisation-hameconnage": "annuelle"}):
        result = score_assessment(q, context, answers | {"acces-distance": "direct"} | changes)
        assert result.level_capped
        assert result.level is not None and result.level.id == q.essential_cap
        assert result.priorities[0].measure_id == "securiser-acces-distance"
        assert result.priorities[0].failed_essential


def charter_rows() -> list[tuple[str, int, str, tuple[str, ...]]]:
    provider = questionnaire("prestataire-charte")
    return [
        (row.charter_version, row.number, row.title, row.essential)
        for row in commitment_coverage(provider, bundled_charters())
    ]


def test_every_commitment_is_measured_by_an_essential_question() -> None:
    rows = charter_rows()
    assert {version for version, *_ in rows} >= {"1", "2"}
    problems = [
        f"{file_of('prestataire-charte')}: commitment {number} of charter version {version} "
        f"(« {title} ») is measured by no essential question (add `commitments: [{number}]` to one)"
        for version, number, title, essential in rows
        if not essential
    ]
    expect_none(problems, "commitments without an essential question")


def test_questions_cite_only_commitments_that_exist() -> None:
    numbers = {c.number for charter in bundled_charters() for c in charter.commitments}
    problems = [
        f"{file_of('prestataire-charte')}: question '{q.id}' cites commitment {n}, which no "
        "charter has"
        for q in questionnaire("prestataire-charte").questions()
        for n in q.commitments
        if n not in numbers
    ]
    expect_none(problems, "citations of unknown commitments")


def test_the_charter_draft_uses_the_same_figures_as_the_questionnaires() -> None:
    draft = next(c for c in bundled_charters() if c.version == "2")
    text = " ".join(c.text for c in draft.commitments)
    for name in ("frequence-test-restauration", "delai-information-client", "delai-plainte"):
        assert FIGURES[name] in text, name
