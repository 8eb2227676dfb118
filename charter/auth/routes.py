"""Routes of the ``auth`` blueprint. Thin: parse, check, call a service, render or redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from charter.access import home_url_for, is_safe_next
from charter.auth.blueprint import bp
from charter.auth.forms import (
    PASSWORD_HINT,
    ConfirmForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterProviderForm,
    RegisterSmeForm,
    ResetPasswordForm,
    SecondFactorForm,
)
from charter.auth.limits import configured
from charter.auth.sessions import visitor
from charter.db import write_transaction
from charter.errors import rerender_on_csrf_failure
from charter.extensions import client_address, db, limiter
from charter.models import OrganizationKind, User
from charter.services import accounts, audit, registration, terms, tokens
from charter.services.anonymous import CARRIED_OVER_LOGIN
from charter.services.authentication import (
    authenticate,
    check_second_factor,
    lockout_minutes,
)
from charter.services.passwords import password_problems
from charter.services.sessions import revoke_session

#: The address just confirmed, which the login form shows filled in (once).
LOGIN_EMAIL_KEY = "login_email"


def generic_login_error() -> str:
    """The one message of every failed login (whatever the reason), with the configured
    number of tries and lockout duration."""
    return _(
        "Adresse e-mail ou mot de passe incorrect. Après %(tries)d essais manqués, le compte "
        "est bloqué %(minutes)d minutes : utilisez « Mot de passe oublié » en cas de doute.",
        tries=current_app.config["LOGIN_MAX_FAILURES"],
        minutes=lockout_minutes(),
    )


# ----------------------------------------------------------------------------------- login


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(configured("LIMIT_LOGIN"), methods=["POST"])
@rerender_on_csrf_failure
def login() -> Any:
    """Log in with e-mail and password; one generic error whatever went wrong."""
    next_url = request.args.get("next")
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user.role))
    form = LoginForm()
    if not form.is_submitted() and isinstance(session.get(LOGIN_EMAIL_KEY), str):
        form.email.data = session.pop(LOGIN_EMAIL_KEY)  # just confirmed: no need to type it
    if form.validate_on_submit():
        outcome = authenticate(db.session, form.email.data, form.password.data, **visitor())
        if outcome.ok:
            _begin_session(outcome.user)
            if outcome.user.totp_enabled:
                return redirect(url_for("auth.second_factor", next=next_url))
            return redirect(next_url if is_safe_next(next_url) else home_url_for(outcome.user.role))
        form.form_errors.append(generic_login_error())
    return render_template("auth/login.html", form=form, next_url=next_url)


def _begin_session(user: User) -> None:
    """Log ``user`` in on a new session (after ``authenticate`` opened its server-side row).

    Nothing is carried over from the session before but the visitor's own quick diagnosis
    being kept (charter.diagnostic), so that it survives the login.
    """
    carried = {k: session[k] for k in CARRIED_OVER_LOGIN if isinstance(session.get(k), str)}
    session.clear()
    session.update(carried)
    session.permanent = True
    login_user(user)


@bp.route("/connexion/code", methods=["GET", "POST"])
@limiter.limit(configured("LIMIT_LOGIN"), methods=["POST"])
@rerender_on_csrf_failure
def second_factor() -> Any:
    """Second step of login: a code from the authenticator app, or a recovery code."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if not current_user.totp_enabled or g.user_session.second_factor_done:
        return redirect(home_url_for(current_user.role))
    next_url = request.args.get("next")
    form = SecondFactorForm()
    if form.validate_on_submit():
        if check_second_factor(
            db.session, current_user.id, g.user_session.id, form.code.data, ip=client_address()
        ):
            return redirect(next_url if is_safe_next(next_url) else home_url_for(current_user.role))
        form.code.errors.append(
            _(
                "Ce code n'est pas valide ou a déjà servi. Vérifiez l'heure de "
                "votre téléphone, ou utilisez un code de secours."
            )
        )
    return render_template("auth/second_factor.html", form=form)


@bp.post("/deconnexion")
def logout() -> Response:
    """End this session everywhere: the server-side row is revoked, the cookie emptied."""
    if current_user.is_authenticated:
        user_id = current_user.id
        with write_transaction(db.session) as s:
            revoke_session(s, s.merge(g.user_session))
            audit.record(s, "auth.logout", actor_id=user_id, target_type="user", target_id=user_id)
        logout_user()
    session.clear()
    flash(_("Vous êtes déconnecté."), "success")
    return redirect(url_for("public.home"))


# ---------------------------------------------------------------------------- registration


@bp.route("/inscription/prestataire", methods=["GET", "POST"])
@limiter.limit(configured("LIMIT_REGISTER"), methods=["POST"])
@rerender_on_csrf_failure
def register_provider() -> Any:
    """Register an IT service provider established in Normandy and its first member."""
    return _register(RegisterProviderForm(), OrganizationKind.PROVIDER)


@bp.route("/inscription/pme", methods=["GET", "POST"])
@limiter.limit(configured("LIMIT_REGISTER"), methods=["POST"])
@rerender_on_csrf_failure
def register_sme() -> Any:
    """Register an SME and its first member."""
    return _register(RegisterSmeForm(), OrganizationKind.SME)


def _register(
    form: RegisterProviderForm | RegisterSmeForm,
    kind: OrganizationKind,
    *,
    template: str | None = None,
    after: Callable[[User], str | None] | None = None,
    proven_email: str | None = None,
    **context: Any,
) -> Any:
    """Show and handle a registration form; ``after`` runs with the new account (not when the
    address already had one: that owner gets an e-mail, and the page looks the same).

    ``proven_email`` is an address the link that led here was sent to (an invitation): an
    account created with it needs no confirmation e-mail, and its owner is logged in at once
    and sent to the address ``after`` returns (or their home page).
    """
    template = template or f"auth/register_{kind.value}.html"
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user.role))
    terms_version = terms.current_version(db.session)
    if terms_version is None:  # no terms published (yet): nothing to accept
        del form.accept_terms
    valid = form.validate_on_submit()
    # The password's problems are shown with the other errors, not after they are fixed.
    acceptable = form.is_submitted() and _password_acceptable(form)
    if valid and acceptable:
        data = registration.RegistrationData(
            kind=kind,
            organization_name=form.organization_name.data,
            siret=form.siret.data,
            department=form.department.data,
            city=form.city.data or None,
            full_name=form.full_name.data,
            email=form.email.data,
            password=form.password.data,
            sector=getattr(form, "sector", None) and form.sector.data,
            size_band=getattr(form, "size_band", None) and form.size_band.data,
            services=tuple((getattr(form, "services", None) and form.services.data) or ()),
            website=(getattr(form, "website", None) and form.website.data) or None,
            accepts_terms=bool(form.accept_terms and form.accept_terms.data),
            email_verified=proven_email is not None
            and accounts.normalise_email(form.email.data) == accounts.normalise_email(proven_email),
        )
        try:
            user = registration.register(db.session, data, ip=client_address())
        except registration.SiretAlreadyRegistered:
            form.siret.errors.append(
                _(
                    "Cette entreprise est déjà inscrite. Demandez à la personne qui a créé son "
                    "compte de vous donner accès, ou contactez la Région."
                )
            )
        else:
            landing = after(user) if after is not None and user is not None else None
            if user is not None and data.email_verified:
                outcome = authenticate(db.session, data.email, data.password, **visitor())
                if outcome.ok and outcome.user is not None:
                    _begin_session(outcome.user)
                    return redirect(landing or home_url_for(outcome.user.role))
            return redirect(url_for("auth.registration_sent"))
    return render_template(
        template, form=form, password_hint=PASSWORD_HINT, terms_version=terms_version, **context
    )


def _password_acceptable(form: RegisterProviderForm | RegisterSmeForm) -> bool:
    if not form.password.data:
        return False  # its "required" error is there already
    problems = password_problems(
        form.password.data, [form.full_name.data, form.email.data, form.organization_name.data]
    )
    form.password.errors = list(form.password.errors) + problems
    return not problems


@bp.get("/inscription/envoyee")
def registration_sent() -> str:
    """The page shown after any registration attempt: check your e-mail."""
    return render_template("auth/registration_sent.html")


@bp.route("/inscription/confirmer/<token>", methods=["GET", "POST"])
def verify_email(token: str) -> Any:
    """Confirm an e-mail address: GET shows a button, POST confirms (GET never changes state,
    and mail scanners that open links must not consume them)."""
    form = ConfirmForm()
    if form.validate_on_submit():
        user = registration.verify_email(db.session, token, ip=client_address())
        if user is not None:
            flash(_("Votre adresse e-mail est confirmée. Bienvenue !"), "success")
            if current_user.is_authenticated:
                return redirect(home_url_for(current_user.role))
            session[LOGIN_EMAIL_KEY] = user.email  # the login form comes filled in
            return redirect(url_for("auth.login"))
        problem = tokens.verification_problem(token)
        return render_template("auth/verify_failed.html", problem=problem), 400
    return render_template("auth/verify_confirm.html", form=form)


@bp.get("/compte/confirmation")
def verify_pending() -> Any:
    """What an unverified account sees: check your e-mail, or ask for a new link."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.email_verified_at is not None:
        return redirect(home_url_for(current_user.role))
    return render_template("auth/verify_pending.html", form=ConfirmForm())


@bp.post("/compte/confirmation/renvoyer")
@limiter.limit(configured("LIMIT_EMAIL"))
def resend_verification() -> Response:
    """Send a new verification link to the logged-in, unverified user."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if ConfirmForm().validate_on_submit() and current_user.email_verified_at is None:
        registration.send_verification(current_user)
        flash(_("Un nouveau lien vient de vous être envoyé."), "success")
    return redirect(url_for("auth.verify_pending"))


# -------------------------------------------------------------------------- password reset


@bp.route("/mot-de-passe/oubli", methods=["GET", "POST"])
@limiter.limit(configured("LIMIT_EMAIL"), methods=["POST"])
@rerender_on_csrf_failure
def forgot_password() -> Any:
    """Ask for a reset link; the answer is the same whether the address is known or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(db.session, form.email.data, ip=client_address())
        return render_template("auth/reset_sent.html")
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/mot-de-passe/nouveau/<token>", methods=["GET", "POST"])
@limiter.limit(configured("LIMIT_LOGIN"), methods=["POST"])
@rerender_on_csrf_failure
def reset_password(token: str) -> Any:
    """Choose a new password from a reset link."""
    user = accounts.user_for_reset_token(db.session, token)
    if user is None:
        return render_template("auth/reset_failed.html", problem=tokens.reset_problem(token)), 400
    return choose_password(
        user,
        lambda password: accounts.reset_password(db.session, token, password, ip=client_address()),
        template="auth/reset_password.html",
        failed="auth/reset_failed.html",
        problem=tokens.reset_problem(token),
        done=_("Votre mot de passe a été changé. Connectez-vous avec le nouveau."),
    )


def choose_password(
    user: Any,
    save: Any,
    *,
    template: str,
    failed: str,
    done: str,
    problem: str = "used",
    **context: Any,
) -> Any:
    """The "choose a password" step of a single-use link (reset, Region activation).

    ``save(password)`` stores it and returns a false value if the link died meanwhile (the
    ``failed`` page then says ``problem``, what a signature still valid means: used). Then
    the visitor is logged out everywhere here and sent to the login page with ``done``.
    """
    form = ResetPasswordForm()
    if form.validate_on_submit():
        problems = password_problems(form.password.data, [user.full_name, user.email])
        if problems:
            form.password.errors = list(form.password.errors) + problems
        elif save(form.password.data):
            if current_user.is_authenticated:
                logout_user()
            session.clear()
            flash(done, "success")
            return redirect(url_for("auth.login"))
        else:
            return render_template(failed, problem=problem), 400
    return render_template(template, form=form, password_hint=PASSWORD_HINT, **context)
