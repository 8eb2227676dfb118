"""Pages of the Region's area that only administrators may use (users, charter versions)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from charter.models import Role

F = TypeVar("F", bound=Callable[..., Any])


def admin_only(view: F) -> F:
    """Answer 403 to a Region reviewer; the blueprint already keeps everyone else out."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user.role is not Role.REGION_ADMIN:
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]
