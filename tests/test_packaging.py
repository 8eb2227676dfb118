"""The wheel stands alone: built from the checkout and installed in a clean virtualenv outside
it, it migrates a database, loads its questionnaires and serves the home page (issue 22).

The clean virtualenv gets only the wheel; the dependencies are borrowed from the test
environment through a ``.pth`` line (no download, and the checkout's own editable install is
not activated that way), and every command runs from a directory outside the checkout so that
nothing can be imported or read from it by accident.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Its databases are SQLite files of its own, whatever the leg: it runs once, in the SQLite leg.
pytestmark = [pytest.mark.slow, pytest.mark.sqlite]

SERVE_HOME_PAGE = """
import charter
from charter import create_app

app = create_app()
response = app.test_client().get("/")
print(charter.__file__)
print(app.config["QUESTIONNAIRES_DIR"])
print(response.status_code)
print(response.get_data(as_text=True))
"""


def run(*command: str | Path, cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


#: What a checkout holds that is not the project: a build from a copy without them cannot pick
#: up a stale ``build/`` folder (setuptools builds in the source tree) or a local database.
NOT_THE_PROJECT = shutil.ignore_patterns(
    ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis",
    "instance", "test-artifacts", "bench",
)  # fmt: skip


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built without network access from a copy of the checkout."""
    source = tmp_path_factory.mktemp("source") / "project"
    shutil.copytree(ROOT, source, symlinks=True, ignore=NOT_THE_PROJECT)
    # A working checkout holds bytecode beside the sources (the suite writes it): none may ship.
    stale = source / "charter" / "migrations" / "versions" / "__pycache__"
    stale.mkdir()
    (stale / "0001_accounts_and_audit_log.cpython-311.pyc").write_bytes(b"stale bytecode")
    target = tmp_path_factory.mktemp("dist")
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "--wheel-dir",
        target,
        source,
        cwd=target,
        env=env,
    )
    (built,) = target.glob("charte_cyber_normandie-*.whl")
    return built


def test_the_wheel_carries_every_template_and_questionnaire_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("templates", "questionnaires"):
        expected = {
            f"charter/_bundle/{folder}/{path.relative_to(ROOT / folder).as_posix()}"
            for path in (ROOT / folder).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        }
        assert expected, folder
        assert expected <= names, sorted(expected - names)[:5]
    assert "charter/migrations/versions/0001_accounts_and_audit_log.py" in names
    assert [name for name in names if name.endswith(".pyc")] == []


def test_the_installed_wheel_migrates_loads_and_serves_the_home_page(
    wheel: Path, tmp_path: Path
) -> None:
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    python = environment / "bin" / "python"
    purelib = run(
        python,
        "-c",
        "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        cwd=tmp_path,
        env=dict(os.environ),
    ).strip()
    # The wheel goes into the clean environment; the dependencies stay where they are.
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--quiet",
        "--no-deps",
        "--no-index",
        wheel,
        cwd=tmp_path,
        env=dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1"),
    )
    Path(purelib, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "CHARTER_ENVIRONMENT": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'charter.sqlite3'}",
    }
    run(python, "-m", "flask", "--app", "charter", "db", "upgrade", cwd=workdir, env=env)
    loaded = run(
        python,
        "-m",
        "flask",
        "--app",
        "charter",
        "charter",
        "questionnaires",
        "load",
        cwd=workdir,
        env=env,
    )
    assert "pme-essentiel" in loaded

    module, questionnaires, status, page = run(
        python, "-c", SERVE_HOME_PAGE, cwd=workdir, env=env
    ).split("\n", 3)
    assert module.startswith(purelib), module  # the installed copy, not the checkout
    assert questionnaires.startswith(purelib), questionnaires
    assert status == "200"
    assert "Charte Cyber Normandie" in page
