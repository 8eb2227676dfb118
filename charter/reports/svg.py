"""Turn a reportlab ``Drawing`` into an SVG string that can sit inline in a web page.

reportlab's own SVG renderer writes ``style="..."`` attributes, a DOCTYPE and fixed element
ids; the site's Content-Security-Policy forbids inline styles and a page may hold several
charts. This small writer walks the Drawing itself and emits presentation attributes only
(``fill``, ``stroke``, ``font-size``...), a ``role="img"`` root with ``<title>`` and ``<desc>``
as text alternatives, and a ``viewBox`` so the chart scales down with CSS
(``svg.chart { max-width: 100%; height: auto; }``). Output is deterministic.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Ellipse,
    Group,
    Line,
    Path,
    Polygon,
    PolyLine,
    Rect,
    String,
)

from charter.reports.fonts import BOLD, OBLIQUE, SVG_FAMILY
from charter.reports.palette import hex_colour

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_ANCHORS = {"start": "start", "middle": "middle", "end": "end", "numeric": "end"}


def _n(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros ("12.5", "3", "-0.25")."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _attrs(pairs: dict[str, Any]) -> str:
    return "".join(f" {key}={quoteattr(str(value))}" for key, value in pairs.items())


def _paint(shape: Any, *, fill: bool = True, stroke: bool = True) -> dict[str, str]:
    """Presentation attributes for the colours, widths and dashes of one shape."""
    out: dict[str, str] = {}
    if fill:
        colour = getattr(shape, "fillColor", None)
        out["fill"] = "none" if colour is None else hex_colour(colour)
        opacity = getattr(shape, "fillOpacity", None)
        if colour is not None and opacity is not None and opacity < 1:
            out["fill-opacity"] = _n(opacity)
    if stroke:
        colour = getattr(shape, "strokeColor", None)
        width = getattr(shape, "strokeWidth", 1)
        if colour is None or not width:
            out["stroke"] = "none"
        else:
            out["stroke"] = hex_colour(colour)
            out["stroke-width"] = _n(width)
            dash = getattr(shape, "strokeDashArray", None)
            if dash:
                values = dash[1] if isinstance(dash[0], list | tuple) else dash
                out["stroke-dasharray"] = " ".join(_n(v) for v in values)
    return out


def _points(flat: list[float]) -> str:
    return " ".join(f"{_n(flat[i])},{_n(flat[i + 1])}" for i in range(0, len(flat) - 1, 2))


def _path_data(path: Path) -> str:
    """SVG path data from reportlab's operators (moveTo, lineTo, curveTo, closePath)."""
    commands, points, index = [], path.points, 0
    sizes = {0: ("M", 2), 1: ("L", 2), 2: ("C", 6), 3: ("Z", 0)}
    for operator in path.operators:
        letter, size = sizes[operator]
        coords = " ".join(_n(v) for v in points[index : index + size])
        commands.append(f"{letter}{coords}" if coords else letter)
        index += size
    return " ".join(commands)


def _text(shape: String) -> str:
    family = {BOLD: ("bold", "normal"), OBLIQUE: ("normal", "italic")}
    weight, style = family.get(shape.fontName, ("normal", "normal"))
    attrs: dict[str, str] = {
        "x": "0",
        "y": "0",
        # The drawing is flipped to reportlab's upward y axis: flip each text back upright.
        "transform": f"matrix(1 0 0 -1 {_n(shape.x)} {_n(shape.y)})",
        "font-family": SVG_FAMILY,
        "font-size": _n(shape.fontSize),
        "fill": "none" if shape.fillColor is None else hex_colour(shape.fillColor),
    }
    if weight != "normal":
        attrs["font-weight"] = weight
    if style != "normal":
        attrs["font-style"] = style
    anchor = _ANCHORS.get(shape.textAnchor, "start")
    if anchor != "start":
        attrs["text-anchor"] = anchor
    return f"<text{_attrs(attrs)}>{escape(shape.text)}</text>"


def _elements(node: Any) -> Iterator[str]:
    """Yield the SVG elements of one reportlab node, recursing into groups."""
    if isinstance(node, Group):
        transform = tuple(getattr(node, "transform", (1, 0, 0, 1, 0, 0)))
        children = [part for child in node.contents for part in _elements(child)]
        if transform == (1, 0, 0, 1, 0, 0) or isinstance(node, Drawing):
            yield from children
        else:
            matrix = " ".join(_n(v) for v in transform)
            yield f'<g transform="matrix({matrix})">' + "".join(children) + "</g>"
    elif isinstance(node, String):
        yield _text(node)
    elif isinstance(node, Rect):
        attrs = {"x": _n(node.x), "y": _n(node.y), "width": _n(node.width)}
        attrs["height"] = _n(node.height)
        if node.rx or node.ry:
            attrs.update(rx=_n(node.rx or node.ry), ry=_n(node.ry or node.rx))
        yield f"<rect{_attrs({**attrs, **_paint(node)})}/>"
    elif isinstance(node, Circle):
        attrs = {"cx": _n(node.cx), "cy": _n(node.cy), "r": _n(node.r), **_paint(node)}
        yield f"<circle{_attrs(attrs)}/>"
    elif isinstance(node, Ellipse):
        attrs = {"cx": _n(node.cx), "cy": _n(node.cy), "rx": _n(node.rx), "ry": _n(node.ry)}
        yield f"<ellipse{_attrs({**attrs, **_paint(node)})}/>"
    elif isinstance(node, Line):
        attrs = {"x1": _n(node.x1), "y1": _n(node.y1), "x2": _n(node.x2), "y2": _n(node.y2)}
        yield f"<line{_attrs({**attrs, **_paint(node, fill=False)})}/>"
    elif isinstance(node, Polygon):
        yield f"<polygon{_attrs({'points': _points(node.points), **_paint(node)})}/>"
    elif isinstance(node, PolyLine):
        attrs = {"points": _points(node.points), "fill": "none", **_paint(node, fill=False)}
        yield f"<polyline{_attrs(attrs)}/>"
    elif isinstance(node, Path):
        yield f"<path{_attrs({'d': _path_data(node), **_paint(node)})}/>"
    elif hasattr(node, "asPolygon"):  # Wedge and friends
        yield from _elements(node.asPolygon())
    else:
        raise TypeError(f"drawing_to_svg cannot render {type(node).__name__}")


def drawing_to_svg(
    drawing: Drawing, title: str, description: str, *, id_prefix: str | None = None
) -> str:
    """Return an inline SVG string of ``drawing`` with its text alternatives.

    ``title`` and ``description`` (escaped here) become ``<title>`` and ``<desc>`` and name the
    image through ``aria-labelledby``. Ids start with ``id_prefix``, by default a digest of the
    title and description, so that several charts can share a page. No ``style`` attribute and
    no script are ever produced. Called by the web layer (results page, Region dashboard).
    """
    if id_prefix is None:
        digest = hashlib.sha256(f"{title}\n{description}".encode()).hexdigest()[:10]
        id_prefix = f"chart-{digest}"
    if not _ID.fullmatch(id_prefix):
        raise ValueError("id_prefix must be a letter followed by letters, digits, - or _")
    width, height = _n(drawing.width), _n(drawing.height)
    root = {
        "xmlns": "http://www.w3.org/2000/svg",
        "width": width,
        "height": height,
        "viewBox": f"0 0 {width} {height}",
        "class": "chart",
        "role": "img",
        "aria-labelledby": f"{id_prefix}-title {id_prefix}-desc",
    }
    body = "".join(_elements(drawing))
    return (
        f"<svg{_attrs(root)}>"
        f"<title{_attrs({'id': f'{id_prefix}-title'})}>{escape(title)}</title>"
        f"<desc{_attrs({'id': f'{id_prefix}-desc'})}>{escape(description)}</desc>"
        f'<g transform="matrix(1 0 0 -1 0 {height})">{body}</g>'
        "</svg>"
    )
