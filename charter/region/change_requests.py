"""A request for changes as the Region follows it (``/region/signataires/<id>/demandes/<id>``):
its deadline, the thread with the company, a reply, and closing it.

Region officers only (the blueprint's rule); a request of another signatory answers 404.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from charter.core.change_requests import STATUS_LABELS
from charter.errors import rerender_on_csrf_failure
from charter.extensions import db
from charter.region.blueprint import bp
from charter.region.forms import ChangeReplyForm
from charter.region.signatories import _provider
from charter.services import change_requests


@bp.route("/signataires/<int:organization_id>/demandes/<int:request_id>", methods=["GET", "POST"])
@rerender_on_csrf_failure
def change_request(organization_id: int, request_id: int) -> Any:
    """One request with its thread; the officer replies, or closes it once it is done."""
    organization = _provider(organization_id)
    found = change_requests.organization_request(db.session, organization.id, request_id)
    if found is None:
        abort(404)
    form = ChangeReplyForm()
    if request.method == "POST" and form.validate():
        close = "close" in request.form
        try:
            change_requests.region_reply(
                db.session,
                organization_id=organization.id,
                request_id=found.id,
                actor_id=current_user.id,
                body=form.message.data or "",
                close=close,
            )
        except change_requests.RequestClosed:
            flash(_("Cette demande est déjà close."), "warning")
            return redirect(
                url_for(
                    "region.change_request", organization_id=organization.id, request_id=found.id
                )
            )
        except ValueError:
            form.message.errors = [_("Écrivez un message, ou cliquez sur « Clore la demande ».")]
        else:
            flash(
                _("La demande est close ; l'entreprise est prévenue par e-mail.")
                if close
                else _("Message envoyé à l'entreprise."),
                "success",
            )
            return redirect(
                url_for(
                    "region.change_request", organization_id=organization.id, request_id=found.id
                )
            )
    status = 400 if form.errors else 200
    return render_template(
        "region/change_request.html",
        organization=organization,
        change=found,
        overdue=change_requests.is_overdue(found),
        labels=STATUS_LABELS,
        form=form,
    ), status
