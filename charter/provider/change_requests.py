"""The Region's requests for changes as the company sees them (``/prestataire/demandes/<id>``):
the officer's message and deadline, the thread, and the company's answer (« c'est fait »).

Provider members only (the blueprint's rule); a request of another organisation answers 404.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from charter.errors import rerender_on_csrf_failure
from charter.extensions import db
from charter.provider.blueprint import bp
from charter.provider.forms import ChangeAnswerForm
from charter.provider.routes import my_organization
from charter.services import change_requests


@bp.route("/demandes/<int:request_id>", methods=["GET", "POST"])
@rerender_on_csrf_failure
def change_request(request_id: int) -> Any:
    """One request of the Region with its thread; the company answers or says it is done."""
    organization = my_organization()
    found = change_requests.organization_request(db.session, organization.id, request_id)
    if found is None:
        abort(404)
    form = ChangeAnswerForm()
    if request.method == "POST" and form.validate():
        done = "done" in request.form
        try:
            change_requests.answer(
                db.session,
                organization_id=organization.id,
                request_id=found.id,
                actor_id=current_user.id,
                body=form.message.data or "",
                done=done,
            )
        except change_requests.RequestClosed:
            flash(_("La Région a déjà clos cette demande."), "warning")
            return redirect(url_for("provider.change_request", request_id=found.id))
        except ValueError:
            form.message.errors = [_("Écrivez un message, ou cliquez sur « C'est fait ».")]
        else:
            flash(
                _("La Région est prévenue que c'est fait ; elle vérifiera puis clora la demande.")
                if done
                else _("Votre message est envoyé à la Région."),
                "success",
            )
            return redirect(url_for("provider.change_request", request_id=found.id))
    status = 400 if form.errors else 200
    return render_template(
        "provider/change_request.html",
        change=found,
        overdue=change_requests.is_overdue(found),
        form=form,
    ), status
