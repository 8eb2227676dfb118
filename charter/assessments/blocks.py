"""The question blocks of a journey page, rendered once per questionnaire version and page.

A theme page's blocks (question, help, options, "Je ne sais pas", glossary, comment field) are
most of its text and of its time, and they are the same for every draft of a questionnaire
version but for the draft's state: which option is checked, the comment and whether its box is
open, the revision the autosave sends back. So the blocks are rendered once with *marks* where
that state goes (a :class:`BlankView` prints marks instead of answers), kept by
:mod:`charter.fragments` under a stamp of everything they print, and filled for each request by
replacing the marks with what the draft's :class:`~charter.assessments.pages.QuestionView`
prints: the templates call the same methods (``checked``, ``open_attr``, ``comment_text``,
``revision``) in both cases, so the filled text is the text a direct rendering gives.

What the stamp names: the questionnaire version (id and content hash: the questions, options,
help and glossary words), the questions shown and their order (the context answers decide which
apply, and the numbering follows), which of them carry the "reprise" badge, scored or context
page, and the compiled templates involved (an edited template renders again); the locale is added
by :func:`charter.fragments.stamp_key`. Validation problems are never memoised: a page with
problems (a refused POST) is rendered directly.

Why a mark cannot come from data: every text of a questionnaire is autoescaped, so it can never
print ``<``, with which every mark starts.

Who calls this: the journey's theme and context views (:func:`question_blocks`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from flask import current_app, render_template
from markupsafe import Markup, escape

from charter.assessments.fields import renderer_for
from charter.assessments.pages import QuestionView
from charter.core.questionnaire import Question
from charter.fragments import render_fragment
from charter.models import QuestionnaireVersion

BLOCKS_TEMPLATE = "assessments/_question_blocks.html"
#: The templates the blocks include besides the field partials (their compiled objects are part
#: of the stamp, so an edited partial is rendered again in development).
_PARTIALS = (
    "assessments/_question.html",
    "assessments/_glossary.html",
    "assessments/fields/single_choice.html",
)
_MARK, _END = "<§", "§>"
_MARKS = re.compile(f"{_MARK}(.*?){_END}")


class BlankView:
    """A question as the memoised blocks print it: everything but the draft's answer, whose
    places get marks that :func:`fill` replaces. Reading the answer itself is refused (a
    template printing ``qv.value`` would otherwise memoise one draft's answer for all)."""

    problem = None

    def __init__(self, view: QuestionView) -> None:
        self.question = view.question
        self.terms = view.terms
        self.carried_over = view.carried_over
        self._id = view.question.id

    def checked(self, key: str) -> Markup:
        return Markup(f"{_MARK}c {self._id} {key}{_END}")  # noqa: S704  (ids and keys: slugs)

    @property
    def open_attr(self) -> Markup:
        return Markup(f"{_MARK}o {self._id}{_END}")  # noqa: S704

    @property
    def comment_text(self) -> Markup:
        return Markup(f"{_MARK}t {self._id}{_END}")  # noqa: S704

    @property
    def revision(self) -> Markup:
        return Markup(f"{_MARK}r {self._id}{_END}")  # noqa: S704

    @property
    def value(self) -> Any:
        raise RuntimeError("memoised question blocks cannot print an answer: use qv.checked()")

    @property
    def comment(self) -> Any:
        raise RuntimeError("memoised question blocks cannot print a comment: use qv.comment_text")


def fill(skeleton: str, views: Sequence[QuestionView]) -> Markup:
    """``skeleton`` with each mark replaced by what the draft's view prints there."""
    by_id = {view.question.id: view for view in views}
    # Texts and marks alternate: [text, mark, text, mark, ..., text] (a plain str: splitting a
    # Markup would wrap every piece).
    out = _MARKS.split(str(skeleton))
    for index in range(1, len(out), 2):
        kind, question_id, *key = out[index].split(" ")
        view = by_id[question_id]
        if kind == "c":
            out[index] = view.checked(key[0])
        elif kind == "o":
            out[index] = view.open_attr
        elif kind == "t":
            out[index] = escape(view.comment_text)
        elif kind == "r":
            out[index] = str(view.revision)
        else:
            raise ValueError(f"unknown mark {out[index]!r} in question blocks")
    return Markup("".join(out))  # noqa: S704  (escaped text and our own marks' values)


def _field_template(question: Question) -> str:
    """The partial that draws a scored question's field (the templates' ``field_template``)."""
    return renderer_for(question.type).template


def question_blocks(
    version: QuestionnaireVersion, views: Sequence[QuestionView], *, scored: bool
) -> Markup:
    """The blocks of ``views`` (a page's questions, in order) for one draft of ``version``."""
    if not views:
        return Markup("")
    if any(view.problem for view in views):  # a refused POST: rendered as it is, never kept
        return Markup(  # noqa: S704  (rendered by our own autoescaping templates)
            render_template(
                BLOCKS_TEMPLATE, questions=views, scored=scored, field_template=_field_template
            )
        )
    env = current_app.jinja_env
    fields = (
        sorted({_field_template(view.question) for view in views} - set(_PARTIALS))
        if scored  # context questions have no type: always a single choice
        else []
    )
    stamp = (
        version.id,
        version.sha256,
        tuple(view.question.id for view in views),
        tuple(view.question.id for view in views if view.carried_over),
        scored,
        tuple((name, id(env.get_template(name))) for name in (*_PARTIALS, *fields)),
    )
    skeleton = render_fragment(
        BLOCKS_TEMPLATE,
        stamp,
        questions=[BlankView(view) for view in views],
        scored=scored,
        field_template=_field_template,
    )
    return fill(skeleton, views)
