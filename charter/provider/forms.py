"""Forms of the provider's area: signing the charter, re-authentication, profile, consent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    Form,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from charter.auth.forms import RegisterProviderForm
from charter.forms import CharterForm, choices
from charter.services.passwords import MAX_LENGTH

#: Fields of the signing form that re-authenticate rather than sign.
REAUTH_FIELDS = ("password", "code")


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def commitment_field(number: int) -> str:
    """The form field name of a commitment's checkbox."""
    return f"commitment_{number}"


def signing_form(
    commitments: Iterable[Mapping[str, Any]], statement: str, *, reauthenticate: bool = False
) -> CharterForm:
    """The signing form of one charter version, fields in page order.

    One checkbox per commitment, then the signer's name, role and statement of authority (whose
    label is the exact statement stored with the signature), and the hash of the text read. The
    confirmation step adds the password and the second-factor code.
    """
    fields: dict[str, Any] = {}
    for commitment in commitments:
        number = int(commitment["number"])
        fields[commitment_field(number)] = BooleanField(
            _l("J'ai lu l'engagement n° %(number)d et je m'engage à le respecter.", number=number),
            validators=[
                DataRequired(
                    _l(
                        "Cochez l'engagement n° %(number)d : chaque engagement doit être accepté "
                        "pour signer.",
                        number=number,
                    )
                )
            ],
        )
    fields["signer_name"] = StringField(
        _l("Vos prénom et nom"),
        filters=[_strip],
        validators=[DataRequired(_l("Indiquez vos prénom et nom.")), Length(max=120)],
    )
    fields["signer_role"] = StringField(
        _l("Votre fonction dans l'entreprise"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Indiquez votre fonction dans l'entreprise.")),
            Length(max=120),
        ],
    )
    fields["authority"] = BooleanField(
        statement,
        validators=[
            DataRequired(_l("Cochez la déclaration : vous signez au nom de l'entreprise."))
        ],
    )
    fields["charter_hash"] = HiddenField(
        _l("Version de la charte lue"),
        validators=[DataRequired(_l("Rechargez la page de signature.")), Length(max=64)],
    )
    if reauthenticate:
        fields["password"] = PasswordField(
            _l("Votre mot de passe"),
            validators=[InputRequired(_l("Indiquez votre mot de passe.")), Length(max=MAX_LENGTH)],
        )
        fields["code"] = StringField(
            _l("Code de double authentification"),
            filters=[_strip],
            validators=[Optional(), Length(max=40)],
        )
    form_class = type("SigningForm", (CharterForm,), fields)
    return form_class()  # type: ignore[no-any-return]


class CompanyProfileForm(CharterForm):
    """The company profile: the registration form's company fields, with the same checks."""

    organization_name = RegisterProviderForm.organization_name
    siret = RegisterProviderForm.siret
    department = RegisterProviderForm.department
    city = RegisterProviderForm.city
    services = RegisterProviderForm.services
    website = RegisterProviderForm.website


class DirectoryConsentForm(CharterForm):
    consent = RadioField(
        _l("Faire figurer mon entreprise dans l'annuaire public des signataires"),
        choices=choices({"yes": _l("Oui, tant que notre signature est valide"), "no": _l("Non")}),
        validators=[InputRequired(_l("Choisissez oui ou non."))],
    )


class InviteForm(CharterForm):
    """One address, or a list pasted from a spreadsheet or an e-mail."""

    addresses = TextAreaField(
        _l("Adresses e-mail de vos clients"),
        filters=[lambda v: v.strip() if v else v],
        validators=[
            DataRequired(_l("Indiquez au moins une adresse e-mail.")),
            Length(max=20_000, message=_l("La liste est trop longue : 50 adresses au plus.")),
        ],
    )


class PortfolioFilterForm(Form):
    """Filters of the client list, read from the address (GET): no CSRF needed."""

    niveau = SelectField(_l("Niveau"), validate_choice=False)
    etat = SelectField(
        _l("Situation"),
        validate_choice=False,
        choices=choices(
            {
                "": _l("Tous les clients"),
                "shared": _l("Qui partagent leurs résultats"),
                "private": _l("Qui ne partagent pas"),
                "stale": _l("Diagnostic de plus de 12 mois"),
                "never": _l("Jamais évalués (parmi ceux qui partagent)"),
            }
        ),
    )


class ChangeAnswerForm(CharterForm):
    """The company's answer to a request for changes: a message, « c'est fait » or both."""

    message = TextAreaField(
        _l("Votre message à la Région"),
        filters=[_strip],
        validators=[
            Length(max=4000, message=_l("Le message ne doit pas dépasser 4 000 caractères."))
        ],
    )
