"""The operations files of docs/deploy/ that docs/deploy.md installs: the charte wrapper, the
cron jobs, nginx's log format, the log retention (issue 23)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

from charter.config import Defaults
from tests.conftest import TEST_SECRET

#: Its database is a SQLite file of its own, whatever the leg: it runs once, in the SQLite leg.
pytestmark = pytest.mark.sqlite

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "docs" / "deploy"

# ------------------------------------------------------------------------------ the wrapper


@pytest.fixture
def env_file(tmp_path):
    """An environment file like /etc/charte/charte.env, on a SQLite database of the test."""
    database = tmp_path / "service.sqlite3"
    path = tmp_path / "charte.env"
    path.write_text(
        "CHARTER_ENVIRONMENT=production\n"
        f"CHARTER_SECRET_KEY={TEST_SECRET}\n"
        "CHARTER_BASE_URL=https://charte.exemple.fr\n"
        f"DATABASE_URL=sqlite:///{database}\n"
        'CHARTER_MAIL_DEFAULT_SENDER="Charte <ne-pas-repondre@exemple.fr>"\n'
        'CHARTER_LIMIT_LOGIN="10 per minute;60 per hour"\n'
    )
    return path, database


def run_wrapper(env_file: Path, *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CHARTER_", "DATABASE_"))}
    return subprocess.run(
        [str(DEPLOY / "charte"), *args],
        env=clean | {"CHARTE_ENV": str(env_file), "CHARTE_DIR": str(ROOT)},
        cwd="/",  # cron starts jobs in the account's home, not in the code's folder
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_the_wrapper_runs_a_command_with_the_service_configuration(env_file):
    path, database = env_file
    result = run_wrapper(path, "db", "upgrade")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "user_account" in tables  # the database of the environment file, not another


def test_the_wrapper_says_when_the_environment_file_cannot_be_read(tmp_path):
    result = run_wrapper(tmp_path / "absent.env", "charter", "purge")
    assert result.returncode == 78
    assert "illisible" in result.stderr and "sudo -u charte charte" in result.stderr


def test_every_cron_job_goes_through_the_wrapper():
    jobs = [
        line.split(None, 6)
        for line in (DEPLOY / "cron.d-charte").read_text().splitlines()
        if line and line[0].isdigit()
    ]
    commands = {command.split()[2] for *_schedule, _account, command in jobs}
    assert commands == {
        "backup", "check-backups", "refresh-standing", "send-reminders", "purge", "verify-audit",
        "audit-anchor",
    }  # fmt: skip
    for *_schedule, account, command in jobs:
        assert account == "charte"
        for part in command.split("&&"):
            assert part.strip().startswith("charte charter "), part
    assert "MAILTO=" in (DEPLOY / "cron.d-charte").read_text()


def test_no_documented_cron_line_runs_flask_without_the_configuration():
    for doc in (ROOT / "README.md", ROOT / "docs" / "deploy.md"):
        text = doc.read_text()
        assert "/srv/charter" not in text, doc
        assert not re.search(r"[0-9*]+ [0-9*]+ \* \* [0-9*]+[^`\n]*flask", text), doc


# --------------------------------------------------------------------------- nginx's log


def nginx_map(variable: str) -> list[tuple[re.Pattern[str], str]]:
    """The regex entries of the nginx map that defines ``variable``, in Python syntax."""
    text = (DEPLOY / "nginx-charte.conf").read_text()
    body = re.search(r"map \$\S+ \$" + variable + r" \{(.*?)\n\}", text, re.S).group(1)
    entries = []
    for pattern, value in re.findall(r'"~([^"]+)"\s+"([^"]*)";', body):
        python = pattern.replace("(?<", "(?P<")
        replacement = re.sub(r"\$\{?(\w+)\}?", r"\\g<\1>", value)
        entries.append((re.compile(python), replacement))
    return entries


def logged(variable: str, value: str) -> str:
    for pattern, replacement in nginx_map(variable):
        match = pattern.match(value)
        if match:
            return match.expand(replacement)
    return "-"


def test_nginx_logs_every_token_route_without_its_token(app):
    token_routes = [r.rule for r in app.url_map.iter_rules() if "<token" in r.rule]
    assert len(token_routes) >= 4
    for rule in token_routes:
        path = re.sub(r"<[^>]+>", "S3cretT0ken", rule)
        assert "S3cretT0ken" not in logged("charte_log_path", path), rule
        assert "S3cretT0ken" not in logged("charte_log_path", f"{path}?next=/x"), rule
        referer = f"https://charte.exemple{path}"
        assert logged("charte_log_referer", referer) == "https://charte.exemple", rule
    assert logged("charte_log_path", "/mot-de-passe/nouveau/abc") == "/mot-de-passe/nouveau/***"


def test_nginx_logs_other_paths_without_their_query_string():
    assert logged("charte_log_path", "/annuaire?q=dupont") == "/annuaire"
    assert logged("charte_log_path", "/pme/diagnostics/3") == "/pme/diagnostics/3"
    assert logged("charte_log_referer", "") == "-"


def test_nginx_writes_its_access_log_with_the_masking_format():
    text = (DEPLOY / "nginx-charte.conf").read_text()
    log_format = re.search(r"log_format charte (.*?);", text, re.S).group(1)
    assert "$charte_log_path" in log_format and "$charte_log_referer" in log_format
    for raw in ("$request ", "$request_uri", "$http_referer", "$uri", "$args"):
        assert raw not in log_format
    access_logs = re.findall(r"access_log\s+(\S+)\s+(\S+);", text)
    assert access_logs and all(fmt == "charte" for _path, fmt in access_logs)


# ----------------------------------------------------------------------------- retention


def test_log_retention_matches_what_the_privacy_notice_says():
    days = Defaults.RETENTION_SERVER_LOGS_DAYS
    logrotate = (DEPLOY / "logrotate-charte").read_text()
    assert re.search(rf"^\s*rotate {days}$", logrotate, re.M)
    assert re.search(rf"^\s*maxage {days}$", logrotate, re.M)
    assert re.search(r"^\s*daily$", logrotate, re.M)
    nginx = (DEPLOY / "nginx-charte.conf").read_text()
    logged_files = set(re.findall(r"(?:access|error)_log\s+(\S+)", nginx))
    assert all(path.startswith("/var/log/nginx/charte/") for path in logged_files)
    journald = (DEPLOY / "journald-charte.conf").read_text()
    assert f"MaxRetentionSec={days}day" in journald
