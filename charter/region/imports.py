"""Importing the Region's paper signatories (``/region/import``), administrators only: upload a
CSV or XLSX file, read every row's fate, confirm (charter.services.signatory_import)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from flask import Response as FlaskResponse
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from charter.bounds import page_number
from charter.core.i18n import N_
from charter.core.signatory_import import ERROR, RowFate
from charter.errors import rerender_on_csrf_failure
from charter.extensions import db
from charter.region.admin import admin_only
from charter.region.blueprint import bp
from charter.region.forms import ImportConfirmForm, ImportUploadForm
from charter.reports.csv_writer import csv_bytes
from charter.services import signatory_import

ROWS_PER_PAGE = 100
_REFUSALS = {
    "errors": N_(
        "Le fichier contient des lignes en erreur : cochez la case pour importer "
        "seulement les lignes correctes, ou corrigez le fichier et déposez-le à nouveau."
    ),
    "confirmed": N_("Cet import est déjà confirmé : rien n'a été écrit une seconde fois."),
    "expired": N_("Ce fichier a été déposé il y a trop longtemps : déposez-le à nouveau."),
    "conflict": N_(
        "Certaines de ces entreprises viennent d'être enregistrées par ailleurs : rien n'a été "
        "importé. Relisez l'aperçu, mis à jour, puis confirmez de nouveau."
    ),
}


@dataclass(frozen=True)
class RowsPage:
    """One page of the preview's rows, for the shared pagination macro."""

    items: list[RowFate]
    page: int
    pages: int


@bp.route("/import", methods=["GET", "POST"], endpoint="import_signatories")
@admin_only
@rerender_on_csrf_failure
def import_signatories() -> Any:
    """The upload form; a readable file goes on to its preview, a bad one is refused whole."""
    form = ImportUploadForm()
    problem = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            token = signatory_import.upload(
                db.session,
                actor_id=current_user.id,
                filename=upload.filename or "",
                content=upload.read(),
            )
        except signatory_import.ImportFileError as error:
            problem = error.reason.text(_)
        else:
            return redirect(url_for("region.import_preview", token=token))
    status = 400 if request.method == "POST" else 200
    return render_template("region/import.html", form=form, problem=problem), status


@bp.get("/import/modele.csv", endpoint="import_template")
@admin_only
def import_template() -> Response:
    """The file to fill: the expected column titles."""
    rows = signatory_import.template_csv_rows()
    return FlaskResponse(
        csv_bytes(rows[0], rows[1:]),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=modele-import-signataires.csv"},
    )


@bp.get("/import/<token>", endpoint="import_preview")
@admin_only
def import_preview(token: str) -> Any:
    """Every row and its fate; the confirmation form; or, once confirmed, what was done."""
    upload = signatory_import.pending(db.session, token, current_user.id)
    if upload is None:
        abort(404)
    if upload.confirmed_at is not None:
        return render_template("region/import_done.html", upload=upload)
    preview = signatory_import.preview(db.session, upload)
    if preview is None:
        flash(_(_REFUSALS["expired"]), "error")
        return redirect(url_for("region.import_signatories"))
    only_errors = request.args.get("lignes") == "erreurs"
    rows = (
        [r for r in preview.plan.rows if r.fate == ERROR]
        if only_errors
        else list(preview.plan.rows)
    )
    pages = max(1, math.ceil(len(rows) / ROWS_PER_PAGE))
    page = min(page_number(), pages)
    start = (page - 1) * ROWS_PER_PAGE
    return render_template(
        "region/import_preview.html",
        preview=preview,
        token=token,
        counts=preview.plan.counts,
        rows=RowsPage(rows[start : start + ROWS_PER_PAGE], page, pages),
        only_errors=only_errors,
        form=ImportConfirmForm(),
        translate=_,
    )


@bp.post("/import/<token>", endpoint="import_confirm")
@admin_only
def import_confirm(token: str) -> Response:
    """Write the new rows (and, if the box is ticked, leave the error rows out)."""
    if signatory_import.pending(db.session, token, current_user.id) is None:
        abort(404)
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        flash(_("L'import n'a pas été confirmé : rechargez la page et réessayez."), "error")
        return redirect(url_for("region.import_preview", token=token))
    try:
        outcome = signatory_import.confirm(
            db.session,
            actor_id=current_user.id,
            token=token,
            include_errors=bool(form.include_errors.data),
        )
    except signatory_import.NotConfirmable as refused:
        if refused.code == "unknown":
            abort(404)
        flash(_(_REFUSALS[refused.code]), "error")
        if refused.code == "expired":
            return redirect(url_for("region.import_signatories"))
        return redirect(url_for("region.import_preview", token=token))
    if outcome.created:
        flash(
            _(
                "Import %(reference)s confirmé : %(count)d signature(s) ajoutée(s) ; chaque "
                "contact reçoit une invitation à prendre en main le compte de son entreprise.",
                reference=outcome.reference,
                count=outcome.created,
            ),
            "success",
        )
    else:
        flash(
            _(
                "Rien n'a changé : toutes les lignes correctes de ce fichier sont déjà présentes "
                "(import %(reference)s).",
                reference=outcome.reference,
            ),
            "success",
        )
    return redirect(url_for("region.import_preview", token=token))
