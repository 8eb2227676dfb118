"""What every application of a test run would otherwise redo: compiled once per process.

The suite builds a new application for almost every test (``app`` is function-scoped: its own
database, instance folder and configuration). Two costs of a new application do not depend on
any of that, and were most of a test's fixed cost (measured on this machine, CPU time):

- Werkzeug compiles a URL builder (an ``ast`` turned into Python code) for each of the ~150
  routes, twice: 60 to 100 ms per application.
- Each application has a Jinja environment of its own, so every template a test renders was
  compiled again (10 ms a template, 70 ms for a test that shows a page or two).

:func:`install` (called by ``tests/conftest.py`` on import) keeps both in process memory,
keyed by everything their result depends on, so losing them changes nothing: a route builder
by the rule's parsed parts, defaults and mode; a template's code by its name, file, source
checksum and the environment's compile settings (Jinja's own bytecode cache contract, with
the environment's fingerprint added). Production builds one application per process and is
not touched. ``tests/test_process_memo.py`` checks that the memos change no URL and no page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import flask
from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from werkzeug.routing.rules import Rule

_BUILDERS: dict[tuple[Any, ...], Callable[..., tuple[str, str]]] = {}


def _builder_key(rule: Rule, append_unknown: bool) -> tuple[Any, ...]:
    """Everything ``Rule._compile_builder`` reads: the rule's parsed trace, its defaults (a
    default that fills a placeholder is compiled in through its converter) and the mode."""
    defaults = rule.defaults or {}
    resolved = tuple(
        (data, rule._converters[data].to_url(defaults[data]))
        for is_dynamic, data in rule._trace
        if is_dynamic and data in defaults
    )
    return (rule.rule, tuple(rule._trace), tuple(defaults), resolved, append_unknown)


def _memoised_builder(
    compile_builder: Callable[[Rule, bool], Callable[..., tuple[str, str]]],
) -> Callable[[Rule, bool], Callable[..., tuple[str, str]]]:
    def compile_once(self: Rule, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        key = _builder_key(self, append_unknown)
        builder = _BUILDERS.get(key)
        if builder is None:
            builder = _BUILDERS[key] = compile_builder(self, append_unknown)
        return builder

    compile_once.__wrapped__ = compile_builder  # type: ignore[attr-defined]
    return compile_once


class ProcessBytecodeCache(BytecodeCache):
    """Jinja bytecode kept in memory for the process, shared by every test application.

    Jinja already checks a bucket against the checksum of the template's source (an edited
    file is compiled again); the key adds the environment's compile settings, so that two
    environments that would compile a source differently never share its code.
    """

    def __init__(self) -> None:
        self.codes: dict[str, bytes] = {}

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        key = self.get_cache_key(f"{_compile_settings(environment, name)}\0{name}", filename)
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


def _compile_settings(environment: Environment, name: str) -> str:
    """A digest of what Jinja's compiler reads from the environment (syntax, whitespace,
    extensions, autoescaping of this template, the filters and tests it can name)."""
    autoescape = environment.autoescape
    settings = (
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        environment.finalize is not None,
        getattr(environment, "newstyle_gettext", None),
        autoescape(name) if callable(autoescape) else autoescape,
        tuple(sorted(environment.extensions)),
        tuple(sorted(environment.filters)),
        tuple(sorted(environment.tests)),
    )
    return hashlib.sha1(repr(settings).encode(), usedforsecurity=False).hexdigest()


#: The one bytecode cache of the process (``install`` hands it to every Flask application).
BYTECODE = ProcessBytecodeCache()


def install() -> None:
    """Memoise Werkzeug's route builders and share one Jinja bytecode cache between the
    applications of this process. Idempotent; for the test suite only."""
    if not hasattr(Rule._compile_builder, "__wrapped__"):
        Rule._compile_builder = _memoised_builder(Rule._compile_builder)  # type: ignore[method-assign]
    if "bytecode_cache" not in flask.Flask.jinja_options:
        flask.Flask.jinja_options = {**flask.Flask.jinja_options, "bytecode_cache": BYTECODE}
