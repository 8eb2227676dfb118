"""The journey's views, attached to a blueprint by :class:`Journey`.

Thin views: load the assessment (object check), parse the request, call
``charter.services.assessments``, render or redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from charter.assessments import pages, saving
from charter.assessments.access import own_assessment_or_404, own_submitted_or_404
from charter.assessments.blocks import question_blocks
from charter.assessments.downloads import send_export, send_report
from charter.assessments.fields import renderer_for
from charter.assessments.results_page import results_page
from charter.auth.forms import ConfirmForm
from charter.bounds import form_id
from charter.definitions import latest_versions, questionnaire_of
from charter.errors import rerender_on_csrf_failure
from charter.extensions import db, limiter
from charter.models import Assessment, QuestionnaireVersion
from charter.referential import SECTORS, SIZE_BANDS
from charter.services import assessments as service
from charter.services import profile_answers
from charter.services.draft_answers import answer_states
from charter.services.members import names_of
from charter.services.submitted_reads import Earlier

#: Stands for the theme id in the address pattern of :meth:`Journey.theme_urls`.
_THEME_SLOT = "__theme__"


class Journey:
    """The questionnaire journey of one audience, mounted under ``prefix`` of a blueprint."""

    def __init__(self, blueprint: Blueprint, audience: str, *, prefix: str, home: str) -> None:
        self.blueprint = blueprint
        self.audience = audience
        self.prefix = prefix
        self.home = home  # endpoint of the area's dashboard, e.g. "sme.dashboard"
        self.home_values: dict[str, Any] = {}
        for path, endpoint, view, methods in self.rules():
            blueprint.add_url_rule(
                prefix + path, endpoint, rerender_on_csrf_failure(view), methods=methods
            )
        # Documents are costly to build: a per-address limit keeps one visitor from hogging
        # the workers.
        documents = limiter.limit(lambda: current_app.config["LIMIT_DOCUMENTS"])
        report_path, export_path = self.document_paths()
        blueprint.add_url_rule(
            prefix + report_path,
            "assessment_report",
            documents(_unbound(self.report, blueprint.name)),
        )
        blueprint.add_url_rule(
            prefix + export_path,
            "assessment_export",
            documents(_unbound(self.export, blueprint.name)),
        )

    def rules(self) -> list[tuple[str, str, Any, list[str]]]:
        """(path under the prefix, endpoint, view, methods) of each page of the journey."""
        return [
            ("/nouveau", "assessment_new", self.choose, ["GET"]),
            ("", "assessment_start", self.start, ["POST"]),
            ("/<int:assessment_id>", "assessment_resume", self.resume, ["GET"]),
            ("/<int:assessment_id>/contexte", "assessment_context", self.context, ["GET", "POST"]),
            (
                "/<int:assessment_id>/themes/<theme_id>",
                "assessment_theme",
                self.theme,
                ["GET", "POST"],
            ),
            ("/<int:assessment_id>/reponse", "assessment_save", self.save, ["POST"]),
            ("/<int:assessment_id>/relecture", "assessment_review", self.review, ["GET"]),
            ("/<int:assessment_id>/envoi", "assessment_submit", self.submit, ["POST"]),
            ("/<int:assessment_id>/resultats", "assessment_results", self.results, ["GET"]),
            ("/<int:assessment_id>/suppression", "assessment_delete", self.delete, ["GET", "POST"]),
        ]

    def document_paths(self) -> tuple[str, str]:
        """Paths under the prefix of the PDF report and of the exports."""
        return "/<int:assessment_id>/rapport.pdf", "/<int:assessment_id>/<kind>.<fmt>"

    # ------------------------------------------------------------------------------ helpers

    #: True for the quick diagnosis without an account (charter.diagnostic).
    anonymous = False

    def url(self, name: str, **values: Any) -> str:
        """Address of one of this journey's pages (templates call it as ``journey.url``)."""
        return url_for(f"{self.blueprint.name}.{name}", **values)

    def theme_urls(self, assessment_id: int) -> Callable[[str], str]:
        """``theme id -> address of that theme page`` for one assessment, built from a single
        ``url_for`` (the progress navigation links to every theme; theme ids are slugs, which
        an address carries as they are)."""
        head, tail = self.url(
            "assessment_theme", assessment_id=assessment_id, theme_id=_THEME_SLOT
        ).split(_THEME_SLOT)
        return lambda theme_id: f"{head}{theme_id}{tail}"

    def load(self, assessment_id: int, *, with_answers: bool = True) -> Assessment:
        """The assessment the visitor may work on (object check), else 404; ``with_answers``
        False leaves its answers unloaded (for a view that reads them as rows)."""
        return own_assessment_or_404(assessment_id, with_answers=with_answers)

    def load_for_results(self, assessment_id: int) -> tuple[Assessment, Earlier | None]:
        """:meth:`load` for the results page, with the submission it is compared with, without
        reading what its memoised parts hold."""
        return own_submitted_or_404(assessment_id)

    def load_document(self, assessment_id: int) -> Assessment:
        """The same check as :meth:`load`, loading only the assessment's row (a download reads
        what it needs itself)."""
        return own_assessment_or_404(assessment_id, light=True)

    def actor_id(self) -> int | None:
        """Who is answering, for the services' records (None: an anonymous visitor)."""
        return int(current_user.id)

    def _render(self, template: str, **context: Any) -> str:
        return render_template(
            f"assessments/{template}",
            journey=self,
            field_template=lambda q: renderer_for(q.type).template,
            **context,
        )

    def _draft_or_results(self, assessment: Assessment) -> Any:
        if not assessment.is_draft:
            flash(_("Ce diagnostic est déjà envoyé : ses réponses ne changent plus."), "info")
            return redirect(self.url("assessment_results", assessment_id=assessment.id))
        return None

    # -------------------------------------------------------------------------------- views

    def choose(self) -> str:
        """Choose a questionnaire: title, duration, what you get."""
        versions = latest_versions(db.session, self.audience)
        previous = {
            v.slug: service.last_submitted(db.session, current_user.organization_id, v.slug)
            for v in versions
        }
        drafts = {
            v.slug: service.open_draft(db.session, current_user.organization_id, v.slug)
            for v in versions
        }
        return self._render(
            "choose.html",
            versions=versions,
            previous=previous,
            drafts=drafts,
            form=ConfirmForm(),
            questionnaire_of=questionnaire_of,
        )

    def start(self) -> Any:
        """Create a draft and go to its context page."""
        form = ConfirmForm()
        version_id = form_id("version_id")
        version = db.session.get(QuestionnaireVersion, version_id) if version_id else None
        if not form.validate_on_submit() or version is None or version.audience != self.audience:
            abort(400)
        draft = service.open_draft(db.session, current_user.organization_id, version.slug)
        if draft is not None:
            flash(
                _(
                    "Vous aviez déjà commencé ce questionnaire : vous reprenez là où vous "
                    "vous étiez arrêté."
                ),
                "info",
            )
            return redirect(self.url("assessment_resume", assessment_id=draft.id))
        assessment = service.start_assessment(
            db.session,
            actor_id=current_user.id,
            organization_id=current_user.organization_id,
            version_id=version.id,
            copy_previous=request.form.get("copy_previous") == "1",
        )
        return redirect(self.url("assessment_context", assessment_id=assessment.id))

    def resume(self, assessment_id: int) -> Any:
        """Go back to where the assessment was left: the first incomplete page, or results."""
        assessment = self.load(assessment_id)
        if not assessment.is_draft:
            return redirect(self.url("assessment_results", assessment_id=assessment.id))
        questionnaire = questionnaire_of(assessment.questionnaire_version)
        answers = service.answers_of(assessment)
        if any(c.id not in answers for c in questionnaire.context):
            return redirect(self.url("assessment_context", assessment_id=assessment.id))
        theme = pages.progress(questionnaire, answers).first_incomplete()
        if theme is None:
            return redirect(self.url("assessment_review", assessment_id=assessment.id))
        return redirect(
            self.url("assessment_theme", assessment_id=assessment.id, theme_id=theme.id)
        )

    def context(self, assessment_id: int) -> Any:
        """The context questions (not scored) that decide which questions apply."""
        assessment = self.load(assessment_id)
        if (locked := self._draft_or_results(assessment)) is not None:
            return locked
        questionnaire = questionnaire_of(assessment.questionnaire_version)
        questions = list(questionnaire.context)
        if request.method == "POST":
            outcome = self._save_page(assessment, [q.id for q in questions])
            if outcome is None:
                self._sync_profile(assessment)
                first = questionnaire.themes[0].id
                return redirect(
                    self.url("assessment_theme", assessment_id=assessment.id, theme_id=first)
                )
            typed, problems = outcome
        else:
            typed, problems = {}, {}
        answers = service.answers_of(assessment)
        views = pages.question_views(questions, answers, typed, problems)
        status = 400 if problems else 200
        return self._render(
            "context.html",
            assessment=assessment,
            questionnaire=questionnaire,
            questions=views,
            blocks=question_blocks(assessment.questionnaire_version, views, scored=False),
            progress=pages.progress(questionnaire, answers),
        ), status

    def _sync_profile(self, assessment: Assessment) -> None:
        """Keep the company profile in step with the sector and head-count just answered."""
        changed = profile_answers.sync_profile(
            db.session, actor_id=current_user.id, assessment_id=assessment.id
        )
        if changed:
            words = {"sector": SECTORS, "size_band": SIZE_BANDS}
            flash(
                _(
                    "Le profil de votre entreprise est mis à jour : %(values)s.",
                    values=", ".join(str(words[f][code]) for f, code in changed),
                ),
                "info",
            )

    def theme(self, assessment_id: int, theme_id: str) -> Any:
        """One theme's questions; POST saves them all (the page works without JavaScript)."""
        assessment = self.load(assessment_id, with_answers=False)
        if (locked := self._draft_or_results(assessment)) is not None:
            return locked
        questionnaire = questionnaire_of(assessment.questionnaire_version)
        index = next((i for i, t in enumerate(questionnaire.themes) if t.id == theme_id), None)
        if index is None:
            abort(404)
        theme = questionnaire.themes[index]
        answers = answer_states(db.session, assessment.id)
        context = pages.context_values(questionnaire, answers)
        questions = pages.applicable(questionnaire, theme, context)
        typed: dict[str, tuple[str | None, str | None]] = {}
        problems: dict[str, str] = {}
        if request.method == "POST":
            outcome = self._save_page(assessment, [q.id for q in questions])
            if outcome is None:
                if request.form.get("action") == "stay":
                    flash(_("Vos réponses sont enregistrées."), "success")
                    return redirect(request.path)
                if index + 1 < len(questionnaire.themes):
                    return redirect(
                        self.url(
                            "assessment_theme",
                            assessment_id=assessment.id,
                            theme_id=questionnaire.themes[index + 1].id,
                        )
                    )
                return redirect(self.url("assessment_review", assessment_id=assessment.id))
            typed, problems = outcome
            answers = answer_states(db.session, assessment.id)
        views = pages.question_views(questions, answers, typed, problems)
        return self._render(
            "theme.html",
            assessment=assessment,
            questionnaire=questionnaire,
            theme=theme,
            position=index + 1,
            questions=views,
            blocks=question_blocks(assessment.questionnaire_version, views, scored=True),
            carried_pending=sum(1 for a in answers.values() if a.carried_over),
            skipped=len(theme.questions) - len(questions),
            progress=pages.progress(questionnaire, answers),
            previous_theme=questionnaire.themes[index - 1] if index else None,
        ), 400 if problems else 200

    def _save_page(
        self, assessment: Assessment, question_ids: list[str]
    ) -> tuple[dict[str, tuple[str | None, str | None]], dict[str, str]] | None:
        return saving.save_posted_page(assessment, question_ids, self.actor_id())

    def save(self, assessment_id: int) -> Any:
        """Autosave of one answer (JSON, CSRF header); 409 on a conflict or a sent diagnosis."""
        return saving.save_json(self.load(assessment_id), self.actor_id())

    def review(self, assessment_id: int) -> Any:
        """Before sending: the unanswered questions, with links to them."""
        assessment = self.load(assessment_id)
        if (locked := self._draft_or_results(assessment)) is not None:
            return locked
        questionnaire = questionnaire_of(assessment.questionnaire_version)
        answers = service.answers_of(assessment)
        # Several colleagues may fill the same diagnosis: each answer says who last saved it.
        savers = names_of(db.session, {a.updated_by_id for a in answers.values()})
        return self._render(
            "review.html",
            **pages.review_content(questionnaire, answers, savers),
            assessment=assessment,
            questionnaire=questionnaire,
            progress=pages.progress(questionnaire, answers),
            form=ConfirmForm(),
        )

    def submit(self, assessment_id: int) -> Any:
        """Send the assessment: its scores are frozen."""
        assessment = self.load(assessment_id)
        if not ConfirmForm().validate_on_submit():
            return redirect(self.url("assessment_review", assessment_id=assessment.id))
        try:
            service.submit(db.session, actor_id=self.actor_id(), assessment_id=assessment.id)
        except service.AssessmentLocked:
            pass
        except ValueError:
            flash(
                _(
                    "Il reste des questions sans réponse : répondez-y (« Je ne sais pas » est "
                    "une réponse possible), puis envoyez."
                ),
                "error",
            )
            return redirect(self.url("assessment_review", assessment_id=assessment.id))
        return redirect(self.url("assessment_results", assessment_id=assessment.id))

    def results(self, assessment_id: int) -> Any:
        """Index, level, themes, priorities, the other measures, progress, methodology."""
        assessment, earlier = self.load_for_results(assessment_id)
        if assessment.is_draft:
            return redirect(self.url("assessment_resume", assessment_id=assessment.id))
        return self._render("results.html", **results_page(assessment, earlier))

    def report(self, assessment_id: int) -> Any:
        """The PDF report of a submitted assessment."""
        return send_report(self.load_document(assessment_id))

    def export(self, assessment_id: int, kind: str, fmt: str) -> Any:
        """The action plan (CSV, XLSX) or all answers (JSON, CSV) of a submitted assessment."""
        return send_export(self.load(assessment_id), kind, fmt)

    def delete(self, assessment_id: int) -> Any:
        """Delete a draft, after confirmation."""
        assessment = self.load(assessment_id)
        if (locked := self._draft_or_results(assessment)) is not None:
            return locked
        form = ConfirmForm()
        if form.validate_on_submit():
            service.delete_draft(db.session, actor_id=self.actor_id(), assessment_id=assessment.id)
            flash(_("Le brouillon est supprimé."), "success")
            return redirect(url_for(self.home))
        return self._render("delete.html", assessment=assessment, form=form)


def _unbound(method: Any, area: str) -> Any:
    """A plain function calling ``method`` (Flask-Limiter decorates functions, not methods).

    Its name includes the area: Flask-Limiter counts per function name, and the SME and the
    provider journeys must not share (and double-count) one bucket.
    """

    def view(**values: Any) -> Any:
        return method(**values)

    view.__name__ = view.__qualname__ = f"{area}_{method.__name__}"
    view.__doc__ = method.__doc__
    return view
