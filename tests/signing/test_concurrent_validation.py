"""Many Region officers validating at once: certificate numbers stay distinct and dense.

The number comes from the year's counter row, incremented with INSERT .. ON CONFLICT DO UPDATE
.. RETURNING inside the validating transaction. On PostgreSQL, concurrent transactions wait on
that row; a naive "SELECT max(...) + 1" would hand out duplicates here.
"""

from __future__ import annotations

import threading
import traceback

import pytest
from sqlalchemy import select

from charter.extensions import db
from charter.models import Signature, SignatureStatus
from charter.services import audit, signatures
from tests.signing.helpers import provider, region_officer

VALIDATIONS = 24


def validate_all_at_once(app, factory) -> list[str]:
    reviewers = [region_officer(factory) for _ in range(4)]
    pending = [factory.signature(provider(factory)).id for _ in range(VALIDATIONS)]
    barrier = threading.Barrier(VALIDATIONS)
    numbers: list[str] = []
    errors: list[str] = []

    def validate(index: int, signature_id: int) -> None:
        try:
            with app.app_context():
                barrier.wait(timeout=30)
                number = signatures.validate(
                    db.session, signature_id, reviewers[index % 4].id, notify=False
                )
                numbers.append(number)
                db.session.remove()
        except Exception:
            errors.append(traceback.format_exc())

    threads = [
        threading.Thread(target=validate, args=(index, signature_id))
        for index, signature_id in enumerate(pending)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [], "\n".join(errors)
    with app.app_context():
        stored = db.session.scalars(
            select(Signature.certificate_number).where(Signature.status == SignatureStatus.ACTIVE)
        ).all()
        assert audit.verify_chain(db.session).ok
    assert sorted(stored) == sorted(numbers)
    return numbers


def assert_dense(numbers: list[str]) -> None:
    assert len(numbers) == VALIDATIONS
    assert len(set(numbers)) == VALIDATIONS
    years = {n.split("-")[1] for n in numbers}
    assert len(years) == 1
    serials = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert serials == list(range(1, VALIDATIONS + 1))


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.parametrize("app_config", [{"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 30}}])
def test_concurrent_validations_on_postgresql_get_distinct_dense_numbers(app, factory):
    assert_dense(validate_all_at_once(app, factory))


@pytest.mark.sqlite
@pytest.mark.slow
def test_concurrent_validations_on_sqlite_get_distinct_dense_numbers(app, factory):
    assert_dense(validate_all_at_once(app, factory))
