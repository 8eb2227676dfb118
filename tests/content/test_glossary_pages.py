"""The glossary is shown where its words appear: an accessible "Mots expliqués" disclosure
(<details> and <summary>, not a hover-only tooltip) next to each question, context question and
measure of the action plan, through the real pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from charter.core.questionnaire.glossary import find_terms, terms_for_measure, terms_for_question
from charter.models import Role
from tests.helpers import sign_in
from tests.journey import draft_assessment, submitted_assessment

from .files import glossary, questionnaire

VOID = {"input", "br", "img", "meta", "link", "hr", "source", "col", "area", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        return " ".join(
            " ".join((c if isinstance(c, str) else c.text()).split()) for c in self.children
        ).strip()

    def descendants(self, tag: str, cls: str | None = None) -> list[Element]:
        found = []
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag and (
                    cls is None or cls in child.attrs.get("class", "").split()
                ):
                    found.append(child)
                found += child.descendants(tag, cls)
        return found

    def by_id(self, element_id: str) -> Element | None:
        if self.attrs.get("id") == element_id:
            return self
        for child in self.children:
            if isinstance(child, Element) and (hit := child.by_id(element_id)):
                return hit
        return None


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> Element:
    builder = _Builder()
    builder.feed(page)
    return builder.root


def explained_terms(block: Element) -> dict[str, str]:
    """Terms and definitions of the "Mots expliqués" disclosure directly inside ``block``."""
    disclosures = [
        d
        for d in block.descendants("details", "glossary")
        if d.descendants("summary")
        and d.descendants("summary")[0].text().startswith("Mots expliqués")
    ]
    assert len(disclosures) == 1, f"expected one « Mots expliqués » disclosure in {block.attrs}"
    terms = [dt.text() for dt in disclosures[0].descendants("dt")]
    definitions = [dd.text() for dd in disclosures[0].descendants("dd")]
    return dict(zip(terms, definitions, strict=True))


def _signed_in_sme(app, client, factory):
    user = factory.user(Role.SME_MEMBER)
    sign_in(app, client, user)
    return user


def _entry(term_id: str):
    return next(t for t in glossary().terms if t.id == term_id)


def test_a_question_shows_its_words_next_to_it(app, client, factory) -> None:
    user = _signed_in_sme(app, client, factory)
    assessment_id = draft_assessment(app, user, "pme-essentiel")
    page = parse(client.get(f"/pme/diagnostics/{assessment_id}/themes/acces").get_data(True))
    fieldset = page.by_id("q-double-authentification")
    assert fieldset is not None
    mfa = _entry("double-authentification")
    shown = explained_terms(fieldset)
    assert shown[mfa.term] == " ".join(mfa.definition.split())
    question = next(
        q for q in questionnaire("pme-essentiel").questions() if q.id == "double-authentification"
    )
    assert set(shown) == {t.term for t in terms_for_question(glossary(), question)}


def test_words_of_an_option_are_explained_too(app, client, factory) -> None:
    # Pick a question of the quick diagnosis with a word only in its options.
    q = questionnaire("pme-essentiel")
    question, term = next(
        (question, term)
        for question in q.questions()
        for term in find_terms(glossary(), *(o.label for o in question.options))
        if term not in find_terms(glossary(), question.text, question.help)
    )
    theme = next(t for t in q.themes if question in t.questions)
    user = _signed_in_sme(app, client, factory)
    assessment_id = draft_assessment(app, user, "pme-essentiel")
    page = parse(client.get(f"/pme/diagnostics/{assessment_id}/themes/{theme.id}").get_data(True))
    assert term.term in explained_terms(page.by_id(f"q-{question.id}"))


def test_context_questions_show_their_words(app, client, factory) -> None:
    user = _signed_in_sme(app, client, factory)
    assessment_id = draft_assessment(app, user, "pme-essentiel")
    page = parse(client.get(f"/pme/diagnostics/{assessment_id}/contexte").get_data(True))
    assert _entry("wi-fi").term in explained_terms(page.by_id("q-wifi"))


def test_the_action_plan_explains_the_words_of_each_measure(app, client, factory) -> None:
    user = _signed_in_sme(app, client, factory)
    assessment_id = submitted_assessment(app, user, "pme-essentiel", pick="worst")
    page = parse(client.get(f"/pme/diagnostics/{assessment_id}/resultats").get_data(True))
    measures = {m.title: m for m in questionnaire("pme-essentiel").measures}
    cards = page.descendants("li", "action-card") + page.descendants("details", "measure")
    assert len(cards) == len(measures)  # worst answers trigger every measure
    for card in cards:
        heading = (card.descendants("h3") or card.descendants("summary"))[0]
        title = next(t for t in measures if heading.text().startswith(t))
        expected = {t.term for t in terms_for_measure(glossary(), measures[title])}
        assert expected, f"measure « {title} » uses no glossary word"
        assert set(explained_terms(card)) == expected, title
    mfa = _entry("double-authentification")
    mfa_card = next(
        c
        for c in cards
        if c.descendants("h3") and "double authentification" in c.descendants("h3")[0].text()
    )
    assert explained_terms(mfa_card)[mfa.term] == " ".join(mfa.definition.split())
