"""The provider's clients: portfolio, a client's shared diagnoses, invitations.

Every identifier is checked against the logged-in provider: another provider's invitation or
client, or a client that does not share, answers 404 — at every request, so a withdrawn
consent takes effect at once, including on a report address opened earlier.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from charter.assessments.downloads import send_report
from charter.assessments.results_page import results_page
from charter.auth.forms import ConfirmForm
from charter.auth.limits import configured
from charter.core.plan_tracking import STATE_LABELS
from charter.db import utcnow
from charter.downloads import attachment
from charter.errors import rerender_on_csrf_failure
from charter.extensions import db, limiter
from charter.models import Assessment, Organization
from charter.provider.blueprint import bp
from charter.provider.forms import InviteForm, PortfolioFilterForm
from charter.reports.csv_writer import csv_bytes
from charter.services import clients as client_service
from charter.services import follow_ups, plan_tracking
from charter.services import invitations as invitation_service
from charter.services import portfolio as portfolio_service
from charter.services.dates import today
from charter.services.portfolio import PortfolioFilters, portfolio


def _filters() -> tuple[PortfolioFilterForm, PortfolioFilters]:
    form = PortfolioFilterForm(request.args)
    return form, PortfolioFilters(
        level=(form.niveau.data or "")[:40], state=(form.etat.data or "")[:10]
    )


@bp.get("/clients")
def clients() -> str:
    """The portfolio: clients, their last diagnosis if they share, what is most often missing."""
    form, filters = _filters()
    data = portfolio(db.session, current_user.organization_id, filters)
    form.niveau.choices = [("", _("Tous les niveaux")), *data.levels]
    return render_template(
        "provider/clients.html",
        portfolio=data,
        form=form,
        filtered=bool(filters.level or filters.state),
        now=utcnow(),
        due=_due,
        may_invite=invitation_service.may_invite(db.session, current_user.organization_id),
    )


def _due(row: Any) -> bool:
    """Whether a sharing client's last diagnosis is due for a follow-up (6 months)."""
    return row.last_date is not None and follow_ups.is_due(row.last_date, today())


@bp.get("/clients.csv")
def clients_csv() -> Response:
    """The portfolio (with its filters) as CSV for a spreadsheet."""
    _form, filters = _filters()
    data = portfolio(db.session, current_user.organization_id, filters)
    rows = [
        (
            r.name,
            r.city or "",
            r.department,
            _("oui") if r.shares else _("non"),
            r.last_title or "",
            r.last_date.date().isoformat() if r.last_date else "",
            "" if r.last_index is None else f"{r.last_index:.1f}".replace(".", ","),
            r.level_name or "",
            "" if r.trend is None else f"{r.trend:+.1f}".replace(".", ","),
        )
        for r in data.rows
    ]
    headers = (
        _("Entreprise"),
        _("Commune"),
        _("Département"),
        _("Partage ses résultats"),
        _("Dernier diagnostic"),
        _("Date"),
        _("Score"),
        _("Niveau"),
        _("Évolution"),
    )
    return attachment(csv_bytes(headers, rows), "text/csv; charset=utf-8", "mes-clients.csv")


def _client_or_404(sme_id: int) -> Organization:
    """A client of mine (sharing or not); 404 for any other organisation."""
    organization = portfolio_service.client_of(db.session, current_user.organization_id, sme_id)
    if organization is None:
        abort(404)
    return organization


def _shared_assessment_or_404(sme_id: int, assessment_id: int) -> Assessment:
    """A submitted diagnosis of a client that shares with me right now; else 404."""
    assessment = portfolio_service.shared_diagnosis(
        db.session, current_user.organization_id, sme_id, assessment_id
    )
    if assessment is None:
        abort(404)
    return assessment


@bp.get("/clients/<int:sme_id>")
def client(sme_id: int) -> str:
    """One client: its diagnoses if it shares them, else only its name."""
    organization = _client_or_404(sme_id)
    shares = (
        client_service.sharing_link(db.session, current_user.organization_id, sme_id) is not None
    )
    diagnoses = portfolio_service.shared_diagnoses(db.session, current_user.organization_id, sme_id)
    # The client's plan with where each action stands: read-only, only while it shares.
    actions = plan_tracking.tracked_plan(db.session, diagnoses[0]) if diagnoses else []
    latest = diagnoses[0] if diagnoses else None
    due = latest is not None and follow_ups.is_due(latest.submitted_at, today())
    nudged = client_service.last_nudge(db.session, current_user.organization_id, sme_id)
    return render_template(
        "provider/client.html",
        client=organization,
        shares=shares,
        diagnoses=diagnoses,
        actions=actions,
        states=STATE_LABELS,
        due=due,
        reminded=due and follow_ups.already_reminded(db.session, latest.id),
        contact=client_service.client_contact(db.session, current_user.organization_id, sme_id),
        # A client without a shared diagnosis is asked to make one (not more than monthly).
        may_nudge=latest is None,
        nudged=nudged,
        next_nudge=(nudged + client_service.NUDGE_INTERVAL) if nudged else None,
        now=utcnow(),
        form=ConfirmForm(),
    )


@bp.post("/clients/<int:sme_id>/rappel")
@limiter.limit(configured("LIMIT_EMAIL"))
def client_reminder(sme_id: int) -> Response:
    """« Relancer » a client: a consenting client due for a follow-up is reminded of its
    priorities (once per diagnosis); a client without a shared diagnosis is asked to make one
    (once a month)."""
    _client_or_404(sme_id)
    if ConfirmForm().validate_on_submit():
        shared = client_service.sharing_link(db.session, current_user.organization_id, sme_id)
        first = shared is None or plan_tracking.latest_diagnosis(db.session, sme_id) is None
        send = client_service.nudge if first else follow_ups.send_provider_reminder
        sent = send(
            db.session,
            actor_id=current_user.id,
            provider_id=current_user.organization_id,
            sme_id=sme_id,
        )
        if sent is None:
            flash(
                _("Aucun rappel envoyé : ce client n'est pas à relancer, ou l'a déjà été."), "info"
            )
        else:
            flash(
                ngettext(
                    "Rappel envoyé à %(num)d personne de l'entreprise.",
                    "Rappel envoyé à %(num)d personnes de l'entreprise.",
                    sent,
                ),
                "success",
            )
    return redirect(url_for("provider.client", sme_id=sme_id))


class ClientLinks:
    """Addresses used by the shared results template when a provider looks at a client."""

    def __init__(self, sme_id: int) -> None:
        self.sme_id = sme_id
        self.home = "provider.client"
        self.home_values = {"sme_id": sme_id}

    def url(self, name: str, **values: Any) -> str:
        endpoint = {
            "assessment_report": "provider.client_report",
            "assessment_results": "provider.client_results",
        }.get(name)
        if endpoint is None:
            raise KeyError(name)
        return url_for(endpoint, sme_id=self.sme_id, **values)


@bp.get("/clients/<int:sme_id>/diagnostics/<int:assessment_id>/resultats")
def client_results(sme_id: int, assessment_id: int) -> str:
    """A shared diagnosis's results page, as its SME sees it."""
    assessment = _shared_assessment_or_404(sme_id, assessment_id)
    return render_template(
        "assessments/results.html",
        journey=ClientLinks(sme_id),
        provider_view=True,
        **results_page(assessment),
    )


@bp.get("/clients/<int:sme_id>/diagnostics/<int:assessment_id>/rapport.pdf")
def client_report(sme_id: int, assessment_id: int) -> Response:
    """A shared diagnosis's PDF report."""
    return send_report(_shared_assessment_or_404(sme_id, assessment_id))


# ---------------------------------------------------------------------------- invitations


@bp.route("/invitations", methods=["GET", "POST"])
@rerender_on_csrf_failure
def invitations() -> Any:
    """Invite clients (one address or a pasted list) and follow the invitations."""
    provider_id = current_user.organization_id
    allowed = invitation_service.may_invite(db.session, provider_id)
    form = InviteForm()
    report = None
    if allowed and form.validate_on_submit():
        report = invitation_service.invite(
            db.session, actor_id=current_user.id, provider_id=provider_id, text=form.addresses.data
        )
        if report.sent:
            flash(
                ngettext(
                    "%(num)d invitation envoyée.", "%(num)d invitations envoyées.", len(report.sent)
                ),
                "success",
            )
        if not (
            report.invalid or report.duplicates or report.already_clients or report.already_invited
        ):
            return redirect(url_for("provider.invitations"))
    rows = invitation_service.recent_invitations(db.session, provider_id)
    status = 400 if form.errors else 200
    return render_template(
        "provider/invitations.html",
        form=form,
        allowed=allowed,
        report=report,
        invitations=rows,
        now=utcnow(),
        confirm_form=ConfirmForm(),
    ), status


@bp.post("/invitations/<int:invitation_id>/renvoi")
def invitation_resend(invitation_id: int) -> Response:
    """Send an invitation again, with a new link."""
    if (
        invitation_service.provider_invitation(
            db.session, current_user.organization_id, invitation_id
        )
        is None
    ):
        abort(404)
    if ConfirmForm().validate_on_submit() and invitation_service.resend(
        db.session,
        actor_id=current_user.id,
        provider_id=current_user.organization_id,
        invitation_id=invitation_id,
    ):
        flash(_("L'invitation est renvoyée avec un nouveau lien."), "success")
    else:
        flash(_("Cette invitation ne peut plus être renvoyée."), "error")
    return redirect(url_for("provider.invitations"))


@bp.route("/invitations/<int:invitation_id>/annulation", methods=["GET", "POST"])
def invitation_cancel(invitation_id: int) -> Any:
    """Cancel an invitation, after confirmation."""
    invitation = invitation_service.provider_invitation(
        db.session, current_user.organization_id, invitation_id
    )
    if invitation is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        invitation_service.cancel(
            db.session,
            actor_id=current_user.id,
            provider_id=current_user.organization_id,
            invitation_id=invitation_id,
        )
        flash(_("L'invitation est annulée : son lien ne fonctionne plus."), "success")
        return redirect(url_for("provider.invitations"))
    return render_template(
        "_invitation_cancel.html",
        invitation=invitation,
        form=form,
        back_url=url_for("provider.invitations"),
    )
