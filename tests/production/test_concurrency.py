"""Fifty people at once (issue 10, point 4), over HTTP against gunicorn with several workers.

On the SQLite leg three workers share one database file; on the PostgreSQL leg they share one
server. Fifty answer saves, fifty signatures and fifty Region decisions arrive together: no
update is lost, no "database is locked" (nor any 500) reaches anyone, certificate numbers are
distinct, and a conflict is a 409 that says what is stored.
"""

from __future__ import annotations

import threading
import traceback
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from charter.definitions import questionnaire_of
from charter.extensions import db
from charter.models import Answer, Assessment, Role, Signature, SignatureEvent, SignatureStatus
from charter.services import audit
from tests.journey import draft_assessment
from tests.production.servers import Browser, Server
from tests.signing.helpers import TOTP_SECRET, provider, region_officer, step_one

pytestmark = pytest.mark.slow

PEOPLE = 50


def at_once(count: int, action: Callable[[int], Any]) -> list[Any]:
    """Run ``action(0..count-1)`` in ``count`` threads released together; their results.

    An exception in a thread fails the test with its traceback.
    """
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    failures: list[str] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=60)
            results[index] = action(index)
        except Exception:
            failures.append(traceback.format_exc())

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert failures == [], "\n".join(failures)
    return results


def clone(browser: Browser) -> Browser:
    """Another tab of the same browser: same session cookie and CSRF token."""
    tab = Browser(browser.server, ip=browser.ip)
    tab.cookies = dict(browser.cookies)
    tab.csrf_token = browser.csrf_token
    tab.page = browser.page
    return tab


def assert_clean_log(*servers: Server) -> None:
    """Nobody met an error the log would show: no lock timeout, no traceback."""
    for server in servers:
        log = server.log_text()
        assert "database is locked" not in log, server.log_tail()
        assert "Traceback" not in log, server.log_tail()


# ---------------------------------------------------------------------------- answer saves


def _logged_in_draft(app, factory, server: Server) -> tuple[Browser, int, Any]:
    # A profile without sector or head-count: the draft starts with no answer at all (a known
    # profile would prefill those two context questions).
    organization = factory.organization(sector=None, size_band=None)
    user = factory.user(Role.SME_MEMBER, organization=organization)
    assessment_id = draft_assessment(app, user, "pme-complet")
    browser = Browser(server)
    browser.log_in(user.email, user.password)
    with app.app_context():
        questionnaire = questionnaire_of(
            db.session.get(Assessment, assessment_id).questionnaire_version
        )
    theme = questionnaire.themes[0]
    assert browser.get(f"/pme/diagnostics/{assessment_id}/themes/{theme.id}").status == 200
    return browser, assessment_id, questionnaire


def test_fifty_saves_of_different_answers_at_once_all_land(app, factory, serve):
    server = serve(workers=3)
    browser, assessment_id, questionnaire = _logged_in_draft(app, factory, server)
    questions = [*questionnaire.context, *questionnaire.questions()][:PEOPLE]
    assert len(questions) == PEOPLE
    tabs = [clone(browser) for _ in questions]

    def save(index: int):
        question = questions[index]
        return tabs[index].save_answer(assessment_id, question.id, question.options[0].key, 0)

    responses = at_once(PEOPLE, save)

    assert [r.status for r in responses] == [200] * PEOPLE, [r.text for r in responses]
    assert {r.json()["revision"] for r in responses} == {1}
    with app.app_context():
        stored = {
            a.question_id: (a.value, a.revision)
            for a in db.session.scalars(select(Answer).filter_by(assessment_id=assessment_id))
        }
        lock_version = db.session.get(Assessment, assessment_id).lock_version
    assert stored == {q.id: (q.options[0].key, 1) for q in questions}
    assert lock_version == 1 + PEOPLE  # every save counted: no increment lost
    assert_clean_log(server)


def test_fifty_saves_of_one_answer_at_once_one_wins_the_others_hear_of_it(app, factory, serve):
    server = serve(workers=3)
    browser, assessment_id, questionnaire = _logged_in_draft(app, factory, server)
    question = questionnaire.questions()[0]
    tabs = [clone(browser) for _ in range(PEOPLE)]

    for revision in (0, 1):  # the first answer (an insert), then a change (an update)
        # Each round's comments differ from the previous round's: the first round's winner
        # sending the very answer already stored is a harmless no-op, not a conflict, and would
        # leave the revision for a second winner.
        def save(index: int, revision: int = revision):
            value = question.options[index % len(question.options)].key
            return tabs[index].save_answer(
                assessment_id, question.id, value, revision, comment=f"onglet {index}.{revision}"
            )

        responses = at_once(PEOPLE, save)

        statuses = Counter(r.status for r in responses)
        assert statuses == {200: 1, 409: PEOPLE - 1}, [r.text for r in responses]
        [winner] = [i for i, r in enumerate(responses) if r.status == 200]
        for response in responses:
            body = response.json()
            assert body["revision"] == revision + 1
            if response.status == 409:
                assert body["status"] == "conflict"
                assert body["comment"] == f"onglet {winner}.{revision}"
                assert "modifiée entre-temps" in body["message"]
        with app.app_context():
            answer = db.session.scalar(
                select(Answer).filter_by(assessment_id=assessment_id, question_id=question.id)
            )
            assert (answer.comment, answer.revision) == (
                f"onglet {winner}.{revision}",
                revision + 1,
            )
    assert_clean_log(server)


# ------------------------------------------------------------------ signatures and decisions


def test_fifty_signatures_then_fifty_validations_at_once(app, factory, serve):
    factory.charter()
    members = [provider(factory) for _ in range(PEOPLE)]
    officers = [region_officer(factory) for _ in range(5)]
    server = serve(workers=3)
    browsers = [Browser(server, ip=f"198.51.100.{i + 1}") for i in range(PEOPLE)]
    at_once(PEOPLE, lambda i: browsers[i].log_in(members[i].email, members[i].password))
    data = step_one(app)
    for index, browser in enumerate(browsers):
        assert browser.get("/prestataire/signature").status == 200
        step = browser.post("/prestataire/signature", data)
        assert (step.status, step.location) == (303, "/prestataire/signature/relecture"), index
        review = browser.get("/prestataire/signature/relecture")
        assert review.status == 200, review.text[:300]
        assert 'name="password"' in review.text, index

    signed = at_once(
        PEOPLE,
        lambda i: browsers[i].post(
            "/prestataire/signature/confirmer", data | {"password": members[i].password}
        ),
    )

    assert [(r.status, r.location) for r in signed] == [(302, "/prestataire")] * PEOPLE
    with app.app_context():
        pending = db.session.scalars(
            select(Signature).where(Signature.status == SignatureStatus.PENDING)
        ).all()
        assert sorted(s.organization_id for s in pending) == sorted(
            m.organization_id for m in members
        )
        pending_ids = [s.id for s in pending]

    desks = []
    for number, officer in enumerate(officers):
        desk = Browser(server, ip=f"192.0.2.{number + 1}")
        desk.log_in(officer.email, officer.password, totp_secret=TOTP_SECRET)
        assert desk.get("/region/signatures").status == 200
        desks.append(desk)
    tabs = [clone(desks[i % len(desks)]) for i in range(PEOPLE)]

    decided = at_once(
        PEOPLE, lambda i: tabs[i].post(f"/region/signatures/{pending_ids[i]}/valider")
    )

    assert [(r.status, r.location) for r in decided] == [(302, "/region/signatures")] * PEOPLE
    with app.app_context():
        numbers = db.session.scalars(
            select(Signature.certificate_number).where(Signature.status == SignatureStatus.ACTIVE)
        ).all()
        assert audit.verify_chain(db.session).ok
    assert len(numbers) == len(set(numbers)) == PEOPLE
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, PEOPLE + 1))
    assert_clean_log(server)


def test_fifty_decisions_on_one_signature_at_once_make_one(app, factory, serve):
    member = provider(factory)
    signature = factory.signature(member)
    officers = [region_officer(factory) for _ in range(2)]
    server = serve(workers=3)
    desks = []
    for number, officer in enumerate(officers):
        desk = Browser(server, ip=f"192.0.2.{number + 1}")
        desk.log_in(officer.email, officer.password, totp_secret=TOTP_SECRET)
        assert desk.get(f"/region/signatures/{signature.id}").status == 200
        desks.append(desk)
    tabs = [clone(desks[i % 2]) for i in range(PEOPLE)]
    reject = {"reason": "Le SIRET ne correspond pas à l'entreprise.", "confirmed": "1"}

    def decide(index: int):
        if index % 2:
            return tabs[index].post(f"/region/signatures/{signature.id}/refuser", reject)
        return tabs[index].post(f"/region/signatures/{signature.id}/valider")

    responses = at_once(PEOPLE, decide)

    assert {r.status for r in responses} == {302}, [r.text[:200] for r in responses]
    winners = [r for r in responses if r.location == "/region/signatures"]
    assert len(winners) == 1
    with app.app_context():
        events = db.session.scalars(
            select(SignatureEvent).where(SignatureEvent.signature_id == signature.id)
        ).all()
        status = db.session.get(Signature, signature.id).status
        assert audit.verify_chain(db.session).ok
    assert [e.to_status for e in events] == [SignatureStatus.PENDING, status]
    assert status in (SignatureStatus.ACTIVE, SignatureStatus.REJECTED)
    assert_clean_log(server)
