"""requirements-production.txt, the hash-checked install of docs/deploy.md §3, agrees with
requirements.lock and covers every runtime dependency (issue 23)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(text: str) -> dict[str, str]:
    return {
        _canonical(name): version
        for name, version in re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", text, re.M)
    }


def test_every_production_pin_has_a_hash_and_the_version_of_the_lock():
    text = (ROOT / "requirements-production.txt").read_text()
    production = _pins(text)
    lock = _pins((ROOT / "requirements.lock").read_text())
    entries = re.split(r"\n(?=[A-Za-z])", text.split("\n", 3)[3].strip())
    assert all(re.search(r"--hash=sha256:[0-9a-f]{64}", entry) for entry in entries)
    assert len(entries) == len(production)
    differing = {
        name: (version, lock[name])
        for name, version in production.items()
        if name in lock and lock[name] != version
    }
    assert differing == {}, "run make lock-production after changing requirements.lock"


def test_every_runtime_dependency_is_in_the_production_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {
        _canonical(re.split(r"[<>=\[ ;]", dep, maxsplit=1)[0]) for dep in project["dependencies"]
    }
    production = _pins((ROOT / "requirements-production.txt").read_text())
    assert wanted - production.keys() == set()
