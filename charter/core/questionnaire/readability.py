"""Every text of a questionnaire, cut into sentences and counted in words.

The content gates (``tests/content``) and the statistics of ``charter questionnaires coverage
--stats`` use the same cutting, so the figures they report agree. Rules:

- a sentence ends at ``.``, ``!``, ``?``, ``:``, ``;`` or ``…`` followed by a space or the end
  of the text (so "17cyber.gouv.fr" or "1.5" do not end one);
- an abbreviation ("p. ex.", "ex.", "cf.", "env.", "M.", "Mme", "c.-à-d.") never ends a sentence;
  "etc." ends one only when a capital letter follows;
- a line break ends a sentence too: the ``how`` of a measure is one step per line, and a step is
  read on its own ("- " at the start of a line is dropped);
- a word is a run of characters between spaces that holds at least one letter or digit:
  "l'entreprise", "3-2-1" and "Wi-Fi" count as one word, "«" or ":" as none.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from charter.core.questionnaire.model import ContextQuestion, Question, Questionnaire

_BREAK = re.compile(r"(?<=[.!?:;…])\s+")
_ALWAYS_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:p\.|ex\.|cf\.|env\.|M\.|Mme\.?|c\.-à-d\.)$")
_ETC = re.compile(r"(?:^|[\s(])etc\.$")
_WORD = re.compile(r"\w")


def sentences(text: str) -> list[str]:
    """Cut ``text`` into sentences (rules in the module docstring); blank pieces are dropped.

    Called by the statistics below and by the content gates.
    """
    found: list[str] = []
    for line in text.splitlines():
        line = line.strip().removeprefix("- ").strip()
        pieces = _BREAK.split(line)
        current = ""
        for i, piece in enumerate(pieces):
            current = f"{current} {piece}" if current else piece
            following = pieces[i + 1] if i + 1 < len(pieces) else ""
            if following and (
                _ALWAYS_ABBREVIATION.search(current)
                or (_ETC.search(current) and not following[:1].isupper())
            ):
                continue
            found.append(current)
            current = ""
    return [s for s in found if word_count(s)]


def word_count(sentence: str) -> int:
    """Number of words in ``sentence`` (tokens between spaces holding a letter or a digit)."""
    return sum(1 for token in sentence.split() if _WORD.search(token))


@dataclass(frozen=True)
class Text:
    """One user-facing text of a questionnaire and where it stands.

    ``owner`` is what the text belongs to ("question", "context", "measure", "theme", "level",
    "questionnaire"), ``owner_id`` its id, ``field`` the field ("text", "help",
    "options[2].label", "title", "why", "how", "description", "name").
    """

    owner: str
    owner_id: str
    field: str
    text: str

    @property
    def where(self) -> str:
        """Readable location for messages, e.g. "question 'mots-de-passe', help"."""
        return f"{self.owner} '{self.owner_id}', {self.field}"

    @property
    def is_question_or_help(self) -> bool:
        """The text or the help of a question, scored or context (what a user reads to answer)."""
        return self.owner in ("question", "context") and self.field in ("text", "help")


def texts(questionnaire: Questionnaire) -> Iterator[Text]:
    """Every user-facing text of ``questionnaire``, in file order."""
    q = questionnaire
    yield Text("questionnaire", q.id, "title", q.title)
    yield Text("questionnaire", q.id, "description", q.description)
    for context in q.context:
        yield from _question_texts("context", context)
    for theme in q.themes:
        yield Text("theme", theme.id, "title", theme.title)
        if theme.description:
            yield Text("theme", theme.id, "description", theme.description)
        for question in theme.questions:
            yield from _question_texts("question", question)
    for measure in q.measures:
        for field in ("title", "why", "how"):
            yield Text("measure", measure.id, field, getattr(measure, field))
    for level in q.levels:
        yield Text("level", level.id, "name", level.name)
        yield Text("level", level.id, "description", level.description)


def _question_texts(owner: str, question: ContextQuestion | Question) -> Iterator[Text]:
    yield Text(owner, question.id, "text", question.text)
    if question.help:
        yield Text(owner, question.id, "help", question.help)
    for i, option in enumerate(question.options):
        yield Text(owner, question.id, f"options[{i}].label", option.label)


@dataclass(frozen=True)
class SentenceLengths:
    """Word counts of a set of sentences, with the longest one and where it stands."""

    count: int
    median: float
    longest: int
    longest_sentence: str
    longest_where: str

    @classmethod
    def of(cls, items: Iterable[Text]) -> SentenceLengths:
        """Measure every sentence of ``items`` (zeros when there is none)."""
        measured = [(word_count(s), s, t.where) for t in items for s in sentences(t.text)]
        if not measured:
            return cls(0, 0, 0, "", "")
        longest = max(measured, key=lambda m: m[0])  # first of the longest, in file order
        return cls(
            count=len(measured),
            median=float(statistics.median(m[0] for m in measured)),
            longest=longest[0],
            longest_sentence=longest[1],
            longest_where=longest[2],
        )


@dataclass(frozen=True)
class ContentStatistics:
    """Size and readability figures of one questionnaire."""

    questionnaire_id: str
    scored_questions: int
    context_questions: int
    measures: int
    questions_and_help: SentenceLengths
    all_texts: SentenceLengths


def statistics_of(questionnaire: Questionnaire) -> ContentStatistics:
    """Figures of ``questionnaire``. Called by ``charter questionnaires coverage --stats``."""
    everything = list(texts(questionnaire))
    return ContentStatistics(
        questionnaire_id=questionnaire.id,
        scored_questions=len(questionnaire.questions()),
        context_questions=len(questionnaire.context),
        measures=len(questionnaire.measures),
        questions_and_help=SentenceLengths.of(t for t in everything if t.is_question_or_help),
        all_texts=SentenceLengths.of(everything),
    )
