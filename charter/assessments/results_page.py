"""The results page of a submitted diagnosis: a shell rendered at each request around three
parts rendered once and memoised (charter/fragments.py) by a stamp of what they print.

A submitted diagnosis is frozen: its result, answers and comments never change (the services
refuse any save once it is sent), and the earlier diagnosis it is compared with is frozen too.
So the score box and the body of the page (scores by theme, peers, the plan, the answers, the
method) are a function of:

- the diagnosis: its id, submission time and ``lock_version`` (the result is written once, at
  submission, in the transaction that sets both),
- the questionnaire version (id and hash of its definition),
- the earlier diagnosis compared with (id and submission time, or none),
- the peer comparison stored with it (a digest: it is computed again when a quick diagnosis is
  kept into an organisation),
- the glossary the plan's « Mots expliqués » come from (the application's definitions, loaded
  once with it, as the memo is),
- the locale (in the memo's key) and :data:`RENDERING`, to bump when the Python code that
  prepares these parts changes what they print.

What can change between two views stays in the shell: the organisation's name, the links of
the area the page is shown in (SME, provider, quick diagnosis) and the page's forms. The third
part, « Qui peut vous aider », changes with the company's providers and consent to share and
with the directory: it is read at each request, and its rendering memoised by what was read
(with the configured contacts it also prints).

Who calls this: the journey's results view and the provider's view of a client's results.
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from typing import Any

from flask import current_app

from charter.assessments.glossary import measure_terms
from charter.assessments.results import steps
from charter.core.questionnaire import Questionnaire
from charter.core.results import AssessmentResult, PlanEntry
from charter.core.scoring import progress
from charter.definitions import definitions, questionnaire_of
from charter.extensions import db
from charter.fragments import render_fragment
from charter.models import Assessment
from charter.reports.data import Contact, HelpSection
from charter.reports.diagnosis_annexes import incident_steps
from charter.reports.diagnosis_sections import STATUSES, answer_label, question_status
from charter.reports.formatting import effort_label, reference_label
from charter.reports.plan_parts import facts, flags, is_legacy, quick_wins
from charter.services import help_contacts
from charter.services.assessments import frozen_result
from charter.services.peers import frozen_peers
from charter.services.submitted_reads import Earlier, earlier_submission
from charter.templating import gettext as _

#: Bump when the code below changes what the memoised parts print (templates are keyed by
#: their compiled object already).
RENDERING = 1


class NotRead:
    """The caller did not read the submission compared with: :func:`results_page` reads it."""


NOT_READ = NotRead()

SCORE_TEMPLATE = "assessments/_results_score.html"
BODY_TEMPLATE = "assessments/_results_body.html"
HELP_TEMPLATE = "assessments/_help.html"


class FrozenParts:
    """What the memoised parts print, each computed on first use: a view whose parts are all
    in the memo reads none of it (no frozen result decoded, no plan built)."""

    def __init__(self, assessment: Assessment, previous: Earlier | None) -> None:
        self.assessment = assessment
        self.previous = previous

    @cached_property
    def questionnaire(self) -> Questionnaire:
        return questionnaire_of(self.assessment.questionnaire_version)

    @cached_property
    def result(self) -> AssessmentResult:
        return frozen_result(self.assessment)

    @cached_property
    def previous_result(self) -> AssessmentResult | None:
        if self.previous is None:
            return None
        earlier = db.session.get(Assessment, self.previous.id)
        return frozen_result(earlier) if earlier is not None else None

    @cached_property
    def peers(self) -> Any:
        return frozen_peers(self.assessment.peers)

    @property
    def capped_by_plan(self) -> bool:
        """The level is capped and the first priority says how to lift it (ranked plans)."""
        priorities = self.result.priorities
        return bool(priorities) and not is_legacy(priorities[0])

    @cached_property
    def priorities(self) -> list[dict[str, Any]]:
        return self._plan(self.result.priorities)

    @cached_property
    def others(self) -> list[dict[str, Any]]:
        return self._plan(self.result.others)

    @cached_property
    def quick_wins(self) -> list[PlanEntry]:
        return quick_wins((*self.result.priorities, *self.result.others))

    @cached_property
    def change(self) -> Any:
        previous = self.previous_result
        return progress(previous, self.result) if previous is not None else None

    @cached_property
    def change_by_theme(self) -> dict[str, Any]:
        return {t.id: t for t in self.change.themes} if self.change else {}

    def _plan(self, entries: Any) -> list[dict[str, Any]]:
        measures = {m.id: m for m in self.questionnaire.measures}
        items = []
        for entry in entries:
            measure = measures[entry.measure_id]
            effort = effort_label(entry.effort)
            items.append(
                {
                    "entry": entry,
                    "anchor": f"action-{entry.measure_id}",
                    "measure": measure,
                    "steps": steps(measure.how),
                    "effort": effort,
                    "legacy": is_legacy(entry),
                    "facts": facts(entry, effort),
                    "flags": flags(entry),
                    "references": " ; ".join(reference_label(r) for r in entry.references),
                    "terms": measure_terms(measure),
                }
            )
        return items

    @cached_property
    def details(self) -> list[dict[str, Any]]:
        """Each theme's answered questions: the answer given, its status, the comment."""
        answers = {a.question_id: a for a in self.assessment.answers}
        by_id = {r.id: r for r in self.result.questions}
        labels = {status: (glyph, _(label)) for status, (glyph, label, _c) in STATUSES.items()}
        blocks = []
        for theme in self.questionnaire.themes:
            rows = []
            for question in theme.questions:
                found = by_id.get(question.id)
                if found is None:
                    continue
                status = question_status(found)
                answer = answers.get(question.id)
                rows.append(
                    {
                        "question": question,
                        "answer": answer_label(
                            question, found, answer.value if answer and answer.value else None
                        ),
                        "status": status,
                        "glyph": labels[status][0],
                        "status_label": labels[status][1],
                        "comment": answer.comment if answer else None,
                    }
                )
            blocks.append({"theme": theme, "score": self.result.theme(theme.id), "rows": rows})
        return blocks


def frozen_stamp(assessment: Assessment, previous: Earlier | None) -> tuple[Any, ...]:
    """Everything the memoised parts print that is not in the template itself (see the module's
    docstring); the memo adds the template and the locale."""
    version = assessment.questionnaire_version
    assert assessment.submitted_at is not None
    peers = json.dumps(assessment.peers, sort_keys=True, default=str)
    return (
        RENDERING,
        assessment.id,
        assessment.submitted_at.isoformat(),
        assessment.lock_version,
        version.id,
        version.sha256,
        (previous.id, previous.submitted_at.isoformat()) if previous is not None else None,
        hashlib.blake2b(peers.encode(), digest_size=16).hexdigest(),
        id(definitions().glossary),  # the glossary of the application's definitions
    )


class HelpParts:
    """What « Qui peut vous aider » prints besides ``help`` (read at each request): the first
    moves in an attack and the configured and national contacts, computed on a memo miss only."""

    def __init__(self, audience: str, help: HelpSection | None) -> None:
        self.audience = audience
        self.help = help

    @cached_property
    def incident_steps(self) -> list[str]:
        return incident_steps(self.audience)

    @cached_property
    def contacts(self) -> tuple[Contact, ...]:
        return help_contacts.contacts(current_app.config)


def results_page(
    assessment: Assessment, previous: Earlier | NotRead | None = NOT_READ
) -> dict[str, Any]:
    """Template variables of ``assessments/results.html`` for a submitted assessment (the
    caller adds ``journey`` and, for a provider, ``provider_view``). ``previous`` is the
    submission it is compared with, when the caller read it with the assessment."""
    organization = assessment.organization
    questionnaire = questionnaire_of(assessment.questionnaire_version)
    if isinstance(previous, NotRead):
        previous = earlier_submission(db.session, assessment)
    stamp = frozen_stamp(assessment, previous)
    parts = FrozenParts(assessment, previous)
    # Who can help changes with the company's links and the directory: read now, and the
    # section memoised by what was read (with the configured contacts it also prints).
    who_helps = (
        help_contacts.help_section(db.session, organization, current_app.config["BASE_URL"])
        if organization is not None
        else None
    )
    help_stamp = (
        RENDERING,
        questionnaire.audience,
        who_helps,
        repr(current_app.config.get("HELP_CONTACTS")),
    )
    return {
        "assessment": assessment,
        "questionnaire": questionnaire,
        "organisation_name": organization.name if organization else _("Votre entreprise"),
        "score_box": render_fragment(SCORE_TEMPLATE, stamp, page=parts),
        "body": render_fragment(BODY_TEMPLATE, stamp, page=parts),
        "help_section": render_fragment(
            HELP_TEMPLATE, help_stamp, page=HelpParts(questionnaire.audience, who_helps)
        ),
    }
