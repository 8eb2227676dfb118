"""Forms of the team pages: inviting, choosing a role, creating an account from a link."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from charter.auth.forms import terms_checkbox
from charter.forms import CharterForm, choices
from charter.services.passwords import MAX_LENGTH

ROLE_LABELS = {
    "member": _l("Membre : voit et remplit les diagnostics et le plan d'action"),
    "owner": _l("Responsable : gère aussi les personnes, le profil et les partages"),
}


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def role_field() -> RadioField:
    return RadioField(
        _l("Rôle"),
        choices=choices(ROLE_LABELS),
        default="member",
        validators=[InputRequired(_l("Choisissez un rôle."))],
    )


class InviteMemberForm(CharterForm):
    email = EmailField(
        _l("Adresse e-mail de votre collègue"),
        filters=[_strip],
        validators=[DataRequired(_l("Indiquez une adresse e-mail.")), Length(max=254)],
    )
    role = role_field()


class RoleForm(CharterForm):
    role = role_field()


class JoinRegisterForm(CharterForm):
    full_name = StringField(
        _l("Vos prénom et nom"),
        filters=[_strip],
        validators=[DataRequired(_l("Indiquez vos prénom et nom.")), Length(max=120)],
    )
    password = PasswordField(
        _l("Mot de passe"),
        validators=[InputRequired(_l("Choisissez un mot de passe.")), Length(max=MAX_LENGTH)],
    )
    accept_terms = terms_checkbox()
