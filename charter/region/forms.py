"""Forms of the Region's area."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from charter.forms import CharterForm, choices
from charter.services.dates import today
from charter.sme.forms import FrenchDateField

REASON_MAX = 2000


class RejectForm(CharterForm):
    """Why a signature is refused: the company's members receive this text."""

    reason = TextAreaField(
        _l("Motif du refus"),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[
            DataRequired(_l("Indiquez le motif du refus : l'entreprise le recevra.")),
            Length(max=REASON_MAX, message=_l("Le motif ne doit pas dépasser 2 000 caractères.")),
        ],
    )


class DecisionForm(CharterForm):
    """Why the Region decides: the company's members receive this text by e-mail."""

    reason = TextAreaField(
        _l("Motif de la décision"),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[
            DataRequired(_l("Indiquez le motif de la décision : l'entreprise le recevra.")),
            Length(max=REASON_MAX, message=_l("Le motif ne doit pas dépasser 2 000 caractères.")),
        ],
    )


class ChangesForm(DecisionForm):
    """A request for changes: the reason and the last day to answer (a month by default)."""

    deadline = FrenchDateField(_l("À faire d'ici le"), validators=[Optional()])

    def validate_deadline(self, field: Any) -> None:
        if field.data is None:
            return
        if field.data <= today():
            raise ValidationError(_l("Choisissez une date limite après aujourd'hui."))
        if field.data > today() + timedelta(days=366):
            raise ValidationError(_l("Choisissez une date limite dans l'année qui vient."))


class ChangeReplyForm(CharterForm):
    """The Region's message in a request's thread, and whether it closes the request."""

    message = TextAreaField(
        _l("Votre message (facultatif pour clore)"),
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[
            Length(max=4000, message=_l("Le message ne doit pas dépasser 4 000 caractères."))
        ],
    )


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class CommitmentForm(Form):
    """One numbered commitment of the charter being edited (numbers follow the order)."""

    title = StringField(_l("Titre"), filters=[_strip], validators=[Length(max=300)])
    text = TextAreaField(_l("Texte"), filters=[_strip], validators=[Length(max=4000)])
    evidence = TextAreaField(
        _l("Comment la Région le vérifie (facultatif)"),
        filters=[_strip],
        validators=[Length(max=2000)],
    )
    remove = BooleanField(_l("Retirer cet engagement de la nouvelle version"))


class CharterVersionForm(CharterForm):
    """A new version of the charter: its number, texts and commitments."""

    version = StringField(
        _l("Numéro de la nouvelle version"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Indiquez le numéro de la nouvelle version, par exemple « 2 ».")),
            Regexp(
                r"^[0-9A-Za-z][0-9A-Za-z.-]{0,19}$",
                message=_l(
                    "Un numéro de version : chiffres, lettres, points ou tirets (20 au plus)."
                ),
            ),
        ],
    )
    title = StringField(
        _l("Titre"),
        filters=[_strip],
        validators=[DataRequired(_l("Indiquez le titre.")), Length(max=300)],
    )
    summary = TextAreaField(
        _l("Résumé"),
        filters=[_strip],
        validators=[DataRequired(_l("Indiquez le résumé.")), Length(max=4000)],
    )
    preamble = TextAreaField(
        _l("Préambule"),
        filters=[_strip],
        validators=[DataRequired(_l("Indiquez le préambule.")), Length(max=20000)],
    )
    commitments = FieldList(FormField(CommitmentForm), min_entries=1, max_entries=40)


REGION_ROLE_CHOICES = {
    "region_reviewer": _l("Agent (consulter, décider sur les signatures)"),
    "region_admin": _l("Administrateur (en plus : utilisateurs et versions de la charte)"),
}


class InviteForm(CharterForm):
    """Who to invite to the Region's area, and with which role."""

    full_name = StringField(
        _l("Prénom et nom"),
        filters=[_strip],
        validators=[DataRequired(_l("Indiquez le prénom et le nom.")), Length(max=120)],
    )
    email = EmailField(
        _l("Adresse e-mail professionnelle"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Indiquez l'adresse e-mail.")),
            Email(_l("Cette adresse e-mail n'est pas valide."), check_deliverability=False),
            Length(max=254),
        ],
    )
    role = RadioField(_l("Rôle"), choices=choices(REGION_ROLE_CHOICES), default="region_reviewer")


class RoleForm(CharterForm):
    """A Region account's new role."""

    role = RadioField(_l("Rôle"), choices=choices(REGION_ROLE_CHOICES))


class ImportUploadForm(CharterForm):
    """The Region's spreadsheet of paper signatories (CSV or XLSX)."""

    file = FileField(
        _l("Fichier des signataires (CSV ou XLSX)"),
        validators=[FileRequired(_l("Choisissez le fichier à importer."))],
    )


class ImportConfirmForm(CharterForm):
    """Confirming an import; a file with errors needs the box ticked to import its good rows."""

    include_errors = BooleanField(
        _l("Importer les lignes correctes et laisser de côté les lignes en erreur")
    )
