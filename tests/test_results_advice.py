"""The results page (and the report behind it) gives advice one can act on (issue 16): cost,
time, official links and quick wins; « Qui peut vous aider » from the company's links, the
directory and the configuration; and a diagnosis submitted before this change shows as it did."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from sqlalchemy import select, update

from charter.core.questionnaire import Questionnaire
from charter.core.questionnaire.snapshot import canonical_snapshot, definition_hash
from charter.definitions import questionnaire_of
from charter.extensions import db
from charter.models import Assessment, OrganizationKind, QuestionnaireVersion, Role
from charter.reports import cost_label
from charter.reports.samples import sample_answers
from charter.services import assessments as service
from tests.helpers import sign_in
from tests.journey import answer_all, submitted_assessment
from tests.reports.helpers import all_text

LEGACY = Path(__file__).parent / "reports" / "data" / "legacy-pme-essentiel-v1.json"


def results_page(client, assessment_id: int) -> str:
    return client.get(f"/pme/diagnostics/{assessment_id}/resultats").get_data(as_text=True)


def report_text(client, assessment_id: int) -> str:
    response = client.get(f"/pme/diagnostics/{assessment_id}/rapport.pdf")
    assert response.status_code == 200
    return all_text(response.data)


def frozen(app, assessment_id: int) -> dict:
    with app.app_context():
        return db.session.get(Assessment, assessment_id).result


def test_results_page_shows_cost_time_official_links_and_quick_wins(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = submitted_assessment(app, user, pick="worst")
    sign_in(app, client, user)
    page = results_page(client, assessment_id)
    result = frozen(app, assessment_id)
    assert result["schema"] == 2
    assert "À faire cette semaine, sans frais" in page
    for entry in result["priorities"]:
        assert f'id="action-{entry["measure_id"]}"' in page
        assert "Coût indicatif :</strong>" in page
        from charter.core.results import PlanCost

        label = cost_label(PlanCost(**entry["cost"]))
        assert label is not None and label.replace("'", "&#39;") in page
        assert entry["time"].replace("'", "&#39;") in page
        for link in entry["links"]:
            assert f'href="{link["url"]}" rel="noopener noreferrer" target="_blank"' in page
    assert "Protection essentielle manquante" in page  # everything at its worst


def test_an_unknown_essential_is_to_check_first_on_the_page(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    assessment_id = submitted_assessment(
        app, user, pick="best", overrides={"sauvegarde-reguliere": "unknown"}
    )
    sign_in(app, client, user)
    page = results_page(client, assessment_id)
    first = frozen(app, assessment_id)["priorities"][0]
    assert first["check_first"] and first["measure_id"] == "mettre-en-place-sauvegarde"
    assert "À vérifier d&#39;abord" in page or "À vérifier d'abord" in page


def _provider(factory, name: str, department: str = "14", *, signed: bool = True, admin=None):
    organization = factory.organization(
        OrganizationKind.PROVIDER, name=name, department=department, website="https://exemple.fr"
    )
    member = factory.user(Role.PROVIDER_MEMBER, organization, email=f"{name.lower()}@presta.fr")
    if signed:
        factory.signature(member, validate_by=admin)
    return organization, member


def test_who_can_help_names_the_provider_the_company_shares_with(app, client, factory):
    admin = factory.user(Role.REGION_ADMIN)
    shared, _ = _provider(factory, "Partage", admin=admin)
    private, _ = _provider(factory, "Secret", admin=admin)
    user = factory.user(Role.SME_MEMBER)
    factory.client_link(shared, user.organization_id, share=True)
    factory.client_link(private, user.organization_id, share=False)
    assessment_id = submitted_assessment(app, user)
    sign_in(app, client, user)
    for text in (results_page(client, assessment_id), report_text(client, assessment_id)):
        assert "Qui peut vous aider" in text and "Votre prestataire" in text
        assert "Partage" in text and "partage@presta.fr" in text
        assert "secret@presta.fr" not in text  # a provider the company does not share with


def test_without_a_provider_three_signatories_of_its_department_and_the_directory(
    app, client, factory
):
    admin = factory.user(Role.REGION_ADMIN)
    for name in ("Alpha", "Bravo", "Charlie", "Delta"):
        _provider(factory, name, "14", admin=admin)
    _provider(factory, "Eure", "27", admin=admin)
    _provider(factory, "Sans", "14", signed=False)  # not in the directory
    app.config["BASE_URL"] = "https://charte.example.org"
    user = factory.user(Role.SME_MEMBER)  # department 14
    assessment_id = submitted_assessment(app, user)
    sign_in(app, client, user)
    page = results_page(client, assessment_id)
    section = page[page.index('id="help-title"') :]
    named = [
        n for n in ("Alpha", "Bravo", "Charlie", "Delta") if f"<strong>{n}</strong>" in section
    ]
    assert len(named) == 3
    assert "<strong>Eure</strong>" not in section and "<strong>Sans</strong>" not in section
    assert "Des prestataires signataires près de chez vous" in section
    # Built from the configured public address, never from the request's host.
    assert 'href="https://charte.example.org/annuaire?departement=14"' in section
    assert "localhost/annuaire" not in section
    assert "https://charte.example.org/annuaire?departement=14" in report_text(
        client, assessment_id
    ).replace(" ", "")


def test_the_regions_contacts_come_from_configuration(app, client, factory):
    app.config["HELP_CONTACTS"] = [
        {
            "name": "Centre d'essai",
            "description": "Répond aux victimes.",
            "url": "https://centre.example.org",
            "phone": "02 31 00 00 00",
            "email": "alerte@centre.example.org",
        },
        {"name": "Adresse non sûre", "description": "-", "url": "http://insecure.example.org"},
    ]
    user = factory.user(Role.SME_MEMBER)
    assessment_id = submitted_assessment(app, user)
    sign_in(app, client, user)
    for text in (results_page(client, assessment_id), report_text(client, assessment_id)):
        assert "Centre d'essai" in text.replace("&#39;", "'")
        assert "02 31 00 00 00" in text and "alerte@centre.example.org" in text
        assert "Adresse non sûre" not in text  # an http address is left out, not printed
        assert "17Cyber" in text


def _legacy_version(app) -> tuple[int, dict]:
    """Store pme-essentiel version 1 exactly as main loaded it, as an older version would be."""
    legacy = json.loads(LEGACY.read_text(encoding="utf-8"))
    with app.app_context():
        questionnaire = Questionnaire.from_snapshot(legacy["questionnaire"])
        row = QuestionnaireVersion(
            slug=questionnaire.id,
            version=questionnaire.version,
            audience=questionnaire.audience,
            title=questionnaire.title,
            definition=legacy["questionnaire"],
            sha256=legacy["questionnaire_hash"],
        )
        existing = db.session.scalar(
            select(QuestionnaireVersion).filter_by(slug=row.slug, version=row.version)
        )
        if existing is None:
            db.session.add(row)
            db.session.commit()
            existing = row
        return existing.id, legacy


def _strip(page: str) -> str:
    # What changes from one response to the next: the CSP nonce and the CSRF token.
    page = re.sub(r'nonce="[^"]*"', "", page)
    page = re.sub(r'<meta name="csrf-token" content="[^"]*">', "", page)
    return re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "", page)


def test_a_diagnosis_submitted_before_issue_16_shows_as_it_did(
    app, client, factory, tmp_path, make_app
):
    version_id, legacy = _legacy_version(app)
    user = factory.user(Role.SME_MEMBER)
    with app.app_context():
        questionnaire = questionnaire_of(db.session.get(QuestionnaireVersion, version_id))
        assessment = service.start_assessment(
            db.session,
            actor_id=user.id,
            organization_id=user.organization_id,
            version_id=version_id,
        )
        assessment_id = assessment.id
    context, _, _ = sample_answers(questionnaire)
    answer_all(app, assessment_id, user.id, "best", {**context, **legacy["answers"]})
    with app.app_context():
        service.submit(db.session, actor_id=user.id, assessment_id=assessment_id)
        # As main froze it: schema 1, the plan ranked by the former rule.
        db.session.execute(
            update(Assessment).where(Assessment.id == assessment_id).values(result=legacy["result"])
        )
        db.session.commit()
    sign_in(app, client, user)
    before = results_page(client, assessment_id)
    titles = [e["title"] for e in legacy["result"]["priorities"] + legacy["result"]["others"]]
    positions = [before.index(t.replace("'", "&#39;")) for t in titles]
    assert positions == sorted(positions)  # the frozen order, never re-ranked
    assert "Coût indicatif" not in before and "À faire cette semaine" not in before
    assert "Commencez par les actions marquées « essentielle »" in before
    assert "v" + str(legacy["questionnaire"]["version"]) in before or "version 1" in before

    # A new version of the questionnaire is published and loaded: nothing moves.
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    source = Path(app.config["QUESTIONNAIRES_DIR"])
    for path in source.glob("*.yaml"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    current = yaml.safe_load((folder / "pme-essentiel.yaml").read_text(encoding="utf-8"))
    text = (folder / "pme-essentiel.yaml").read_text(encoding="utf-8")
    (folder / "pme-essentiel.yaml").write_text(
        text.replace(f"version: {current['version']}", f"version: {current['version'] + 1}", 1),
        encoding="utf-8",
    )
    newer = make_app(QUESTIONNAIRES_DIR=str(folder))
    assert newer.test_cli_runner().invoke(args=["charter", "questionnaires", "load"]).exit_code == 0
    after = results_page(client, assessment_id)
    assert _strip(after) == _strip(before)
    with app.app_context():
        stored = db.session.get(QuestionnaireVersion, version_id)
        assert definition_hash(questionnaire_of(stored)) == definition_hash(
            Questionnaire.from_snapshot(canonical_snapshot(questionnaire))
        )
