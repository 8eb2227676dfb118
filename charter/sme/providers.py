"""The SME's providers: consent to share per provider, choosing a signatory, leaving one."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from charter.access import owner_required
from charter.auth.forms import ConfirmForm
from charter.bounds import form_id
from charter.clients.forms import JoinForm
from charter.errors import rerender_on_csrf_failure
from charter.extensions import db
from charter.models import ClientLink
from charter.services import clients
from charter.services.directory import DirectoryFilters, listing
from charter.sme.blueprint import bp


def _links() -> list[ClientLink]:
    return clients.links_of_sme(db.session, current_user.organization_id)


@bp.get("/prestataires")
def providers() -> str:
    """My providers and, for each, whether it may see my results."""
    links = _links()
    forms = {
        link.id: JoinForm(share="oui" if link.share_results else "non", prefix=f"link-{link.id}")
        for link in links
    }
    return render_template("sme/providers.html", links=links, forms=forms)


@bp.post("/prestataires/<int:link_id>/partage")
@owner_required
def provider_consent(link_id: int) -> Response:
    """Give or withdraw the consent to share with one provider; effective at once."""
    link = clients.sme_link(db.session, current_user.organization_id, link_id)
    if link is None:
        abort(404)
    form = JoinForm(prefix=f"link-{link_id}")
    if form.validate_on_submit():
        share = form.share.data == "oui"
        clients.set_consent(
            db.session,
            actor_id=current_user.id,
            sme_id=current_user.organization_id,
            link_id=link_id,
            share=share,
        )
        flash(
            _("%(provider)s peut voir vos résultats.", provider=link.provider.name)
            if share
            else _(
                "%(provider)s ne voit plus vos résultats, à partir de maintenant.",
                provider=link.provider.name,
            ),
            "success",
        )
    else:
        flash(_("Choisissez oui ou non, puis enregistrez."), "error")
    return redirect(url_for("sme.providers"))


@bp.route("/prestataires/<int:link_id>/retrait", methods=["GET", "POST"])
@owner_required
def provider_remove(link_id: int) -> Any:
    """Stop being a provider's client, after confirmation."""
    link = clients.sme_link(db.session, current_user.organization_id, link_id)
    if link is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = link.provider.name
        clients.unlink(
            db.session,
            actor_id=current_user.id,
            sme_id=current_user.organization_id,
            link_id=link_id,
        )
        flash(
            _("%(provider)s n'est plus votre prestataire sur le service.", provider=name), "success"
        )
        return redirect(url_for("sme.providers"))
    return render_template("sme/provider_remove.html", link=link, form=form)


@bp.route("/prestataires/choisir", methods=["GET", "POST"])
@owner_required
@rerender_on_csrf_failure
def provider_choose() -> Any:
    """Choose a signatory of the public directory as my provider."""
    query = request.args.get("q", "")[:100]
    department = request.args.get("departement", "")[:3]
    entries = listing(db.session, DirectoryFilters(text=query, department=department))
    mine = {link.provider_id for link in _links()}
    form = JoinForm()
    if form.validate_on_submit():
        provider_id = form_id("provider_id")
        if provider_id is None or provider_id not in {e.organization_id for e in entries}:
            abort(400)
        clients.link_from_directory(
            db.session,
            user_id=current_user.id,
            provider_id=provider_id,
            share=form.share.data == "oui",
        )
        flash(_("Le prestataire est ajouté et prévenu."), "success")
        return redirect(url_for("sme.providers"))
    return render_template(
        "sme/provider_choose.html",
        entries=entries[:50],
        total=len(entries),
        mine=mine,
        form=form,
        query=query,
        department=department,
    )
