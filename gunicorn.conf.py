"""gunicorn settings for Charte Cyber Normandie (``gunicorn -c gunicorn.conf.py``).

Every value can be overridden by an environment variable (GUNICORN_WORKERS, ...) or on the
command line. The application keeps no state in process memory and opens no database
connection before the fork (``preload_app`` stays off), so any number of workers on any number
of hosts serve the same users.
"""

import gc
import multiprocessing
import os
import re

from gunicorn.glogging import Logger

#: The workers serve pages only: the application leaves out its commands and the migrations'
#: machinery (Alembic), about 15 MB per worker (charter/config.py, SERVE_ONLY). gunicorn sets
#: it when it starts; reading this file sets nothing.
raw_env = ["CHARTER_SERVE_ONLY=true"]

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8)))
worker_class = "sync"
# Threads let a worker overlap a slow client with work; the database discipline holds either way.
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so that no slow leak can build up.
max_requests = 2000
max_requests_jitter = 200
preload_app = False
# Behind the reverse proxy (see docs/deploy.md); CHARTER_PROXY_FIX_HOPS handles the headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Logs to standard output/error for the host's collector. The access log shows method, path
# and status, never cookies or query strings (which may carry tokens).
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

#: Links sent by e-mail carry their secret token in the path; the access log shows "***" instead.
#: tests/production/test_serving.py checks that every route with a <token> is covered.
SECRET_IN_PATH = re.compile(
    r"(/inscription/confirmer/|/inscription/reprise/|/mot-de-passe/nouveau/|/invitation/"
    r"|/rejoindre/|/compte/activation/|/region/import/)[^/?\s]+"
)


def redact(text: str) -> str:
    """``text`` (a path, request line or URL) without the token of an e-mailed link."""
    return SECRET_IN_PATH.sub(r"\1***", text)


class AccessLogger(Logger):
    """gunicorn's logger, with tokens taken out of the path, request line and referrer."""

    def atoms(self, resp, req, environ, request_time):  # type: ignore[no-untyped-def]
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("U", "r", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms


logger_class = AccessLogger


#: Environments where the application may run without a shared store for its rate limits.
RELAXED_ENVIRONMENTS = ("development", "testing")


def rate_limit_problem(workers: int, environ: dict) -> tuple[str, str] | None:
    """("error" or "warning", message) when the rate limits would be counted per process, or
    None when they are shared (Redis). Each worker counting on its own multiplies every limit
    by the number of workers: refused in production beyond one worker, unless
    CHARTER_ACCEPT_PER_PROCESS_LIMITS=true says it on purpose (test servers)."""
    store = environ.get("CHARTER_RATELIMIT_STORAGE_URI", "")
    if environ.get("REDIS_URL") or (store and not store.startswith("memory://")):
        return None
    if environ.get("CHARTER_RATELIMIT_ENABLED", "").lower() in ("0", "false"):
        return None  # no limits at all (a benchmark): nothing to count
    production = environ.get("CHARTER_ENVIRONMENT", "production") not in RELAXED_ENVIRONMENTS
    accepted = environ.get("CHARTER_ACCEPT_PER_PROCESS_LIMITS", "").lower() in ("1", "true")
    if production and workers > 1 and not accepted:
        return (
            "error",
            f"REDIS_URL n'est pas défini : avec {workers} workers, chacun compterait les "
            "limites de débit (connexion, inscription) pour lui seul, qui seraient multipliées "
            f"par {workers}. Définissez REDIS_URL (docs/deploy.md), ou GUNICORN_WORKERS=1.",
        )
    return (
        "warning",
        "REDIS_URL n'est pas défini : les limites de débit sont comptées dans la mémoire de "
        "chaque processus (valables pour un seul worker sur un seul hôte).",
    )


def on_starting(server):  # type: ignore[no-untyped-def]
    """Before any worker starts: refuse (or warn about) rate limits counted per process."""
    problem = rate_limit_problem(server.cfg.workers, dict(os.environ))
    if problem is None:
        return
    level, message = problem
    if level == "error":
        server.log.error(message)
        raise SystemExit(f"Erreur : {message}")
    server.log.warning(message)


def post_worker_init(worker):  # type: ignore[no-untyped-def]
    """Once a worker has built the application, move what its start created out of the garbage
    collector's reach: modules, routes, questionnaires, about 150,000 objects that live as long
    as the worker. Each full collection while serving would otherwise walk them all again.
    (``create_app`` already keeps the collector out of the start itself.)"""
    gc.freeze()


loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn 25 and later open a control socket at a fixed path in $HOME by default: a second
# instance on the same host (a second site, a test) would take over the first one's. Off unless
# GUNICORN_CONTROL_SOCKET names a path of its own (older versions ignore both names).
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
