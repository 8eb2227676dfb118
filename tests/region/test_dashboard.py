"""The dashboard: counts, monthly trends, maturity by department and theme under the
anonymity rule, and nothing of any SME's identity or answers anywhere under /region."""

from __future__ import annotations

import re

from sqlalchemy import select

from charter.definitions import definitions
from charter.extensions import db
from charter.models import LatestAssessment, LatestThemeScore, Organization, Role
from tests.helpers import without_tokens
from tests.journey import submitted_assessment
from tests.region.helpers import compliant_provider
from tests.signing.helpers import region_officer

SME_NAME = "Fromagerie Très Reconnaissable"


def smes(factory, count: int, department: str, pick: str = "best", name: str | None = None):
    made = []
    for n in range(count):
        org = factory.organization(
            "sme", department=department, name=name or f"PME {department}-{n}"
        )
        user = factory.user(Role.SME_MEMBER, org)
        submitted_assessment(factory.app, user, pick=pick)
        made.append(user)
    return made


def test_maturity_by_department_hides_groups_under_five(app, factory, region):
    smes(factory, 5, "14", pick="best")
    smes(factory, 4, "27", pick="worst")
    page = region.get("/region/tableau-de-bord").text
    table = page[page.index("Indice de maturité des PME par département") :]
    calvados = table[table.index("Calvados (14)") :][:400]
    assert ">5<" in calvados and ">100<" in calvados
    eure = table[table.index("Eure (27)") :][:300]
    assert "effectif insuffisant" in eure
    assert "9 PME ont envoyé au moins un diagnostic" in page
    assert "<svg" in page and "<title" in page  # charts carry a title and a description
    assert "Eure (27) : effectif insuffisant" in page  # the text alternative says it too


def test_theme_scores_from_the_latest_diagnosis_of_each_sme(app, factory, region):
    users = smes(factory, 5, "50", pick="worst")
    for user in users:  # each SME's newer diagnosis replaces the older one
        submitted_assessment(app, user, pick="best")
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(LatestAssessment)) == 5
        scores = db.session.scalars(select(LatestThemeScore.score)).all()
        assert scores and set(scores) == {100.0}
        essentiel = definitions().questionnaires["pme-essentiel"]
    page = region.get("/region/tableau-de-bord").text
    themes = page[page.index(f"Scores par thème : {essentiel.title}") :]
    row = themes[themes.index(f"{essentiel.themes[0].title}</th>") :][:300]
    assert ">5<" in row and ">100<" in row
    assert "févr." in page or "janv." in page or "déc." in page  # month labels


def test_counts_by_status_and_verdict(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    compliant_provider(factory, admin, name="Granit Conseil")
    page = region.get("/region/tableau-de-bord").text
    assert "Les 1 prestataires inscrits" in page or "Les 1 prestataire" in page
    assert "/region/signataires?verdict=conforme" in page


def test_no_sme_name_or_answer_under_region(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    member = compliant_provider(factory, admin, name="Granit Conseil")
    sharing = smes(factory, 5, "14", name=SME_NAME)[0]
    factory.client_link(member.organization_id, sharing.organization_id, share=True)
    with app.app_context():
        questionnaire = definitions().questionnaires["pme-essentiel"]
        answers = {
            option.label
            for question in questionnaire.questions()
            for option in question.options
            if len(option.label) > 25
        }
        sme_id = db.session.scalar(select(Organization.id).filter_by(name=SME_NAME))
    pages = [
        region.get("/region/tableau-de-bord").text,
        region.get("/region/signataires").text,
        region.get(f"/region/signataires/{member.organization_id}").text,
        region.get("/region/signataires.csv").get_data().decode("utf-8-sig"),
    ]
    for page in pages:
        assert SME_NAME not in page
        assert not [label for label in answers if label in page]
    assert region.get(f"/region/signataires/{sme_id}").status_code == 404


def _memo_hits(app) -> int:
    return app.extensions["fragments"].hits


def _department_row(page: str, label: str) -> list[str]:
    """The cells of a department's row in the maturity table."""
    table = page[page.index("Indice de maturité des PME par département") :]
    row = table[table.index(f"{label}</th>") :]
    return re.findall(r'<td class="number">([^<]*)</td>', row[: row.index("</tr>")])


def test_a_new_diagnosis_changes_the_figures_on_the_next_view(app, factory, region):
    """The figures are memoised: a second view with the same figures is served from the
    memo, and a newly submitted diagnosis shows at once (no stale figures)."""
    users = smes(factory, 5, "61", pick="worst")
    first = region.get("/region/tableau-de-bord").text
    hits = _memo_hits(app)
    # The same page but for the form token, which carries the second it was made in.
    assert without_tokens(region.get("/region/tableau-de-bord").text) == without_tokens(first)
    assert _memo_hits(app) == hits + 1  # the same figures: rendered once
    assert "5 PME ont envoyé au moins un diagnostic" in first
    count, mean, _spread = _department_row(first, "Orne (61)")
    assert count == "5"

    submitted_assessment(app, users[0], pick="best")  # an SME's newer diagnosis
    page = region.get("/region/tableau-de-bord").text
    assert _department_row(page, "Orne (61)")[:2] != [count, mean]
    assert _department_row(page, "Orne (61)")[0] == "5"  # it still counts once
    smes(factory, 1, "61", pick="best")  # a sixth SME
    page = region.get("/region/tableau-de-bord").text
    assert "6 PME ont envoyé au moins un diagnostic" in page


def test_a_signature_changes_the_counts_on_the_next_view(app, factory, region):
    admin = region_officer(factory, Role.REGION_ADMIN)
    compliant_provider(factory, admin, name="Granit Conseil")
    before = region.get("/region/tableau-de-bord").text
    assert "Les 1 prestataires inscrits" in before
    compliant_provider(factory, admin, name="Basalte Conseil")
    after = region.get("/region/tableau-de-bord").text
    assert "Les 2 prestataires inscrits" in after
    conforme = after[after.index("/region/signataires?verdict=conforme") :][:80]
    assert "<strong>2</strong>" in conforme
