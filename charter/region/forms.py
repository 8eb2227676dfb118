"""Forms of the Region's area."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from charter.forms import CharterForm

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
