"""/healthz (public liveness) and /healthz/ready (detailed, for the load balancer): who may
read what, and which failures pull a host out (issue 23)."""

from __future__ import annotations

import smtplib

REMOTE = {"REMOTE_ADDR": "203.0.113.7"}


def test_liveness_is_public_and_says_nothing_else(client):
    response = client.get("/healthz", environ_base=REMOTE)
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readiness_is_refused_to_a_visitor_and_names_nothing(client):
    response = client.get("/healthz/ready", environ_base=REMOTE)
    assert response.status_code == 403
    assert response.json == {"status": "forbidden"}


def test_readiness_answers_the_token_or_the_load_balancer_address(app, client):
    app.config["HEALTH_TOKEN"] = "a-long-random-token-for-the-supervision"
    wrong = client.get(
        "/healthz/ready", environ_base=REMOTE, headers={"Authorization": "Bearer nope"}
    )
    assert wrong.status_code == 403
    right = client.get(
        "/healthz/ready",
        environ_base=REMOTE,
        headers={"Authorization": "Bearer a-long-random-token-for-the-supervision"},
    )
    assert right.status_code == 200
    assert right.json["database"] is True and right.json["migrations"] == "head"
    app.config["HEALTH_ALLOWED_NETWORKS"] = ["203.0.113.0/24"]
    assert client.get("/healthz/ready", environ_base=REMOTE).status_code == 200


def test_redis_down_is_reported_but_keeps_the_host_in(app, client):
    app.config["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.json["redis"] is False
    assert response.json["status"] == "degraded"


def test_redis_up_is_reported(app, client, redis_url):
    app.config["RATELIMIT_STORAGE_URI"] = redis_url
    response = client.get("/healthz/ready")
    assert response.json["redis"] is True
    assert response.json["status"] == "ok"


def test_a_mail_server_down_is_reported_but_keeps_the_host_in(app, client, monkeypatch):
    def down(*_args, **_kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(smtplib, "SMTP", down)
    app.config["MAIL_BACKEND"] = "smtp"
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.json["mail"] is False
    assert response.json["mail_detail"] == "ConnectionRefusedError"
    assert response.json["status"] == "degraded"
