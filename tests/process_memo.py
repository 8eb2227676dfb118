"""What every application of a test run would otherwise redo: compiled once per process.

The suite builds a new application for almost every test (``app`` is function-scoped: its own
database, instance folder and configuration). Four costs of a new application do not depend
on any of that, and were most of a test's fixed cost (measured on this machine, CPU time):

- Werkzeug parses each of the ~150 routes and compiles a URL builder for it (an ``ast`` turned
  into Python code), twice: 60 to 100 ms per application.
- Each application has a Jinja environment of its own, so every template a test renders was
  compiled again (10 ms a template, 70 ms for a test that shows a page or two).
- Each application has a SQLAlchemy engine of its own, and an engine's cache of compiled SQL
  is keyed by its dialect object: every test compiled every statement it ran again, about
  120 s of CPU over the two legs of ``make test`` (py-spy, 2026-12-07).
- On PostgreSQL, each engine opened new connections: a new server process per test, which
  read the catalogue again for every table (the leg's tests took 15 % longer; see
  :func:`_share_pool`).

:func:`install` (called by ``tests/conftest.py`` on import) keeps them in process memory,
keyed by everything their result depends on, so losing them changes nothing: a parsed route
by its text and the map's converters, a route builder by the rule's parsed parts, defaults and
mode; a template's code by its name, file, source checksum and the environment's compile
settings (Jinja's own bytecode cache contract, with the environment's fingerprint added);
compiled SQL by SQLAlchemy's own cache key, the engines of one driver and one set of options
sharing one dialect (see :func:`_shared_dialect`); connections by database and engine options.
Production builds one application per process and is not touched.
``tests/test_process_memo.py`` checks that the memos change no URL, no page and no row read,
and that a shared connection carries nothing of the previous test's transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import flask
import flask_sqlalchemy
from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from sqlalchemy import event
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.pool import Pool
from sqlalchemy.util import LRUCache
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


#: What ``Rule.compile`` worked out for a rule: parts, trace, converters, argument names.
_COMPILED_RULES: dict[tuple[Any, ...], tuple[Any, ...]] = {}


def _rule_key(rule: Rule) -> tuple[Any, ...]:
    """Everything ``Rule.compile`` reads: the rule's text, its host or subdomain, its slash
    merging, and the map's converter classes (the application replaces ``int``)."""
    url_map = rule.map
    assert url_map is not None, "rule not bound"
    domain = rule.host if url_map.host_matching else rule.subdomain
    return (
        rule.rule,
        domain or "",
        url_map.host_matching,
        rule.merge_slashes,
        tuple(url_map.converters.items()),
    )


def _memoised_compile(compile_rule: Callable[[Rule], None]) -> Callable[[Rule], None]:
    """Wrap ``Rule.compile``: parse a rule once per process, then hand each new rule of the
    same key copies of the result. Converters are shared between maps: Werkzeug's and the
    application's keep only their arguments."""

    def compile_once(self: Rule) -> None:
        key = _rule_key(self)
        known = _COMPILED_RULES.get(key)
        if known is None:
            given = set(self.arguments)
            compile_rule(self)
            _COMPILED_RULES[key] = (
                tuple(self._parts),
                tuple(self._trace),
                dict(self._converters),
                frozenset(self.arguments - given),
            )
            return
        parts, trace, converters, arguments = known
        self._parts = list(parts)
        self._trace = list(trace)
        self._converters = dict(converters)
        self.arguments |= arguments
        self._build = self._compile_builder(False).__get__(self, None)
        self._build_unknown = self._compile_builder(True).__get__(self, None)

    compile_once.__wrapped__ = compile_rule  # type: ignore[attr-defined]
    return compile_once


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


#: Compiled statements kept per dialect: every statement of the suite, with room to spare
#: (SQLAlchemy's default of 500 is sized for one application's).
_COMPILED_STATEMENTS = 5000

#: The first initialised dialect of each driver and set of engine options, and its cache.
_DIALECTS: dict[str, tuple[Dialect, LRUCache[Any, Any]]] = {}


def _dialect_key(engine: Engine, options: dict[str, Any]) -> str:
    """What SQL compilation may depend on: the dialect's class and the engine's options. The
    address is left out (each test has its own database; the suite uses one server)."""
    settings = sorted((name, repr(value)) for name, value in options.items() if name != "url")
    return repr((type(engine.dialect), engine.url.drivername, settings))


def _shared_dialect(make_engine: Callable[..., Engine]) -> Callable[..., Engine]:
    """Wrap Flask-SQLAlchemy's engine factory so that the engines of one driver and one set of
    options share a dialect and its cache of compiled SQL.

    SQLAlchemy keys a compiled statement by the dialect object itself, so a new engine never
    reused another's work. A dialect is shared only once its first connection initialised it
    (server version, capabilities); an engine created before that keeps its own.
    """

    def make(self: Any, bind_key: str | None, options: dict[str, Any], app: Any) -> Engine:
        engine = make_engine(self, bind_key, options, app)
        key = _dialect_key(engine, options)
        shared = _DIALECTS.get(key)
        if shared is not None:
            engine.dialect, engine._compiled_cache = shared
            _share_pool(engine, key)
            return engine
        engine._compiled_cache = LRUCache(_COMPILED_STATEMENTS)

        def initialised(*_args: Any) -> None:
            # listeners run in order: SQLAlchemy's own, which initialises the dialect on the
            # first connection, was registered when the engine was made
            _DIALECTS.setdefault(key, (engine.dialect, engine._compiled_cache))

        event.listen(engine.pool, "connect", initialised, once=True)
        return engine

    make.__wrapped__ = make_engine  # type: ignore[attr-defined]
    return make


#: The connection pool of each PostgreSQL database and set of engine options, shared by the
#: engines of the process (see :func:`_share_pool`).
_POOLS: dict[tuple[str, str], Pool] = {}


def _share_pool(engine: Engine, key: str) -> None:
    """Give ``engine`` the pool of the first engine made on its PostgreSQL database with the
    same options, so that a test's application starts on warm connections.

    A new connection is a new server process that loads the catalogue again for every table
    it touches: 15 to 20 ms of the server's CPU, paid again by every test. The tests share one
    database per process and put its rows back before each test; a connection goes back to the
    pool rolled back, with no lock and no transaction. ``release`` hands the pool back at the
    end of a test; ``engine.dispose()`` still closes its connections (a restore needs that).
    SQLite keeps a pool per engine: each test has a file of its own.
    """
    if engine.dialect.name != "postgresql":
        return
    address = (key, engine.url.render_as_string(hide_password=False))
    pool = _POOLS.get(address)
    if pool is None:
        _POOLS[address] = engine.pool
    else:
        engine.pool = pool


def release(engine: Engine) -> None:
    """Close ``engine``'s connections at the end of a test, except those of a shared pool,
    which stay open for the next test's application."""
    if engine.pool in _POOLS.values():
        engine.dispose(close=False)
    else:
        engine.dispose()


def close_pools() -> None:
    """Close every shared pool's connections (before the tests' database is dropped)."""
    for pool in _POOLS.values():
        pool.dispose()
    _POOLS.clear()


#: The one bytecode cache of the process (``install`` hands it to every Flask application).
BYTECODE = ProcessBytecodeCache()


def install() -> None:
    """Memoise Werkzeug's route parsing and route builders, and share one Jinja bytecode
    cache, one cache of compiled SQL per dialect and, on PostgreSQL, one connection pool per
    database between the applications of this process. Idempotent; for the test suite only."""
    extension = flask_sqlalchemy.SQLAlchemy
    if not hasattr(extension._make_engine, "__wrapped__"):
        extension._make_engine = _shared_dialect(extension._make_engine)  # type: ignore[method-assign]
    if not hasattr(Rule.compile, "__wrapped__"):
        Rule.compile = _memoised_compile(Rule.compile)  # type: ignore[method-assign]
    if not hasattr(Rule._compile_builder, "__wrapped__"):
        Rule._compile_builder = _memoised_builder(Rule._compile_builder)  # type: ignore[method-assign]
    if "bytecode_cache" not in flask.Flask.jinja_options:
        flask.Flask.jinja_options = {**flask.Flask.jinja_options, "bytecode_cache": BYTECODE}
