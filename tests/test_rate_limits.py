"""Flask-Limiter on the authentication pages, and a 429 page that says when to retry."""

from __future__ import annotations

import pytest

from charter.extensions import limiter


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True, "LIMIT_LOGIN": "3 per minute"}


def test_too_many_logins_from_one_address_get_a_french_429(client):
    for _ in range(3):
        assert (
            client.post("/connexion", data={"email": "a@b.fr", "password": "x"}).status_code == 200
        )
    response = client.post("/connexion", data={"email": "a@b.fr", "password": "x"})
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Trop de tentatives" in page
    assert "Vous pourrez réessayer dans" in page
    assert 1 <= int(response.headers["Retry-After"]) <= 60


def test_viewing_the_login_page_is_not_limited(client):
    for _ in range(6):
        assert client.get("/connexion").status_code == 200


@pytest.mark.redis
def test_limits_are_shared_between_workers_through_redis(make_app, redis_url):
    config = {
        "RATELIMIT_ENABLED": True,
        "LIMIT_LOGIN": "3 per minute",
        "RATELIMIT_STORAGE_URI": redis_url,
    }
    worker_a, worker_b = (make_app(**config).test_client() for _ in range(2))
    for client in (worker_a, worker_b, worker_a):
        response = client.post("/connexion", data={"email": "a@b.fr", "password": "x"})
        assert response.status_code == 200
    response = worker_b.post("/connexion", data={"email": "a@b.fr", "password": "x"})
    assert response.status_code == 429


def test_a_redis_that_does_not_answer_leaves_each_process_counting_alone(make_app):
    # Nothing listens on port 1: Redis is down. Logins go on, limited per process meanwhile.
    app = make_app(
        RATELIMIT_ENABLED=True,
        LIMIT_LOGIN="3 per minute",
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0",
    )
    client = app.test_client()
    statuses = [
        client.post("/connexion", data={"email": "a@b.fr", "password": "x"}).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_an_application_built_after_a_dead_redis_counts_in_its_own_storage(make_app):
    """The limiter is one object for the process: the next application (a new worker, the next
    test) must not inherit "storage dead" from the previous one and count in the fallback."""
    down = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
    down.test_client().post("/connexion", data={"email": "a@b.fr", "password": "x"})
    assert limiter.limiter.storage is not limiter.storage  # counting in the fallback

    app = make_app(RATELIMIT_ENABLED=True, LIMIT_LOGIN="2 per minute")
    assert limiter.limiter.storage is limiter.storage
    client = app.test_client()
    statuses = [
        client.post("/connexion", data={"email": "a@b.fr", "password": "x"}).status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
