"""Cross-checks of a questionnaire that a single pydantic field cannot express.

Each check yields ``(path, message)`` pairs; the loader turns them into ``Problem`` objects with
the file name. Paths use the same notation as the pydantic errors, e.g.
``themes[2].questions[0].options[1].key``, so an author finds the spot in the YAML quickly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from charter.core.questionnaire import registry
from charter.core.questionnaire.links import OFFICIAL_DOMAINS, is_official
from charter.core.questionnaire.model import (
    RESERVED_KEYS,
    UNKNOWN,
    Glossary,
    LinkCatalogue,
    Option,
    Questionnaire,
)

_NOT_OFFICIAL = "is not on an official site (" + ", ".join(OFFICIAL_DOMAINS) + ")"

Finding = tuple[str, str]


def questionnaire_problems(q: Questionnaire, expected_id: str | None = None) -> list[Finding]:
    """Return every cross-field problem of ``q`` (empty list when it is consistent).

    Called by ``loader.parse_questionnaire`` after pydantic validation succeeded.
    ``expected_id`` is the file name stem the id must equal.
    """
    findings: list[Finding] = []
    if expected_id is not None and q.id != expected_id:
        findings.append(("id", f"id '{q.id}' must equal the file name '{expected_id}.yaml'"))
    findings += _duplicates(
        [(f"context[{i}].id", c.id) for i, c in enumerate(q.context)]
        + [
            (f"themes[{t}].questions[{i}].id", question.id)
            for t, theme in enumerate(q.themes)
            for i, question in enumerate(theme.questions)
        ],
        "question id",
    )
    findings += _duplicates([(f"themes[{i}].id", t.id) for i, t in enumerate(q.themes)], "theme id")
    findings += _duplicates(
        [(f"measures[{i}].id", m.id) for i, m in enumerate(q.measures)], "measure id"
    )
    findings += _duplicates(
        [(f"levels[{i}].id", lv.id) for i, lv in enumerate(q.levels)], "level id"
    )
    for i, context in enumerate(q.context):
        findings += _option_problems(f"context[{i}]", context.options)
        for j, option in enumerate(context.options):
            if option.score is not None:
                findings.append(
                    (
                        f"context[{i}].options[{j}].score",
                        "context questions are not scored: remove 'score'",
                    )
                )
    findings += _question_problems(q)
    findings += _measure_problems(q)
    findings += _level_problems(q)
    return findings


def _duplicates(items: Iterable[tuple[str, str]], what: str) -> Iterator[Finding]:
    # Report every repetition at its own path, naming where the first one is.
    first_seen: dict[str, str] = {}
    for path, value in items:
        if value in first_seen:
            yield path, f"duplicate {what} '{value}' (already used at {first_seen[value]})"
        else:
            first_seen[value] = path


def _option_problems(prefix: str, options: tuple[Option, ...]) -> Iterator[Finding]:
    yield from _duplicates(
        [(f"{prefix}.options[{i}].key", o.key) for i, o in enumerate(options)], "option key"
    )
    for i, option in enumerate(options):
        if option.key in RESERVED_KEYS:
            yield (
                f"{prefix}.options[{i}].key",
                f"'{option.key}' is reserved for 'Je ne sais pas' / 'Non applicable'",
            )


def _question_problems(q: Questionnaire) -> Iterator[Finding]:
    for t, theme in enumerate(q.themes):
        for i, question in enumerate(theme.questions):
            prefix = f"themes[{t}].questions[{i}]"
            yield from _option_problems(prefix, question.options)
            try:
                question_type = registry.get_type(question.type)
            except KeyError:
                names = ", ".join(registry.type_names())
                yield f"{prefix}.type", f"unknown question type '{question.type}' (known: {names})"
            else:
                for path, message in question_type.definition_problems(question):
                    yield f"{prefix}.{path}", message
            for c, condition in enumerate(question.applies_if):
                cpath = f"{prefix}.applies_if[{c}]"
                context = q.context_question(condition.context)
                if context is None:
                    yield (
                        f"{cpath}.context",
                        f"'{condition.context}' is not the id of a context question",
                    )
                    continue
                keys = {o.key for o in context.options}
                field = "in" if condition.in_ is not None else "not_in"
                for k, key in enumerate(condition.keys):
                    if key not in keys:
                        yield (
                            f"{cpath}.{field}[{k}]",
                            f"'{key}' is not an option of context question '{context.id}'",
                        )


def _measure_problems(q: Questionnaire) -> Iterator[Finding]:
    scored = {question.id: question for question in q.questions()}
    for m, measure in enumerate(q.measures):
        for k, link in enumerate(measure.links):
            if not is_official(link.url):
                yield f"measures[{m}].links[{k}].url", f"'{link.url}' {_NOT_OFFICIAL}"
        for t, trigger in enumerate(measure.triggers):
            tpath = f"measures[{m}].triggers[{t}]"
            question = scored.get(trigger.question)
            if question is None:
                where = "a context question" if q.context_question(trigger.question) else "unknown"
                yield (
                    f"{tpath}.question",
                    f"'{trigger.question}' must be a scored question ({where})",
                )
                continue
            keys = {o.key for o in question.options} | {UNKNOWN}
            for a, answer in enumerate(trigger.answers or ()):
                if answer not in keys:
                    yield (
                        f"{tpath}.answers[{a}]",
                        f"'{answer}' is neither an option of '{question.id}' nor 'unknown'",
                    )


def _level_problems(q: Questionnaire) -> Iterator[Finding]:
    if q.levels[0].min != 0:
        yield "levels[0].min", "the first level must start at 0"
    for i in range(1, len(q.levels)):
        if q.levels[i].min <= q.levels[i - 1].min:
            yield f"levels[{i}].min", "levels must be ordered by strictly increasing min"
    if all(level.id != q.essential_cap for level in q.levels):
        yield "essential_cap", f"'{q.essential_cap}' is not the id of a level"


def glossary_problems(glossary: Glossary) -> list[Finding]:
    """Return duplicate ids and words explained twice (case-insensitive) in the glossary.

    Called by ``loader.load_glossary``: two definitions for one word would be ambiguous.
    """
    findings = list(
        _duplicates(
            [(f"terms[{i}].id", term.id) for i, term in enumerate(glossary.terms)], "term id"
        )
    )
    words = [
        (f"terms[{i}].term", term.term.casefold()) for i, term in enumerate(glossary.terms)
    ] + [
        (f"terms[{i}].aliases[{a}]", alias.casefold())
        for i, term in enumerate(glossary.terms)
        for a, alias in enumerate(term.aliases)
    ]
    findings += _duplicates(words, "word")
    return findings


def catalogue_problems(catalogue: LinkCatalogue) -> list[Finding]:
    """Return duplicate ids and addresses outside the official sites in ``links.yaml``.

    Called by ``loader.load_link_catalogue``.
    """
    findings = list(
        _duplicates(
            [(f"links[{i}].id", link.id) for i, link in enumerate(catalogue.links)], "link id"
        )
    )
    findings += [
        (f"links[{i}].url", f"'{link.url}' {_NOT_OFFICIAL}")
        for i, link in enumerate(catalogue.links)
        if not is_official(link.url)
    ]
    return findings
