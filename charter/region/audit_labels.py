"""French names of the audit journal's event codes, of their families and of target types.

Every code a service can record has a label here: ``tests/region/test_audit_labels.py`` reads
the source for every call of :func:`charter.services.audit.record` and fails on a code without
one. A code recorded by an older release and missing here is still shown, by its code.

Who calls this: the Region's journal page (``charter.region.audit_log``) and its sentences
(``charter.region.audit_text``).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

#: Event code -> what happened, as a short French noun phrase.
LABELS = {
    "account.admin_created": _l("Compte administrateur créé"),
    "account.deleted": _l("Compte supprimé"),
    "account.email_verified": _l("Adresse e-mail confirmée"),
    "account.follow_ups_changed": _l("Choix des relances de suivi modifié"),
    "account.password_change_refused": _l("Changement de mot de passe refusé"),
    "account.password_changed": _l("Mot de passe changé"),
    "account.password_reset": _l("Mot de passe réinitialisé"),
    "account.password_reset_requested": _l("Réinitialisation du mot de passe demandée"),
    "account.profile_updated": _l("Coordonnées personnelles modifiées"),
    "account.registered": _l("Compte créé"),
    "account.registration_existing_email": _l("Inscription avec une adresse déjà connue"),
    "assessment.anonymous_started": _l("Diagnostic sans compte commencé"),
    "assessment.draft_deleted": _l("Brouillon de questionnaire supprimé"),
    "assessment.follow_up_failed": _l("Relance de suivi non envoyée"),
    "assessment.follow_up_sent": _l("Relance de suivi envoyée"),
    "assessment.kept": _l("Diagnostic sans compte gardé dans un compte"),
    "assessment.started": _l("Questionnaire commencé"),
    "assessment.submitted": _l("Questionnaire envoyé"),
    "auth.2fa_disabled": _l("Double authentification désactivée"),
    "auth.2fa_enabled": _l("Double authentification activée"),
    "auth.2fa_failed": _l("Code de double authentification refusé"),
    "auth.2fa_passed": _l("Double authentification réussie"),
    "auth.locked": _l("Compte bloqué temporairement"),
    "auth.login": _l("Connexion"),
    "auth.login_failed": _l("Échec de connexion"),
    "auth.logout": _l("Déconnexion"),
    "auth.other_sessions_revoked": _l("Autres sessions fermées"),
    "auth.reauth_failed": _l("Confirmation d'identité refusée"),
    "auth.reauth_passed": _l("Identité confirmée"),
    "auth.recovery_codes_regenerated": _l("Codes de secours renouvelés"),
    "change_request.answered": _l("Réponse du prestataire à une demande de modifications"),
    "change_request.closed": _l("Demande de modifications close"),
    "change_request.reminder_sent": _l("Rappel d'une demande de modifications envoyé"),
    "change_request.replied": _l("Message de la Région sur une demande de modifications"),
    "charter.published": _l("Version de la charte publiée"),
    "client.consent_given": _l("Partage des résultats accordé"),
    "client.consent_withdrawn": _l("Partage des résultats retiré"),
    "client.invitation_accepted": _l("Invitation d'un client acceptée"),
    "client.invitation_cancelled": _l("Invitation d'un client annulée"),
    "client.invitation_resent": _l("Invitation d'un client renvoyée"),
    "client.invited": _l("Clients invités"),
    "client.linked": _l("Client relié à un prestataire"),
    "client.nudged": _l("Client invité à faire son diagnostic"),
    "client.unlinked": _l("Lien avec un client retiré"),
    "demo.organization_created": _l("Démonstration : entreprise créée"),
    "demo.user_created": _l("Démonstration : compte créé"),
    "mail.retried": _l("Nouvel essai d'envoi d'un e-mail"),
    "member.invitation_cancelled": _l("Invitation d'un membre annulée"),
    "member.invitation_resent": _l("Invitation d'un membre renvoyée"),
    "member.invited": _l("Membre invité dans une entreprise"),
    "member.joined": _l("Membre arrivé dans une entreprise"),
    "member.left": _l("Membre parti d'une entreprise"),
    "member.ownership_transferred": _l("Responsabilité d'une entreprise confiée"),
    "member.removed": _l("Membre retiré d'une entreprise"),
    "member.role_changed": _l("Rôle d'un membre changé"),
    "organization.claimed": _l("Fiche importée reprise par l'entreprise"),
    "organization.directory_consent": _l("Présence dans l'annuaire modifiée"),
    "organization.profile_from_diagnosis": _l("Profil complété par un diagnostic"),
    "organization.profile_updated": _l("Profil de l'entreprise modifié"),
    "organization.registered": _l("Entreprise inscrite"),
    "plan_action.updated": _l("Action du plan mise à jour"),
    "region_user.activated": _l("Compte Région activé"),
    "region_user.deactivated": _l("Compte Région désactivé"),
    "region_user.invited": _l("Personne invitée dans l'espace Région"),
    "region_user.reactivated": _l("Compte Région réactivé"),
    "region_user.role_changed": _l("Rôle dans l'espace Région changé"),
    "retention.purged": _l("Données anciennes effacées"),
    "security.secrets_resealed": _l("Secrets de double authentification scellés à nouveau"),
    "signatories.imported": _l("Signataires importés"),
    "signatory.changes_requested": _l("Modifications demandées"),
    "signature.reinstated": _l("Signature rétablie"),
    "signature.rejected": _l("Signature refusée"),
    "signature.reminder_failed": _l("Rappel de renouvellement non envoyé"),
    "signature.reminder_sent": _l("Rappel de renouvellement envoyé"),
    "signature.revoked": _l("Signature révoquée"),
    "signature.signed": _l("Charte signée"),
    "signature.superseded": _l("Signature remplacée"),
    "signature.suspended": _l("Signature suspendue"),
    "signature.validated": _l("Signature validée"),
    "terms.accepted": _l("Conditions d'utilisation acceptées"),
    "terms.published": _l("Conditions d'utilisation publiées"),
}

#: The part of a code before its dot -> the family it belongs to (the filter's groups).
FAMILIES = {
    "signature": _l("Signatures"),
    "signatory": _l("Décisions sur les signataires"),
    "change_request": _l("Demandes de modifications"),
    "signatories": _l("Imports de signataires"),
    "charter": _l("Versions de la charte"),
    "organization": _l("Entreprises"),
    "client": _l("Clients des prestataires"),
    "assessment": _l("Questionnaires"),
    "plan_action": _l("Plans d'action"),
    "account": _l("Comptes"),
    "member": _l("Membres des entreprises"),
    "auth": _l("Connexions"),
    "security": _l("Sécurité"),
    "region_user": _l("Utilisateurs de la Région"),
    "terms": _l("Conditions d'utilisation"),
    "mail": _l("E-mails"),
    "retention": _l("Conservation des données"),
    "demo": _l("Démonstration"),
}

#: What an event acts on -> its French name (the « Cible » column and its filter).
TARGETS = {
    "signature": _l("Signature"),
    "organization": _l("Entreprise"),
    "user": _l("Compte"),
    "assessment": _l("Questionnaire"),
    "client_link": _l("Lien client"),
    "invitation": _l("Invitation"),
    "member_invitation": _l("Invitation d'un membre"),
    "charter_version": _l("Version de la charte"),
    "terms_version": _l("Conditions d'utilisation"),
    "outgoing_mail": _l("E-mail"),
    "retention_rule": _l("Règle de conservation"),
    "signatory_import": _l("Import de signataires"),
}


def label(code: str) -> str:
    """The French label of an event code; an unknown code is named as « Autre événement »."""
    known = LABELS.get(code)
    return str(known) if known is not None else _("Autre événement (%(code)s)", code=code)


def family(code: str) -> str:
    """The French name of the family (the part before the dot) an event code belongs to."""
    known = FAMILIES.get(code.partition(".")[0])
    return str(known) if known is not None else _("Autres événements")


def target_label(target_type: str | None) -> str:
    """The French name of a target type; the type itself when unknown, « — » for none."""
    if not target_type:
        return "—"
    known = TARGETS.get(target_type)
    return str(known) if known is not None else target_type


def grouped_options(codes: list[str]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The event-type filter's choices: (family label, family prefix, [(code, label)...]) per
    family present in ``codes``, families and codes sorted by their French labels."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code in codes:
        groups.setdefault(code.partition(".")[0], []).append((code, label(code)))
    return sorted(
        (
            (family(prefix + "."), prefix + ".", sorted(items, key=lambda item: item[1]))
            for prefix, items in groups.items()
        ),
        key=lambda group: group[0],
    )
