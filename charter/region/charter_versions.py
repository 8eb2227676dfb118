"""Charter versions from the Region's area: the list and their differences (every officer),
and a new version (administrators): edit, preview with the differences, publish on
confirmation. Publishing goes through ``charter.services.charters.publish``, which supersedes
the current version, starts its signatures' grace period and e-mails every signatory.

No JavaScript: "Ajouter un engagement" posts the form and comes back with one more block;
ticking "Retirer" leaves a commitment out. Numbers follow the order on the page.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import ValidationError

from charter.core.charter_text import CharterText, canonical_text, paragraphs
from charter.core.text_diff import diff_paragraphs, has_changes
from charter.errors import rerender_on_csrf_failure
from charter.extensions import db
from charter.models import CharterVersion
from charter.region.admin import admin_only
from charter.region.blueprint import bp
from charter.region.forms import CharterVersionForm
from charter.services import charters


def _paragraphs(text: CharterText | None) -> list[str]:
    return canonical_text(text).strip().split("\n\n") if text else []


@bp.get("/charte", endpoint="charter_versions")
def charter_versions() -> str:
    """Every published version, newest first, with links to their differences."""
    versions = charters.all_versions(db.session)
    return render_template(
        "region/charter_versions.html",
        versions=versions,
        previous={v.id: versions[n + 1] for n, v in enumerate(versions[:-1])},
    )


@bp.get("/charte/versions/<label>/differences", endpoint="charter_differences")
def charter_differences(label: str) -> str:
    """What version ``label`` changed compared with the version before it."""
    versions = charters.all_versions(db.session)
    position = next((n for n, v in enumerate(versions) if v.label == label), None)
    if position is None:
        abort(404)
    version = versions[position]
    before = versions[position + 1] if position + 1 < len(versions) else None
    blocks = diff_paragraphs(
        _paragraphs(before.as_text() if before else None), _paragraphs(version.as_text())
    )
    return render_template(
        "region/charter_differences.html", version=version, before=before, blocks=blocks
    )


def _prefill(form: CharterVersionForm, current: CharterVersion | None) -> None:
    """Start from the current version's text, with a version number one higher if numeric."""
    if current is None:
        return
    form.version.data = str(int(current.label) + 1) if current.label.isdigit() else ""
    form.title.data = current.title
    form.summary.data = current.summary
    form.preamble.data = current.preamble
    while len(form.commitments.entries):
        form.commitments.pop_entry()
    for commitment in current.commitments:
        form.commitments.append_entry(
            {
                "title": commitment["title"],
                "text": commitment["text"],
                "evidence": commitment.get("evidence") or "",
            }
        )


def _charter(form: CharterVersionForm, current: CharterVersion | None) -> CharterText | None:
    """The charter the form describes, or None with the problems added to the form."""
    kept = [entry.form for entry in form.commitments if not entry.form.remove.data]
    for entry in kept:
        if not entry.title.data or not entry.text.data:
            form.form_errors.append(
                _(
                    "Chaque engagement gardé a besoin d'un titre et d'un texte "
                    "(ou cochez « Retirer »)."
                )
            )
            return None
    if not kept:
        form.form_errors.append(_("La charte a besoin d'au moins un engagement."))
        return None
    if charters.version_by_label(db.session, form.version.data) is not None:
        form.version.errors = [*form.version.errors, _("Ce numéro de version est déjà publié.")]
        return None
    try:
        charter = CharterText.model_validate(
            {
                "version": form.version.data,
                "title": form.title.data,
                "summary": form.summary.data,
                "preamble": form.preamble.data,
                "commitments": [
                    {
                        "number": n,
                        "title": entry.title.data,
                        "text": entry.text.data,
                        "evidence": entry.evidence.data or None,
                    }
                    for n, entry in enumerate(kept, start=1)
                ],
            }
        )
    except ValidationError:
        form.form_errors.append(_("Le texte de la charte est incomplet : vérifiez chaque champ."))
        return None
    same_label = charter.model_copy(update={"version": current.label}) if current else None
    if current is not None and canonical_text(same_label) == canonical_text(current.as_text()):
        form.form_errors.append(_("Ce texte est identique à la version en vigueur."))
        return None
    return charter


@bp.route("/charte/nouvelle", methods=["GET", "POST"], endpoint="charter_edit")
@admin_only
@rerender_on_csrf_failure
def charter_edit() -> Any:
    """Edit a new version, preview it with its differences, then publish it on confirmation."""
    current = charters.current_version(db.session)
    form = CharterVersionForm()
    if request.method == "GET":
        _prefill(form, current)
        return render_template("region/charter_edit.html", form=form, current=current)
    if "add" in request.form:
        form.commitments.append_entry()
        return render_template("region/charter_edit.html", form=form, current=current)
    charter = _charter(form, current) if form.validate() else None
    if charter is None or "edit" in request.form:
        status = 400 if charter is None else 200
        return render_template("region/charter_edit.html", form=form, current=current), status
    if "confirmed" not in request.form:
        blocks = diff_paragraphs(
            _paragraphs(current.as_text() if current else None), _paragraphs(charter)
        )
        return render_template(
            "region/charter_preview.html",
            form=form,
            charter=charter,
            current=current,
            blocks=blocks,
            changed=has_changes(blocks),
            preamble=paragraphs(charter.preamble),
        )
    try:
        outcome = charters.publish(db.session, charter, actor_id=current_user.id)
    except charters.CharterVersionConflict as conflict:
        form.form_errors.append(str(conflict))
        return render_template("region/charter_edit.html", form=form, current=current), 409
    flash(
        _(
            "Version %(label)s publiée : elle est en vigueur, et %(num)d personne(s) ont été "
            "invitées à la signer.",
            label=outcome.label,
            num=outcome.notified,
        ),
        "success",
    )
    return redirect(url_for("region.charter_versions"))
