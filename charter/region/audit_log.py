"""The audit log viewer (``/region/journal``): filters, pages, each event told in French
(``charter.region.audit_labels`` and ``audit_text``), and a button that verifies the hash
chain (GET: verifying changes nothing)."""

from __future__ import annotations

from flask import render_template, request

from charter.bounds import day_param, form_id, page_number
from charter.extensions import db
from charter.region.audit_labels import TARGETS, grouped_options, label, target_label
from charter.region.audit_text import describe
from charter.region.blueprint import bp
from charter.services import audit, audit_search
from charter.services.audit_search import AuditFilters, resolve_names

PER_PAGE = 50


@bp.get("/journal", endpoint="audit_log")
def audit_log() -> str:
    """Events newest first, filtered by actor (e-mail or id), event type (a code, or a family
    given as its prefix « signature. »), target and dates; each told in French."""
    actor_text = request.args.get("acteur", "").strip()[:254]
    action = request.args.get("action", "").strip()[:60]
    target_type = request.args.get("cible", "").strip()[:40]
    target_id = request.args.get("cible_id", "").strip()[:64]
    since, until = day_param("du"), day_param("au")
    filters = AuditFilters(
        actor_email="" if actor_text.isdecimal() else actor_text,
        actor_id=form_id("acteur", request.args) if actor_text.isdecimal() else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        since=since,
        until=until,
    )
    page = audit_search.search(db.session, filters, page_number(), PER_PAGE)
    names = resolve_names(db.session, (event for event, _name, _email in page.items))
    events = [
        {
            "event": event,
            "actor": f"{name} ({email})" if name else None,
            "label": label(event.action),
            "target": target_label(event.target_type),
            "details": describe(event, name or email, names),
        }
        for event, name, email in page.items
    ]
    args = {
        k: v
        for k, v in {
            "acteur": actor_text,
            "action": action,
            "cible": target_type,
            "cible_id": target_id,
            "du": since.isoformat() if since else "",
            "au": until.isoformat() if until else "",
        }.items()
        if v
    }
    return render_template(
        "region/audit_log.html",
        events=events,
        page=page,
        args=args,
        action_groups=grouped_options(audit_search.recorded_actions(db.session)),
        targets=sorted(((code, str(name)) for code, name in TARGETS.items()), key=lambda t: t[1]),
        filtered=bool(args),
    )


@bp.get("/journal/verification", endpoint="audit_verify")
def audit_verify() -> str:
    """Walk the whole chain and say whether it holds, or where it breaks."""
    report = audit.verify_chain(db.session)
    return render_template("region/audit_verify.html", report=report)
