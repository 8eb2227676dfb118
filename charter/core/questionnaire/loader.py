"""Read questionnaire, glossary and coverage files, and report every problem at once.

An author fixing a file wants the whole list of mistakes in one run, with the file, the path
inside it and a plain message; so nothing here stops at the first error. Whatever the input
(hostile YAML, random bytes), the only exception that leaves this module is
``QuestionnaireError``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from charter.core.figures import substitute
from charter.core.questionnaire.checks import (
    catalogue_problems,
    glossary_problems,
    questionnaire_problems,
)
from charter.core.questionnaire.model import (
    REFERENCE_PATTERN,
    CoverageExclusions,
    Glossary,
    LinkCatalogue,
    Questionnaire,
)

GLOSSARY_FILE = "glossary.yaml"
COVERAGE_FILE = "coverage-exclusions.yaml"
LINKS_FILE = "links.yaml"
#: Files of the questionnaire folder that are not questionnaires.
SHARED_FILES = frozenset({GLOSSARY_FILE, COVERAGE_FILE, LINKS_FILE})
# Generous limits: a real questionnaire is ~100 KB and a few thousand nodes. They stop a file
# of aliases ("billion laughs") or a recursive structure from exhausting memory or time.
MAX_FILE_BYTES = 2_000_000
MAX_NODES = 200_000

M = TypeVar("M", bound=BaseModel)

#: libyaml's parser when PyYAML was built with it (ten times faster than the pure-Python one);
#: both are safe loaders, and both refuse nesting deeper than libyaml's limit or Python's stack.
YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: ``path`` like ``themes[2].questions[0].weight`` ('' = file)."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.path}: {self.message}"
            if self.path
            else (f"{self.file}: {self.message}")
        )


class QuestionnaireError(Exception):
    """Raised with every ``Problem`` found; ``str()`` lists them one per line."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _path(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _message(error: Any) -> str:
    # Turn pydantic's generic messages into ones a content author can act on.
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return "this field is required"
    if kind == "extra_forbidden":
        return "unknown field (check its spelling)"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind == "string_type" and isinstance(value, bool):
        return "expected text: put it in quotes (YAML reads yes/no/on/off as true/false)"
    if kind in ("tuple_type", "list_type"):
        return "expected a list"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "expected a mapping of 'key: value' lines"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == REFERENCE_PATTERN:
            return f"'{value}' is not an ANSSI reference (hygiene-1..42, cpme-1..12, regles-1..10)"
        return f"'{value}' must use lowercase letters, digits and '-' only"
    return str(error["msg"])


def _too_big(data: object) -> bool:
    # Iterative walk counting nodes as pydantic would see them (aliases expanded): a recursive
    # structure or an alias bomb exceeds the limit instead of looping or exhausting memory.
    stack, count = [data], 0
    while stack:
        count += 1
        if count > MAX_NODES:
            return True
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list | tuple):
            stack.extend(node)
    return False


def _read_yaml(path: Path) -> tuple[object, list[Problem]]:
    file = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(file, "", f"cannot read the file ({exc.strerror or exc})")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(file, "", f"file larger than {MAX_FILE_BYTES} bytes")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(file, "", f"not UTF-8 text (byte {exc.start})")]
    try:
        data = yaml.load(text, Loader=YAML_LOADER)  # noqa: S506 (a safe loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        what = exc.problem or exc.context or "syntax error"
        return None, [Problem(file, "", f"invalid YAML at {where}{what}")]
    except RecursionError:
        return None, [Problem(file, "", "invalid YAML: nested too deeply")]
    except Exception as exc:
        # PyYAML also raises ValueError, OverflowError... on odd scalars (a 5,000-digit int):
        # hostile input must still end as a Problem.
        return None, [Problem(file, "", f"invalid YAML: {exc}")]
    return data, []


def _validate(
    data: object,
    file: str,
    model: type[M],
    checks: Callable[[M], list[tuple[str, str]]],
) -> tuple[M | None, list[Problem]]:
    if data is None:
        return None, [Problem(file, "", "the file is empty")]
    if not isinstance(data, dict):
        return None, [Problem(file, "", "the file must be a mapping of 'key: value' lines")]
    if _too_big(data):
        return None, [Problem(file, "", f"more than {MAX_NODES} elements (recursive aliases?)")]
    try:
        obj = model.model_validate(data)
    except ValidationError as exc:
        return None, [Problem(file, _path(e["loc"]), _message(e)) for e in exc.errors()]
    problems = [Problem(file, path, message) for path, message in checks(obj)]
    return (None if problems else obj), problems


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise QuestionnaireError(problems)


def _prepared(
    node: object, path: str, links: LinkCatalogue, found: list[tuple[str, str]]
) -> object:
    """A copy of ``node`` with figures written out and measure link ids replaced by links."""
    if isinstance(node, str):
        text, unknown = substitute(node)
        found.extend((path, f"unknown figure '{{{{{name}}}}}'") for name in unknown)
        return text
    if isinstance(node, list):
        return [_prepared(item, f"{path}[{i}]", links, found) for i, item in enumerate(node)]
    if isinstance(node, dict):
        copy: dict[object, object] = {}
        for key, value in node.items():
            where = f"{path}.{key}" if path else str(key)
            if key == "links" and path.startswith("measures[") and isinstance(value, list):
                resolved = (
                    _link(item, f"{where}[{i}]", links, found) for i, item in enumerate(value)
                )
                # An unknown id is reported once, here, rather than again as a bad mapping.
                copy[key] = [item for item in resolved if item is not None]
            else:
                copy[key] = _prepared(value, where, links, found)
        return copy
    return node


def _link(item: object, path: str, links: LinkCatalogue, found: list[tuple[str, str]]) -> object:
    # A measure names a link of the catalogue by its id; a mapping stays as written.
    if not isinstance(item, str):
        return item
    entry = next((link for link in links.links if link.id == item), None)
    if entry is None:
        found.append((path, f"'{item}' is not the id of a link of {LINKS_FILE}"))
        return None
    return {"title": entry.title, "url": entry.url}


def _questionnaire(
    data: object, file: str, expected_id: str | None, links: LinkCatalogue | None = None
) -> tuple[Questionnaire | None, list[Problem]]:
    found: list[tuple[str, str]] = []
    if isinstance(data, dict) and not _too_big(data):
        try:
            data = _prepared(data, "", links or LinkCatalogue(), found)
        except RecursionError:
            return None, [Problem(file, "", "nested too deeply")]
    questionnaire, problems = _validate(
        data, file, Questionnaire, lambda q: questionnaire_problems(q, expected_id)
    )
    problems = [Problem(file, path, message) for path, message in found] + problems
    return (None if problems else questionnaire), problems


def parse_questionnaire(
    data: object,
    file: str = "<data>",
    expected_id: str | None = None,
    links: LinkCatalogue | None = None,
) -> Questionnaire:
    """Validate already-parsed data (a dict) and return the questionnaire.

    Figures (``{{name}}``) are written out and measure links given by id are looked up in
    ``links``. Called by ``load_questionnaire`` and by tests that build questionnaires in
    memory. Raises ``QuestionnaireError`` with every problem.
    """
    questionnaire, problems = _questionnaire(data, file, expected_id, links)
    _raise_if(problems)
    assert questionnaire is not None  # no problems means a model was built
    return questionnaire


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Read and validate one ``questionnaires/<id>.yaml``; its id must equal the file stem.

    Links given by id are looked up in the ``links.yaml`` beside it. Called by the CLI and
    tests. Raises ``QuestionnaireError``.
    """
    path = Path(path)
    data, problems = _read_yaml(path)
    _raise_if(problems)
    links = path.parent / LINKS_FILE
    catalogue = load_link_catalogue(links) if links.exists() else LinkCatalogue()
    return parse_questionnaire(data, str(path), expected_id=path.stem, links=catalogue)


def load_questionnaires(directory: str | Path) -> dict[str, Questionnaire]:
    """Load every ``*.yaml`` of ``directory`` except the glossary, coverage and links files.

    Called at application start-up and by ``charter questionnaires check``. Problems of all
    files (the links file included) are collected and raised together as one
    ``QuestionnaireError``.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise QuestionnaireError([Problem(str(directory), "", "directory not found")])
    loaded: dict[str, Questionnaire] = {}
    problems: list[Problem] = []
    catalogue = LinkCatalogue()
    if (directory / LINKS_FILE).exists():
        try:
            catalogue = load_link_catalogue(directory / LINKS_FILE)
        except QuestionnaireError as exc:
            problems += exc.problems
    for path in sorted(directory.glob("*.yaml")):
        if path.name in SHARED_FILES:
            continue
        data, read_problems = _read_yaml(path)
        questionnaire, found = (
            (None, read_problems)
            if read_problems
            else _questionnaire(data, str(path), path.stem, catalogue)
        )
        problems += found
        if questionnaire is not None:
            loaded[questionnaire.id] = questionnaire
    _raise_if(problems)
    return loaded


def _load_model(
    path: str | Path, model: type[M], checks: Callable[[M], list[tuple[str, str]]]
) -> M:
    path = Path(path)
    data, problems = _read_yaml(path)
    obj, found = (None, problems) if problems else _validate(data, str(path), model, checks)
    _raise_if(found)
    assert obj is not None
    return obj


def load_glossary(path: str | Path) -> Glossary:
    """Read ``questionnaires/glossary.yaml``. Called at start-up and by the CLI check."""
    return _load_model(path, Glossary, glossary_problems)


def load_link_catalogue(path: str | Path) -> LinkCatalogue:
    """Read ``questionnaires/links.yaml`` (unique ids, official addresses only).

    Called by the questionnaire loaders. Raises ``QuestionnaireError``.
    """
    return _load_model(path, LinkCatalogue, catalogue_problems)


def load_coverage_exclusions(path: str | Path) -> CoverageExclusions:
    """Read ``questionnaires/coverage-exclusions.yaml``. Called by the coverage CLI command."""

    def duplicates(exclusions: CoverageExclusions) -> list[tuple[str, str]]:
        seen: set[tuple[str, str]] = set()
        found = []
        for i, item in enumerate(exclusions.left_out):
            if (item.questionnaire, item.reference) in seen:
                found.append((f"left_out[{i}]", "this exclusion is listed twice"))
            seen.add((item.questionnaire, item.reference))
        return found

    return _load_model(path, CoverageExclusions, duplicates)


@dataclass(frozen=True)
class DirectoryContents:
    """What a questionnaire folder holds once read: the valid questionnaires by id, the
    glossary (None when absent or invalid) and every problem found."""

    questionnaires: dict[str, Questionnaire]
    glossary: Glossary | None
    problems: list[Problem]


def read_directory(directory: str | Path) -> DirectoryContents:
    """Read and validate every questionnaire, the glossary and the coverage file if present,
    each file parsed once.

    Problems include exclusions naming a questionnaire that does not exist. Called by
    ``create_app`` (through ``charter.definitions``) and by :func:`check_directory`.
    """
    directory = Path(directory)
    problems: list[Problem] = []
    questionnaires: dict[str, Questionnaire] = {}
    glossary: Glossary | None = None
    try:
        questionnaires = load_questionnaires(directory)
    except QuestionnaireError as exc:
        problems += exc.problems
    if (directory / GLOSSARY_FILE).exists():
        try:
            glossary = load_glossary(directory / GLOSSARY_FILE)
        except QuestionnaireError as exc:
            problems += exc.problems
    if (directory / COVERAGE_FILE).exists():
        try:
            exclusions = load_coverage_exclusions(directory / COVERAGE_FILE)
        except QuestionnaireError as exc:
            problems += exc.problems
        else:
            # Compare with file names, not loaded ids: an invalid file is reported once, above.
            names = {p.stem for p in directory.glob("*.yaml")}
            problems += [
                Problem(
                    str(directory / COVERAGE_FILE),
                    f"left_out[{i}].questionnaire",
                    f"no questionnaire '{item.questionnaire}' in {directory}",
                )
                for i, item in enumerate(exclusions.left_out)
                if item.questionnaire not in names
            ]
    return DirectoryContents(questionnaires, glossary, problems)


def check_directory(directory: str | Path) -> list[Problem]:
    """Validate every questionnaire, the glossary and the coverage file if present.

    Returns all problems (empty list: everything is valid), including exclusions naming a
    questionnaire that does not exist. Called by ``charter questionnaires check`` and tests.
    """
    return read_directory(directory).problems
