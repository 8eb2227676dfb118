"""The readiness check, for the load balancer and the supervision: ``/healthz/ready``.

It says whether this process can serve (the database answers, its schema is the one this
code needs or a newer compatible one) and how its other dependencies fare (Redis for the rate
limits, the mail path). It names the schema revision and the failing dependency, so it answers
only the addresses of ``HEALTH_ALLOWED_NETWORKS`` (the load balancer's, loopback by default)
or a request carrying ``HEALTH_TOKEN``; everyone else gets a 403. ``/healthz`` stays public
and says only that the process is alive.

Status codes: 200 when the process can serve, even if Redis or the mail server is down (the
pages work: limits count per process, mails fail with a French 503): a load balancer must not
pull every host out for them. 503 when the database is unreachable or behind the code.
"""

from __future__ import annotations

import ipaddress
import secrets

from flask import Response, current_app, jsonify, request

from charter.extensions import db, limiter
from charter.public.blueprint import bp
from charter.services.mail_transport import check_mail_path

#: Schema states in which this code can serve (see ``database_status``).
SERVING_STATES = frozenset({"head", "ahead"})


@bp.get("/healthz/ready")
@limiter.exempt
def readiness() -> tuple[Response, int]:
    """Detailed readiness (load balancer, supervision); 403 for anyone else."""
    if not _allowed():
        return jsonify({"status": "forbidden"}), 403
    # Imported here: Alembic and the Redis client weigh 17 MB, and only this probe needs them
    # in a web worker.
    from charter.schema_version import database_status

    status = database_status(db.engine)
    ready = bool(status["database"]) and status["migrations"] in SERVING_STATES
    mail_ok, mail_detail = check_mail_path()
    checks = {
        **status,
        "redis": _redis_ok(),
        "mail": mail_ok,
        "mail_detail": mail_detail,
    }
    healthy = ready and checks["redis"] is not False and mail_ok
    label = "ok" if healthy else ("degraded" if ready else "unavailable")
    return jsonify({"status": label, **checks}), 200 if ready else 503


def _allowed() -> bool:
    config = current_app.config
    token = config.get("HEALTH_TOKEN")
    given = request.headers.get("Authorization", "")
    if token and secrets.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(network, strict=False)
        for network in config.get("HEALTH_ALLOWED_NETWORKS") or ()
    )


def _redis_ok() -> bool | None:
    """Whether the rate limits' Redis answers a PING; None when none is configured."""
    url = current_app.config.get("RATELIMIT_STORAGE_URI", "")
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    import redis  # only when Redis is configured (see readiness)

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        return bool(client.ping())
    except redis.exceptions.RedisError:
        return False
    finally:
        client.close()
