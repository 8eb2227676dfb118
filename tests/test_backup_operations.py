"""The restore drill, the backup-age alert, the off-site copy and the password of the
PostgreSQL tools (issue 23)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from charter.db import utcnow
from charter.extensions import db
from charter.models import Organization
from charter.services.backup import backup
from tests.conftest import BACKEND
from tests.test_restore import scratch_database  # noqa: F401 (a fixture)

# ------------------------------------------------------------------------------ restore drill


def test_the_drill_restores_into_another_database_and_reports_what_it_found(
    app,
    runner,
    factory,
    tmp_path,
    scratch_database,  # noqa: F811
):
    factory.organization(name="Bocage Informatique")
    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    assert runner.invoke(args=["charter", "backup", str(folder)]).exit_code == 0
    target = scratch_database()

    result = runner.invoke(args=["charter", "restore-drill", str(folder), "--into", target])

    assert result.exit_code == 0, result.output
    assert "organisations : 1" in result.output
    assert "chaîne du journal d'audit : intègre" in result.output
    assert "illisibles : 0" in result.output
    restored = make_app_on(app, target)
    with restored.app_context():
        assert db.session.scalars(text("SELECT name FROM organization")).all() == [
            "Bocage Informatique"
        ]
        db.session.remove()
        db.engine.dispose()


def make_app_on(app, url):
    from charter import create_app

    settings = {k: v for k, v in app.config.items() if k.isupper() and "SQLALCHEMY" not in k}
    return create_app(settings | {"SQLALCHEMY_DATABASE_URI": url})


def test_the_drill_refuses_the_service_database(app, runner, factory, tmp_path):
    factory.organization(name="Production")
    backup_file = tmp_path / "b.dump"
    assert runner.invoke(args=["charter", "backup", str(backup_file)]).exit_code == 0
    production = app.config["SQLALCHEMY_DATABASE_URI"]
    # The same database written another way (PostgreSQL: "localhost" for "127.0.0.1";
    # SQLite: a path with a detour).
    url = make_url(production)
    if BACKEND == "postgresql":
        same = url.set(host="localhost").render_as_string(hide_password=False)
    else:
        path = Path(url.database)
        same = f"sqlite:///{path.parent}/../{path.parent.name}/{path.name}"

    for target in (production, same):
        result = runner.invoke(
            args=["charter", "restore-drill", str(backup_file), "--into", target]
        )
        assert result.exit_code != 0
        assert "jamais dans la base de production" in result.output
    with app.app_context():
        assert db.session.query(Organization).count() == 1


@pytest.mark.postgres
def test_the_drill_refuses_the_service_database_reached_under_another_address(
    app, runner, tmp_path
):
    """Same server, another host name that a URL comparison cannot see through."""
    backup_file = tmp_path / "b.dump"
    assert runner.invoke(args=["charter", "backup", str(backup_file)]).exit_code == 0
    hostname = os.uname().nodename
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    other_name = url.set(host=hostname).render_as_string(hide_password=False)
    probe = create_engine(other_name, poolclass=NullPool)
    try:
        with probe.connect():
            reachable = True
    except Exception:
        reachable = False
    finally:
        probe.dispose()
    if not reachable:
        pytest.skip(f"the server does not answer on {hostname}")
    result = runner.invoke(
        args=["charter", "restore-drill", str(backup_file), "--into", other_name]
    )
    assert result.exit_code != 0
    assert "atteinte sous un autre nom" in result.output


def test_the_drill_refuses_a_database_that_is_not_empty(
    app,
    runner,
    tmp_path,
    scratch_database,  # noqa: F811
):
    backup_file = tmp_path / "b.dump"
    assert runner.invoke(args=["charter", "backup", str(backup_file)]).exit_code == 0
    target = scratch_database()
    scratch = make_app_on(app, target)
    scratch.test_cli_runner().invoke(args=["db", "upgrade"])
    with scratch.app_context():
        db.engine.dispose()

    result = runner.invoke(args=["charter", "restore-drill", str(backup_file), "--into", target])

    assert result.exit_code != 0
    assert "n'est pas vide" in result.output


def test_the_drill_fails_when_second_factors_cannot_be_read(
    app,
    runner,
    factory,
    tmp_path,
    scratch_database,  # noqa: F811
    make_app,
):
    """A backup taken before a key rotation, drilled without the old key: the loss shows."""
    factory.user(totp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", totp_enabled_at=utcnow())
    backup_file = tmp_path / "avant-rotation.dump"
    assert runner.invoke(args=["charter", "backup", str(backup_file)]).exit_code == 0
    rotated = make_app(SECRET_KEY="a-brand-new-secret-key-after-rotation-0123456789")

    result = rotated.test_cli_runner().invoke(
        args=["charter", "restore-drill", str(backup_file), "--into", scratch_database()]
    )

    assert result.exit_code == 1
    assert "illisibles : 1" in result.output
    assert "gardez les anciennes clés" in result.output


# ---------------------------------------------------------------------------- age of backups


def test_check_backups_is_quiet_for_a_fresh_backup_and_alerts_for_an_old_one(runner, tmp_path):
    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    assert runner.invoke(args=["charter", "backup", str(folder)]).exit_code == 0

    fresh = runner.invoke(args=["charter", "check-backups", str(folder)])
    assert fresh.exit_code == 0, fresh.output
    assert "Dernière sauvegarde" in fresh.output

    [only] = folder.iterdir()
    two_days_ago = time.time() - 49 * 3600
    os.utime(only, (two_days_ago, two_days_ago))
    old = runner.invoke(args=["charter", "check-backups", str(folder)])
    assert old.exit_code == 1
    assert "ALERTE" in old.output and "49 heures" in old.output


def test_check_backups_alerts_when_there_is_none_or_only_a_broken_one(runner, tmp_path):
    empty = runner.invoke(args=["charter", "check-backups", str(tmp_path)])
    assert empty.exit_code == 1 and "aucune sauvegarde" in empty.output
    (tmp_path / "charte-2026-12-01-023000.dump").write_bytes(b"")
    broken = runner.invoke(args=["charter", "check-backups", str(tmp_path)])
    assert broken.exit_code == 1 and "pas une sauvegarde complète" in broken.output
    (tmp_path / "charte-2026-12-02-023000.dump.partial").write_bytes(b"PGDMP...")
    assert runner.invoke(args=["charter", "check-backups", str(tmp_path)]).exit_code == 1


def test_backup_keep_days_removes_old_backups_but_never_the_newest(runner, tmp_path):
    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    old = folder / "charte-2026-01-01-023000.dump"
    assert runner.invoke(args=["charter", "backup", str(old)]).exit_code == 0
    forty_days_ago = time.time() - 40 * 86400
    os.utime(old, (forty_days_ago, forty_days_ago))
    other = folder / "notes.txt"
    other.write_text("pas une sauvegarde")

    result = runner.invoke(args=["charter", "backup", str(folder), "--keep-days", "30"])

    assert result.exit_code == 0, result.output
    remaining = sorted(p.name for p in folder.iterdir())
    assert old.name not in remaining and "notes.txt" in remaining
    assert len(remaining) == 2


# ----------------------------------------------------------------------------- off-site copy


@pytest.mark.skipif(shutil.which("age") is None, reason="needs age (make test installs it)")
def test_the_offsite_copy_is_encrypted_and_decrypts_to_the_backup(app, runner, tmp_path):
    key = tmp_path / "cle-age.txt"
    subprocess.run(["age-keygen", "-o", str(key)], check=True, capture_output=True)
    public = next(
        line.split(": ")[1] for line in key.read_text().splitlines() if "public key" in line
    )
    folder = tmp_path / "sauvegardes"
    folder.mkdir()
    assert runner.invoke(args=["charter", "backup", str(folder)]).exit_code == 0
    [original] = folder.iterdir()
    app.config["BACKUP_RECIPIENTS"] = [public]
    app.config["OFFSITE_DESTINATION"] = str(tmp_path / "autre-site")

    result = runner.invoke(args=["charter", "offsite-copy", str(folder)])

    assert result.exit_code == 0, result.output
    [copy] = (tmp_path / "autre-site").iterdir()
    assert copy.name == original.name + ".age"
    assert copy.read_bytes().startswith(b"age-encryption.org/v1")
    assert original.read_bytes()[:15] not in copy.read_bytes()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    clear = subprocess.run(
        ["age", "--decrypt", "-i", str(key), str(copy)], check=True, capture_output=True
    ).stdout
    assert clear == original.read_bytes()


def test_the_offsite_copy_never_leaves_in_clear(app, runner, tmp_path):
    assert runner.invoke(args=["charter", "backup", str(tmp_path / "b.dump")]).exit_code == 0
    app.config["OFFSITE_DESTINATION"] = str(tmp_path / "autre-site")
    result = runner.invoke(args=["charter", "offsite-copy", str(tmp_path / "b.dump")])
    assert result.exit_code != 0
    assert "CHARTER_BACKUP_RECIPIENTS" in result.output
    assert not (tmp_path / "autre-site").exists()


# ------------------------------------------------------------------- PostgreSQL tools' password

SPY = """#!{python}
import json, os, sys
with open(os.environ["SPY_LOG"], "a") as log:
    log.write(json.dumps({{"argv": sys.argv, "PGPASSWORD": os.environ.get("PGPASSWORD")}}) + "\\n")
for arg in sys.argv:
    if arg.startswith("--file=") and arg != "--file=-":
        open(arg[len("--file="):], "wb").write(b"PGDMP spy")
"""


def test_pg_dump_gets_the_password_from_the_environment_never_the_command_line(
    tmp_path, monkeypatch
):
    """A stand-in pg_dump records what every local user could read in /proc/PID/cmdline."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    spy = bin_dir / "pg_dump"
    spy.write_text(SPY.format(python=sys.executable))
    spy.chmod(0o755)
    log = tmp_path / "spy.log"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("SPY_LOG", str(log))
    password = "S3cret-p@ss/word"

    backup(
        f"postgresql+psycopg://charte:{password.replace('@', '%40').replace('/', '%2F')}"
        "@db.example:5432/charte?sslmode=require",
        tmp_path / "b.dump",
    )

    import json

    [call] = [json.loads(line) for line in log.read_text().splitlines()]
    assert not any(password in arg or "S3cret" in arg for arg in call["argv"])
    assert call["PGPASSWORD"] == password
    assert "postgresql://charte@db.example:5432/charte?sslmode=require" in call["argv"][-1]
