"""Issue 15 §5: several gunicorn workers never count rate limits each on their own."""

from __future__ import annotations

import runpy
import subprocess
from types import SimpleNamespace

from tests.production.servers import BIN, PROJECT, free_port, server_environment

CONF = runpy.run_path(str(PROJECT / "gunicorn.conf.py"))


class Log:
    def __init__(self):
        self.lines = []

    def error(self, message):
        self.lines.append(("error", message))

    def warning(self, message):
        self.lines.append(("warning", message))


def _start(workers, environ, monkeypatch):
    for name in (
        "REDIS_URL",
        "CHARTER_RATELIMIT_STORAGE_URI",
        "CHARTER_ENVIRONMENT",
        "CHARTER_RATELIMIT_ENABLED",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("CHARTER_ACCEPT_PER_PROCESS_LIMITS", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    server = SimpleNamespace(cfg=SimpleNamespace(workers=workers), log=Log())
    CONF["on_starting"](server)
    return server.log.lines


def test_production_without_redis_refuses_several_workers(tmp_path):
    env = server_environment(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env.pop("CHARTER_ACCEPT_PER_PROCESS_LIMITS")
    env |= {"GUNICORN_BIND": f"127.0.0.1:{free_port()}", "GUNICORN_WORKERS": "3"}
    result = subprocess.run(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "charter:create_app()"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "Erreur : REDIS_URL n'est pas défini : avec 3 workers" in result.stderr
    assert "Booting worker" not in result.stderr


def test_one_worker_without_redis_starts_with_a_warning(monkeypatch):
    lines = _start(1, {"CHARTER_ENVIRONMENT": "production"}, monkeypatch)
    assert [level for level, _ in lines] == ["warning"]
    assert "REDIS_URL" in lines[0][1]


def test_redis_makes_any_number_of_workers_fine(monkeypatch):
    assert _start(8, {"REDIS_URL": "redis://127.0.0.1:6379/0"}, monkeypatch) == []


def test_development_warns_only(monkeypatch):
    lines = _start(3, {"CHARTER_ENVIRONMENT": "development"}, monkeypatch)
    assert [level for level, _ in lines] == ["warning"]


def test_no_limits_at_all_needs_no_store(monkeypatch):
    assert _start(2, {"CHARTER_RATELIMIT_ENABLED": "false"}, monkeypatch) == []
