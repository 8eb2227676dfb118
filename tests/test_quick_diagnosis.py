"""The quick diagnosis without an account (issue 18): /diagnostic on an anonymous draft found
through the session's token, results and PDF, « Garder mon diagnostic », purge, statistics."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from charter.db import utcnow, write_transaction
from charter.definitions import definitions
from charter.extensions import db
from charter.models import (
    Assessment,
    AuditEvent,
    ClientLink,
    LatestAssessment,
    MaturityTotal,
    Organization,
    OrganizationKind,
    Role,
    StoredDocument,
    User,
)
from charter.services import anonymous
from charter.services.anonymous import SESSION_KEY
from tests.factories import valid_siret
from tests.helpers import sign_in
from tests.journey import answer_all, submitted_assessment
from tests.test_registration import STRONG, sme_form


def _start(client) -> int:
    """Start a quick diagnosis as an anonymous visitor; the id of the draft (for the test)."""
    response = client.post("/diagnostic")
    assert response.status_code in (302, 303)
    assert response.headers["Location"] == "/diagnostic/contexte"
    with client.session_transaction() as cookie:
        token = cookie[SESSION_KEY]
    with client.application.app_context():
        assessment = anonymous.find(db.session, token)
        assert assessment is not None
        return assessment.id


def _answer_and_submit(client, pick: str = "middle", **overrides: str) -> int:
    assessment_id = _start(client)
    answer_all(client.application, assessment_id, user_id=None, pick=pick, overrides=overrides)
    response = client.post("/diagnostic/envoi")
    assert response.headers["Location"] == "/diagnostic/resultats"
    return assessment_id


def test_home_page_button_opens_the_quick_diagnosis_without_an_account(client):
    home = client.get("/").get_data(as_text=True)
    assert re.search(r'href="/diagnostic"[^>]*>Faire mon diagnostic', home)
    page = client.get("/diagnostic").get_data(as_text=True)
    assert "Commencer le diagnostic" in page
    assert "ni nom, ni adresse e-mail, ni adresse IP" in page
    assert "30 jours" in page


def test_anonymous_visitor_answers_theme_by_theme_without_any_id_in_the_address(app, client):
    _start(client)
    context = client.get("/diagnostic/reprise")
    assert context.headers["Location"] == "/diagnostic/contexte"
    page = client.get("/diagnostic/contexte").get_data(as_text=True)
    assert "Votre entreprise" in page
    theme_page = client.get("/diagnostic/themes/sauvegardes")
    text = theme_page.get_data(as_text=True)
    assert theme_page.status_code == 200
    assert "Je ne sais pas" in text
    assert 'action="/diagnostic/reponse"' in text or "/diagnostic/reponse" in text
    assert not re.search(r"/diagnostic/\d", text)


def test_autosave_records_an_answer_of_the_anonymous_draft(app, client):
    assessment_id = _start(client)
    response = client.post(
        "/diagnostic/reponse",
        json={"question": "secteur", "value": "commerce", "revision": 0},
    )
    assert response.status_code == 200, response.get_json()
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assert {a.question_id: a.value for a in assessment.answers}["secteur"] == "commerce"


def test_results_page_and_pdf_for_the_anonymous_visitor(app, client):
    _answer_and_submit(client)
    page = client.get("/diagnostic/resultats").get_data(as_text=True)
    assert "Votre résultat" in page
    assert "/ 100" in page
    assert "Vos priorités" in page
    assert "Garder mon diagnostic" in page
    pdf = client.get("/diagnostic/rapport.pdf")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")


def test_another_visitors_token_never_reads_the_draft(app, client):
    assessment_id = _answer_and_submit(client)
    with client.session_transaction() as cookie:
        token = cookie[SESSION_KEY]
    stranger = app.test_client()
    for path in ("/diagnostic/contexte", "/diagnostic/resultats", "/diagnostic/rapport.pdf"):
        assert stranger.get(path).status_code == 404, path
    with stranger.session_transaction() as cookie:
        cookie[SESSION_KEY] = "x" * 43  # a guess
    assert stranger.get("/diagnostic/resultats").status_code == 404
    assert stranger.post("/diagnostic/reponse", json={"question": "secteur"}).status_code == 404
    with app.app_context():
        stored = db.session.get(Assessment, assessment_id).anonymous_token_hash
    assert stored != token and token not in (stored or "")  # only its digest is stored


def test_anonymous_starts_are_limited_per_address(make_app):
    limited = make_app(RATELIMIT_ENABLED=True, LIMIT_ANONYMOUS_DIAGNOSIS="2 per hour")
    for _attempt in range(2):
        assert limited.test_client().post("/diagnostic").status_code in (302, 303)
    assert limited.test_client().post("/diagnostic").status_code == 429


def test_statistics_and_peers_ignore_anonymous_results(app, client):
    _answer_and_submit(client, pick="best")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LatestAssessment)) == 0
        assert db.session.scalar(select(func.count()).select_from(MaturityTotal)) == 0
        from charter.services.statistics import dashboard

        figures = dashboard(db.session, ["14"], {}, None)
    assert sum(figures.diagnoses_by_month[i][1] for i in range(12)) == 0
    assert figures.smes_measured == 0


def test_anonymous_visitor_sees_peers_but_never_counts_among_them(app, client, factory):
    for _ in range(5):
        peer = factory.user(Role.SME_MEMBER, factory.organization(sector="sante-social"))
        submitted_assessment(app, peer, pick="best")
    _answer_and_submit(client, secteur="sante-social")
    assert "5 autres organisations" in client.get("/diagnostic/resultats").get_data(as_text=True)
    for _ in range(2):  # more anonymous results in the same sector
        _answer_and_submit(app.test_client(), secteur="sante-social")
    user = factory.user(Role.SME_MEMBER, factory.organization(sector="sante-social"))
    assessment_id = submitted_assessment(app, user, pick="worst")
    member = app.test_client()
    sign_in(app, member, user)
    page = member.get(f"/pme/diagnostics/{assessment_id}/resultats").get_data(as_text=True)
    assert "5 autres organisations" in page  # the anonymous ones are not peers


def test_keep_in_a_new_account_prefills_the_form_and_joins_the_organisation(app, client):
    assessment_id = _answer_and_submit(client)
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        sector = {a.question_id: a.value for a in assessment.answers}["secteur"]
    form = client.get("/diagnostic/garder").get_data(as_text=True)
    assert re.search(
        rf'<option[^>]*selected[^>]*value="{sector}"|value="{sector}"[^>]*selected', form
    )
    response = client.post(
        "/diagnostic/garder",
        data=sme_form(sector=sector, siret=valid_siret(918), email="ines@atelier.fr"),
    )
    assert response.headers["Location"] == "/inscription/envoyee"
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email="ines@atelier.fr"))
        assessment = db.session.get(Assessment, assessment_id)
        assert assessment.organization_id == user.organization_id
        assert assessment.anonymous_token_hash is None
        latest = db.session.get(LatestAssessment, user.organization_id)
        assert latest is not None and latest.assessment_id == assessment_id
    with client.session_transaction() as cookie:
        assert SESSION_KEY not in cookie
    assert client.get("/diagnostic/resultats").status_code == 404


def test_keep_in_an_existing_account_after_logging_in(app, client, factory):
    user = factory.user(Role.SME_MEMBER, password=STRONG)
    assessment_id = _answer_and_submit(client)
    response = client.post(
        "/connexion?next=/diagnostic/garder", data={"email": user.email, "password": STRONG}
    )
    assert response.headers["Location"] == "/diagnostic/garder"
    page = client.get("/diagnostic/garder").get_data(as_text=True)
    assert "Garder le diagnostic dans l" in page and "sans compte rejoindra" in page
    response = client.post("/diagnostic/garder/compte")
    assert response.headers["Location"] == f"/pme/diagnostics/{assessment_id}/resultats"
    assert "Votre résultat" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).organization_id == user.organization_id
        assert db.session.scalar(select(AuditEvent).filter_by(action="assessment.kept"))


def test_a_provider_cannot_keep_a_diagnosis(app, client, factory):
    provider = factory.user(Role.PROVIDER_MEMBER, password=STRONG)
    _answer_and_submit(client)
    client.post("/connexion", data={"email": provider.email, "password": STRONG})
    assert client.post("/diagnostic/garder/compte").status_code == 403


def test_purge_deletes_an_old_anonymous_draft_but_not_a_kept_one(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    old_id = _start(client)
    with_report = app.test_client()
    old_result_id = _answer_and_submit(with_report)
    assert with_report.get("/diagnostic/rapport.pdf").status_code == 200  # a stored document
    recent_id = _start(app.test_client())
    kept_client = app.test_client()
    kept_id = _start(kept_client)
    with kept_client.session_transaction() as cookie:
        kept_token = cookie[SESSION_KEY]
    with app.app_context():
        anonymous.keep(
            db.session, token=kept_token, user_id=user.id, organization_id=user.organization_id
        )
        with write_transaction(db.session):
            long_ago = utcnow() - timedelta(days=31)
            for assessment_id in (old_id, old_result_id, kept_id):
                db.session.get(Assessment, assessment_id).updated_at = long_ago
    result = app.test_cli_runner().invoke(args=["charter", "purge"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.get(Assessment, old_id) is None
        assert db.session.get(Assessment, old_result_id) is None
        assert db.session.scalar(select(func.count()).select_from(StoredDocument)) == 0
        assert db.session.get(Assessment, recent_id) is not None
        assert db.session.get(Assessment, kept_id) is not None
        assert db.session.scalar(
            select(AuditEvent).filter_by(action="retention.purged", target_id="anonymous_diagnoses")
        ).details == {"count": 2, "days": 30}
    assert "30 jours après votre dernière réponse" in client.get("/confidentialite").get_data(
        as_text=True
    )


@pytest.mark.parametrize("role", [Role.SME_MEMBER])
def test_a_logged_in_sme_member_goes_to_their_own_journey(app, client, factory, role):
    user = factory.user(role)
    client.post("/connexion", data={"email": user.email, "password": user.password})
    assert client.get("/diagnostic").headers["Location"] == "/pme/diagnostics/nouveau"


def test_organisation_count_is_unchanged_by_anonymous_diagnoses(app, client):
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(Organization))
    _answer_and_submit(client)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organization)) == before


def test_an_invitation_is_kept_through_the_quick_diagnosis(app, client, factory):
    provider = factory.organization(OrganizationKind.PROVIDER, name="Bessin Informatique")
    _invitation_id, token = factory.invitation(provider, email="louise@cidrerie.fr")
    join = client.get(f"/invitation/{token}").get_data(as_text=True)
    assert "Faire le diagnostic sans compte" in join
    response = client.post(f"/diagnostic/invitation/{token}")
    assert response.headers["Location"] == "/diagnostic/contexte"
    with client.session_transaction() as cookie:
        draft_token = cookie[SESSION_KEY]
    with app.app_context():
        assessment_id = anonymous.find(db.session, draft_token).id
    answer_all(app, assessment_id, user_id=None, pick="middle")
    client.post("/diagnostic/envoi")
    assert "Invitation de Bessin Informatique" in client.get("/diagnostic").get_data(as_text=True)
    form = client.get("/diagnostic/garder").get_data(as_text=True)
    assert 'value="louise@cidrerie.fr"' in form
    assert "Vos résultats et Bessin Informatique" in form
    data = sme_form(email="louise@cidrerie.fr", siret=valid_siret(921), share="oui")
    response = client.post("/diagnostic/garder", data=data)
    # The invitation proved the address: logged in at once, on the kept result.
    assert response.headers["Location"] == f"/pme/diagnostics/{assessment_id}/resultats"
    assert "Votre résultat" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email="louise@cidrerie.fr"))
        link = db.session.scalar(select(ClientLink).filter_by(sme_id=user.organization_id))
        assert link is not None and link.provider_id == provider.id and link.share_results
        assert db.session.get(Assessment, assessment_id).organization_id == user.organization_id


def test_a_dead_invitation_cannot_start_a_quick_diagnosis(client):
    assert client.post("/diagnostic/invitation/inconnue").status_code == 404


class Steps:
    """Counts what a person does: pages displayed and forms submitted (a redirect's target is
    one page displayed; the redirect itself is not a step)."""

    def __init__(self, client) -> None:
        self.client = client
        self.pages = 0
        self.submissions = 0

    @property
    def total(self) -> int:
        return self.pages + self.submissions

    def load(self, path: str) -> str:
        self.pages += 1
        response = self.client.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        return response.request.path

    def submit(self, path: str, data: dict | None = None) -> str:
        self.submissions += 1
        self.pages += 1
        response = self.client.post(path, data=data or {}, follow_redirects=True)
        assert response.status_code == 200, (path, response.status_code)
        return response.request.path


def _answer_every_page(app, steps: Steps, first_page: str) -> str:
    """The answering part, the same in both journeys: every page answered and submitted (the
    middle choice of each question), then the diagnosis sent."""
    with app.app_context():
        questionnaire = definitions().questionnaires["pme-essentiel"]
    answers = {f"q-{c.id}": c.options[-1].key for c in questionnaire.context}
    for question in questionnaire.questions():
        options = sorted(question.options, key=lambda o: o.score)
        answers[f"q-{question.id}"] = options[len(options) // 2].key
    path = steps.submit(first_page, answers)  # the context page
    while not path.endswith("/relecture"):
        path = steps.submit(path, answers)  # a theme page
    return steps.submit(path.replace("/relecture", "/envoi"))


def test_steps_from_the_home_page_before_and_after(app, client, factory):
    """The figures of the issue: steps to the first question and to a result kept in an
    account, through registration first (before) and through the quick diagnosis (after)."""
    from tests.helpers import last_message_to, link_in

    # Before: register, confirm the address, log in, choose, start.
    before = Steps(client)
    before.load("/")
    before.load("/inscription/pme")
    before.submit("/inscription/pme", sme_form(email="avant@exemple.fr"))
    confirm = link_in(last_message_to(app, "avant@exemple.fr"), "/inscription/confirmer/")
    before.load(confirm)
    before.submit(confirm)
    before.submit("/connexion", {"email": "avant@exemple.fr", "password": STRONG})
    before.load("/pme/diagnostics/nouveau")
    with app.app_context():
        from tests.journey import version_id

        version = version_id(app, "pme-essentiel")
    first = before.submit("/pme/diagnostics", {"version_id": version})
    assert first.endswith("/contexte")
    before_first_question = before.total
    assert _answer_every_page(app, before, first).endswith("/resultats")
    before_kept = before.total

    # After: the quick diagnosis, then « Garder mon diagnostic ».
    visitor = app.test_client()
    after = Steps(visitor)
    after.load("/")
    after.load("/diagnostic")
    first = after.submit("/diagnostic")
    assert first == "/diagnostic/contexte"
    after_first_question = after.total
    with visitor.session_transaction() as cookie:
        token = cookie[SESSION_KEY]
    with app.app_context():
        draft_id = anonymous.find(db.session, token).id
    assert _answer_every_page(app, after, first) == "/diagnostic/resultats"
    after_results = after.total
    after.load("/diagnostic/garder")
    form = sme_form(email="apres@exemple.fr", siret=valid_siret(919))
    after.submit("/diagnostic/garder", form)
    after_attached = after.total
    confirm = link_in(last_message_to(app, "apres@exemple.fr"), "/inscription/confirmer/")
    after.load(confirm)
    after.submit(confirm)
    assert after.submit("/connexion", {"email": "apres@exemple.fr", "password": STRONG}) == "/pme"
    after_in_account = after.total
    with app.app_context():
        assert db.session.get(Assessment, draft_id).organization_id is not None

    print(
        f"\nfirst question: before {before_first_question}, after {after_first_question}"
        f"\nresult in an account: before {before_kept} (the result page),"
        f" after {after_attached} (kept) / {after_in_account} (seen on the dashboard)"
        f"\nresult seen (without an account): after {after_results}"
    )
    assert after_first_question < before_first_question


def test_steps_from_a_providers_invitation_before_and_after(app, client, factory):
    """The same figures for a person who arrives from a provider's invitation e-mail."""
    from tests.helpers import last_message_to, link_in
    from tests.journey import version_id

    provider = factory.organization(OrganizationKind.PROVIDER, name="Bessin Informatique")
    _id, first_token = factory.invitation(provider, email="avant@cidrerie.fr")
    _id, second_token = factory.invitation(provider, email="apres@cidrerie.fr")

    # Before: register from the invitation, then confirm, log in, choose, start.
    before = Steps(client)
    before.load(f"/invitation/{first_token}")
    before.load(f"/invitation/{first_token}/inscription")
    form = sme_form(email="avant@cidrerie.fr", siret=valid_siret(931), share="non")
    if before.submit(f"/invitation/{first_token}/inscription", form) != "/pme":
        confirm = link_in(last_message_to(app, "avant@cidrerie.fr"), "/inscription/confirmer/")
        before.load(confirm)
        before.submit(confirm)
        before.submit("/connexion", {"email": "avant@cidrerie.fr", "password": STRONG})
    before.load("/pme/diagnostics/nouveau")
    first = before.submit("/pme/diagnostics", {"version_id": version_id(app, "pme-essentiel")})
    assert first.endswith("/contexte")

    # After: the quick diagnosis from the invitation, kept by registering.
    visitor = app.test_client()
    after = Steps(visitor)
    after.load(f"/invitation/{second_token}")
    first = after.submit(f"/diagnostic/invitation/{second_token}")
    assert first == "/diagnostic/contexte"
    after_first_question = after.total
    assert _answer_every_page(app, after, first) == "/diagnostic/resultats"
    after.load("/diagnostic/garder")
    form = sme_form(email="apres@cidrerie.fr", siret=valid_siret(932), share="non")
    landing = after.submit("/diagnostic/garder", form)
    assert re.fullmatch(r"/pme/diagnostics/\d+/resultats", landing)  # kept, logged in
    print(
        f"\nfrom an invitation, first question: with an account first {before.total},"
        f" quick diagnosis {after_first_question}"
        f"\nfrom an invitation, result kept and shown in the account: {after.total}"
    )
    assert after_first_question < before.total
