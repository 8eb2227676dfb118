"""Forms of the SME area besides the journey: one action of the plan."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from charter.core.plan_tracking import DISMISSED, STATE_LABELS
from charter.forms import CharterForm, choices
from charter.services.plan_tracking import MAX_NOTE_LENGTH, MAX_OWNER_LENGTH


def _strip(value: str | None) -> str | None:
    return value.strip() if value else value


class FrenchDateField(DateField):
    """A date input whose error is French (the browser sends yyyy-mm-dd)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_("Indiquez une date valide, par exemple 31/03/2027.")) from error


class PlanActionForm(CharterForm):
    """Where one action stands: state (with a reason when set aside), owner, date, note."""

    state = SelectField(_l("Statut"), choices=[])
    reason = TextAreaField(
        _l("Pourquoi l'écarter ?"), filters=[_strip], validators=[Length(max=MAX_NOTE_LENGTH)]
    )
    owner = StringField(
        _l("Responsable"), filters=[_strip], validators=[Length(max=MAX_OWNER_LENGTH)]
    )
    due_on = FrenchDateField(_l("Échéance"), validators=[Optional()])
    note = TextAreaField(_l("Note"), filters=[_strip], validators=[Length(max=MAX_NOTE_LENGTH)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.state.choices = choices({k: _(v) for k, v in STATE_LABELS.items()})

    def validate_reason(self, field: Any) -> None:
        if self.state.data == DISMISSED and not field.data:
            raise ValidationError(_("Indiquez pourquoi cette action est écartée."))
