"""The web side of the question type registry: how each type is rendered and read back.

The core registry (charter.core.questionnaire.registry) scores and validates; this one names
the template partial that draws the field and reads the posted value. A new type registers in
both, without touching the journey.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict


@dataclass(frozen=True)
class FieldRenderer:
    """A template partial, and how to read the submitted value from a posted form."""

    template: str
    read: Callable[[MultiDict[str, str], str], str | None]


def _single_value(form: MultiDict[str, str], name: str) -> str | None:
    value = form.get(name, "").strip()
    return value[:80] or None


_RENDERERS: dict[str, FieldRenderer] = {
    "single_choice": FieldRenderer("assessments/fields/single_choice.html", _single_value),
}


def register_renderer(type_name: str, renderer: FieldRenderer) -> None:
    """Add the web rendering of a question type."""
    _RENDERERS[type_name] = renderer


def renderer_for(type_name: str) -> FieldRenderer:
    """The renderer of a question type (KeyError for an unknown type: a programming error)."""
    return _RENDERERS[type_name]
