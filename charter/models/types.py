"""Column helpers shared by the models."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import Enum


def enum_column(enum_class: type[enum.Enum], length: int = 32) -> Enum:
    """A portable enum column that stores the member's value as text (no native DB enum).

    Text values keep migrations simple on SQLite and PostgreSQL alike, and stay readable in
    exports and backups.
    """
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=length,
        validate_strings=True,
        values_callable=_values,
    )


def _values(enum_class: Any) -> list[str]:
    return [member.value for member in enum_class]
