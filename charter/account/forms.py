"""Forms of the account pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from charter.forms import CharterForm
from charter.services.passwords import MAX_LENGTH


class ProfileForm(CharterForm):
    full_name = StringField(
        _l("Prénom et nom"),
        filters=[lambda v: v.strip() if v else v],
        validators=[DataRequired(_l("Indiquez vos prénom et nom.")), Length(max=120)],
    )


class ChangePasswordForm(CharterForm):
    current_password = PasswordField(
        _l("Mot de passe actuel"),
        validators=[
            InputRequired(_l("Indiquez votre mot de passe actuel.")),
            Length(max=MAX_LENGTH),
        ],
    )
    new_password = PasswordField(
        _l("Nouveau mot de passe"),
        validators=[
            InputRequired(_l("Choisissez un nouveau mot de passe.")),
            Length(max=MAX_LENGTH),
        ],
    )


class PasswordConfirmForm(CharterForm):
    """An action that needs the password again (disable 2FA, new recovery codes)."""

    password = PasswordField(
        _l("Votre mot de passe"),
        validators=[InputRequired(_l("Indiquez votre mot de passe.")), Length(max=MAX_LENGTH)],
    )


class TotpConfirmForm(CharterForm):
    code = StringField(
        _l("Code à 6 chiffres affiché par l'application"),
        filters=[lambda v: v.strip() if v else v],
        validators=[DataRequired(_l("Indiquez le code affiché.")), Length(max=12)],
    )


class DeleteAccountForm(CharterForm):
    password = PasswordField(
        _l("Votre mot de passe"),
        validators=[InputRequired(_l("Indiquez votre mot de passe.")), Length(max=MAX_LENGTH)],
    )
    confirm = BooleanField(
        _l("Je comprends que cette suppression est définitive."),
        validators=[DataRequired(_l("Cochez la case pour confirmer la suppression."))],
    )


class FollowUpForm(CharterForm):
    """Whether the six- and twelve-month follow-up mails of a diagnosis are wanted."""

    follow_up_emails = BooleanField(
        _l("Recevoir un e-mail 6 et 12 mois après chaque diagnostic, avec mon plan d'action")
    )
