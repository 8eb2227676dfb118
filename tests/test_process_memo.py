"""The suite's process memos (tests/process_memo.py) change no URL and no page."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import DictLoader, Environment
from werkzeug.routing.converters import IntegerConverter
from werkzeug.routing.rules import Rule

from charter import create_app
from tests.conftest import _test_config
from tests.process_memo import BYTECODE, release


def _values(rule: Rule) -> dict[str, Any]:
    return {
        name: 7 if isinstance(rule._converters[name], IntegerConverter) else "x-y"
        for name in rule.arguments
        if name not in (rule.defaults or {})
    }


def test_every_route_builds_the_url_a_fresh_builder_builds(tmp_path):
    first = create_app(_test_config(f"sqlite:///{tmp_path}/a.sqlite3", tmp_path))
    second = create_app(_test_config(f"sqlite:///{tmp_path}/b.sqlite3", tmp_path))
    fresh_builder = Rule._compile_builder.__wrapped__  # type: ignore[attr-defined]
    rules = {rule.endpoint: rule for rule in second.url_map.iter_rules()}
    assert len(rules) > 100
    for rule in first.url_map.iter_rules():
        values = _values(rule)
        for append_unknown in (False, True):
            fresh = fresh_builder(rule, append_unknown).__get__(rule, None)
            built = (rule._build_unknown if append_unknown else rule._build)(**values)
            assert built == fresh(**values), rule.rule
            assert rule._build_unknown(**values, page=2) == fresh_builder(rule, True).__get__(
                rule, None
            )(**values, page=2)
        # the second application's rule reuses the first one's compiled code
        assert rules[rule.endpoint]._build.__func__ is rule._build.__func__


def test_a_changed_template_is_compiled_again():
    sources = {"page.html": "one {{ value }}"}
    environment = Environment(loader=DictLoader(sources), bytecode_cache=BYTECODE, autoescape=True)
    assert environment.get_template("page.html").render(value=1) == "one 1"
    sources["page.html"] = "two {{ value }}"
    again = Environment(loader=DictLoader(sources), bytecode_cache=BYTECODE, autoescape=True)
    assert again.get_template("page.html").render(value=2) == "two 2"


def test_environments_that_compile_differently_share_no_code():
    sources = {"block.html": "{% if true %}\n  kept\n{% endif %}\n"}
    plain = Environment(loader=DictLoader(sources), bytecode_cache=BYTECODE, autoescape=True)
    trimmed = Environment(
        loader=DictLoader(sources),
        bytecode_cache=BYTECODE,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    assert plain.get_template("block.html").render() == "\n  kept\n"
    assert trimmed.get_template("block.html").render() == "  kept\n"


def test_test_applications_share_one_bytecode_cache(app, client):
    assert app.jinja_env.bytecode_cache is BYTECODE
    assert client.get("/").status_code == 200
    assert BYTECODE.codes


def test_applications_share_the_sql_they_compiled(make_app):
    """A second application on the same driver reuses the statements the first compiled, and
    reads the same rows with them."""
    from sqlalchemy import select

    from charter.extensions import db
    from charter.models import QuestionnaireVersion

    statement = select(QuestionnaireVersion.id, QuestionnaireVersion.slug).order_by(
        QuestionnaireVersion.id
    )
    first, second = make_app(), make_app()
    with first.app_context():
        rows = db.session.execute(statement).all()
        engine = db.engine
    with second.app_context():
        compiled = len(db.engine._compiled_cache)
        assert db.engine.dialect is engine.dialect
        assert db.engine._compiled_cache is engine._compiled_cache
        assert db.session.execute(statement).all() == rows != []
        assert len(db.engine._compiled_cache) == compiled  # nothing compiled again


def test_every_route_is_parsed_as_a_fresh_parse_would(tmp_path):
    app = create_app(_test_config(f"sqlite:///{tmp_path}/a.sqlite3", tmp_path))
    fresh_compile = Rule.compile.__wrapped__  # type: ignore[attr-defined]
    rules = list(app.url_map.iter_rules())
    assert len(rules) > 100
    for rule in rules:
        memoised = (
            list(rule._parts),
            list(rule._trace),
            {name: type(c) for name, c in rule._converters.items()},
            set(rule.arguments),
        )
        fresh_compile(rule)
        assert memoised == (
            rule._parts,
            rule._trace,
            {name: type(c) for name, c in rule._converters.items()},
            rule.arguments,
        ), rule.rule
    adapter = app.url_map.bind("localhost")
    assert adapter.match("/pme/diagnostics/12/themes/sauvegardes")[1] == {
        "assessment_id": 12,
        "theme_id": "sauvegardes",
    }


@pytest.mark.postgres
def test_a_test_application_starts_on_a_connection_a_previous_one_opened(make_app):
    """On PostgreSQL a released application leaves its connections open for the next one,
    with nothing of its transaction left; ``dispose()`` still closes them."""
    from sqlalchemy import text

    from charter.extensions import db

    opened = text("SELECT backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()")
    first = make_app()
    with first.app_context():
        db.session.execute(text("CREATE TEMPORARY TABLE scratch (n integer) ON COMMIT DROP"))
        db.session.remove()  # rolled back: nothing of the transaction goes on
        release(db.engine)
        before_second = db.session.scalar(text("SELECT clock_timestamp()"))
        db.session.remove()
        release(db.engine)
    second = make_app()
    with second.app_context():
        assert db.session.scalar(opened) < before_second  # not a new server process
        assert db.session.scalar(text("SELECT to_regclass('pg_temp.scratch')")) is None
        db.session.remove()
        db.engine.dispose()
        before_third = db.session.scalar(text("SELECT clock_timestamp()"))
        db.session.remove()
        db.engine.dispose()
    third = make_app()
    with third.app_context():
        assert db.session.scalar(opened) > before_third


def test_the_suite_and_the_processes_it_starts_keep_their_bytecode():
    """tests/__init__.py lifts PYTHONDONTWRITEBYTECODE for the run and what it starts."""
    import subprocess
    import sys

    assert sys.dont_write_bytecode is False
    started = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.dont_write_bytecode)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert started.stdout.strip() == "False"
