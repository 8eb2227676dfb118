"""Configuration order and the refusal to run production without a real secret key."""

from __future__ import annotations

import gc
import os
import runpy
from pathlib import Path

import pytest

from charter import create_app
from charter.config import InsecureConfiguration

HTTPS = "https://charte.exemple.fr"


@pytest.fixture
def instance_dir(tmp_path, monkeypatch):
    """Point the app's instance folder at tmp_path by running from a fake package root."""
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    for name in ("CHARTER_ENVIRONMENT", "CHARTER_SECRET_KEY", "CHARTER_SITE_NAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path


def test_order_is_defaults_instance_environment_then_test_mapping(instance_dir, monkeypatch):
    (instance_dir / "config.py").write_text(
        "ENVIRONMENT = 'testing'\nSITE_NAME = 'from instance'\nREGION_NAME = 'from instance'\n"
        "MAIL_PORT = 2525\n"
    )
    monkeypatch.setenv("CHARTER_SITE_NAME", "from environment")
    monkeypatch.setenv("CHARTER_MAIL_PORT", "587")
    app = create_app({"MAIL_PORT": 465})
    assert app.config["MAIL_SERVER"] == "localhost"  # default
    assert app.config["REGION_NAME"] == "from instance"  # instance file beats defaults
    assert app.config["SITE_NAME"] == "from environment"  # environment beats instance file
    assert app.config["MAIL_PORT"] == 465  # test mapping beats everything


def test_production_refuses_to_start_without_a_secret_key(instance_dir):
    with pytest.raises(InsecureConfiguration, match="SECRET_KEY"):
        create_app({"ENVIRONMENT": "production"})


@pytest.mark.parametrize("key", ["dev", "changeme", "secret", "short"])
def test_production_refuses_known_or_weak_secret_keys(instance_dir, key):
    with pytest.raises(InsecureConfiguration):
        create_app({"ENVIRONMENT": "production", "SECRET_KEY": key, "BASE_URL": HTTPS})


def test_production_starts_with_a_real_key_and_secure_cookies(instance_dir):
    app = create_app({"ENVIRONMENT": "production", "SECRET_KEY": "x" * 40, "BASE_URL": HTTPS})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_development_generates_and_keeps_a_private_secret_key(instance_dir):
    first = create_app({"ENVIRONMENT": "development"})
    second = create_app({"ENVIRONMENT": "development"})
    assert len(first.config["SECRET_KEY"]) >= 40
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (instance_dir / "secret-key").stat().st_mode & 0o077 == 0


def test_database_url_selects_psycopg3(instance_dir, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/charter")
    app = create_app({"ENVIRONMENT": "testing"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/charter"


def test_default_database_is_sqlite_in_the_instance_folder(instance_dir):
    app = create_app({"ENVIRONMENT": "testing"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance_dir}/charter.sqlite3"


def test_gunicorn_workers_serve_pages_without_commands_or_migrations(make_app):
    """gunicorn.conf.py makes its workers serve-only: no command group, no Alembic (about
    15 MB a worker), and the pages still answer. Other processes keep both."""
    settings = runpy.run_path(str(Path(__file__).parents[1] / "gunicorn.conf.py"))
    assert "CHARTER_SERVE_ONLY=true" in settings["raw_env"]
    assert "CHARTER_SERVE_ONLY" not in os.environ  # reading the file changed nothing here

    worker = make_app(SERVE_ONLY=True)
    assert "charter" not in worker.cli.commands
    assert "migrate" not in worker.extensions
    assert worker.test_client().get("/").status_code == 200
    command_line = make_app()
    assert "charter" in command_line.cli.commands
    assert "migrate" in command_line.extensions


def test_building_the_application_runs_no_garbage_collection_and_restores_the_collector(
    instance_dir,
):
    """create_app pauses the cyclic garbage collector while it builds (a sixth of a worker's
    start, bench/start.py), and leaves it as it found it: running, or off if it was off."""
    collections: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    thresholds = gc.get_threshold()
    gc.set_threshold(100, 2, 2)  # a collection of each generation within a build otherwise
    gc.collect()  # counts from zero: the few objects before the pause set off none
    gc.callbacks.append(count)
    try:
        create_app({"ENVIRONMENT": "testing"})
        # at most the young collection that the first allocation after the build sets off
        assert collections in ([], [0]), collections
        assert gc.isenabled()
        gc.disable()
        try:
            create_app({"ENVIRONMENT": "testing"})
            assert not gc.isenabled()
        finally:
            gc.enable()
    finally:
        gc.callbacks.remove(count)
        gc.set_threshold(*thresholds)


def test_a_gunicorn_worker_freezes_what_its_start_created(instance_dir):
    """After its start, a worker moves the application's long-lived objects out of the
    collector's reach (gunicorn.conf.py, post_worker_init)."""
    settings = runpy.run_path(str(Path(__file__).parents[1] / "gunicorn.conf.py"))
    built = create_app({"ENVIRONMENT": "testing"})  # objects the suite has not frozen yet
    frozen = gc.get_freeze_count()
    settings["post_worker_init"](None)
    assert gc.get_freeze_count() > frozen + 1_000
    assert built.url_map  # kept alive until the count was read
