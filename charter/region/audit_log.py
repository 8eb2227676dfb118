"""The audit log viewer (``/region/journal``): filters, pages, details shown safely, and a
button that verifies the hash chain (GET: verifying changes nothing)."""

from __future__ import annotations

import json
from datetime import timedelta

from flask import render_template, request
from sqlalchemy import select

from charter.bounds import day_param, form_id, page_number
from charter.extensions import db
from charter.models import AuditEvent, User
from charter.region.blueprint import bp
from charter.services import audit
from charter.services.dates import start_of_day
from charter.services.pages import page_of

PER_PAGE = 50


@bp.get("/journal", endpoint="audit_log")
def audit_log() -> str:
    """Events newest first, filtered by actor (e-mail or id), action, target and dates."""
    actor_text = request.args.get("acteur", "").strip()[:254]
    action = request.args.get("action", "").strip()[:60]
    target_type = request.args.get("cible", "").strip()[:40]
    target_id = request.args.get("cible_id", "").strip()[:64]
    since, until = day_param("du"), day_param("au")
    conditions = []
    if actor_text:
        if actor_text.isdecimal():
            conditions.append(AuditEvent.actor_id == form_id("acteur", request.args))
        else:
            ids = select(User.id).where(User.email.contains(actor_text.lower()))
            conditions.append(AuditEvent.actor_id.in_(ids.scalar_subquery()))
    if action:
        conditions.append(AuditEvent.action.startswith(action))
    if target_type:
        conditions.append(AuditEvent.target_type == target_type)
    if target_id:
        conditions.append(AuditEvent.target_id == target_id)
    if since:
        conditions.append(AuditEvent.created_at >= start_of_day(since))
    if until:
        conditions.append(AuditEvent.created_at < start_of_day(until + timedelta(days=1)))
    page = page_of(
        db.session,
        select(AuditEvent, User.full_name, User.email)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(*conditions)
        .order_by(AuditEvent.id.desc()),
        page_number(),
        PER_PAGE,
        scalars=False,
    )
    events = [
        {
            "event": event,
            "actor": f"{name} ({email})" if name else None,
            "details": json.dumps(event.details, ensure_ascii=False, indent=1, sort_keys=True)
            if event.details
            else None,
        }
        for event, name, email in page.items
    ]
    actions = db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
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
        actions=list(actions),
        filtered=bool(args),
    )


@bp.get("/journal/verification", endpoint="audit_verify")
def audit_verify() -> str:
    """Walk the whole chain and say whether it holds, or where it breaks."""
    report = audit.verify_chain(db.session)
    return render_template("region/audit_verify.html", report=report)
