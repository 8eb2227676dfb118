"""The core stays pure: no web framework, ORM or database import anywhere under charter/core."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "charter" / "core"
FORBIDDEN = ("flask", "flask_", "sqlalchemy", "alembic", "psycopg", "sqlite3", "redis", "werkzeug")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_imports_no_framework_or_database() -> None:
    offenders = {
        f"{path.relative_to(CORE)}: {name}"
        for path in CORE.rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0].startswith(FORBIDDEN)
        or (name.split(".")[0] == "charter" and not name.startswith("charter.core"))
    }
    assert not offenders
