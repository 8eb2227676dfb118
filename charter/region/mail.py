"""Mail the service could not deliver (``/region/courriels``), administrators only: the outbox's
figures, the messages given up on, and « Renvoyer » for each (charter.services.mail)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from charter.auth.forms import ConfirmForm
from charter.bounds import page_number
from charter.extensions import db
from charter.region.admin import admin_only
from charter.region.blueprint import bp
from charter.services import mail


@bp.get("/courriels", endpoint="mail")
@admin_only
def mail_queue() -> str:
    """How many messages wait, were sent or failed; the failed ones, newest first."""
    page = mail.failed_mail(db.session, page=page_number())
    return render_template(
        "region/mail.html",
        figures=mail.queue_figures(db.session),
        page=page,
        form=ConfirmForm(),
    )


@bp.post("/courriels/<int:mail_id>/renvoyer", endpoint="mail_retry")
@admin_only
def mail_retry(mail_id: int) -> Response:
    """Put a failed message back in the queue; the sender tries it at its next pass."""
    if not ConfirmForm().validate_on_submit():
        flash(_("Le message n'a pas été remis en file : rechargez la page et réessayez."), "error")
    elif mail.retry(db.session, mail_id, current_user.id):
        flash(_("Message remis en file : il partira au prochain passage de l'envoi."), "success")
    else:
        flash(_("Ce message n'est plus en échec, ou son contenu n'existe plus."), "error")
    return redirect(url_for("region.mail"))
