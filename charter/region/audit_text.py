"""The audit journal's details told as French sentences (« Signature de X validée par Y »).

The stored details stay as they are (the chain covers them); this only reads them. Names come
from the current rows: providers and people by name, an SME never by name (the Region does not
see which company obtained which result), figures rounded, dates in words, no raw JSON.

Who calls this: the Region's journal page (``charter.region.audit_log``), once per page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from charter.core.numbers import number_text
from charter.models import AuditEvent, Organization, OrganizationKind, Signature, User
from charter.models.assessment import QuestionnaireVersion
from charter.reports.formatting import fr_date
from charter.services import retention


@dataclass
class Names:
    """Names the sentences of one page need, looked up together (a few queries a page)."""

    users: dict[int, str] = field(default_factory=dict)
    providers: dict[int, str] = field(default_factory=dict)
    signature_orgs: dict[int, int] = field(default_factory=dict)
    questionnaires: dict[str, str] = field(default_factory=dict)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def resolve_names(session: Session, events: Iterable[AuditEvent]) -> Names:
    """Look up, in one query per kind, the people, providers, signatures and questionnaires
    the ``events`` refer to."""
    events = list(events)
    names = Names()
    signature_ids = {_int(e.target_id) for e in events if e.target_type == "signature"} - {None}
    if signature_ids:
        names.signature_orgs = dict(
            session.execute(
                select(Signature.id, Signature.organization_id).where(
                    Signature.id.in_(signature_ids)
                )
            ).all()
        )
    org_ids: set[int | None] = set(names.signature_orgs.values())
    user_ids: set[int | None] = set()
    for event in events:
        details = event.details or {}
        org_ids |= {_int(details.get("organization_id")), _int(details.get("provider_id"))}
        if event.target_type == "organization":
            org_ids.add(_int(event.target_id))
        if event.target_type == "user":
            user_ids.add(_int(event.target_id))
    org_ids.discard(None)
    user_ids.discard(None)
    if org_ids:
        names.providers = dict(
            session.execute(
                select(Organization.id, Organization.name).where(
                    Organization.id.in_(org_ids), Organization.kind == OrganizationKind.PROVIDER
                )
            ).all()
        )
    if user_ids:
        names.users = {
            user_id: full_name or email
            for user_id, full_name, email in session.execute(
                select(User.id, User.full_name, User.email).where(User.id.in_(user_ids))
            )
        }
    if any(e.action == "assessment.started" for e in events):
        names.questionnaires = {
            f"{slug}@{version}": title
            for slug, version, title in session.execute(
                select(
                    QuestionnaireVersion.slug,
                    QuestionnaireVersion.version,
                    QuestionnaireVersion.title,
                )
            )
        }
    return names


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
    target = _int(event.target_id)
    org_id = _int(details.get("organization_id") or details.get("provider_id"))
    if org_id is None and event.target_type == "organization":
        org_id = target
    if org_id is None and event.target_type == "signature" and target is not None:
        org_id = names.signature_orgs.get(target)
    if org_id is None:
        organization = _("une entreprise")
    else:
        organization = names.providers.get(org_id) or _("une entreprise (n° %(id)s)", id=org_id)
    user = names.users.get(target) if event.target_type == "user" and target else None
    values = _Values(details)
    values.update(
        actor=actor or _("le service"),
        user=user or actor or _("un compte inconnu"),
        organization=organization,
        target_id=event.target_id or "—",
    )
    for key in ("expires_on", "last_valid_day", "effective_date"):
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
    if event.action == "retention.purged":
        rules = {rule.name: rule.label for rule in retention.rules()}
        values["rule"] = rules.get(event.target_id or "", event.target_id or "—")
    if "questionnaire" in details:
        values["title"] = names.questionnaires.get(details["questionnaire"], _("un questionnaire"))
    return values


def _words(codes: Iterable[Any], words: Mapping[str, Any]) -> str:
    return ", ".join(str(words.get(str(code), code)) for code in codes)


def _count(values: _Values, key: str) -> int:
    return _int(values.get(key)) or 0


#: Sentences made from the values (``%(name)s`` placeholders), one per code; a code that
#: reads differently with its details is in :data:`_CHOOSE`.
_SENTENCES = {
    "account.admin_created": _l("Compte administrateur créé en ligne de commande pour %(user)s."),
    "account.deleted": _l("Compte n° %(target_id)s supprimé par son titulaire."),
    "account.email_verified": _l("%(user)s a confirmé son adresse e-mail."),
    "account.follow_ups_changed": _l("%(user)s accepte les relances de suivi."),
    "account.follow_ups_changed:no": _l("%(user)s ne veut plus de relances de suivi."),
    "account.password_change_refused": _l("Changement de mot de passe refusé pour %(user)s."),
    "account.password_changed": _l("%(user)s a changé son mot de passe."),
    "account.password_reset": _l(
        "%(user)s a réinitialisé son mot de passe par le lien reçu par e-mail."
    ),
    "account.password_reset_requested": _l(
        "Réinitialisation du mot de passe demandée pour %(user)s."
    ),
    "account.password_reset_requested:unknown": _l(
        "Réinitialisation du mot de passe demandée pour une adresse inconnue."
    ),
    "account.profile_updated": _l("%(user)s a modifié son nom ou ses coordonnées."),
    "account.registered": _l("Compte créé pour %(user)s."),
    "account.registration_existing_email": _l(
        "Inscription tentée avec une adresse déjà utilisée par %(user)s, prévenu(e) par e-mail."
    ),
    "assessment.draft_deleted": _l("%(actor)s a supprimé un brouillon de questionnaire."),
    "assessment.follow_up_failed": _l("La relance à %(months)s mois n'a pas pu être envoyée."),
    "assessment.follow_up_sent": _l("Relance envoyée %(months)s mois après un diagnostic."),
    "assessment.started": _l("%(actor)s a commencé le questionnaire « %(title)s »."),
    "assessment.submitted": _l("%(actor)s a envoyé un questionnaire : indice %(index)s sur 100."),
    "auth.2fa_disabled": _l("%(user)s a désactivé la double authentification."),
    "auth.2fa_enabled": _l("%(user)s a activé la double authentification."),
    "auth.2fa_failed": _l("Code refusé pour %(user)s."),
    "auth.2fa_passed": _l("Double authentification réussie pour %(user)s."),
    "auth.2fa_passed:recovery": _l(
        "Double authentification réussie pour %(user)s, avec un code de secours."
    ),
    "auth.locked": _l("%(user)s : compte bloqué pour un temps après plusieurs échecs."),
    "auth.login": _l("Connexion de %(user)s."),
    "auth.login_failed": _l("Échec de connexion pour %(user)s."),
    "auth.login_failed:locked": _l("Échec de connexion pour %(user)s : le compte était bloqué."),
    "auth.login_failed:unknown": _l("Échec de connexion avec une adresse inconnue."),
    "auth.logout": _l("Déconnexion de %(user)s."),
    "auth.reauth_failed": _l("Mot de passe refusé à %(user)s avant une action sensible."),
    "auth.reauth_passed": _l("%(user)s a confirmé son identité avant une action sensible."),
    "auth.recovery_codes_regenerated": _l("Nouveaux codes de secours pour %(user)s."),
    "charter.published": _l("Version %(label)s de la charte publiée par %(actor)s."),
    "client.consent_given": _l(
        "Une entreprise cliente partage ses résultats avec %(organization)s."
    ),
    "client.consent_withdrawn": _l(
        "Une entreprise cliente ne partage plus ses résultats avec %(organization)s."
    ),
    "client.invitation_accepted": _l("%(actor)s a accepté l'invitation d'un prestataire."),
    "client.invitation_cancelled": _l("%(actor)s a annulé l'invitation d'un client."),
    "client.invitation_resent": _l("%(actor)s a renvoyé l'invitation d'un client."),
    "client.linked": _l(
        "%(actor)s a relié son entreprise à un prestataire, sans partage des résultats."
    ),
    "client.linked:shared": _l(
        "%(actor)s a relié son entreprise à un prestataire, avec partage des résultats."
    ),
    "client.unlinked": _l(
        "Lien entre %(organization)s et une entreprise cliente retiré par %(actor)s."
    ),
    "demo.organization_created": _l("Démonstration : %(organization)s créée."),
    "demo.user_created": _l("Démonstration : compte créé pour %(user)s."),
    "mail.retried": _l("%(actor)s a demandé un nouvel essai d'envoi d'un e-mail."),
    "organization.directory_consent": _l(
        "%(organization)s ne figure plus dans l'annuaire public, au choix de %(actor)s."
    ),
    "organization.directory_consent:yes": _l(
        "%(organization)s figure dans l'annuaire public, au choix de %(actor)s."
    ),
    "organization.profile_from_diagnosis": _l(
        "Profil de l'entreprise complété par ses réponses : %(fields)s."
    ),
    "organization.profile_updated": _l(
        "%(actor)s a modifié le profil de %(organization)s : %(fields)s."
    ),
    "organization.registered": _l("%(actor)s a inscrit son entreprise."),
    "organization.registered:provider": _l(
        "%(actor)s a inscrit %(organization)s, prestataire, SIRET %(siret)s."
    ),
    "plan_action.updated": _l(
        "%(actor)s a passé une action du plan de « %(previous)s » à « %(state)s »."
    ),
    "region_user.activated": _l("%(user)s a activé son compte de l'espace Région."),
    "region_user.deactivated": _l("%(user)s : compte Région désactivé par %(actor)s."),
    "region_user.invited": _l("%(actor)s a invité %(user)s comme %(role)s."),
    "region_user.reactivated": _l("%(user)s : compte Région réactivé par %(actor)s."),
    "region_user.role_changed": _l("%(actor)s a fait de %(user)s un %(role)s."),
    "retention.purged": _l("%(rule)s, plus de %(days)s jours : %(count)s effacés."),
    "security.secrets_resealed": _l(
        "Secrets de double authentification scellés avec la clé actuelle : %(resealed)s ; "
        "illisibles : %(unreadable)s."
    ),
    "signatory.changes_requested": _l("Modifications demandées à %(organization)s par %(actor)s."),
    "signature.reinstated": _l("Signature de %(organization)s rétablie par %(actor)s."),
    "signature.rejected": _l("Signature de %(organization)s refusée par %(actor)s."),
    "signature.reminder_failed": _l(
        "Le rappel à %(days_before)s jours n'a pas pu être envoyé à %(organization)s."
    ),
    "signature.reminder_sent": _l(
        "Rappel envoyé à %(organization)s, %(days_before)s jours avant la fin de validité "
        "(%(last_valid_day)s)."
    ),
    "signature.revoked": _l("Signature de %(organization)s révoquée par %(actor)s."),
    "signature.signed": _l(
        "%(actor)s a signé la version %(charter_version)s de la charte pour %(organization)s."
    ),
    "signature.superseded": _l("Ancienne signature de %(organization)s remplacée."),
    "signature.suspended": _l("Signature de %(organization)s suspendue par %(actor)s."),
    "signature.validated": _l(
        "Signature de %(organization)s validée par %(actor)s : attestation n° "
        "%(certificate_number)s, valable jusqu'au %(expires_on)s."
    ),
    "terms.accepted": _l("%(user)s a accepté les conditions d'utilisation, version %(label)s."),
    "terms.published": _l(
        "Conditions d'utilisation, version %(label)s, en vigueur le %(effective_date)s."
    ),
}

#: Codes whose sentence depends on a detail: (event, values) -> variant suffix or "".
_CHOOSE: dict[str, Callable[[AuditEvent, _Values], str]] = {
    "account.follow_ups_changed": lambda e, v: "" if v.get("wanted") else ":no",
    "account.password_reset_requested": lambda e, v: "" if v.get("known") else ":unknown",
    "auth.2fa_passed": lambda e, v: ":recovery" if v.get("method") == "recovery_code" else "",
    "auth.login_failed": lambda e, v: (
        ":unknown" if not e.target_id else ":locked" if v.get("reason") == "locked" else ""
    ),
    "client.linked": lambda e, v: ":shared" if v.get("share") else "",
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
        template = _SENTENCES.get(event.action + (choose(event, values) if choose else ""))
        if template is None:
            details = event.details or {}
            return "; ".join(f"{key} : {details[key]}" for key in sorted(details))
        main = str(template) % values
    return " ".join([main, *_more(event, values)])


def sentence_codes() -> set[str]:
    """The codes that have a sentence (each variant's base code, and those told with a
    plural in :func:`_counted`): for the tests."""
    return {key.partition(":")[0] for key in _SENTENCES} | {
        "client.invited",
        "auth.other_sessions_revoked",
    }
