"""Fixtures of the Region tests: test clients logged in as a Region reviewer or administrator."""

from __future__ import annotations

from typing import Any

import pytest

from charter.models import Role
from tests.region.helpers import officer_client


@pytest.fixture
def region(app: Any, factory: Any) -> Any:
    """A client logged in as a Region reviewer (``region.officer`` is the account)."""
    return officer_client(app, factory)


@pytest.fixture
def admin(app: Any, factory: Any) -> Any:
    """A client logged in as a Region administrator (``admin.officer`` is the account)."""
    return officer_client(app, factory, Role.REGION_ADMIN)
