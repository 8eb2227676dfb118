"""Charts: the same Drawing feeds the PDF and an inline SVG that respects the site's CSP."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from reportlab.graphics.shapes import Drawing, Image, Rect, String, Wedge
from reportlab.lib.colors import white

from charter.reports import (
    bar_chart,
    describe_scores,
    drawing_to_svg,
    progress_chart,
    radar_chart,
    series_chart,
)
from charter.reports.fonts import string_width
from charter.reports.palette import TEXT_COLOURS, contrast_ratio

SVG = "{http://www.w3.org/2000/svg}"
THEMES = [
    ("Sauvegardes", 52.5),
    ("Mots de passe et accès", 83.333),
    ("Wi-Fi et travail hors des locaux", None),
    ("Messagerie, internet et paiements", 40.0),
    ("Identité en ligne et réaction aux incidents", 0.0),
]


def strings(drawing: Drawing) -> list[str]:
    """Every text drawn, in order (recursing into groups)."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, String):
            found.append(node.text)
        for child in getattr(node, "contents", ()):
            walk(child)

    walk(drawing)
    return found


def all_charts() -> list[Drawing]:
    before = [(label, None if score is None else score / 2) for label, score in THEMES]
    return [
        radar_chart(THEMES),
        bar_chart(THEMES),
        progress_chart(before, THEMES),
        series_chart([("janv. 2026", 3), ("févr. 2026", 12), ("mars 2026", 0)]),
    ]


@pytest.mark.parametrize("chart", [radar_chart, bar_chart])
def test_scores_are_written_in_french_and_gaps_are_labelled(chart: object) -> None:
    texts = strings(chart(THEMES))  # type: ignore[operator]
    assert "52,5" in texts and "83,3" in texts and "40" in texts and "0" in texts
    assert "non applicable" in texts
    assert not any(re.fullmatch(r"\d+\.\d+", t) for t in texts)  # no decimal point


def test_progress_chart_writes_both_figures_and_the_change() -> None:
    texts = strings(progress_chart([("Sauvegardes", 30.0)], [("Sauvegardes", 52.5)]))
    assert "30" in texts and "52,5 (+22,5)" in texts
    with pytest.raises(ValueError, match="same themes"):
        progress_chart([("Sauvegardes", 30.0)], [("Accès", 52.5)])


def test_series_chart_labels_and_values() -> None:
    texts = strings(series_chart([("janv. 2026", 3), ("févr. 2026", 1234)]))
    assert "janv. 2026" in texts and "1\u202f234" in texts
    assert strings(series_chart([])) == []


@pytest.mark.parametrize("index", range(4))
def test_svg_has_no_inline_style_and_has_text_alternatives(index: int) -> None:
    svg = drawing_to_svg(all_charts()[index], "Score <par> thème", 'Détail & "chiffres"')
    assert not re.search(r"\sstyle\s*=", svg)
    assert "<script" not in svg.lower() and "<!DOCTYPE" not in svg and "<?xml" not in svg
    root = ET.fromstring(svg)  # noqa: S314 - our own output; must be well-formed XML
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    width, height = root.get("width"), root.get("height")
    assert root.get("viewBox") == f"0 0 {width} {height}"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Score <par> thème"
    assert desc is not None and desc.text == 'Détail & "chiffres"'
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "&lt;par&gt;" in svg  # escaped in the source
    for element in root.iter():
        assert "style" not in element.attrib


def test_svg_uses_presentation_attributes_and_french_figures() -> None:
    svg = drawing_to_svg(bar_chart(THEMES), "Scores", describe_scores(THEMES))
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    texts = list(root.iter(f"{SVG}text"))
    assert {t.get("font-size") for t in texts} >= {"8"}
    assert all(t.get("font-family", "").startswith("'DejaVu Sans'") for t in texts)
    assert any(t.text == "52,5" and t.get("font-weight") == "bold" for t in texts)
    assert any(t.text == "non applicable" and t.get("font-style") == "italic" for t in texts)
    assert any(r.get("fill") == "#1d4f91" for r in root.iter(f"{SVG}rect"))
    assert describe_scores(THEMES).startswith("Sauvegardes : 52,5 sur 100 ; Mots de passe")
    assert "Wi-Fi et travail hors des locaux : non applicable" in describe_scores(THEMES)


def test_svg_is_deterministic_and_ids_can_be_chosen() -> None:
    first = drawing_to_svg(radar_chart(THEMES), "Radar", "Description")
    assert first == drawing_to_svg(radar_chart(THEMES), "Radar", "Description")
    custom = drawing_to_svg(radar_chart(THEMES), "Radar", "Description", id_prefix="radar-1")
    assert 'id="radar-1-title"' in custom
    with pytest.raises(ValueError, match="id_prefix"):
        drawing_to_svg(radar_chart(THEMES), "Radar", "Description", id_prefix='x" onload="y')


def test_svg_renders_other_shapes_and_refuses_unknown_ones() -> None:
    drawing = Drawing(100, 100)
    drawing.add(Wedge(50, 50, 40, 0, 90, fillColor=white))
    drawing.add(Rect(1, 1, 10, 10, rx=2, strokeDashArray=[2, 1]))
    svg = drawing_to_svg(drawing, "t", "d")
    assert "<polygon" in svg or "<path" in svg
    assert 'stroke-dasharray="2 1"' in svg and 'rx="2"' in svg
    drawing.add(Image(0, 0, 10, 10, "/nonexistent.png"))
    with pytest.raises(TypeError):
        drawing_to_svg(drawing, "t", "d")


def test_radar_labels_stay_inside_the_drawing() -> None:
    eight = [(f"Thème numéro {n} avec un titre assez long", 10.0 * n) for n in range(8)]
    for themes in (THEMES, eight, THEMES[:3]):
        drawing = radar_chart(themes, width=493, height=220, label_width=125)
        for node in drawing.contents:
            if isinstance(node, String):
                assert 0 <= node.y <= drawing.height - node.fontSize * 0.7, node.text
                size = string_width(node.text, node.fontName, node.fontSize)
                left = {"start": node.x, "middle": node.x - size / 2}.get(
                    node.textAnchor, node.x - size
                )
                assert left >= 0 and left + size <= drawing.width, node.text


def test_text_and_mark_colours_have_enough_contrast() -> None:
    for name, colour in TEXT_COLOURS.items():
        assert contrast_ratio(colour, white) >= 4.5, name
