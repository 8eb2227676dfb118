"""The report gives advice one can act on (issue 16): cost, time and clickable official links
for each action, the « cette semaine » quick wins, who can help, words for its audience; and a
report frozen before these existed prints exactly as it did."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from charter.core.figures import FIGURES
from charter.core.questionnaire import Questionnaire
from charter.core.results import AssessmentResult
from charter.reports import DiagnosisReportData, cost_label, render_diagnosis_report
from charter.reports.data import HelpSection
from charter.reports.samples import sample_diagnosis
from tests.reports.helpers import all_text, page_texts, questionnaire, reader

LEGACY = Path(__file__).parent / "data" / "legacy-pme-essentiel-v1.json"


def link_targets(pdf: bytes) -> set[str]:
    """Every URI a reader can click in the document."""
    found = set()
    for page in reader(pdf).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.add(str(action["/URI"]))
    return found


def squeeze(text: str) -> str:
    """Text without spaces: an address cut at a line end still matches."""
    return re.sub(r"\s+", "", text)


def test_each_priority_shows_cost_time_and_clickable_official_links(
    full_data: DiagnosisReportData, full_pdf: bytes
) -> None:
    text, flat = all_text(full_pdf), squeeze(all_text(full_pdf))
    targets = link_targets(full_pdf)
    for entry in full_data.result.priorities:
        label = cost_label(entry.cost)
        assert label is not None and entry.time and entry.links
        assert squeeze(f"Coût indicatif : {label}") in flat, entry.measure_id
        assert squeeze(f"Temps : {entry.time}") in flat, entry.measure_id
        for link in entry.links:
            assert link.url in targets, link.url  # clickable...
            assert squeeze(link.title) in flat  # ...and readable on paper
    assert "Pour aller plus loin (ressources officielles)" in text
    assert all(target.startswith(("https://", "mailto:")) for target in targets)


def test_quick_wins_are_marked_and_listed(
    quick_data: DiagnosisReportData, quick_pdf: bytes
) -> None:
    plan = (*quick_data.result.priorities, *quick_data.result.others)
    wins = [entry for entry in plan if entry.quick_win]
    assert wins, "the sample has no free, low-effort action"
    text = all_text(quick_pdf)
    assert "À faire cette semaine, sans frais" in text
    for entry in wins[:5]:
        assert entry.title in text
    cover = page_texts(quick_pdf)[0]
    assert "Cette semaine" in cover  # marked in the cover's summary too


def test_an_essential_answered_unknown_is_to_check_first(
    quick: Questionnaire, quick_data: DiagnosisReportData
) -> None:
    checked = [e for e in quick_data.result.priorities if e.check_first]
    assert checked, "the sample answers no essential question with « Je ne sais pas »"
    text = all_text(render_diagnosis_report(quick_data))
    assert "À vérifier d'abord" in text
    assert "Protection essentielle manquante" in text


def test_who_can_help_names_the_provider_the_directory_and_the_services(
    quick_data: DiagnosisReportData, quick_pdf: bytes
) -> None:
    text, flat = all_text(quick_pdf), squeeze(all_text(quick_pdf))
    assert quick_data.help is not None
    provider = quick_data.help.providers[0]
    assert "Qui peut vous aider" in text and "Votre prestataire" in text
    assert provider.name in text and provider.email is not None and provider.email in text
    assert f"mailto:{provider.email}" in link_targets(quick_pdf)
    assert quick_data.help.directory_url is not None
    assert squeeze(quick_data.help.directory_url) in flat
    for contact in quick_data.contacts:
        assert contact.name in text
    # The first moves of an attack, with the LOPMI complaint and the CNIL's 72 hours.
    assert f"déposez plainte dans les {FIGURES['delai-plainte']}" in text
    assert "Code des assurances, article L12-10-1" in text
    assert "celles des salariés comprises, prévenez la CNIL dans les 72 heures" in text


def test_signatories_are_suggested_when_the_company_has_no_provider(
    quick_data: DiagnosisReportData,
) -> None:
    assert quick_data.help is not None
    suggested = dataclasses.replace(quick_data.help, linked=False)
    text = all_text(render_diagnosis_report(dataclasses.replace(quick_data, help=suggested)))
    assert "Des prestataires signataires près de chez vous" in text
    alone = HelpSection(directory_url=quick_data.help.directory_url)
    text = all_text(render_diagnosis_report(dataclasses.replace(quick_data, help=alone)))
    assert "Tous les prestataires signataires de la charte" in text
    assert "Votre prestataire" not in text


def test_the_provider_report_speaks_to_a_provider() -> None:
    data = sample_diagnosis(questionnaire("prestataire-charte"))
    pages = page_texts(render_diagnosis_report(data))
    text = " ".join(pages)
    assert "Date de l'autoévaluation" in pages[0]
    assert "Date du diagnostic" not in pages[0]
    assert "votre prestataire informatique" not in text.lower()
    assert "Suspendez vos accès d'administration chez les clients" in text
    assert (
        f"clients qui peuvent être touchés dans les {FIGURES['delai-information-client']}" in text
    )


def legacy_data() -> DiagnosisReportData:
    """The diagnosis main rendered before issue 16: v1 questionnaire, schema-1 results."""
    stored = json.loads(LEGACY.read_text(encoding="utf-8"))
    sample = sample_diagnosis(questionnaire("pme-essentiel"))
    return dataclasses.replace(
        sample,
        questionnaire=Questionnaire.from_snapshot(stored["questionnaire"]),
        questionnaire_hash=stored["questionnaire_hash"],
        result=AssessmentResult.from_dict(stored["result"]),
        previous=AssessmentResult.from_dict(stored["previous"]),
        answers=stored["answers"],
        comments=stored["comments"],
        help=None,
    )


def without_footer(page: str) -> str:
    # The page count changes with the closing pages ("page 2 / 8"); issue 17 calls the index
    # « score » everywhere the SME reads it. Nothing else changes.
    page = page.replace("Indice global", "Score global").replace("votre indice", "votre score")
    return re.sub(r"page \d+ / \d+", "page", page)


def test_a_report_frozen_before_issue_16_prints_as_it_did() -> None:
    stored = json.loads(LEGACY.read_text(encoding="utf-8"))
    before = stored["pages"]
    after = page_texts(render_diagnosis_report(legacy_data()))
    method = next(i for i, page in enumerate(before) if page.startswith("Méthode de calcul"))
    # Cover, actions, answers, progress and peers: word for word what main printed.
    assert [without_footer(p) for p in after[:method]] == [
        without_footer(p) for p in before[:method]
    ]
    # The method still states the rule that ranked this plan.
    assert (
        "puis les plus prioritaires, puis celles dont la réponse est la plus basse" in after[method]
    )
    assert "Coût indicatif" not in " ".join(after) and "Cette semaine" not in " ".join(after)
