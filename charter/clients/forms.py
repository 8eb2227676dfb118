"""Forms of the joining pages: the consent question, alone or with the registration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField
from wtforms.validators import InputRequired

from charter.auth.forms import RegisterSmeForm
from charter.forms import CharterForm, choices

SHARE_CHOICES = {
    "non": _l("Non, pas pour l'instant : le prestataire voit seulement le nom de mon entreprise"),
    "oui": _l("Oui : le prestataire peut voir mes résultats et mes rapports de diagnostic"),
}


def share_field() -> RadioField:
    """The consent question; "non" by default (nothing is shared unless the SME says so)."""
    return RadioField(
        _l("Partager les résultats de vos diagnostics avec ce prestataire ?"),
        choices=choices(SHARE_CHOICES),
        default="non",
        validators=[InputRequired(_l("Choisissez oui ou non."))],
    )


class JoinForm(CharterForm):
    share = share_field()


class RegisterInvitedSmeForm(RegisterSmeForm):
    share = share_field()
