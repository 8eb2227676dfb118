"""Review of signatures by the Region: pending list, detail, validate, reject (with reason).

Validation asks for confirmation, rejection for a reason and then for confirmation, before
anything changes; both decisions
e-mail the company's members and land in the audit log (``charter.services.signatures``).
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from charter.auth.forms import ConfirmForm
from charter.downloads import attachment
from charter.errors import rerender_on_csrf_failure
from charter.extensions import db
from charter.models import Signature, SignatureStatus
from charter.region.blueprint import bp
from charter.region.forms import RejectForm
from charter.services import certificates, signatures, standing


def _signature(signature_id: int) -> Signature:
    signature = db.session.get(Signature, signature_id)
    if signature is None:
        abort(404)
    return signature


@bp.get("/signatures", endpoint="signatures")
def signatures_list() -> str:
    """Signatures awaiting review, oldest first."""
    return render_template(
        "region/signatures.html", pending=standing.pending_signatures(db.session)
    )


@bp.get("/signatures/<int:signature_id>")
def signature(signature_id: int) -> str:
    """One signature: the company, what was signed, by whom, its history; the decisions."""
    item = _signature(signature_id)
    return render_template(
        "region/signature.html",
        signature=item,
        hash_ok=standing.hash_matches(item),
    )


@bp.get("/signatures/<int:signature_id>/valider")
def signature_validate_confirm(signature_id: int) -> Any:
    """Ask before validating: what validating does, and the company and SIRET to check."""
    item = _signature(signature_id)
    if item.status is not SignatureStatus.PENDING:
        flash(_("Cette signature a déjà fait l'objet d'une décision."), "warning")
        return redirect(url_for("region.signature", signature_id=item.id))
    return render_template("region/validate_confirm.html", signature=item, form=ConfirmForm())


@bp.post("/signatures/<int:signature_id>/valider")
def signature_validate(signature_id: int) -> Response:
    """Validate a pending signature (posted from the confirmation page): a certificate number
    is assigned, the company told."""
    item = _signature(signature_id)
    if not ConfirmForm().validate_on_submit():
        flash(_("La validation n'a pas été enregistrée : réessayez."), "error")
        return redirect(url_for("region.signature", signature_id=item.id))
    try:
        number = signatures.validate(db.session, item.id, current_user.id)
    except signatures.TransitionRefused:
        flash(_("Cette signature a déjà fait l'objet d'une décision."), "warning")
        return redirect(url_for("region.signature", signature_id=signature_id))
    flash(_("Signature validée : attestation n° %(number)s délivrée.", number=number), "success")
    return redirect(url_for("region.signatures"))


@bp.route("/signatures/<int:signature_id>/refuser", methods=["GET", "POST"])
@rerender_on_csrf_failure
def signature_reject(signature_id: int) -> Any:
    """Refuse a pending signature: reason, then confirmation, then the decision."""
    item = _signature(signature_id)
    if item.status is not SignatureStatus.PENDING:
        flash(_("Cette signature a déjà fait l'objet d'une décision."), "warning")
        return redirect(url_for("region.signature", signature_id=item.id))
    form = RejectForm()
    if request.method == "POST" and form.validate():
        if "edit" in request.form:
            pass  # back to the form, reason kept
        elif "confirmed" not in request.form:
            return render_template("region/reject_confirm.html", signature=item, form=form)
        else:
            try:
                signatures.reject(db.session, item.id, current_user.id, form.reason.data)
            except signatures.TransitionRefused:
                flash(_("Cette signature a déjà fait l'objet d'une décision."), "warning")
                return redirect(url_for("region.signature", signature_id=signature_id))
            flash(_("Signature refusée ; l'entreprise a reçu le motif par e-mail."), "success")
            return redirect(url_for("region.signatures"))
    status = 400 if form.errors else 200
    return render_template("region/reject.html", signature=item, form=form), status


@bp.get("/signatures/<int:signature_id>/attestation.pdf")
def signature_certificate(signature_id: int) -> Response:
    """Download the certificate of any validated signature."""
    item = _signature(signature_id)
    if item.certificate_number is None:
        abort(404)
    filename, pdf = certificates.render(db.session, item)
    return attachment(pdf, "application/pdf", filename)
