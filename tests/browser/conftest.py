"""Browser tests: a live server in a thread, Debian's Chromium driven by Playwright, and axe.

Chromium comes from Debian, as its headless shell (``apt-get install chromium-headless-shell``,
done by ``make test``); Playwright's own browser download is not used. These tests run in CI: a
missing browser is a failure, not a skip.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from flask import abort
from flask_migrate import upgrade
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from charter import create_app
from charter.definitions import load_into_database
from charter.demo import load_demo
from charter.extensions import db
from tests.conftest import _test_config

#: Chromium's headless shell: the same Blink and V8 as the desktop browser, without the desktop
#: browser's window layer, and the build Playwright itself runs for headless tests. The whole
#: chromium package rendering the same pages cost 1.9 times the CPU (239.5 against 124.0
#: core-seconds for tests/browser, measured from /proc/stat).
CHROMIUM = "/usr/bin/chromium-headless-shell"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Each new context (every test starts one) would get renderer processes of its own: site
    # isolation guards a real browser's tabs from each other's pages, and the tests' pages all
    # come from one local server. Sharing two renderers cut the browser tests' CPU by 9 % (31.0
    # against 34.2 core-seconds for test_signing.py and test_legal.py, three runs each); the
    # contexts keep their own cookies and storage.
    "--disable-features=site-per-process",
    "--renderer-process-limit=2",
]
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 640}

pytestmark = pytest.mark.browser


class LiveServer:
    """The application served over HTTP on 127.0.0.1 in a background thread."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._server = make_server("127.0.0.1", 0, _closing_responses(app), threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        # Links in e-mails and QR codes are built on BASE_URL: the server's own address here.
        app.config["BASE_URL"] = self.url
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)

    @property
    def outbox(self) -> Path:
        return Path(self.app.config["OUTBOX_DIR"])


def _closing_responses(app: Any) -> Callable[[dict[str, Any], Any], Iterator[bytes]]:
    """``app`` whose responses are closed even when the browser drops the connection.

    Werkzeug's development server closes a response after draining the socket; when Chromium
    resets the connection (it abandons a favicon on navigating away), the drain raises first
    and the response, a static file among them, is left open: its ResourceWarning then fails
    whichever test is running when the garbage collector finds it. A generator's ``finally``
    runs on ``close()`` and, failing that, when the generator is collected.
    """

    def closing(environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
        response = app(environ, start_response)
        try:
            yield from response
        finally:
            if hasattr(response, "close"):
                response.close()

    return closing


# The migrated database with the questionnaires and the demo data, built once per test process
# and copied for each server that needs nothing else (building it costs seconds).
_DEMO_DATABASE: list[Path] = []


@contextmanager
def serve(instance: Path, prepare: Callable[[Any], None] | None = None) -> Iterator[LiveServer]:
    """Serve a migrated database with the demo data, with CSRF on, as in production.

    ``prepare(app)`` runs in an app context after the migrations and before the demo data.
    """
    database = instance / "charter.sqlite3"
    app = create_app(_test_config(f"sqlite:///{database}", instance, WTF_CSRF_ENABLED=True))
    app.instance_path = str(instance)
    app.add_url_rule("/__test__/erreur/<int:code>", "test_error", _raise_error)
    if prepare is None and _DEMO_DATABASE:
        shutil.copyfile(_DEMO_DATABASE[0], database)
    else:
        with app.app_context():
            upgrade()
            load_into_database(db.session)
            if prepare is not None:
                prepare(app)
            load_demo(db.session)
            db.engine.dispose()
        if prepare is None:
            _DEMO_DATABASE.append(shutil.copyfile(database, instance.parent / "demo.sqlite3"))
    server = LiveServer(app)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The live server most browser tests share (see :func:`serve`)."""
    with serve(tmp_path_factory.mktemp("live")) as server:
        yield server


def _raise_error(code: int) -> None:
    """Test-only route of the live server, to show each error page in the browser."""
    if code == 500:
        raise RuntimeError("deliberate failure for the 500 page")
    abort(code)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium headless shell."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium-headless-shell package "
            "(make test does)"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextmanager
def fresh_page(browser: Browser, server: LiveServer) -> Iterator[Page]:
    """A fresh browser context (no cookies) at desktop size, with ``server`` as base.

    The page records console errors in ``page.console_errors`` (see assert_no_csp_violation).
    """
    context = browser.new_context(base_url=server.url, viewport=DESKTOP, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A fresh page on the shared live server."""
    with fresh_page(browser, live_server) as opened:
        yield opened


#: axe-core, as the axe-playwright-python package ships it.
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
#: Runs axe on the page and returns only what fails a test, the serious and critical
#: violations. The package's ``Axe().run`` sent the library's 570 KB again on every call, and
#: brought every result back to Python: twice to four times the CPU of this (0.19 to 0.39
#: against 0.09 to 0.11 core-seconds a call on the home page, Chromium and Python together).
SERIOUS_VIOLATIONS = """() => axe.run(document, {resultTypes: ["violations"]}).then(
    results => results.violations
        .filter(v => v.impact === "serious" || v.impact === "critical")
        .map(v => ({id: v.id, impact: v.impact, help: v.help,
                    targets: v.nodes.slice(0, 3).map(n => n.target)})))"""


def assert_accessible(page: Page, context: str = "") -> None:
    """Fail on any serious or critical axe-core violation of the current page."""
    if not page.evaluate("() => typeof window.axe === 'object'"):  # once per document
        page.evaluate(AXE_SOURCE)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['targets']}"
        for v in page.evaluate(SERIOUS_VIOLATIONS)
    ]
    assert not bad, f"axe violations on {context or page.url}:\n" + "\n".join(bad)


def assert_no_csp_violation(page: Page) -> None:
    """The console reports Content-Security-Policy refusals as errors: there must be none."""
    csp = [e for e in page.console_errors if "Content Security Policy" in e]  # type: ignore[attr-defined]
    assert not csp, csp
