"""The audit journal's sentences, one per event code (and per variant, ``code:variant``),
with ``%(name)s`` placeholders filled by :func:`charter.region.audit_text.describe` from the
event's details and names. ``tests/region/test_audit_labels.py`` checks that every code the
services record has one and that none is left with a blank.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: Sentences made from the values (``%(name)s`` placeholders), one per code; a code that
#: reads differently with its details is in :data:`charter.region.audit_text._CHOOSE`.
SENTENCES = {
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
    "assessment.anonymous_started": _l(
        "Un visiteur sans compte a commencé le questionnaire « %(title)s »."
    ),
    "assessment.kept": _l(
        "%(actor)s a gardé un diagnostic fait sans compte pour %(organization)s."
    ),
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
    "change_request.answered": _l(
        "%(actor)s a répondu pour %(organization)s à la demande de modifications n° %(request_id)s."
    ),
    "change_request.answered:done": _l(
        "%(actor)s a répondu pour %(organization)s à la demande de modifications "
        "n° %(request_id)s : c'est fait."
    ),
    "change_request.closed": _l(
        "%(actor)s a clos la demande de modifications n° %(request_id)s faite à %(organization)s."
    ),
    "change_request.reminder_sent": _l(
        "Rappel envoyé à %(organization)s, %(days_before)s jours avant l'échéance de la demande "
        "de modifications n° %(request_id)s."
    ),
    "change_request.replied": _l(
        "%(actor)s a écrit à %(organization)s sur la demande de modifications n° %(request_id)s."
    ),
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
    "client.nudged": _l("%(actor)s a invité une entreprise cliente à faire son diagnostic."),
    "client.unlinked": _l(
        "Lien entre %(organization)s et une entreprise cliente retiré par %(actor)s."
    ),
    "demo.organization_created": _l("Démonstration : %(organization)s créée."),
    "demo.user_created": _l("Démonstration : compte créé pour %(user)s."),
    "mail.retried": _l("%(actor)s a demandé un nouvel essai d'envoi d'un e-mail."),
    "member.invitation_cancelled": _l(
        "%(actor)s a annulé une invitation à rejoindre %(organization)s."
    ),
    "member.invitation_resent": _l(
        "%(actor)s a renvoyé une invitation à rejoindre %(organization)s."
    ),
    "member.invited": _l(
        "%(actor)s a invité une personne à rejoindre %(organization)s comme %(role)s."
    ),
    "member.joined": _l("%(actor)s a rejoint %(organization)s."),
    "member.left": _l("%(actor)s a quitté %(organization)s."),
    "member.ownership_transferred": _l(
        "%(actor)s a confié la responsabilité de %(organization)s à %(user)s."
    ),
    "member.removed": _l("%(actor)s a retiré %(user)s de %(organization)s."),
    "member.role_changed": _l("%(actor)s a fait de %(user)s un %(role)s de %(organization)s."),
    "organization.claimed": _l(
        "%(actor)s a repris la fiche de %(organization)s, créée par un import de la Région."
    ),
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
    "signatories.imported": _l(
        "%(actor)s a importé le fichier « %(filename)s » : fiches créées : %(created)s ; déjà "
        "présentes : %(present)s ; lignes en erreur : %(errors)s."
    ),
    "signatory.changes_requested": _l("Modifications demandées à %(organization)s par %(actor)s."),
    "signatory.changes_requested:deadline": _l(
        "Modifications demandées à %(organization)s par %(actor)s, avant le %(deadline)s."
    ),
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
