"""The two legs of ``make test`` (tests/run_legs.sh) run every database-free test once between
them, and each leg run alone runs what it always did (tests/conftest.py, ``_elsewhere``)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests import conftest

ROOT = Path(conftest.__file__).parent


def _test(folder: str, *fixtures: str) -> SimpleNamespace:
    return SimpleNamespace(path=ROOT / folder / "test_x.py", fixturenames=("request", *fixtures))


CORE, CONTENT = _test("core"), _test("content")
WITH_DATABASE = (_test("core", "database_url"), _test("region", "database_url", "app"))


def _runs(monkeypatch: pytest.MonkeyPatch, test: SimpleNamespace, backend: str, legs: bool):
    monkeypatch.setattr(conftest, "BACKEND", backend)
    monkeypatch.setattr(conftest, "BOTH_LEGS", legs)
    return not conftest._elsewhere(test)


@pytest.mark.parametrize("test", [CORE, CONTENT, *WITH_DATABASE])
@pytest.mark.parametrize("legs", [True, False])
def test_every_test_runs_in_make_test(monkeypatch, test, legs):
    assert _runs(monkeypatch, test, "sqlite", legs) or _runs(monkeypatch, test, "postgresql", legs)


def test_side_by_side_the_pure_core_runs_in_the_postgresql_leg_only(monkeypatch):
    assert _runs(monkeypatch, CORE, "postgresql", True)
    assert not _runs(monkeypatch, CORE, "sqlite", True)
    # other database-free tests stay in the SQLite leg
    assert _runs(monkeypatch, CONTENT, "sqlite", True)
    assert not _runs(monkeypatch, CONTENT, "postgresql", True)


def test_a_leg_alone_runs_what_it_always_did(monkeypatch):
    for free in (CORE, CONTENT):
        assert _runs(monkeypatch, free, "sqlite", False)
        assert not _runs(monkeypatch, free, "postgresql", False)


@pytest.mark.parametrize("test", WITH_DATABASE)
def test_what_opens_a_database_runs_in_both_legs(monkeypatch, test):
    for legs in (True, False):
        assert _runs(monkeypatch, test, "sqlite", legs)
        assert _runs(monkeypatch, test, "postgresql", legs)
