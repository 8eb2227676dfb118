"""Routes of the team pages: the list, invitations, roles, removal, hand-over, leaving."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from charter.access import owner_required
from charter.auth.forms import ConfirmForm
from charter.auth.limits import configured
from charter.db import utcnow
from charter.errors import rerender_on_csrf_failure
from charter.extensions import db, limiter
from charter.models import User
from charter.services import member_invitations, members
from charter.team.blueprint import bp
from charter.team.forms import ROLE_LABELS, InviteMemberForm, RoleForm


def problem_message(code: str) -> str:
    """The French sentence for a reason code of charter.core.members and the services."""
    messages = {
        "last_owner": _(
            "Vous êtes le seul responsable : désignez d'abord un autre responsable "
            "(« Transmettre la responsabilité »)."
        ),
        "alone": _(
            "Vous êtes la seule personne de l'entreprise : invitez d'abord un collègue, ou "
            "supprimez votre compte depuis « Mon compte »."
        ),
        "self": _("Pour partir vous-même, utilisez « Quitter l'entreprise »."),
        "unchanged": _("Cette personne a déjà ce rôle."),
        "unknown_role": _("Choisissez un rôle."),
        "invalid_email": _("Cette adresse e-mail n'est pas valide."),
        "already_member": _("Cette personne fait déjà partie de l'entreprise."),
        "already_invited": _(
            "Cette adresse a déjà une invitation en cours : vous pouvez la renvoyer ci-dessous."
        ),
        "not_owner": _("Seul un responsable de l'entreprise peut faire cela."),
    }
    return messages.get(code, _("Cette action n'est pas possible."))


def _colleague(user_id: int) -> User:
    person = members.colleague(db.session, current_user.organization_id, user_id)
    if person is None:
        abort(404)
    return person


def _page(invite_form: InviteMemberForm | None = None, status: int = 200) -> Any:
    return (
        render_template(
            "team/members.html",
            people=members.people_of(db.session, current_user.organization_id),
            invitations=member_invitations.pending_of(db.session, current_user.organization_id)
            if current_user.is_owner
            else [],
            form=invite_form or InviteMemberForm(),
            confirm_form=ConfirmForm(),
            role_labels=ROLE_LABELS,
            now=utcnow(),
        ),
        status,
    )


@bp.get("")
def members_list() -> Any:
    """The people of my organisation and their roles; for owners, invitations and actions."""
    return _page()


@bp.post("/invitations")
@owner_required
@limiter.limit(configured("LIMIT_EMAIL"))
@rerender_on_csrf_failure
def invite() -> Any:
    """Invite a colleague by e-mail (owners)."""
    form = InviteMemberForm()
    if form.validate_on_submit():
        try:
            member_invitations.invite(
                db.session, actor_id=current_user.id, email=form.email.data, role=form.role.data
            )
        except members.MemberProblem as problem:
            form.email.errors = [*form.email.errors, problem_message(problem.code)]
        else:
            flash(_("Invitation envoyée à %(email)s.", email=form.email.data), "success")
            return redirect(url_for("team.members_list"))
    return _page(form, 400)


@bp.post("/invitations/<int:invitation_id>/renvoi")
@owner_required
@limiter.limit(configured("LIMIT_EMAIL"))
def invitation_resend(invitation_id: int) -> Response:
    """Send an invitation again with a fresh link (owners)."""
    if (
        member_invitations.invitation_of(db.session, current_user.organization_id, invitation_id)
        is None
    ):
        abort(404)
    if ConfirmForm().validate_on_submit() and member_invitations.resend(
        db.session, actor_id=current_user.id, invitation_id=invitation_id
    ):
        flash(_("Invitation renvoyée, avec un nouveau lien."), "success")
    else:
        flash(_("Cette invitation ne peut plus être renvoyée."), "warning")
    return redirect(url_for("team.members_list"))


@bp.route("/invitations/<int:invitation_id>/annulation", methods=["GET", "POST"])
@owner_required
def invitation_cancel(invitation_id: int) -> Any:
    """Cancel an invitation after confirmation (owners): its link stops working."""
    invitation = member_invitations.invitation_of(
        db.session, current_user.organization_id, invitation_id
    )
    if invitation is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        if member_invitations.cancel(
            db.session, actor_id=current_user.id, invitation_id=invitation_id
        ):
            flash(_("Invitation annulée : le lien ne fonctionne plus."), "success")
        return redirect(url_for("team.members_list"))
    return render_template(
        "_invitation_cancel.html",
        invitation=invitation,
        form=form,
        back_url=url_for("team.members_list"),
    )


@bp.post("/<int:user_id>/role")
@owner_required
def change_role(user_id: int) -> Response:
    """Make a colleague owner or member (owners); the last owner cannot be demoted."""
    person = _colleague(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            members.change_role(
                db.session, actor_id=current_user.id, user_id=person.id, role=form.role.data
            )
        except members.MemberProblem as problem:
            flash(problem_message(problem.code), "error")
        else:
            flash(_("Rôle de %(name)s changé.", name=person.full_name), "success")
    else:
        flash(_("Choisissez un rôle."), "error")
    return redirect(url_for("team.members_list"))


@bp.route("/<int:user_id>/retrait", methods=["GET", "POST"])
@owner_required
def remove(user_id: int) -> Any:
    """Take a colleague out of the organisation, after confirmation (owners)."""
    person = _colleague(user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            members.remove(db.session, actor_id=current_user.id, user_id=person.id)
        except members.MemberProblem as problem:
            flash(problem_message(problem.code), "error")
        else:
            flash(
                _("%(name)s ne fait plus partie de l'entreprise.", name=person.full_name), "success"
            )
        return redirect(url_for("team.members_list"))
    return render_template("team/remove.html", person=person, form=form)


@bp.route("/<int:user_id>/transfert", methods=["GET", "POST"])
@owner_required
def transfer(user_id: int) -> Any:
    """Hand over ownership to a colleague, after confirmation (owners): I become a member."""
    person = _colleague(user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            members.transfer_ownership(db.session, actor_id=current_user.id, user_id=person.id)
        except members.MemberProblem as problem:
            flash(problem_message(problem.code), "error")
        else:
            flash(
                _("%(name)s est maintenant responsable ; vous êtes membre.", name=person.full_name),
                "success",
            )
        return redirect(url_for("team.members_list"))
    return render_template("team/transfer.html", person=person, form=form)


@bp.route("/depart", methods=["GET", "POST"])
def leave() -> Any:
    """Leave my organisation, after confirmation; the last owner must hand over first."""
    form = ConfirmForm()
    problem = members.departure_problem(db.session, current_user, deleting=False)
    if form.validate_on_submit() and problem is None:
        try:
            members.leave(db.session, actor_id=current_user.id)
        except members.MemberProblem as refused:
            problem = refused.code
        else:
            flash(_("Vous avez quitté l'entreprise. Votre compte est conservé."), "success")
            return redirect(url_for("account.overview"))
    message = problem_message(problem) if problem else None
    status = 409 if (problem and form.is_submitted()) else 200
    return render_template("team/leave.html", form=form, problem=message), status
