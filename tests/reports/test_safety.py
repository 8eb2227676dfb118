"""User text is printed literally, French characters survive, small peer groups are refused."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from charter.core.questionnaire import Questionnaire
from charter.core.results import PeerSummary
from charter.reports import (
    MIN_GROUP,
    DiagnosisReportData,
    PeerComparison,
    render_diagnosis_report,
)
from charter.reports.samples import sample_diagnosis
from tests.reports.helpers import all_text, image_count, qpdf_check, reader

INJECTED_NAME = (
    'Évil <img src="/etc/hostname" width="60" height="60"/> <font color="red">SARL</font>'
)
INJECTED_COMMENT = '<img src="/etc/passwd"/> & <a href="javascript:alert(1)">clic</a> <b>gras</b>'
FRENCH = (
    "Œuvre « cœur » : l’été à Évreux, ça coûte 12 € … Où ? Garçon naïf, Noël, âge, hôtel, "
    "île, fête, crème, capharnaüm, L’Haÿ-les-Roses, Ève, À bientôt, Ça va."
)


def _with(data: DiagnosisReportData, **changes: object) -> DiagnosisReportData:
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def test_markup_in_user_text_is_printed_literally(quick_data: DiagnosisReportData) -> None:
    question_id = next(iter(quick_data.comments))
    data = _with(
        quick_data,
        organisation_name=INJECTED_NAME,
        comments={**quick_data.comments, question_id: INJECTED_COMMENT},
        provider_name='<font size="40">Prestataire</font>',
        sector_label="<br/><br/>Secteur",
    )
    pdf = render_diagnosis_report(data)
    text = all_text(pdf)
    assert INJECTED_NAME in text
    assert INJECTED_COMMENT in text
    assert '<font size="40">Prestataire</font>' in text
    assert "<br/><br/>Secteur" in text
    assert image_count(pdf) == 0  # no file pulled in by <img>
    assert b"/Subtype /Image" not in pdf
    assert b"javascript:" not in pdf.lower()  # the comment's link was not turned into a link
    metadata = reader(pdf).metadata
    assert metadata is not None and INJECTED_NAME in str(metadata.title)


def test_every_french_character_survives_extraction(quick_data: DiagnosisReportData) -> None:
    question_id = next(iter(quick_data.comments))
    data = _with(
        quick_data,
        organisation_name="Crêperie L’Œil de Bœuf — Évreux",
        comments={**quick_data.comments, question_id: FRENCH},
    )
    text = all_text(render_diagnosis_report(data))
    assert "Crêperie L’Œil de Bœuf — Évreux" in text
    assert FRENCH in text
    for character in "éèêëàâçîïôùûüÿœŒÉÈÀÇ«»’€…":
        assert character in text, character


def test_long_words_and_addresses_do_not_break_the_layout(quick_data: DiagnosisReportData) -> None:
    question_id = next(iter(quick_data.comments))
    long_word = "Anticonstitutionnellement" * 8
    url = "https://www.example.org/" + "un-chemin-tres-long/" * 12
    data = _with(
        quick_data,
        organisation_name=long_word,
        comments={**quick_data.comments, question_id: f"Voir {url} et {long_word}"},
    )
    text = all_text(render_diagnosis_report(data)).replace(" ", "").replace("-", "")
    assert long_word.replace("-", "") in text
    assert url.replace("-", "") in text


def _summary(count: int) -> PeerSummary:
    return PeerSummary(count=count, first_quartile=40.0, median=55.0, third_quartile=70.0)


def test_peer_groups_under_five_cannot_be_built() -> None:
    with pytest.raises(ValueError, match="at least 5"):
        PeerComparison("Commerce", count=MIN_GROUP - 1, index=_summary(MIN_GROUP - 1))
    with pytest.raises(ValueError, match="at least 5"):
        PeerComparison("Commerce", count=8, index=_summary(4))
    with pytest.raises(ValueError, match="theme sauvegardes"):
        PeerComparison("Commerce", count=8, index=_summary(8), themes={"sauvegardes": _summary(3)})
    assert PeerComparison("Commerce", count=MIN_GROUP, index=_summary(MIN_GROUP)).count == 5


@pytest.mark.parametrize("where", ["count", "index", "theme"])
def test_renderer_refuses_small_peer_summaries_even_if_forced(
    where: str, quick: Questionnaire
) -> None:
    data = sample_diagnosis(quick)
    assert data.peers is not None
    peers = data.peers
    # Bypass the dataclass check, as a careless caller could: the renderer checks again.
    if where == "count":
        object.__setattr__(peers, "count", 4)
    elif where == "index":
        object.__setattr__(peers, "index", _summary(4))
    else:
        theme_id = data.result.themes[0].id
        object.__setattr__(peers, "themes", {**peers.themes, theme_id: _summary(2)})
    with pytest.raises(ValueError, match="at least 5"):
        render_diagnosis_report(data)


def test_characters_the_fonts_lack_never_print_as_a_broken_glyph(
    quick_data: DiagnosisReportData, tmp_path: Path
) -> None:
    question_id = next(iter(quick_data.comments))
    comment = "Bien \U0001f600\U0001f44d\u200d vu 中文\x00\x07 fin\u202e\u00ad."
    data = _with(
        quick_data,
        organisation_name="Nom\x00 étrange\u202e",
        comments={**quick_data.comments, question_id: comment},
    )
    pdf = render_diagnosis_report(data)
    text = all_text(pdf)
    # Emoji, controls and invisible marks go; letters the fonts lack (CJK) show as "?".
    assert "Bien vu ?? fin." in text
    assert "Nom étrange" in text
    assert "\ufffd" not in text
    check = qpdf_check(pdf, tmp_path)
    assert check.returncode == 0, check.stdout
