"""Serving with gunicorn.conf.py (issue 10, point 1): what the repository's configuration does.

* The master opens no database connection (no ``preload_app``): forked workers never share one.
* The access log shows who asked what and the answer, never a secret: no password, no cookie,
  no CSRF token, no token of an e-mailed link (the path shows ``***`` instead).
* Forwarded headers are believed only when CHARTER_PROXY_FIX_HOPS says a proxy sets them.
"""

from __future__ import annotations

import os
import re
import runpy
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from charter.models import Role
from tests.production.servers import PROJECT, Browser

GUNICORN_CONF = PROJECT / "gunicorn.conf.py"


def test_every_route_with_a_token_in_its_path_is_masked_in_the_access_log(app):
    redact = runpy.run_path(str(GUNICORN_CONF))["redact"]
    token_routes = [r.rule for r in app.url_map.iter_rules() if "<token" in r.rule]
    assert token_routes, "no route with a token: the masking below would test nothing"
    for rule in token_routes:
        path = re.sub(r"<[^>]+>", "S3cretT0ken", rule)
        assert "S3cretT0ken" not in redact(path), rule
        assert "S3cretT0ken" not in redact(f"GET {path}?x=1 HTTP/1.1"), rule
        assert "S3cretT0ken" not in redact(f"https://charte.test{path}"), rule
    assert redact("/pme/diagnostics/3/reponse") == "/pme/diagnostics/3/reponse"


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def _database_handles(pid: int, database_url: str) -> list[str]:
    """The process's open files or TCP connections that lead to the database."""
    url = make_url(database_url)
    targets = []
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        targets.append(target)
        if match := re.fullmatch(r"socket:\[(\d+)\]", target):
            inodes.add(match.group(1))
    if url.get_backend_name() == "sqlite":
        return [t for t in targets if t.startswith(str(url.database))]
    port = f"{url.port or 5432:04X}"
    found = []
    for table in ("tcp", "tcp6"):
        path = Path(f"/proc/{pid}/net/{table}")
        for line in path.read_text().splitlines()[1:] if path.exists() else []:
            fields = line.split()
            if fields[2].endswith(f":{port}") and fields[9] in inodes:
                found.append(f"{table} {fields[2]}")
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs Linux's /proc")
def test_the_master_holds_no_database_connection_only_the_workers_do(factory, serve, database_url):
    user = factory.user(Role.SME_MEMBER)
    server = serve(workers=2, threads=1)
    for _ in range(4):  # requests reach both workers
        browser = Browser(server)
        browser.log_in(user.email, user.password)
        assert browser.get("/pme").status == 200
    master = server.process.pid
    workers = _children(master)
    assert len(workers) == 2
    assert _database_handles(master, database_url) == []
    assert any(_database_handles(worker, database_url) for worker in workers)


@pytest.mark.slow
def test_the_access_log_shows_each_request_and_no_secret(factory, serve):
    user = factory.user(Role.SME_MEMBER)
    server = serve(workers=1)
    browser = Browser(server, ip="203.0.113.77")
    for path in (
        "/mot-de-passe/nouveau/Reset5ecret",
        "/invitation/Invit5ecret",
        "/invitation/Invit5ecret/inscription",
        "/inscription/confirmer/Verif5ecret",
    ):
        browser.get(path)
    browser.log_in(user.email, user.password)
    browser.get("/pme")

    log = server.wait_for_log('"GET /pme" 200')
    assert '203.0.113.77 "GET /mot-de-passe/nouveau/***" ' in log
    assert '203.0.113.77 "GET /invitation/***/inscription" ' in log
    assert '203.0.113.77 "POST /connexion" 302 ' in log
    for secret in (
        "Reset5ecret",
        "Invit5ecret",
        "Verif5ecret",
        user.password,
        user.email,
        browser.cookies["ccn_session"],
        browser.csrf_token,
    ):
        assert secret not in log


@pytest.mark.slow
def test_forwarded_addresses_are_believed_only_behind_a_declared_proxy(serve):
    exposed = serve(workers=1, PROXY_FIX_HOPS=0)
    Browser(exposed, ip="203.0.113.99").get("/")
    log = exposed.wait_for_log('"GET /" 200')
    assert '127.0.0.1 "GET /" 200' in log
    assert "203.0.113.99" not in log  # a visitor cannot pick its address (and rate-limit key)
