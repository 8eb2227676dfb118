"""Result objects of scoring, and their JSON form.

The web layer freezes ``AssessmentResult.to_dict()`` in the database when an assessment is
submitted; the report re-renders from ``AssessmentResult.from_dict()`` years later, so the dict
carries a ``schema`` number and only JSON types (lists, not tuples).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

#: Version 2 added the plan entries' ranking facts (risk, failed essential, "à vérifier
#: d'abord") and their cost, time and links; a version 1 dict still reads, with those empty.
SCHEMA = 2
READABLE_SCHEMAS = frozenset({1, 2})

QuestionStatus = Literal["scored", "unknown", "unanswered", "not_applicable"]


@dataclass(frozen=True)
class LevelResult:
    """The maturity level reached (after the essential cap)."""

    id: str
    name: str
    description: str


@dataclass(frozen=True)
class ThemeResult:
    """Score of one theme: 0 to 100, or None when none of its questions applies."""

    id: str
    title: str
    weight: float
    score: float | None
    applicable_count: int
    unknown_count: int


@dataclass(frozen=True)
class QuestionResult:
    """How one scored question counted: ``q`` is score / 3, None when not applicable.

    ``status`` "unanswered" counts like "unknown" (q = 0); ``answer`` is the valid stored value.
    """

    id: str
    theme_id: str
    status: QuestionStatus
    answer: str | None
    q: float | None
    essential_failed: bool


@dataclass(frozen=True)
class PlanCost:
    """What a measure costs, in euros excluding VAT; ``per`` says what the amount covers."""

    min: int
    max: int
    per: str | None = None

    @property
    def free(self) -> bool:
        """Nothing to pay."""
        return self.max == 0


@dataclass(frozen=True)
class PlanLink:
    """An official resource about a measure (title and https address)."""

    title: str
    url: str


@dataclass(frozen=True)
class PlanEntry:
    """One measure of the action plan, why it was proposed, and what it takes.

    Ranking facts (``action_plan.py``): ``failed_essential`` when an essential question that
    triggered it is failed, ``check_first`` when every such failure is a « Je ne sais pas »
    (or no answer), ``risk`` the largest question weight x theme weight x (1 - q) among the
    answers that triggered it. ``cost``, ``time`` and ``links`` copy the measure's, so that the
    plan can be followed (and tracked) without the questionnaire at hand. Entries frozen before
    these fields existed read back with None, False and ().
    """

    measure_id: str
    title: str
    effort: str
    priority: int
    references: tuple[str, ...]
    questions: tuple[str, ...]  # triggering question ids, in trigger order
    lowest_q: float
    essential: bool  # triggered by an essential question
    failed_essential: bool = False
    check_first: bool = False  # « à vérifier d'abord »: an essential answered « Je ne sais pas »
    risk: float | None = None
    cost: PlanCost | None = None
    time: str | None = None
    links: tuple[PlanLink, ...] = ()

    @property
    def quick_win(self) -> bool:
        """« Cette semaine » : free and low effort. Unknown cost is never a quick win."""
        return self.cost is not None and self.cost.free and self.effort == "low"


@dataclass(frozen=True)
class AssessmentResult:
    """Everything the results page and the PDF report show, computed by ``score_assessment``."""

    questionnaire_id: str
    questionnaire_version: int
    index: float | None
    level: LevelResult | None
    level_capped: bool
    themes: tuple[ThemeResult, ...]
    questions: tuple[QuestionResult, ...]
    applicable_count: int
    unknown_count: int
    uncertainty: float | None  # unknown_count / applicable_count
    unanswered: tuple[str, ...]
    failed_essentials: tuple[str, ...]
    priorities: tuple[PlanEntry, ...]  # the first six: to do within six months
    others: tuple[PlanEntry, ...]  # the annex

    def theme(self, theme_id: str) -> ThemeResult | None:
        """Return the result of one theme, or None. Called by ``progress`` and templates."""
        return next((t for t in self.themes if t.id == theme_id), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict (lists, no tuples) with a ``schema`` number.

        Called by the web layer when an assessment is submitted.
        """
        return {"schema": SCHEMA, **_lists(asdict(self))}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AssessmentResult:
        """Rebuild the result stored by ``to_dict``. Called by the results page and the PDF."""
        if data.get("schema") not in READABLE_SCHEMAS:
            raise ValueError(f"unsupported result schema {data.get('schema')!r}")
        level = data["level"]
        return cls(
            questionnaire_id=data["questionnaire_id"],
            questionnaire_version=data["questionnaire_version"],
            index=data["index"],
            level=LevelResult(**level) if level is not None else None,
            level_capped=data["level_capped"],
            themes=tuple(ThemeResult(**t) for t in data["themes"]),
            questions=tuple(QuestionResult(**q) for q in data["questions"]),
            applicable_count=data["applicable_count"],
            unknown_count=data["unknown_count"],
            uncertainty=data["uncertainty"],
            unanswered=tuple(data["unanswered"]),
            failed_essentials=tuple(data["failed_essentials"]),
            priorities=tuple(_entry(e) for e in data["priorities"]),
            others=tuple(_entry(e) for e in data["others"]),
        )


def _entry(data: dict[str, Any]) -> PlanEntry:
    cost = data.get("cost")
    return PlanEntry(
        **{
            **data,
            "references": tuple(data["references"]),
            "questions": tuple(data["questions"]),
            "cost": PlanCost(**cost) if cost is not None else None,
            "links": tuple(PlanLink(**link) for link in data.get("links", ())),
        }
    )


def _lists(value: Any) -> Any:
    # asdict keeps tuples; JSON has only lists, and a round-trip through the database must
    # give back exactly the dict we stored.
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(item) for item in value]
    return value


@dataclass(frozen=True)
class ThemeProgress:
    """Change of one theme between two assessments; None where either is not applicable."""

    id: str
    title: str
    previous: float | None
    current: float | None
    delta: float | None


@dataclass(frozen=True)
class Progress:
    """Change between the previous and the current assessment, computed by ``progress``."""

    previous_index: float | None
    current_index: float | None
    index_delta: float | None
    themes: tuple[ThemeProgress, ...]


@dataclass(frozen=True)
class PeerSummary:
    """Distribution of peers' indexes (the organisation itself excluded by the caller)."""

    count: int
    first_quartile: float
    median: float
    third_quartile: float
