"""Forms of the ``legal`` blueprint."""

from __future__ import annotations

from wtforms import HiddenField
from wtforms.validators import Length

from charter.forms import CharterForm


class AcceptTermsForm(CharterForm):
    """The "Accepter" button; carries the version shown, so that only what was read is accepted."""

    version = HiddenField(validators=[Length(max=20)])
