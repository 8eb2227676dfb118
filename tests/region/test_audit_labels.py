"""Every event code the application can record has a French label, a family and a sentence.

The codes are read from the source: every call of ``audit.record`` (or of ``record`` imported
from ``charter.services.audit``) under ``charter/``, its code argument resolved whether it is a
literal, a conditional, a module constant or a lookup in a module-level dict. A new code
without a label, or a code the scanner cannot resolve, fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import charter
from charter.models import AuditEvent
from charter.region.audit_labels import FAMILIES, LABELS, family, label
from charter.region.audit_text import describe, sentence_codes
from charter.services.audit_search import Names

SOURCE = Path(charter.__file__).parent


def _module_constants(tree: ast.Module) -> dict[str, ast.expr]:
    constants: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    constants[target.id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            constants[node.target.id] = node.value
    return constants


def _codes(node: ast.expr, constants: dict[str, ast.expr], where: str) -> set[str]:
    """Every string ``node`` can evaluate to; fails on an expression it cannot follow."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _codes(node.body, constants, where) | _codes(node.orelse, constants, where)
    if isinstance(node, ast.Name) and node.id in constants:
        return _codes(constants[node.id], constants, where)
    if isinstance(node, ast.Subscript):
        return _codes(node.value, constants, where)
    if isinstance(node, ast.Dict):
        return set().union(*(_codes(v, constants, where) for v in node.values))
    pytest.fail(f"{where}: cannot tell which event code {ast.unparse(node)!r} records")


def _is_record_call(node: ast.Call, local_record: bool) -> bool:
    func = node.func
    if isinstance(func, ast.Attribute):
        return (
            func.attr == "record" and isinstance(func.value, ast.Name) and func.value.id == "audit"
        )
    return local_record and isinstance(func, ast.Name) and func.id == "record"


def recorded_codes() -> dict[str, str]:
    """Code -> first place (file:line) that records it, from every module of the package."""
    return {code: where for code, (where, _keys) in _scan().items()}


def _scan() -> dict[str, tuple[str, set[str]]]:
    """Code -> (first place that records it, detail keys written literally by its calls)."""
    found: dict[str, tuple[str, set[str]]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        local_record = any(
            isinstance(n, ast.ImportFrom)
            and n.module == "charter.services.audit"
            and any(a.name == "record" for a in n.names)
            for n in ast.walk(tree)
        )
        constants = _module_constants(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _is_record_call(node, local_record):
                where = f"{path.relative_to(SOURCE.parent)}:{node.lineno}"
                argument = node.args[1] if len(node.args) > 1 else None
                if argument is None:
                    argument = next(k.value for k in node.keywords if k.arg == "action")
                details = next((k.value for k in node.keywords if k.arg == "details"), None)
                keys = {
                    k.value
                    for k in (details.keys if isinstance(details, ast.Dict) else ())
                    if isinstance(k, ast.Constant) and isinstance(k.value, str)
                }
                for code in _codes(argument, constants, where):
                    found.setdefault(code, (where, set()))[1].update(keys)
    return found


def test_the_scanner_finds_the_codes_it_should():
    codes = recorded_codes()
    # literal, conditional, module constant and dict lookup: one of each, at least
    assert {"auth.login", "auth.reauth_failed", "signatory.changes_requested"} <= set(codes)
    assert {"signature.validated", "signature.superseded"} <= set(codes)
    assert {"demo.organization_created", "demo.user_created"} <= set(codes)
    assert len(codes) >= 60


def test_every_recorded_code_has_a_label_a_family_and_a_sentence():
    codes = recorded_codes()
    missing = {code: where for code, where in codes.items() if code not in LABELS}
    assert not missing, f"event codes without a French label in audit_labels.LABELS: {missing}"
    no_family = sorted(code for code in codes if code.partition(".")[0] not in FAMILIES)
    assert not no_family, f"event codes without a family in audit_labels.FAMILIES: {no_family}"
    no_sentence = sorted(set(codes) - sentence_codes())
    assert not no_sentence, f"event codes without a sentence in audit_text: {no_sentence}"


def test_labels_are_french_and_unknown_codes_still_read(app):
    with app.test_request_context():
        assert label("signature.validated") == "Signature validée"
        assert family("signature.validated") == "Signatures"
        assert label("new.thing") == "Autre événement (new.thing)"
        assert all(str(text) and "_" not in str(text) for text in LABELS.values())


#: A plausible value for each detail key the services write.
SAMPLES = {
    "index": 63.4567,
    "count": 2,
    "days": 30,
    "months": 6,
    "days_before": 30,
    "copied_answers": 3,
    "resealed": 2,
    "unreadable": 1,
    "known": True,
    "wanted": True,
    "consent": True,
    "share": True,
    "locked": True,
    "expires_on": "2028-10-10",
    "last_valid_day": "2028-10-10",
    "effective_date": "2026-12-01",
    "fields": ["name", "city"],
    "kind": "provider",
    "organization_id": 4,
    "provider_id": 4,
    "method": "totp",
    "role": "region_admin",
    "to": "region_reviewer",
    "state": "done",
    "previous": "doing",
    "questionnaire": "pme-essentiel@1",
    "deadline": "2027-01-15",
    "done": True,
}
#: Details a code receives through a helper rather than literally at its call.
EXTRA = {
    "signature.validated": {"certificate_number": "CCN-2026-00003", "expires_on": "2028-10-10"},
    "organization.profile_from_diagnosis": {"sector": "commerce"},
}


def test_every_sentence_fills_its_blanks_from_the_details_it_is_given(app):
    """A placeholder misspelt in a sentence would print « — »: with every detail its code
    records, no sentence has a blank, a leftover placeholder or a brace."""
    names = Names(
        users={5: "Anne Lemarchand"},
        providers={4: "Vexin Cloud"},
        signature_orgs={5: 4},
        questionnaires={"pme-essentiel@1": "Diagnostic essentiel"},
    )
    with app.test_request_context():
        for code, (_where, keys) in _scan().items():
            details = {key: SAMPLES.get(key, "texte") for key in keys} | EXTRA.get(code, {})
            event = AuditEvent(action=code, target_type="user", target_id="5", details=details)
            if code.startswith(("signature.", "signatory.")):
                event.target_type = "signature"
            text = describe(event, "Claire Vasseur", names)
            assert text and "—" not in text and "%(" not in text and "{" not in text, (code, text)
            if "index" in keys:
                assert "63 sur 100" in text
