"""Routes of ``/compte``: each acts on the logged-in user only."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import qrcode
import qrcode.image.svg
from flask import Response, flash, g, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from charter.account.blueprint import bp
from charter.account.forms import (
    ChangePasswordForm,
    DeleteAccountForm,
    FollowUpForm,
    PasswordConfirmForm,
    ProfileForm,
    TotpConfirmForm,
)
from charter.auth.forms import PASSWORD_HINT, ConfirmForm
from charter.auth.sessions import rotate_current_session
from charter.db import write_transaction
from charter.errors import rerender_on_csrf_failure
from charter.extensions import client_address, db
from charter.services import accounts, audit, authentication, members, recovery_codes
from charter.services.passwords import password_problems
from charter.services.personal_data import export_personal_data
from charter.services.sessions import live_sessions, revoke_all_sessions


def _overview_context() -> dict[str, Any]:
    return {
        "sessions": live_sessions(db.session, current_user.id),
        "current_session_id": g.user_session.id,
        "recovery_left": recovery_codes.remaining_recovery_codes(db.session, current_user.id),
        "confirm_form": ConfirmForm(),
        "password_hint": PASSWORD_HINT,
        "follow_up_form": FollowUpForm(follow_up_emails=current_user.follow_up_emails),
    }


@bp.get("")
def overview() -> str:
    """The account page: profile, password, second factor, sessions, personal data."""
    return render_template(
        "account/overview.html",
        profile_form=ProfileForm(obj=current_user),
        password_form=ChangePasswordForm(),
        **_overview_context(),
    )


@bp.post("/profil")
@rerender_on_csrf_failure
def update_profile() -> Any:
    """Change the name shown for the account."""
    form = ProfileForm()
    if form.validate_on_submit():
        accounts.update_profile(db.session, current_user.id, form.full_name.data)
        flash(_("Votre profil est enregistré."), "success")
        return redirect(url_for("account.overview"))
    return render_template(
        "account/overview.html",
        profile_form=form,
        password_form=ChangePasswordForm(),
        **_overview_context(),
    ), 400


@bp.post("/rappels")
def follow_ups() -> Response:
    """Opt in or out of the follow-up mails sent 6 and 12 months after a diagnosis."""
    form = FollowUpForm()
    if form.validate_on_submit():
        wanted = bool(form.follow_up_emails.data)
        accounts.set_follow_up_emails(db.session, current_user.id, wanted)
        flash(
            _("Vous recevrez les rappels de suivi.")
            if wanted
            else _("Vous ne recevrez plus les rappels de suivi."),
            "success",
        )
    return redirect(url_for("account.overview") + "#follow-up-title")


@bp.post("/mot-de-passe")
@rerender_on_csrf_failure
def change_password() -> Any:
    """Change the password (current one required); every other session ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        problems = password_problems(
            form.new_password.data, [current_user.full_name, current_user.email]
        )
        if problems:
            form.new_password.errors = list(form.new_password.errors) + problems
        elif accounts.change_password(
            db.session,
            current_user.id,
            form.current_password.data,
            form.new_password.data,
            keep_session_id=g.user_session.id,
            ip=client_address(),
        ):
            rotate_current_session()
            flash(_("Votre mot de passe est changé. Vos autres sessions sont fermées."), "success")
            return redirect(url_for("account.overview"))
        else:
            form.current_password.errors = [_("Le mot de passe actuel n'est pas le bon.")]
    return render_template(
        "account/overview.html",
        profile_form=ProfileForm(obj=current_user),
        password_form=form,
        **_overview_context(),
    ), 400


@bp.post("/sessions/deconnecter-les-autres")
def logout_other_sessions() -> Response:
    """End every session of this account but the current one."""
    if ConfirmForm().validate_on_submit():
        with write_transaction(db.session) as s:
            count = revoke_all_sessions(s, current_user.id, except_id=g.user_session.id)
            audit.record(
                s,
                "auth.other_sessions_revoked",
                actor_id=current_user.id,
                target_type="user",
                target_id=current_user.id,
                details={"count": count},
            )
        flash(_("Vos autres sessions sont fermées."), "success")
    return redirect(url_for("account.overview"))


# ------------------------------------------------------------------------------- two factor


def _qr_data_uri(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@bp.get("/double-authentification")
def two_factor() -> str:
    """Second-factor status; during enrolment, the QR code and the confirmation form."""
    context: dict[str, Any] = {
        "form": TotpConfirmForm(),
        "start_form": ConfirmForm(),
        "password_form": PasswordConfirmForm(),
    }
    if current_user.totp_secret and not current_user.totp_enabled:
        uri = authentication.totp_for(current_user).provisioning_uri()
        context |= {"qr": _qr_data_uri(uri), "secret": current_user.totp_secret}
    context["recovery_left"] = recovery_codes.remaining_recovery_codes(db.session, current_user.id)
    return render_template("account/two_factor.html", **context)


@bp.post("/double-authentification/commencer")
def two_factor_start() -> Response:
    """Create a new secret to enrol (POST: it changes state)."""
    if ConfirmForm().validate_on_submit():
        authentication.begin_totp_enrolment(db.session, current_user.id)
    return redirect(url_for("account.two_factor"))


@bp.post("/double-authentification/confirmer")
@rerender_on_csrf_failure
def two_factor_confirm() -> Any:
    """Confirm enrolment with a first code; show the recovery codes once."""
    if current_user.totp_enabled:
        return redirect(url_for("account.two_factor"))
    form = TotpConfirmForm()
    if form.validate_on_submit():
        codes = authentication.confirm_totp_enrolment(
            db.session, current_user.id, form.code.data, g.user_session.id, ip=client_address()
        )
        if codes is not None:
            rotate_current_session()
            return render_template("account/recovery_codes.html", codes=codes)
        form.code.errors.append(
            _(
                "Ce code n'est pas le bon. Vérifiez que l'heure de votre "
                "téléphone est juste, puis saisissez le nouveau code."
            )
        )
    if not current_user.totp_secret:
        return redirect(url_for("account.two_factor"))
    uri = authentication.totp_for(current_user).provisioning_uri()
    return render_template(
        "account/two_factor.html",
        form=form,
        start_form=ConfirmForm(),
        password_form=PasswordConfirmForm(),
        qr=_qr_data_uri(uri),
        secret=current_user.totp_secret,
        recovery_left=0,
    ), 400


@bp.post("/double-authentification/codes-de-secours")
@rerender_on_csrf_failure
def two_factor_new_codes() -> Any:
    """Replace the recovery codes (password required); show the new ones once."""
    form = PasswordConfirmForm()
    if form.validate_on_submit():
        codes = recovery_codes.regenerate_recovery_codes(
            db.session, current_user.id, form.password.data, ip=client_address()
        )
        if codes is not None:
            rotate_current_session()
            return render_template("account/recovery_codes.html", codes=codes)
        form.password.errors.append(_("Le mot de passe n'est pas le bon."))
    return _two_factor_page_with(form), 400


@bp.post("/double-authentification/desactiver")
@rerender_on_csrf_failure
def two_factor_disable() -> Any:
    """Remove the second factor (password required); refused for Region accounts."""
    form = PasswordConfirmForm()
    if current_user.is_region:
        flash(
            _("La double authentification est obligatoire pour les comptes de la Région."), "error"
        )
        return redirect(url_for("account.two_factor"))
    if form.validate_on_submit():
        if authentication.disable_totp(
            db.session, current_user.id, form.password.data, ip=client_address()
        ):
            rotate_current_session()
            flash(_("La double authentification est désactivée."), "success")
            return redirect(url_for("account.two_factor"))
        form.password.errors.append(_("Le mot de passe n'est pas le bon."))
    return _two_factor_page_with(form), 400


def _two_factor_page_with(password_form: PasswordConfirmForm) -> str:
    return render_template(
        "account/two_factor.html",
        form=TotpConfirmForm(),
        start_form=ConfirmForm(),
        password_form=password_form,
        recovery_left=recovery_codes.remaining_recovery_codes(db.session, current_user.id),
    )


# ----------------------------------------------------------------------------- personal data


@bp.get("/mes-donnees.json")
def export_data() -> Response:
    """Download everything the service holds about me, as JSON (GDPR portability)."""
    payload = export_personal_data(db.session, current_user.id)
    body = json.dumps(payload, ensure_ascii=False, indent=2, default=str)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="mes-donnees-charte-cyber-normandie.json"'
        },
    )


@bp.route("/suppression", methods=["GET", "POST"])
@rerender_on_csrf_failure
def delete() -> Any:
    """Delete my account after confirmation and password."""
    form = DeleteAccountForm()
    last_member = accounts.is_last_member(db.session, current_user)
    must_transfer = (
        members.departure_problem(db.session, current_user, deleting=True) == "last_owner"
    )
    if form.validate_on_submit() and not must_transfer:
        try:
            deleted = accounts.delete_account(
                db.session, current_user.id, form.password.data, ip=client_address()
            )
        except members.MemberProblem:
            deleted, must_transfer = False, True
        if deleted:
            logout_user()
            session.clear()
            flash(_("Votre compte est supprimé. Merci d'avoir utilisé le service."), "success")
            return redirect(url_for("public.home"))
        elif not must_transfer:
            form.password.errors.append(_("Le mot de passe n'est pas le bon."))
    status = 409 if (must_transfer and form.is_submitted()) else (400 if form.errors else 200)
    return render_template(
        "account/delete.html", form=form, last_member=last_member, must_transfer=must_transfer
    ), status
