"""Forms of the ``auth`` blueprint: registration, login, second factor, password reset."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from stdnum.fr import siret as siret_number
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    URLField,
)
from wtforms.validators import (
    URL,
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from charter.forms import CharterForm, choices
from charter.referential import (
    ALL_DEPARTMENTS,
    NORMANDY_DEPARTMENTS,
    PROVIDER_SERVICES,
    SECTORS,
    SIZE_BANDS,
)
from charter.services.passwords import MAX_LENGTH, MIN_LENGTH

PASSWORD_HINT = _l(
    "Au moins 12 caractères. Pas de règle compliquée : une phrase facile à retenir pour vous, "
    "difficile à deviner pour les autres, fait un bon mot de passe (par exemple quatre mots "
    "sans rapport entre eux). Évitez le nom de votre entreprise et les mots courants."
)


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _digits(value: str | None) -> str | None:
    return "".join(value.split()) if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """Several choices shown as checkboxes (rendered in a fieldset by the form macro)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def validate_siret(_form: CharterForm, field: StringField) -> None:
    """A SIRET is 14 digits whose Luhn checksum holds (python-stdnum)."""
    if not siret_number.is_valid(field.data or ""):
        raise ValidationError(
            _l(
                "Ce numéro SIRET n'est pas valide. Il compte 14 chiffres ; vous le trouverez sur "
                "un extrait Kbis ou sur annuaire-entreprises.data.gouv.fr."
            )
        )


def terms_checkbox() -> BooleanField:
    """The unticked, required "I accept the terms" box of every form that creates an account.

    Its template (``legal/_terms_checkbox.html``) links the label to ``/cgu``. A view whose
    service has no terms published removes the field (``del form.accept_terms``).
    """
    return BooleanField(
        _l("J'ai lu et j'accepte les conditions générales d'utilisation"),
        default=False,
        validators=[
            DataRequired(
                _l(
                    "Cochez la case pour accepter les conditions générales d'utilisation : "
                    "c'est nécessaire pour créer un compte."
                )
            )
        ],
    )


class _RegistrationForm(CharterForm):
    organization_name = StringField(
        _l("Nom de l'entreprise"),
        filters=[_strip],
        validators=[DataRequired(_l("Indiquez le nom de l'entreprise.")), Length(max=200)],
    )
    siret = StringField(
        _l("Numéro SIRET de l'établissement"),
        filters=[_digits],
        validators=[DataRequired(_l("Indiquez le numéro SIRET.")), Length(max=20), validate_siret],
    )
    city = StringField(_l("Commune"), filters=[_strip], validators=[Optional(), Length(max=100)])
    full_name = StringField(
        _l("Vos prénom et nom"),
        filters=[_strip],
        validators=[DataRequired(_l("Indiquez vos prénom et nom.")), Length(max=120)],
    )
    email = EmailField(
        _l("Votre adresse e-mail professionnelle"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Indiquez votre adresse e-mail.")),
            Length(max=254),
            Email(
                _l("Cette adresse e-mail n'est pas valide (exemple : nom@entreprise.fr)."),
                check_deliverability=False,
            ),
        ],
    )
    password = PasswordField(
        _l("Choisissez un mot de passe"),
        validators=[InputRequired(_l("Choisissez un mot de passe.")), Length(max=MAX_LENGTH)],
    )
    accept_terms = terms_checkbox()


class RegisterProviderForm(_RegistrationForm):
    """A provider and its first member; the establishment must be in Normandy."""

    department = SelectField(
        _l("Département de l'établissement"),
        choices=choices(NORMANDY_DEPARTMENTS, _l("Choisissez…")),
        validate_choice=False,  # AnyOf below says why, instead of "not a valid choice"
        validators=[
            AnyOf(
                list(NORMANDY_DEPARTMENTS),
                message=_l(
                    "La charte est réservée aux prestataires établis en Normandie : choisissez "
                    "le Calvados (14), l'Eure (27), la Manche (50), l'Orne (61) ou la "
                    "Seine-Maritime (76)."
                ),
            )
        ],
    )
    services = MultiCheckboxField(
        _l("Services proposés"),
        choices=choices(PROVIDER_SERVICES),
        validators=[DataRequired(_l("Cochez au moins un service proposé."))],
    )
    website = URLField(
        _l("Site web (facultatif)"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=300),
            URL(
                require_tld=True,
                message=_l("Indiquez une adresse complète, commençant par https://"),
            ),
        ],
    )


class RegisterSmeForm(_RegistrationForm):
    """An SME and its first member."""

    department = SelectField(
        _l("Département de l'établissement"),
        choices=choices(ALL_DEPARTMENTS, _l("Choisissez…")),
        validators=[DataRequired(_l("Choisissez le département de l'établissement."))],
    )
    sector = SelectField(
        _l("Secteur d'activité"),
        choices=choices(SECTORS, _l("Choisissez…")),
        validators=[DataRequired(_l("Choisissez un secteur d'activité."))],
    )
    size_band = SelectField(
        _l("Effectif"),
        choices=choices(SIZE_BANDS, _l("Choisissez…")),
        validators=[DataRequired(_l("Choisissez l'effectif de l'entreprise."))],
    )


class LoginForm(CharterForm):
    email = EmailField(
        _l("Adresse e-mail"),
        filters=[_strip],
        validators=[DataRequired(_l("Indiquez votre adresse e-mail.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Mot de passe"),
        validators=[InputRequired(_l("Indiquez votre mot de passe.")), Length(max=MAX_LENGTH)],
    )


class SecondFactorForm(CharterForm):
    code = StringField(
        _l("Code de vérification"),
        filters=[_strip],
        validators=[DataRequired(_l("Indiquez le code.")), Length(max=40)],
    )


class ForgotPasswordForm(CharterForm):
    email = EmailField(
        _l("Adresse e-mail de votre compte"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Indiquez votre adresse e-mail.")),
            Length(max=254),
            Email(_l("Cette adresse e-mail n'est pas valide."), check_deliverability=False),
        ],
    )


class ResetPasswordForm(CharterForm):
    password = PasswordField(
        _l("Nouveau mot de passe"),
        validators=[InputRequired(_l("Choisissez un mot de passe.")), Length(max=MAX_LENGTH)],
    )


class ClaimForm(CharterForm):
    """Creating the account of a company the Region imported (the address is the invited one)."""

    full_name = StringField(
        _l("Vos prénom et nom"),
        filters=[_strip],
        validators=[DataRequired(_l("Indiquez vos prénom et nom.")), Length(max=120)],
    )
    password = PasswordField(
        _l("Choisissez un mot de passe"),
        validators=[InputRequired(_l("Choisissez un mot de passe.")), Length(max=MAX_LENGTH)],
    )
    accept_terms = terms_checkbox()


class ConfirmForm(CharterForm):
    """A form with nothing but its CSRF token: a button that confirms an action."""


__all__ = [
    "MIN_LENGTH",
    "PASSWORD_HINT",
    "ClaimForm",
    "ConfirmForm",
    "ForgotPasswordForm",
    "LoginForm",
    "RegisterProviderForm",
    "RegisterSmeForm",
    "ResetPasswordForm",
    "SecondFactorForm",
]
