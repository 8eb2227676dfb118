"""Faults (issue 10, point 3): the server killed mid-burst, PostgreSQL restarted under load.

* SIGKILL of gunicorn's master and workers while answers are being saved and audit events
  written: after a restart on the same database, every save the browser was told about is
  there (revision and value), the audit chain verifies, and the person carries on.
* PostgreSQL restarted while people save: a save caught by the restart gets a 503 with a
  French message and Retry-After, never a 500; retried, it goes through; the application
  recovers without being restarted itself.
"""

from __future__ import annotations

import http.client
import sqlite3
import threading
import time
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from charter.definitions import questionnaire_of
from charter.extensions import db
from charter.models import Answer, Assessment, Role
from tests.conftest import _create_schema
from tests.factories import Factory
from tests.journey import draft_assessment
from tests.production.servers import Browser, Server, flask_command, server_environment

pytestmark = pytest.mark.slow

CLIENTS = 6


@dataclass
class Tab:
    """One autosaving page, changing its own questions one after the other."""

    browser: Browser
    assessment_id: int
    questions: list  # Question objects this tab owns
    revisions: dict[str, int] = field(default_factory=dict)
    acknowledged: dict[str, tuple[int, str]] = field(default_factory=dict)
    in_flight: dict[str, tuple[int, str]] = field(default_factory=dict)
    responses: list[tuple[float, str, int, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def next_save(self, turn: int) -> tuple[str, str, int]:
        question = self.questions[turn % len(self.questions)]
        revision = self.revisions.get(question.id, 0)
        value = question.options[revision % len(question.options)].key  # always a change
        return question.id, value, revision

    def send(self, question_id: str, value: str, revision: int, kind: str):
        """One save; its response is recorded as (start, kind, status, end)."""
        self.in_flight[question_id] = (revision + 1, value)
        started = time.monotonic()
        response = self.browser.save_answer(self.assessment_id, question_id, value, revision)
        self.responses.append((started, kind, response.status, time.monotonic()))
        if response.status == 200:
            body = response.json()
            self.revisions[question_id] = body["revision"]
            self.acknowledged[question_id] = (body["revision"], value)
        return response


def _draft_with_tabs(app, factory: Factory, server: Server) -> tuple[list[Tab], int]:
    user = factory.user(Role.SME_MEMBER)
    assessment_id = draft_assessment(app, user, "pme-complet")
    with app.app_context():
        questionnaire = questionnaire_of(
            db.session.get(Assessment, assessment_id).questionnaire_version
        )
    questions = questionnaire.questions()[: CLIENTS * 3]
    first = Browser(server)
    first.log_in(user.email, user.password)
    assert (
        first.get(f"/pme/diagnostics/{assessment_id}/themes/{questionnaire.themes[0].id}").status
        == 200
    )
    tabs = []
    for index in range(CLIENTS):
        browser = Browser(server, ip=first.ip)
        browser.cookies, browser.csrf_token, browser.page = (
            dict(first.cookies),
            first.csrf_token,
            first.page,
        )
        tabs.append(Tab(browser, assessment_id, questions[index::CLIENTS]))
    return tabs, assessment_id


def _stored(app, assessment_id: int) -> dict[str, tuple[int, str]]:
    with app.app_context():
        rows = db.session.scalars(select(Answer).filter_by(assessment_id=assessment_id)).all()
        result = {a.question_id: (a.revision, a.value) for a in rows}
        db.session.remove()
    return result


def _assert_nothing_acknowledged_is_lost(tabs: list[Tab], stored: dict[str, tuple[int, str]]):
    """Stored is what the browser was told, or the one save sent after that (its reply lost)."""
    for tab in tabs:
        for question_id, acknowledged in tab.acknowledged.items():
            assert stored[question_id] in (acknowledged, tab.in_flight[question_id]), question_id


# ------------------------------------------------------------------------------- SIGKILL


def test_a_server_killed_during_a_burst_of_saves_loses_no_acknowledged_one(
    app, factory, serve, database_url
):
    server = serve(workers=3)
    tabs, assessment_id = _draft_with_tabs(app, factory, server)
    stop = threading.Event()

    def autosave(tab: Tab) -> None:
        turn = 0
        while not stop.is_set():
            try:
                tab.send(*tab.next_save(turn), kind="save")
            except (OSError, http.client.HTTPException):
                return  # the server is gone: what was acknowledged so far must be stored
            turn += 1

    def failed_logins() -> None:  # each one appends to the audit chain
        attempt = 0
        while not stop.is_set():
            attempt += 1
            visitor = Browser(server, ip=f"198.51.100.{attempt % 250 + 1}")
            try:
                visitor.get("/connexion")
                visitor.post("/connexion", {"email": "inconnu@exemple.fr", "password": "faux"})
            except (OSError, http.client.HTTPException):
                return

    threads = [threading.Thread(target=autosave, args=(tab,)) for tab in tabs]
    threads.append(threading.Thread(target=failed_logins))
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + 60
        while sum(len(t.responses) for t in tabs) < 80 and time.monotonic() < deadline:
            time.sleep(0.02)
        server.kill()
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

    statuses = {status for tab in tabs for _, _, status, _ in tab.responses}
    assert statuses == {200}
    assert sum(len(t.acknowledged) for t in tabs) >= CLIENTS
    _assert_nothing_acknowledged_is_lost(tabs, _stored(app, assessment_id))
    environment = server_environment(database_url)
    verified = flask_command(environment, "charter", "verify-audit")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    if database_url.startswith("sqlite"):
        with sqlite3.connect(make_url(database_url).database) as check:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # Restarted on the same database, the same browser carries on where it was.
    restarted = serve(workers=3)
    stored = _stored(app, assessment_id)
    for tab in tabs:
        tab.browser.server = restarted
        question_id, value, _ = tab.next_save(0)
        revision = stored.get(question_id, (0, None))[0]
        response = tab.send(question_id, value, revision, kind="after")
        assert response.status == 200, response.text


# ------------------------------------------------------------------ PostgreSQL restarted


def _saved_twice_since(tab: Tab, moment: float) -> bool:
    """Whether ``tab`` sent two saves after ``moment`` that were answered 200, and retried
    every save refused before them."""
    responses = list(tab.responses)
    if tab.errors:
        return True  # the test fails on them below
    refused_at = [started for started, _, status, _ in responses if status == 503]
    retried_at = [started for started, kind, _, _ in responses if kind == "retry"]
    if refused_at and not any(started > refused_at[-1] for started in retried_at):
        return False
    return sum(1 for r in responses if r[0] > moment and r[2] == 200) >= 2


@pytest.mark.postgres
def test_postgresql_restarted_under_load_costs_a_retry_never_a_500(
    make_app, serve, private_postgres
):
    app = make_app(SQLALCHEMY_DATABASE_URI=private_postgres.url)
    with app.app_context():
        _create_schema()
    server = serve(workers=2, url=private_postgres.url)
    tabs, assessment_id = _draft_with_tabs(app, Factory(app), server)
    stop = threading.Event()
    back_up_at: list[float] = []

    def autosave(tab: Tab) -> None:
        turn = 0
        while not stop.is_set():
            try:
                question_id, value, revision = tab.next_save(turn)
                response = tab.send(question_id, value, revision, kind="first")
                if response.status == 503:
                    body = response.json()
                    assert body["status"] == "unavailable"
                    assert "Réessayez dans quelques secondes" in body["message"]
                    time.sleep(int(response.headers["Retry-After"]))  # then press again
                    tab.send(question_id, value, revision, kind="retry")
            except Exception as error:  # recorded, and the test fails below
                tab.errors.append(repr(error))
                return
            turn += 1

    threads = [threading.Thread(target=autosave, args=(tab,)) for tab in tabs]
    for thread in threads:
        thread.start()
    try:
        deadline = time.monotonic() + 60
        while sum(len(t.acknowledged) for t in tabs) < 2 * CLIENTS:
            assert time.monotonic() < deadline, [e for t in tabs for e in t.errors]
            time.sleep(0.02)
        private_postgres.restart()
        back_up_at.append(time.monotonic())
        # Until every tab has retried what the restart refused and saved twice since (instead
        # of a fixed 8 s): the assertions below then have something to judge.
        deadline = time.monotonic() + 60
        while not all(_saved_twice_since(tab, back_up_at[0]) for tab in tabs):
            assert time.monotonic() < deadline, [e for t in tabs for e in t.errors]
            time.sleep(0.05)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

    assert [e for t in tabs for e in t.errors] == []
    responses = [r for tab in tabs for r in tab.responses]
    assert {status for _, _, status, _ in responses} <= {200, 503}  # never a 500
    assert any(status == 503 for _, _, status, _ in responses), "the restart hit no save"
    after_restart = [r for r in responses if r[0] > back_up_at[0]]
    assert after_restart and {status for _, _, status, _ in after_restart} == {200}
    assert any(kind == "retry" for _, kind, _, _ in responses)
    _assert_nothing_acknowledged_is_lost(tabs, _stored(app, assessment_id))
    log = server.log_text()
    assert "database unavailable" in log
    assert "Traceback" not in log
