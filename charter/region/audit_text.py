"""The audit journal's details told as French sentences (« Signature de X validée par Y »).

The stored details stay as they are (the chain covers them); this only reads them. Names come
from the current rows: providers and people by name, an SME never by name (the Region does not
see which company obtained which result), figures rounded, dates in words, no raw JSON.

Who calls this: the Region's journal page (``charter.region.audit_log``), once per page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from charter.core.numbers import number_text
from charter.models import AuditEvent
from charter.region.audit_sentences import SENTENCES
from charter.reports.formatting import fr_date
from charter.services import retention
from charter.services.audit_search import Names, as_int


class _Values(dict[str, Any]):
    """Values of a sentence; a missing one reads « — » rather than failing."""

    def __missing__(self, key: str) -> str:
        return "—"


def _day(value: Any) -> str:
    try:
        return fr_date(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


_STATES = {
    "todo": _l("à faire"),
    "doing": _l("en cours"),
    "done": _l("fait"),
    "dismissed": _l("écarté"),
}
_FIELDS = {
    "name": _l("nom"),
    "siret": _l("SIRET"),
    "department": _l("département"),
    "city": _l("commune"),
    "services": _l("services"),
    "website": _l("site web"),
    "sector": _l("secteur"),
    "size_band": _l("effectif"),
}


def _values(event: AuditEvent, actor: str | None, names: Names) -> _Values:
    """The stored details, plus names (actor, person, organisation), dates in words, the
    index rounded and lists in words."""
    details: Mapping[str, Any] = event.details or {}
    target = as_int(event.target_id)
    org_id = as_int(details.get("organization_id") or details.get("provider_id"))
    if org_id is None and event.target_type == "organization":
        org_id = target
    if org_id is None and event.target_type == "signature" and target is not None:
        org_id = names.signature_orgs.get(target)
    # an SME is never named: « l'entreprise n° 5 » (reads right after « de », « à », « pour »)
    if org_id is None:
        organization = _("l'entreprise")
    else:
        organization = names.providers.get(org_id) or _("l'entreprise n° %(id)s", id=org_id)
    user = names.users.get(target) if event.target_type == "user" and target else None
    values = _Values(details)
    values.update(
        actor=actor or _("le service"),
        user=user or actor or _("un compte inconnu"),
        organization=organization,
        target_id=event.target_id or "—",
    )
    for key in ("expires_on", "last_valid_day", "effective_date", "deadline"):
        if key in details:
            values[key] = _day(details[key])
    if isinstance(details.get("index"), int | float):
        values["index"] = number_text(details["index"], 0)
    if event.action == "organization.profile_updated":
        values["fields"] = _words(details.get("fields") or (), _FIELDS)
    if event.action == "organization.profile_from_diagnosis":
        values["fields"] = _words(details, _FIELDS)
    if event.action == "plan_action.updated":
        values["previous"] = _words([details.get("previous") or "todo"], _STATES)
        values["state"] = _words([details.get("state") or ""], _STATES)
    if event.action.startswith("region_user."):
        role = details.get("role") or details.get("to")
        values["role"] = _("administrateur") if role == "region_admin" else _("agent")
    if event.action.startswith("member."):
        role = details.get("to") or details.get("role")
        values["role"] = _("responsable") if role == "owner" else _("membre")
    if event.action == "retention.purged":
        rules = {rule.name: rule.label for rule in retention.rules()}
        values["rule"] = rules.get(event.target_id or "", event.target_id or "—")
    if "questionnaire" in details:
        values["title"] = names.questionnaires.get(details["questionnaire"], _("un questionnaire"))
    return values


def _words(codes: Iterable[Any], words: Mapping[str, Any]) -> str:
    return ", ".join(str(words.get(str(code), code)) for code in codes)


def _count(values: _Values, key: str) -> int:
    return as_int(values.get(key)) or 0


#: Codes whose sentence depends on a detail: (event, values) -> variant suffix or "".
_CHOOSE: dict[str, Callable[[AuditEvent, _Values], str]] = {
    "account.follow_ups_changed": lambda e, v: "" if v.get("wanted") else ":no",
    "account.password_reset_requested": lambda e, v: "" if v.get("known") else ":unknown",
    "auth.2fa_passed": lambda e, v: ":recovery" if v.get("method") == "recovery_code" else "",
    "auth.login_failed": lambda e, v: (
        ":unknown" if not e.target_id else ":locked" if v.get("reason") == "locked" else ""
    ),
    "client.linked": lambda e, v: ":shared" if v.get("share") else "",
    "change_request.answered": lambda e, v: ":done" if v.get("done") else "",
    "signatory.changes_requested": lambda e, v: ":deadline" if v.get("deadline") else "",
    "organization.directory_consent": lambda e, v: ":yes" if v.get("consent") else "",
    "organization.registered": lambda e, v: ":provider" if v.get("kind") == "provider" else "",
}


def _more(event: AuditEvent, values: _Values) -> list[str]:
    """Sentences added after the main one: counts, replaced version, lock, reason, address."""
    more = []
    if event.action == "assessment.started" and _count(values, "copied_answers"):
        more.append(
            ngettext(
                "%(num)d réponse reprise du précédent.",
                "%(num)d réponses reprises du précédent.",
                _count(values, "copied_answers"),
            )
        )
    if event.action == "charter.published" and values.get("supersedes"):
        more.append(_("Elle remplace la version %(old)s.", old=values["supersedes"]))
    if event.action in ("auth.2fa_failed", "auth.reauth_failed") and values.get("locked"):
        more.append(_("Le compte est bloqué pour un temps."))
    if values.get("reason") and event.action != "auth.login_failed":
        more.append(_("Motif : « %(reason)s ».", reason=str(values["reason"]).rstrip(" .")))
    if values.get("error"):
        more.append(_("Erreur : %(error)s.", error=values["error"]))
    if values.get("ip"):
        more.append(_("Adresse IP : %(ip)s.", ip=values["ip"]))
    return more


def _counted(event: AuditEvent, values: _Values) -> str | None:
    """The sentences that need a plural form, or None for the others."""
    if event.action == "client.invited":
        return ngettext(
            "%(actor)s a invité %(num)d client pour %(organization)s.",
            "%(actor)s a invité %(num)d clients pour %(organization)s.",
            _count(values, "count"),
            actor=values["actor"],
            organization=values["organization"],
        )
    if event.action == "auth.other_sessions_revoked":
        return ngettext(
            "%(user)s a fermé %(num)d autre session.",
            "%(user)s a fermé %(num)d autres sessions.",
            _count(values, "count"),
            user=values["user"],
        )
    return None


def describe(event: AuditEvent, actor: str | None, names: Names) -> str:
    """The event told in French sentences, from its code, its details and ``names``.

    ``actor`` is the display name of who acted (None: the service itself). An unknown code
    lists its details as « clé : valeur » pairs, never as JSON.
    """
    values = _values(event, actor, names)
    main = _counted(event, values)
    if main is None:
        choose = _CHOOSE.get(event.action)
        template = SENTENCES.get(event.action + (choose(event, values) if choose else ""))
        if template is None:
            details = event.details or {}
            return "; ".join(f"{key} : {details[key]}" for key in sorted(details))
        main = str(template) % values
    return " ".join([main, *_more(event, values)])


def sentence_codes() -> set[str]:
    """The codes that have a sentence (each variant's base code, and those told with a
    plural in :func:`_counted`): for the tests."""
    return {key.partition(":")[0] for key in SENTENCES} | {
        "client.invited",
        "auth.other_sessions_revoked",
    }
