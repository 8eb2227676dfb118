"""The journey of the quick diagnosis without an account: the shared journey's views, on the
draft the session's token leads to.

Who calls this: the ``diagnostic`` blueprint, once, at import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, session, url_for
from flask_login import current_user

from charter.access import home_url_for
from charter.assessments.journey import Journey
from charter.auth.forms import ConfirmForm
from charter.core.audience import Audience
from charter.db import utcnow
from charter.definitions import questionnaire_of
from charter.extensions import db, limiter
from charter.models import Assessment, Invitation, Role
from charter.services import anonymous, invitations
from charter.services.anonymous import INVITATION_KEY, SESSION_KEY


class AnonymousJourney(Journey):
    """The SME journey under ``/diagnostic``, without an id in any address."""

    anonymous = True

    def __init__(self, blueprint: Blueprint) -> None:
        super().__init__(blueprint, Audience.SME, prefix="", home="public.home")

    def rules(self) -> list[tuple[str, str, Any, list[str]]]:
        """The same pages as an organisation's journey; the draft is the session's."""
        starts = limiter.limit(
            lambda: current_app.config["LIMIT_ANONYMOUS_DIAGNOSIS"], methods=["POST"]
        )
        return [
            ("", "assessment_new", self.choose, ["GET"]),
            ("", "assessment_start", starts(_named(self.start, "start")), ["POST"]),
            ("/reprise", "assessment_resume", _own(self.resume), ["GET"]),
            ("/contexte", "assessment_context", _own(self.context), ["GET", "POST"]),
            ("/themes/<theme_id>", "assessment_theme", _own(self.theme), ["GET", "POST"]),
            ("/reponse", "assessment_save", _own(self.save), ["POST"]),
            ("/relecture", "assessment_review", _own(self.review), ["GET"]),
            ("/envoi", "assessment_submit", _own(self.submit), ["POST"]),
            ("/resultats", "assessment_results", _own(self.results), ["GET"]),
            ("/suppression", "assessment_delete", _own(self.delete), ["GET", "POST"]),
        ]

    def document_paths(self) -> tuple[str, str]:
        return "/rapport.pdf", "/<kind>.<fmt>"

    def url(self, name: str, **values: Any) -> str:
        """Address of a page: the draft is the session's, so any ``assessment_id`` is dropped."""
        values.pop("assessment_id", None)
        return url_for(f"{self.blueprint.name}.{name}", **values)

    def load(self, assessment_id: int, *, with_answers: bool = True) -> Assessment:
        """The draft of the session's token; 404 without one (another visitor's token, an
        expired or kept diagnosis: it does not exist here)."""
        assessment = anonymous.find(db.session, session.get(SESSION_KEY), with_answers=with_answers)
        if assessment is None:
            abort(404)
        return assessment

    def load_for_results(self, assessment_id: int) -> tuple[Assessment, None]:
        return self.load(assessment_id), None  # not kept in an organisation: nothing earlier

    def load_document(self, assessment_id: int) -> Assessment:
        """The session's diagnosis, as :meth:`load` finds it."""
        return self.load(assessment_id)

    def actor_id(self) -> int | None:
        return None

    def _sync_profile(self, assessment: Assessment) -> None:
        """No profile to update: the sector and size prefill the registration form later."""

    def report(self, assessment_id: int = 0) -> Any:
        return super().report(assessment_id)

    def export(self, kind: str, fmt: str, assessment_id: int = 0) -> Any:  # type: ignore[override]
        return super().export(assessment_id, kind, fmt)

    def choose(self) -> Any:  # type: ignore[override]
        """What the quick diagnosis is and what is kept; start it or resume it."""
        draft = anonymous.find(db.session, session.get(SESSION_KEY))
        if draft is None and (elsewhere := _account_home()) is not None:
            return elsewhere
        version = anonymous.newest_version(
            db.session, current_app.config["QUICK_DIAGNOSIS_QUESTIONNAIRE"]
        )
        return render_template(
            "diagnostic/start.html",
            journey=self,
            draft=draft,
            questionnaire=questionnaire_of(version) if version else None,
            days=int(current_app.config["RETENTION_ANONYMOUS_DIAGNOSIS_DAYS"]),
            invitation=pending_invitation(),
            form=ConfirmForm(),
        )

    def start(self) -> Any:  # type: ignore[override]
        """Create the visitor's anonymous draft (one per session) and open its first page."""
        if not ConfirmForm().validate_on_submit():
            abort(400)
        if anonymous.find(db.session, session.get(SESSION_KEY)) is None:
            if (elsewhere := _account_home()) is not None:
                return elsewhere
            token = anonymous.new_token()
            try:
                anonymous.start(
                    db.session,
                    token=token,
                    slug=current_app.config["QUICK_DIAGNOSIS_QUESTIONNAIRE"],
                )
            except LookupError:
                abort(404)
            session[SESSION_KEY] = token
            return redirect(self.url("assessment_context"))
        return redirect(self.url("assessment_resume"))


def pending_invitation() -> Invitation | None:
    """The still usable invitation the visitor came from, if any (a dead one is forgotten)."""
    token = session.get(INVITATION_KEY)
    if not isinstance(token, str):
        return None
    invitation = invitations.invitation_for_token(db.session, token)
    if invitation is None or invitation.status(utcnow()) not in ("sent", "opened"):
        session.pop(INVITATION_KEY, None)
        return None
    return invitation


def _account_home() -> Any:
    """Where a logged-in visitor without a quick diagnosis goes instead: an SME's own journey,
    anyone else's home page. None for an anonymous visitor."""
    if not current_user.is_authenticated:
        return None
    if current_user.role is Role.SME_MEMBER:
        return redirect(url_for("sme.assessment_new"))
    return redirect(home_url_for(current_user.role))


def _own(view: Callable[..., Any]) -> Callable[..., Any]:
    """The journey's view called for the session's draft (the id it takes is not used)."""
    return _named(lambda **values: view(0, **values), view.__name__)


def _named(view: Callable[..., Any], name: str) -> Callable[..., Any]:
    """A plain function calling ``view``, named for Flask-Limiter (which counts per name)."""

    def named(**values: Any) -> Any:
        return view(**values)

    named.__name__ = named.__qualname__ = f"diagnostic_{name}"
    named.__doc__ = view.__doc__
    return named
