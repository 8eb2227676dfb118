"""The base form every form of the application derives from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import g, request
from flask_wtf import FlaskForm
from werkzeug.datastructures import ImmutableMultiDict
from wtforms import SelectChoice

SUBMIT_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class CharterForm(FlaskForm):
    """A Flask-WTF form that also refuses to validate after a CSRF failure.

    When the CSRF check of a form view fails, :func:`charter.errors.rerender_on_csrf_failure`
    still runs the view so that the user sees what they typed; this makes sure it changes
    nothing.
    """

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            """Read only real form posts: a JSON body (which Flask-WTF would take as form data,
            and crash on when it is not an object) counts as an empty form."""
            if request.is_json and not request.form:
                return ImmutableMultiDict() if request.method in SUBMIT_METHODS else None
            return super().wrap_formdata(form, formdata)

    #: Field names in the order the page shows them, when it differs from the class's (fields
    #: of a subclass come after its parent's): the error summary follows the page.
    page_order: tuple[str, ...] = ()

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators=extra_validators)
        message = g.get("csrf_error")
        if message:
            self.form_errors.append(message)
            return False
        return valid

    @property
    def all_errors(self) -> list[tuple[str | None, str, str]]:
        """Every error as (field id or None, field label, message), in the page's order.

        The error summary at the top of a page lists these, each linking to its field.
        """
        found: list[tuple[str | None, str, str]] = [(None, "", m) for m in self.form_errors]
        rank = {name: i for i, name in enumerate(self.page_order)}
        fields = sorted(self, key=lambda f: rank.get(f.name, len(rank)))  # stable: class order
        for field in fields:
            if field.name == "csrf_token":
                continue  # its English message is replaced by the French one in form_errors
            for message in field.errors:
                # Messages are often lazy strings (lazy_gettext), which are not ``str``; only
                # nested forms (dicts, lists) are left out: they report their own errors.
                if not isinstance(message, dict | list | tuple):
                    found.append((field.id, str(field.label.text), str(message)))
        return found


def choices(
    options: Mapping[str, Any] | Iterable[str], placeholder: Any = None
) -> list[SelectChoice]:
    """SelectField choices from a code-to-label mapping (or codes shown as themselves).

    With ``placeholder``, an empty first option invites a choice (and fails DataRequired).
    """
    items = options.items() if isinstance(options, Mapping) else ((c, c) for c in options)
    built = [SelectChoice(value=code, label=label) for code, label in items]
    if placeholder is not None:
        built.insert(0, SelectChoice(value="", label=placeholder))
    return built
