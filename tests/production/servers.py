"""Real servers for the production tests: gunicorn processes, and browsers that talk to them.

:class:`Server` starts ``gunicorn -c gunicorn.conf.py 'charter:create_app()'`` on a free port in
its own process group, as production would run it: ``CHARTER_ENVIRONMENT=production``, a secret
key, Secure cookies, CSRF on, rate limits on, and ``CHARTER_PROXY_FIX_HOPS=1`` because
:class:`Browser` speaks to it as the reverse proxy does (``X-Forwarded-For``,
``X-Forwarded-Proto: https``, ``X-Forwarded-Host``). Every server is stopped by the fixture that
started it (``tests/production/conftest.py``), whatever the test did.

:class:`Browser` is a person with a browser: a cookie jar, the CSRF token of the last page
(``<meta name="csrf-token">``), a Referer, an address of its own. It uses only the standard
library (``http.client``), and never follows redirects: tests read ``Location``.
"""

from __future__ import annotations

import contextlib
import http.client
import http.cookies
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyotp

from tests.conftest import CHEAP_PASSWORD_HASHING, TEST_SECRET

PROJECT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
#: The test applications' key: the servers must open the TOTP secrets the fixtures sealed.
SECRET_KEY = TEST_SECRET
#: The name the reverse proxy serves the site under (X-Forwarded-Host).
PUBLIC_HOST = "charte.test"
#: The public address production servers of the suite run with (they also accept 127.0.0.1).
BASE_URL = f"https://{PUBLIC_HOST}"
#: Variables of the test process that must not leak into a server's configuration.
_OWN_PREFIXES = ("CHARTER_", "GUNICORN_", "DATABASE_URL", "REDIS_URL", "FLASK_")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_environment(database_url: str, **settings: Any) -> dict[str, str]:
    """The environment of a production process on ``database_url`` (server or command).

    ``settings`` are ``CHARTER_*`` values without the prefix (``LIMIT_LOGIN="3 per minute"``);
    ``redis_url`` sets ``REDIS_URL``.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(_OWN_PREFIXES)}
    redis_url = settings.pop("redis_url", None)
    if database_url.startswith("sqlite"):
        env["CHARTER_SQLALCHEMY_DATABASE_URI"] = database_url
    else:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:  # several workers without Redis, on purpose (gunicorn.conf.py refuses it otherwise)
        env["CHARTER_ACCEPT_PER_PROCESS_LIMITS"] = "true"
    values: dict[str, Any] = {
        "ENVIRONMENT": "production",
        "SECRET_KEY": SECRET_KEY,
        "PROXY_FIX_HOPS": 1,
        "MAIL_BACKEND": "outbox",
        "BASE_URL": BASE_URL,
        "ALLOWED_HOSTS": ["127.0.0.1", "localhost"],
        # Not production's: Argon2id at its cheapest, as in every test application
        # (tests/test_passwords.py asserts production's parameters).
        "PASSWORD_HASHING": CHEAP_PASSWORD_HASHING,
    }
    values |= settings
    for name, value in values.items():
        env[f"CHARTER_{name}"] = value if isinstance(value, str) else json.dumps(value)
    return env


def flask_command(
    env: dict[str, str], *args: str, timeout: float = 120
) -> subprocess.CompletedProcess:
    """Run ``flask --app charter ARGS`` in a separate process with ``env``."""
    return subprocess.run(
        [str(BIN / "flask"), "--app", "charter", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass
class Server:
    """One gunicorn master and its workers, on a free port of 127.0.0.1."""

    database_url: str
    log_path: Path
    workers: int = 3
    threads: int = 2
    settings: dict[str, Any] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def address(self) -> tuple[str, int]:
        return ("127.0.0.1", self.port)

    def start(self, timeout: float = 60) -> Server:
        """Start the server and return once ``/healthz/ready`` answers 200."""
        # E-mails go to the test's folder, not to the instance folder of the working copy.
        outbox = str(self.log_path.parent / "outbox")
        env = server_environment(self.database_url, **({"OUTBOX_DIR": outbox} | self.settings))
        env |= {
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(self.workers),
            "GUNICORN_THREADS": str(self.threads),
        }
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "charter:create_app()"],
            cwd=PROJECT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killpg reaches every worker
        )
        log.close()
        self.wait_healthy(timeout)
        return self

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited at start-up:\n{self.log_tail()}")
            if self.health() == 200:
                return
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn not healthy after {timeout} s:\n{self.log_tail()}")

    def health(self) -> int | None:
        """The status of ``GET /healthz/ready`` (asked from 127.0.0.1, which it answers), or
        None when nothing answers."""
        connection = http.client.HTTPConnection(*self.address, timeout=5)
        try:
            connection.request("GET", "/healthz/ready")
            return connection.getresponse().status
        except (OSError, http.client.HTTPException):
            return None
        finally:
            connection.close()

    def kill(self) -> None:
        """SIGKILL the master and every worker at once, as a power cut or the OOM killer."""
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self._reap_group()

    def stop(self) -> None:
        """Graceful stop (SIGTERM), then SIGKILL if the workers do not leave in time."""
        if self.process is None:
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=25)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._reap_group()

    def _reap_group(self) -> None:
        """Kill any worker left in the group (orphaned when the master died first)."""
        assert self.process is not None
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                return
            time.sleep(0.05)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_for_log(self, fragment: str, timeout: float = 10) -> str:
        """The log once it contains ``fragment`` (a worker writes its access line just after
        the response has gone)."""
        deadline = time.monotonic() + timeout
        while fragment not in (text := self.log_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        return text

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")

    def json(self) -> Any:
        return json.loads(self.text)


_CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class Browser:
    """A visitor behind the reverse proxy: cookies, CSRF token, Referer, its own address."""

    def __init__(self, server: Server, ip: str = "203.0.113.10", timeout: float = 60) -> None:
        self.server = server
        self.ip = ip
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.csrf_token: str | None = None
        self.page = "/"

    # ------------------------------------------------------------------------------- HTTP

    def request(
        self,
        method: str,
        path: str,
        *,
        form: dict[str, str] | None = None,
        json_body: Any = None,
        headers: dict[str, str] | None = None,
        server: Server | None = None,
    ) -> Response:
        """Send one request (to ``server``, this browser's own by default); never redirects.

        Raises OSError or http.client.HTTPException when the server is gone.
        """
        target = server or self.server
        sent = {
            "Host": PUBLIC_HOST,
            "X-Forwarded-For": self.ip,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": PUBLIC_HOST,
            "User-Agent": "charter-production-tests",
            "Accept": "text/html",
        }
        body: bytes | None = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            body = json.dumps(json_body).encode()
            sent["Content-Type"] = "application/json"
            sent["Accept"] = "application/json"
        if method != "GET":
            sent["Origin"] = f"https://{PUBLIC_HOST}"
            sent["Referer"] = f"https://{PUBLIC_HOST}{self.page}"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent |= headers or {}
        connection = http.client.HTTPConnection(*target.address, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read().decode("utf-8", "replace"))
        finally:
            connection.close()
        self._keep_cookies(response)
        if method == "GET" and response.status == 200:
            self.page = path
            if match := _CSRF_META.search(response.text):
                self.csrf_token = match.group(1)
        return response

    def get(self, path: str, **kwargs: Any) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict[str, str] | None = None, **kwargs: Any) -> Response:
        """Post a form with the CSRF token of the last page, as the page's form would."""
        data = {"csrf_token": self.csrf_token or ""} | (form or {})
        return self.request("POST", path, form=data, **kwargs)

    def _keep_cookies(self, response: Response) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                expired = morsel["max-age"] == "0" or (
                    morsel["expires"] and "1970" in morsel["expires"]
                )
                if expired or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    # --------------------------------------------------------------------------- journeys

    def log_in(
        self,
        email: str,
        password: str,
        *,
        totp_secret: str | None = None,
        server: Server | None = None,
    ) -> Response:
        """Log in through the form (and the second-factor page); the last response."""
        self.get("/connexion", server=server)
        response = self.post("/connexion", {"email": email, "password": password}, server=server)
        assert response.status == 302, (response.status, response.text[:500])
        if totp_secret is not None:
            assert response.location is not None and "/connexion/code" in response.location
            self.get("/connexion/code", server=server)
            code = pyotp.TOTP(totp_secret).now()
            response = self.post("/connexion/code", {"code": code}, server=server)
            assert response.status == 302, (response.status, response.text[:500])
        return response

    def save_answer(
        self,
        assessment_id: int,
        question: str,
        value: str | None,
        revision: int | None,
        comment: str | None = None,
        *,
        server: Server | None = None,
    ) -> Response:
        """The autosave request of ``autosave.js``: JSON, CSRF token in ``X-CSRFToken``."""
        return self.request(
            "POST",
            f"/pme/diagnostics/{assessment_id}/reponse",
            json_body={
                "question": question,
                "value": value,
                "comment": comment,
                "revision": revision,
            },
            headers={"X-CSRFToken": self.csrf_token or ""},
            server=server,
        )


class PrivateCluster:
    """A PostgreSQL cluster of the test's own, on a free port, that it may restart at will.

    The shared server on 5432 is never restarted: other test sessions may be using it. As
    root, the cluster runs as the ``postgres`` system user (PostgreSQL refuses to run as root).
    """

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="ccn-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "postgresql.log"
        self.user: str | None = None
        if os.geteuid() == 0:
            self.user = "postgres"
            entry = pwd.getpwnam(self.user)
            os.chown(self.directory, entry.pw_uid, entry.pw_gid)

    @classmethod
    def find_bindir(cls) -> Path | None:
        """Where initdb and pg_ctl live (Debian keeps them out of PATH), or None."""
        candidates = sorted(
            Path("/usr/lib/postgresql").glob("*/bin/initdb"),
            key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
        )
        if candidates:
            return candidates[-1].parent
        found = shutil.which("initdb")
        return Path(found).parent if found else None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/charter"

    def _run(self, *command: str, timeout: float = 60) -> None:
        program = [str(self.bindir / command[0]), *command[1:]]
        if self.user:
            program = ["runuser", "-u", self.user, "--", *program]
        subprocess.run(program, check=True, capture_output=True, timeout=timeout, cwd="/")

    def create(self) -> None:
        """initdb, start, and create the ``charter`` database."""
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "charter")

    def _options(self) -> str:
        return (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.directory}"
        )

    def start(self) -> None:
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            self._options(),
            "-w",
            "start",
        )

    def restart(self) -> None:
        """Fast shutdown (open connections are cut, transactions rolled back), then start."""
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self._options(),
            "-m", "fast", "-w", "restart",
        )  # fmt: skip

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)
