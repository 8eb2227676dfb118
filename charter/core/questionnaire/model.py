"""Pydantic models of a questionnaire file, the glossary and the coverage exclusions.

The models check each field on its own (types, ranges, slugs, steps of 0.5). Rules that involve
several fields or elements (unique ids, references between questions, level order...) live in
``checks.py`` so that they can report a precise path for every problem. The format is described
in ``docs/questionnaire-format.md``, which is the contract for content authors.

Every model is frozen (a loaded questionnaire is shared by all requests and must never change)
and forbids unknown fields (a misspelt ``aplies_if`` must be an error, not silently ignored).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    model_validator,
)

from charter.core.audience import Audience

#: Reserved answer values, shared by every question type.
UNKNOWN = "unknown"  # "Je ne sais pas"
NOT_APPLICABLE = "not_applicable"  # "Non applicable"
RESERVED_KEYS = frozenset({UNKNOWN, NOT_APPLICABLE})

#: ANSSI sources a question or measure may cite (hygiene guide, CPME guide, ten golden rules).
REFERENCE_PATTERN = r"^(hygiene-([1-9]|[1-3][0-9]|4[0-2])|cpme-([1-9]|1[0-2])|regles-([1-9]|10))$"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
#: An address a measure links to: https only, no spaces (the content gates also hold its domain to
#: the allowlist of official sites, ``links.OFFICIAL_DOMAINS``).
URL_PATTERN = r"^https://[^\s<>\"]+$"

DEFAULT_TYPE = "single_choice"


def _not_blank(value: str) -> str:
    # A string made of spaces would render as an empty label: refuse it like a missing one.
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _half_steps(low: float, high: float, what: str) -> AfterValidator:
    """Build a validator accepting ``low``..``high`` in steps of 0.5 (scores, weights)."""

    def check(value: float) -> float:
        if not (low <= value <= high and (value * 2).is_integer()):
            raise ValueError(f"{what} must be between {low:g} and {high:g} in steps of 0.5")
        return value

    return AfterValidator(check)


def _min_items(count: int) -> AfterValidator:
    """Build a validator requiring at least ``count`` items in a list."""

    # Not Field(min_length=...): pydantic checks that length against the items that passed
    # validation, so one bad question would also report "themes: at least 1 item" (noise).
    def check(items: tuple[Any, ...] | None) -> tuple[Any, ...] | None:
        if items is not None and len(items) < count:
            raise ValueError(f"needs at least {count} item{'s' if count > 1 else ''}")
        return items

    return AfterValidator(check)


# Strict scalars: YAML turns `yes` into True and a quoted "2" stays a string; neither must be
# silently coerced into a number or a text.
Text = Annotated[str, Strict(), AfterValidator(_not_blank)]
Slug = Annotated[str, Strict(), StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
Reference = Annotated[str, Strict(), StringConstraints(pattern=REFERENCE_PATTERN)]
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
Flag = Annotated[bool, Strict()]
Score = Annotated[Number, _half_steps(0, 3, "score")]
Weight = Annotated[Number, _half_steps(0.5, 3, "weight")]
PassScore = Annotated[Number, _half_steps(0.5, 3, "essential_pass_score")]
Euros = Annotated[int, Strict(), Field(ge=0, le=1_000_000)]
Url = Annotated[str, Strict(), StringConstraints(pattern=URL_PATTERN, max_length=500)]
CommitmentNumber = Annotated[int, Strict(), Field(ge=1, le=99)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _find_option(options: tuple[Option, ...], key: str) -> Option | None:
    return next((o for o in options if o.key == key), None)


class Option(_Frozen):
    """One answer a user can pick. ``score`` is required for scored questions, absent in context."""

    key: Slug
    label: Text
    score: Score | None = None


class Condition(_Frozen):
    """One ``applies_if`` condition: the context answer must be ``in`` (or ``not_in``) the keys."""

    context: Slug
    in_: Annotated[tuple[Slug, ...] | None, _min_items(1)] = Field(default=None, alias="in")
    not_in: Annotated[tuple[Slug, ...] | None, _min_items(1)] = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        if (self.in_ is None) == (self.not_in is None):
            raise ValueError("a condition needs exactly one of 'in' or 'not_in'")
        return self

    @property
    def keys(self) -> tuple[str, ...]:
        """Option keys named by the condition, whichever of ``in``/``not_in`` is used."""
        return self.in_ if self.in_ is not None else (self.not_in or ())


class ContextQuestion(_Frozen):
    """A question asked before the themes; never scored, used by ``applies_if`` and statistics."""

    id: Slug
    text: Text
    help: Text | None = None
    options: Annotated[tuple[Option, ...], _min_items(2)]

    def option(self, key: str) -> Option | None:
        """Return the option with ``key``, or None. Called by ``applies_if`` evaluation."""
        return _find_option(self.options, key)


class Question(_Frozen):
    """A scored question; ``type`` names an entry of the question type registry."""

    id: Slug
    type: Annotated[str, Strict()] = DEFAULT_TYPE
    text: Text
    help: Text
    weight: Weight
    essential: Flag = False
    allow_unknown: Flag = True
    allow_not_applicable: Flag = False
    allow_comment: Flag = True
    references: tuple[Reference, ...] = ()
    #: Numbered commitments of the charter this question measures (provider questionnaires).
    commitments: tuple[CommitmentNumber, ...] = ()
    applies_if: tuple[Condition, ...] = ()
    options: tuple[Option, ...] = ()

    def option(self, key: str) -> Option | None:
        """Return the option with ``key``, or None. Called by question types and the web layer."""
        return _find_option(self.options, key)


class Theme(_Frozen):
    """A group of questions with its own score and its weight in the index."""

    id: Slug
    title: Text
    weight: Annotated[Number, Field(gt=0, le=100)]
    description: Text | None = None
    questions: Annotated[tuple[Question, ...], _min_items(1)]


class Trigger(_Frozen):
    """Answers of one question that make a measure appear in the action plan.

    ``answers`` None means: any answer below the question's best score, or "Je ne sais pas".
    """

    question: Slug
    answers: Annotated[tuple[Annotated[str, Strict()], ...] | None, _min_items(1)] = None


class Link(_Frozen):
    """An official resource a measure points to: its title and https address.

    In a questionnaire file a link is written as the id of an entry of ``links.yaml``; the loader
    replaces it by this title and address, so the stored snapshot is self-contained.
    """

    title: Text
    url: Url


class Cost(_Frozen):
    """What a measure costs, in euros excluding VAT: a range, 0 to 0 meaning free.

    ``per`` says what the amount covers ("par an", "par poste et par an"); absent, it is a
    one-off cost.
    """

    min: Euros
    max: Euros
    per: Text | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.max < self.min:
            raise ValueError("'max' must be at least 'min'")
        return self

    @property
    def free(self) -> bool:
        """Nothing to pay: the measure uses what the company already has."""
        return self.max == 0


class Measure(_Frozen):
    """A good practice proposed by the action plan when one of its triggers fires.

    ``cost``, ``time`` and ``links`` are optional in the model so that versions written before
    they existed still load; the content gates require them in every current file.
    """

    id: Slug
    title: Text
    why: Text
    how: Text
    effort: Literal["low", "medium", "high"]
    priority: Annotated[int, Strict(), Field(ge=1)]
    references: Annotated[tuple[Reference, ...], _min_items(1)]
    triggers: Annotated[tuple[Trigger, ...], _min_items(1)]
    cost: Cost | None = None
    #: How long it takes, in plain words ("1 heure", "une demi-journée, puis 5 minutes par mois").
    time: Text | None = None
    links: tuple[Link, ...] = ()


class Level(_Frozen):
    """A named maturity level reached from ``min`` (0 to 100) upwards."""

    id: Slug
    min: Annotated[Number, Field(ge=0, le=100)]
    name: Text
    description: Text


class Questionnaire(_Frozen):
    """A complete, versioned questionnaire as read from ``questionnaires/<id>.yaml``."""

    id: Slug
    version: Annotated[int, Strict(), Field(ge=1)]
    audience: Audience
    title: Text
    description: Text
    duration_minutes: Annotated[int, Strict(), Field(ge=1, le=600)]
    essential_pass_score: PassScore = 2.0
    essential_cap: Slug
    context: tuple[ContextQuestion, ...] = ()
    themes: Annotated[tuple[Theme, ...], _min_items(1)]
    measures: tuple[Measure, ...] = ()
    levels: Annotated[tuple[Level, ...], _min_items(2)]

    @classmethod
    def from_snapshot(cls, snapshot: dict[str, Any]) -> Questionnaire:
        """Rebuild a questionnaire from ``canonical_snapshot`` output (stored in the database).

        Called by the web layer to re-render a submitted assessment on its exact version.
        """
        return cls.model_validate(snapshot)

    def questions(self) -> tuple[Question, ...]:
        """All scored questions in display order. Called by scoring and the web journey."""
        return tuple(q for theme in self.themes for q in theme.questions)

    def context_question(self, question_id: str) -> ContextQuestion | None:
        """Return the context question with this id, or None. Called by ``applies_if`` checks."""
        return next((c for c in self.context if c.id == question_id), None)


class GlossaryTerm(_Frozen):
    """A word explained to non-specialists, with the other spellings that point to it."""

    id: Slug
    term: Text
    aliases: tuple[Text, ...] = ()
    definition: Text


class Glossary(_Frozen):
    """Content of ``questionnaires/glossary.yaml``, shared by all questionnaires."""

    terms: tuple[GlossaryTerm, ...] = ()


class CoverageExclusion(_Frozen):
    """An ANSSI topic deliberately not asked by one questionnaire, with the reason why."""

    questionnaire: Slug
    reference: Reference
    reason: Text


class CoverageExclusions(_Frozen):
    """Content of ``questionnaires/coverage-exclusions.yaml``."""

    left_out: tuple[CoverageExclusion, ...] = ()


class CatalogueLink(_Frozen):
    """One entry of ``questionnaires/links.yaml``: an official resource measures refer to by id."""

    id: Slug
    title: Text
    url: Url


class LinkCatalogue(_Frozen):
    """Content of ``questionnaires/links.yaml``: every official address in one place."""

    links: tuple[CatalogueLink, ...] = ()
