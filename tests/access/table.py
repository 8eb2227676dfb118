"""The access table: every endpoint, every persona, the expected outcome (docs/design.md §8).

Outcomes:
- ``OK``: 200.
- ``ALLOW``: let through: any answer but 401, 403, 404, 5xx or a redirect to the login page
  (a form posted empty answers 400 or redirects; what matters is that access was granted).
- ``LOGIN``: redirected to the login page.
- ``DENY``: 403 (wrong role for the area).
- ``HIDDEN``: 404 (an object of another tenant: it does not exist for this persona).

Every later issue adds its endpoints here; ``test_every_endpoint_is_in_the_table`` fails until
it does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.access.world import PERSONAS, World

OK, ALLOW, LOGIN, DENY, HIDDEN = "OK", "ALLOW", "LOGIN", "DENY", "HIDDEN"

Path = str | Callable[[World], str]


@dataclass(frozen=True)
class Rule:
    endpoint: str
    method: str
    path: Path
    expect: dict[str, str]
    data: dict[str, Any] | None = None
    #: Rebuild the world for each persona (the request may destroy what the next one needs).
    isolate: bool = False

    def url(self, world: World) -> str:
        return self.path(world) if callable(self.path) else self.path

    @property
    def id(self) -> str:
        return f"{self.method} {self.endpoint}"


def everyone(outcome: str) -> dict[str, str]:
    return dict.fromkeys(PERSONAS, outcome)


def members(outcome: str = OK, anonymous: str = LOGIN) -> dict[str, str]:
    """Any logged-in persona gets ``outcome``; anonymous visitors go to the login page."""
    return {**everyone(outcome), "anonymous": anonymous}


def only(personas: set[str], outcome: str = OK, others: str = DENY) -> dict[str, str]:
    """``personas`` get ``outcome``; other logged-in personas ``others``; anonymous LOGIN."""
    table = {p: (outcome if p in personas else others) for p in PERSONAS}
    table["anonymous"] = LOGIN
    return table


#: The members (« membres ») of each owner's organisation: they see and fill what it owns.
COLLEAGUES = {"sme_a": "sme_a_member", "provider_a": "provider_a_member"}


def owner_only(owner: str, outcome: str = OK, tenants: set[str] | None = None) -> dict[str, str]:
    """The organisation of ``owner`` (the persona and its colleague) gets ``outcome``; the other
    personas of the same area HIDDEN (404); other roles DENY (403); anonymous LOGIN."""
    table = only(tenants or set(), HIDDEN)
    table[owner] = outcome
    if owner in COLLEAGUES:
        table[COLLEAGUES[owner]] = outcome
    return table


def owners_manage(owner: str, outcome: str = OK, tenants: set[str] | None = None) -> dict[str, str]:
    """Like :func:`owner_only`, for what only owners (« responsables ») manage: every member
    (« membre ») gets DENY (403), whatever organisation the object belongs to."""
    table = owner_only(owner, outcome, tenants)
    for member in MEMBERS:
        table[member] = DENY
    return table


MEMBERS = {"sme_a_member", "provider_a_member"}
PROVIDER_OWNERS = {"provider_a", "provider_b"}
SME_OWNERS = {"sme_a", "sme_b"}
PROVIDERS = PROVIDER_OWNERS | {"provider_a_member"}
SMES = SME_OWNERS | {"sme_a_member"}
ORGANIZATIONS = PROVIDERS | SMES
OWNERS = PROVIDER_OWNERS | SME_OWNERS
REGION = {"reviewer", "admin"}

RULES: list[Rule] = [
    # public
    Rule("public.home", "GET", "/", everyone(OK)),
    Rule("public.healthz", "GET", "/healthz", everyone(OK)),
    # the test client comes from 127.0.0.1, a HEALTH_ALLOWED_NETWORKS default (see test_health)
    Rule("public.readiness", "GET", "/healthz/ready", everyone(ALLOW)),
    # auth: public forms; logged-in visitors are sent to their home page
    Rule("auth.login", "GET", "/connexion", {**everyone(ALLOW), "anonymous": OK}),
    Rule("auth.login", "POST", "/connexion", {**everyone(ALLOW), "anonymous": OK}),
    Rule("auth.second_factor", "GET", "/connexion/code", members(ALLOW)),
    Rule("auth.second_factor", "POST", "/connexion/code", members(ALLOW)),
    Rule("auth.logout", "POST", "/deconnexion", everyone(ALLOW)),
    Rule(
        "auth.register_provider",
        "GET",
        "/inscription/prestataire",
        {**everyone(ALLOW), "anonymous": OK},
    ),
    Rule("auth.register_provider", "POST", "/inscription/prestataire", everyone(ALLOW)),
    Rule("auth.register_sme", "GET", "/inscription/pme", {**everyone(ALLOW), "anonymous": OK}),
    Rule("auth.register_sme", "POST", "/inscription/pme", everyone(ALLOW)),
    Rule("auth.registration_sent", "GET", "/inscription/envoyee", everyone(OK)),
    Rule("auth.verify_email", "GET", "/inscription/confirmer/jeton", everyone(OK)),
    Rule("auth.verify_email", "POST", "/inscription/confirmer/jeton", everyone(ALLOW)),
    Rule("auth.verify_pending", "GET", "/compte/confirmation", members(ALLOW)),
    Rule("auth.resend_verification", "POST", "/compte/confirmation/renvoyer", members(ALLOW)),
    Rule("auth.forgot_password", "GET", "/mot-de-passe/oubli", everyone(OK)),
    Rule("auth.forgot_password", "POST", "/mot-de-passe/oubli", everyone(ALLOW)),
    Rule("auth.reset_password", "GET", "/mot-de-passe/nouveau/jeton", everyone(ALLOW)),
    Rule("auth.reset_password", "POST", "/mot-de-passe/nouveau/jeton", everyone(ALLOW)),
    # my account: every logged-in persona, on their own account only
    Rule("account.overview", "GET", "/compte", members(OK)),
    Rule("account.update_profile", "POST", "/compte/profil", members(ALLOW)),
    Rule("account.follow_ups", "POST", "/compte/rappels", members(ALLOW)),
    Rule("account.change_password", "POST", "/compte/mot-de-passe", members(ALLOW)),
    Rule(
        "account.logout_other_sessions",
        "POST",
        "/compte/sessions/deconnecter-les-autres",
        members(ALLOW),
    ),
    Rule("account.two_factor", "GET", "/compte/double-authentification", members(OK)),
    Rule(
        "account.two_factor_start",
        "POST",
        "/compte/double-authentification/commencer",
        members(ALLOW),
    ),
    Rule(
        "account.two_factor_confirm",
        "POST",
        "/compte/double-authentification/confirmer",
        members(ALLOW),
    ),
    Rule(
        "account.two_factor_new_codes",
        "POST",
        "/compte/double-authentification/codes-de-secours",
        members(ALLOW),
    ),
    Rule(
        "account.two_factor_disable",
        "POST",
        "/compte/double-authentification/desactiver",
        members(ALLOW),
    ),
    Rule("account.export_data", "GET", "/compte/mes-donnees.json", members(OK)),
    Rule("account.delete", "GET", "/compte/suppression", members(OK)),
    Rule("account.delete", "POST", "/compte/suppression", members(ALLOW)),
    # SME area: SME members only; an assessment of SME A does not exist for SME B
    Rule("sme.dashboard", "GET", "/pme", only(SMES)),
    Rule("sme.assessment_new", "GET", "/pme/diagnostics/nouveau", only(SMES)),
    Rule("sme.assessment_start", "POST", "/pme/diagnostics", only(SMES, ALLOW)),
    Rule(
        "sme.assessment_resume",
        "GET",
        lambda w: f"/pme/diagnostics/{w.ids['sme_a_draft']}",
        owner_only("sme_a", ALLOW, SMES),
    ),
    Rule(
        "sme.assessment_context",
        "GET",
        lambda w: f"/pme/diagnostics/{w.ids['sme_a_draft']}/contexte",
        owner_only("sme_a", OK, SMES),
    ),
    Rule(
        "sme.assessment_context",
        "POST",
        lambda w: f"/pme/diagnostics/{w.ids['sme_a_draft']}/contexte",
        owner_only("sme_a", ALLOW, SMES),
    ),
    Rule(
        "sme.assessment_theme",
        "GET",
        lambda w: f"/pme/diagnostics/{w.ids['sme_a_draft']}/themes/sauvegardes",
        owner_only("sme_a", OK, SMES),
    ),
    Rule(
        "sme.assessment_theme",
        "POST",
        lambda w: f"/pme/diagnostics/{w.ids['sme_a_draft']}/themes/sauvegardes",
        owner_only("sme_a", ALLOW, SMES),
    ),
    Rule(
        "sme.assessment_save",
        "POST",
        lambda w: f"/pme/diagnostics/{w.ids['sme_a_draft']}/reponse",
        owner_only("sme_a", ALLOW, SMES),
    ),
    Rule(
        "sme.assessment_review",
        "GET",
        lambda w: f"/pme/diagnostics/{w.ids['sme_a_draft']}/relecture",
        owner_only("sme_a", OK, SMES),
    ),
    Rule(
        "sme.assessment_submit",
        "POST",
        lambda w: f"/pme/diagnostics/{w.ids['sme_a_draft']}/envoi",
        owner_only("sme_a", ALLOW, SMES),
        isolate=True,
    ),
    Rule(
        "sme.assessment_results",
        "GET",
        lambda w: f"/pme/diagnostics/{w.ids['sme_a_sent']}/resultats",
        owner_only("sme_a", OK, SMES),
    ),
    Rule(
        "sme.assessment_delete",
        "GET",
        lambda w: f"/pme/diagnostics/{w.ids['sme_a_draft']}/suppression",
        owner_only("sme_a", OK, SMES),
    ),
    Rule(
        "sme.assessment_delete",
        "POST",
        lambda w: f"/pme/diagnostics/{w.ids['sme_a_draft']}/suppression",
        owner_only("sme_a", ALLOW, SMES),
        isolate=True,
    ),
    Rule(
        "sme.assessment_report",
        "GET",
        lambda w: f"/pme/diagnostics/{w.ids['sme_a_sent']}/rapport.pdf",
        owner_only("sme_a", OK, SMES),
    ),
    Rule(
        "sme.assessment_export",
        "GET",
        lambda w: f"/pme/diagnostics/{w.ids['sme_a_sent']}/plan-action.xlsx",
        owner_only("sme_a", OK, SMES),
    ),
    # legal and trust pages: public; accepting the terms needs a login (and every persona has
    # accepted them already, so it sends them home)
    Rule("legal.terms", "GET", "/cgu", everyone(OK)),
    Rule("legal.terms_version", "GET", "/cgu/version/1", everyone(OK)),
    Rule("legal.accept_terms", "GET", "/cgu/accepter", members(ALLOW)),
    Rule("legal.accept_terms", "POST", "/cgu/accepter", members(ALLOW)),
    Rule("legal.privacy", "GET", "/confidentialite", everyone(OK)),
    Rule("legal.accessibility", "GET", "/accessibilite", everyone(OK)),
    Rule("legal.legal_notice", "GET", "/mentions-legales", everyone(OK)),
    Rule("legal.security", "GET", "/securite", everyone(OK)),
    Rule("legal.security_txt", "GET", "/.well-known/security.txt", everyone(OK)),
    # the charter, the directory and certificate checks: public
    Rule("public.charter", "GET", "/charte", everyone(OK)),
    Rule("public.charter_version", "GET", "/charte/versions/1", everyone(OK)),
    Rule("public.directory", "GET", "/annuaire", everyone(OK)),
    Rule("public.directory_csv", "GET", "/annuaire.csv", everyone(OK)),
    Rule("public.directory_json", "GET", "/annuaire.json", everyone(OK)),
    Rule("public.verification_lookup", "GET", "/verification", everyone(OK)),
    Rule(
        "public.verification",
        "GET",
        lambda w: f"/verification/{w.ids['certificate_a']}",
        everyone(OK),
    ),
    # the provider's area: their own organisation only
    Rule("provider.dashboard", "GET", "/prestataire", only(PROVIDERS)),
    # signing, the directory consent and the company profile: owners only (issue 20)
    Rule("provider.sign", "GET", "/prestataire/signature", only(PROVIDER_OWNERS)),
    Rule("provider.sign", "POST", "/prestataire/signature", only(PROVIDER_OWNERS, ALLOW)),
    Rule(
        "provider.sign_review",
        "GET",
        "/prestataire/signature/relecture",
        only(PROVIDER_OWNERS, ALLOW),
    ),
    Rule(
        "provider.sign_confirm",
        "POST",
        "/prestataire/signature/confirmer",
        only(PROVIDER_OWNERS, ALLOW),
    ),
    Rule(
        "provider.certificate",
        "GET",
        lambda w: f"/prestataire/signatures/{w.ids['signature_a']}/attestation.pdf",
        {**only({"provider_a", "provider_a_member"}), "provider_b": HIDDEN},
    ),
    Rule(
        "provider.directory_consent",
        "POST",
        "/prestataire/annuaire",
        only(PROVIDER_OWNERS, ALLOW),
    ),
    Rule("provider.profile", "GET", "/prestataire/entreprise", only(PROVIDER_OWNERS)),
    Rule("provider.profile", "POST", "/prestataire/entreprise", only(PROVIDER_OWNERS, ALLOW)),
    # the Region's review of signatures
    Rule("region.signatures", "GET", "/region/signatures", only(REGION)),
    Rule(
        "region.signature",
        "GET",
        lambda w: f"/region/signatures/{w.ids['signature_b']}",
        only(REGION),
    ),
    Rule(
        "region.signature_validate",
        "POST",
        lambda w: f"/region/signatures/{w.ids['signature_b']}/valider",
        only(REGION, ALLOW),
    ),
    Rule(
        "region.signature_reject",
        "GET",
        lambda w: f"/region/signatures/{w.ids['signature_b']}/refuser",
        only(REGION),
    ),
    Rule(
        "region.signature_reject",
        "POST",
        lambda w: f"/region/signatures/{w.ids['signature_b']}/refuser",
        only(REGION, ALLOW),
        data={"reason": "SIRET hors de Normandie."},
    ),
    Rule(
        "region.signature_certificate",
        "GET",
        lambda w: f"/region/signatures/{w.ids['signature_a']}/attestation.pdf",
        only(REGION),
    ),
    # Provider's clients: provider A's client SME A shares; provider B must not see them
    # The Region's request for changes to provider A: only A sees and answers it
    Rule(
        "provider.change_request",
        "GET",
        lambda w: f"/prestataire/demandes/{w.ids['change_request_a']}",
        owner_only("provider_a", OK, PROVIDERS),
    ),
    Rule(
        "provider.change_request",
        "POST",
        lambda w: f"/prestataire/demandes/{w.ids['change_request_a']}",
        owner_only("provider_a", ALLOW, PROVIDERS),
        data={"message": "Profil mis à jour."},
    ),
    Rule(
        "region.change_request",
        "GET",
        lambda w: (
            f"/region/signataires/{w.orgs['provider_a'].id}/demandes/{w.ids['change_request_a']}"
        ),
        only(REGION),
    ),
    Rule(
        "region.change_request",
        "POST",
        lambda w: (
            f"/region/signataires/{w.orgs['provider_a'].id}/demandes/{w.ids['change_request_a']}"
        ),
        only(REGION, ALLOW),
        data={"message": "Merci."},
    ),
    Rule("provider.clients", "GET", "/prestataire/clients", only(PROVIDERS)),
    Rule("provider.clients_csv", "GET", "/prestataire/clients.csv", only(PROVIDERS)),
    Rule(
        "provider.client",
        "GET",
        lambda w: f"/prestataire/clients/{w.orgs['sme_a'].id}",
        owner_only("provider_a", OK, PROVIDERS),
    ),
    Rule(
        "provider.client_reminder",
        "POST",
        lambda w: f"/prestataire/clients/{w.orgs['sme_a'].id}/rappel",
        owner_only("provider_a", ALLOW, PROVIDERS),
    ),
    Rule(
        "provider.client_results",
        "GET",
        lambda w: (
            f"/prestataire/clients/{w.orgs['sme_a'].id}/diagnostics/{w.ids['sme_a_sent']}/resultats"
        ),
        owner_only("provider_a", OK, PROVIDERS),
    ),
    Rule(
        "provider.client_report",
        "GET",
        lambda w: (
            f"/prestataire/clients/{w.orgs['sme_a'].id}/diagnostics/"
            f"{w.ids['sme_a_sent']}/rapport.pdf"
        ),
        owner_only("provider_a", OK, PROVIDERS),
    ),
    Rule("provider.invitations", "GET", "/prestataire/invitations", only(PROVIDERS)),
    Rule("provider.invitations", "POST", "/prestataire/invitations", only(PROVIDERS, ALLOW)),
    Rule(
        "provider.invitation_resend",
        "POST",
        lambda w: f"/prestataire/invitations/{w.ids['invitation_a']}/renvoi",
        owner_only("provider_a", ALLOW, PROVIDERS),
    ),
    Rule(
        "provider.invitation_cancel",
        "GET",
        lambda w: f"/prestataire/invitations/{w.ids['invitation_a']}/annulation",
        owner_only("provider_a", OK, PROVIDERS),
    ),
    Rule(
        "provider.invitation_cancel",
        "POST",
        lambda w: f"/prestataire/invitations/{w.ids['invitation_a']}/annulation",
        owner_only("provider_a", ALLOW, PROVIDERS),
        isolate=True,
    ),
    # Provider's self-assessment: the shared journey under /prestataire/autoevaluation
    Rule("provider.assessments", "GET", "/prestataire/autoevaluation", only(PROVIDERS)),
    Rule("provider.assessment_new", "GET", "/prestataire/autoevaluation/nouveau", only(PROVIDERS)),
    Rule(
        "provider.assessment_start", "POST", "/prestataire/autoevaluation", only(PROVIDERS, ALLOW)
    ),
    Rule(
        "provider.assessment_resume",
        "GET",
        lambda w: f"/prestataire/autoevaluation/{w.ids['provider_a_draft']}",
        owner_only("provider_a", ALLOW, PROVIDERS),
    ),
    Rule(
        "provider.assessment_context",
        "GET",
        lambda w: f"/prestataire/autoevaluation/{w.ids['provider_a_draft']}/contexte",
        owner_only("provider_a", OK, PROVIDERS),
    ),
    Rule(
        "provider.assessment_context",
        "POST",
        lambda w: f"/prestataire/autoevaluation/{w.ids['provider_a_draft']}/contexte",
        owner_only("provider_a", ALLOW, PROVIDERS),
    ),
    Rule(
        "provider.assessment_theme",
        "GET",
        lambda w: f"/prestataire/autoevaluation/{w.ids['provider_a_draft']}/themes/organisation",
        owner_only("provider_a", OK, PROVIDERS),
    ),
    Rule(
        "provider.assessment_theme",
        "POST",
        lambda w: f"/prestataire/autoevaluation/{w.ids['provider_a_draft']}/themes/organisation",
        owner_only("provider_a", ALLOW, PROVIDERS),
    ),
    Rule(
        "provider.assessment_save",
        "POST",
        lambda w: f"/prestataire/autoevaluation/{w.ids['provider_a_draft']}/reponse",
        owner_only("provider_a", ALLOW, PROVIDERS),
    ),
    Rule(
        "provider.assessment_review",
        "GET",
        lambda w: f"/prestataire/autoevaluation/{w.ids['provider_a_draft']}/relecture",
        owner_only("provider_a", OK, PROVIDERS),
    ),
    Rule(
        "provider.assessment_submit",
        "POST",
        lambda w: f"/prestataire/autoevaluation/{w.ids['provider_a_draft']}/envoi",
        owner_only("provider_a", ALLOW, PROVIDERS),
        isolate=True,
    ),
    Rule(
        "provider.assessment_results",
        "GET",
        lambda w: f"/prestataire/autoevaluation/{w.ids['provider_a_sent']}/resultats",
        owner_only("provider_a", OK, PROVIDERS),
    ),
    Rule(
        "provider.assessment_report",
        "GET",
        lambda w: f"/prestataire/autoevaluation/{w.ids['provider_a_sent']}/rapport.pdf",
        owner_only("provider_a", OK, PROVIDERS),
    ),
    Rule(
        "provider.assessment_export",
        "GET",
        lambda w: f"/prestataire/autoevaluation/{w.ids['provider_a_sent']}/reponses.json",
        owner_only("provider_a", OK, PROVIDERS),
    ),
    Rule(
        "provider.assessment_delete",
        "GET",
        lambda w: f"/prestataire/autoevaluation/{w.ids['provider_a_draft']}/suppression",
        owner_only("provider_a", OK, PROVIDERS),
    ),
    Rule(
        "provider.assessment_delete",
        "POST",
        lambda w: f"/prestataire/autoevaluation/{w.ids['provider_a_draft']}/suppression",
        owner_only("provider_a", ALLOW, PROVIDERS),
        isolate=True,
    ),
    # SME's providers: consent per link, leaving, choosing a signatory
    Rule("sme.providers", "GET", "/pme/prestataires", only(SMES)),
    # SME's action plan: always its own organisation's (sme_b has no diagnosis: nothing to change)
    Rule("sme.plan", "GET", "/pme/plan-action", only(SMES)),
    Rule(
        "sme.plan_update",
        "POST",
        lambda w: f"/pme/plan-action/{w.ids['sme_a_measure']}",
        owner_only("sme_a", ALLOW, SMES),
        data={"a1-state": "doing"},
    ),
    # the sharing consent with providers: owners only (issue 20)
    Rule(
        "sme.provider_consent",
        "POST",
        lambda w: f"/pme/prestataires/{w.ids['link_a']}/partage",
        owners_manage("sme_a", ALLOW, SMES),
    ),
    Rule(
        "sme.provider_remove",
        "GET",
        lambda w: f"/pme/prestataires/{w.ids['link_a']}/retrait",
        owners_manage("sme_a", OK, SMES),
    ),
    Rule(
        "sme.provider_remove",
        "POST",
        lambda w: f"/pme/prestataires/{w.ids['link_a']}/retrait",
        owners_manage("sme_a", ALLOW, SMES),
        isolate=True,
    ),
    Rule("sme.provider_choose", "GET", "/pme/prestataires/choisir", only(SME_OWNERS)),
    Rule("sme.provider_choose", "POST", "/pme/prestataires/choisir", only(SME_OWNERS, ALLOW)),
    # Joining from an invitation: the link is the credential; anyone holding it sees the page
    Rule(
        "clients.join", "GET", lambda w: f"/invitation/{w.ids['invitation_token_a']}", everyone(OK)
    ),
    Rule(
        "clients.join",
        "POST",
        lambda w: f"/invitation/{w.ids['invitation_token_a']}",
        everyone(ALLOW),
        isolate=True,
    ),
    Rule(
        "clients.register",
        "GET",
        lambda w: f"/invitation/{w.ids['invitation_token_a']}/inscription",
        {**everyone(ALLOW), "anonymous": OK},
    ),
    Rule(
        "clients.register",
        "POST",
        lambda w: f"/invitation/{w.ids['invitation_token_a']}/inscription",
        everyone(ALLOW),
    ),
    # the Region's space (issue 9): reviewers and administrators; users and publishing a
    # charter version are for administrators only
    Rule("region.compliance", "GET", "/region/signataires", only(REGION)),
    Rule("region.compliance_csv", "GET", "/region/signataires.csv?departement=14", only(REGION)),
    Rule("region.compliance_xlsx", "GET", "/region/signataires.xlsx", only(REGION)),
    Rule(
        "region.signatory",
        "GET",
        lambda w: f"/region/signataires/{w.orgs['provider_a'].id}",
        only(REGION),
    ),
    Rule(
        "region.signatory_decision",
        "GET",
        lambda w: f"/region/signataires/{w.orgs['provider_a'].id}/decision/suspendre",
        only(REGION),
    ),
    Rule(
        "region.signatory_decision",
        "POST",
        lambda w: f"/region/signataires/{w.orgs['provider_a'].id}/decision/suspendre",
        only(REGION, ALLOW),
        data={"reason": "Plainte d'un client."},
    ),
    Rule("region.dashboard", "GET", "/region/tableau-de-bord", only(REGION)),
    Rule("region.charter_versions", "GET", "/region/charte", only(REGION)),
    Rule(
        "region.charter_differences", "GET", "/region/charte/versions/1/differences", only(REGION)
    ),
    Rule("region.charter_edit", "GET", "/region/charte/nouvelle", only({"admin"})),
    Rule("region.charter_edit", "POST", "/region/charte/nouvelle", only({"admin"}, ALLOW)),
    Rule("region.users", "GET", "/region/utilisateurs", only({"admin"})),
    Rule("region.user_invite", "GET", "/region/utilisateurs/inviter", only({"admin"})),
    Rule("region.user_invite", "POST", "/region/utilisateurs/inviter", only({"admin"}, ALLOW)),
    Rule(
        "region.user",
        "GET",
        lambda w: f"/region/utilisateurs/{w.users['reviewer'].id}",
        only({"admin"}),
    ),
    Rule(
        "region.user_role",
        "POST",
        lambda w: f"/region/utilisateurs/{w.users['reviewer'].id}/role",
        only({"admin"}, ALLOW),
        data={"role": "region_reviewer"},
    ),
    Rule(
        "region.user_deactivate",
        "GET",
        lambda w: f"/region/utilisateurs/{w.users['reviewer'].id}/desactiver",
        only({"admin"}),
    ),
    Rule(
        "region.user_deactivate",
        "POST",
        lambda w: f"/region/utilisateurs/{w.users['reviewer'].id}/desactiver",
        only({"admin"}, ALLOW),
    ),
    Rule(
        "region.user_reactivate",
        "POST",
        lambda w: f"/region/utilisateurs/{w.users['reviewer'].id}/reactiver",
        only({"admin"}, ALLOW),
    ),
    Rule("region.mail", "GET", "/region/courriels", only({"admin"})),
    # no failed message in the world: the administrator is sent back to the page with a notice
    Rule("region.mail_retry", "POST", "/region/courriels/1/renvoyer", only({"admin"}, ALLOW)),
    # importing the paper signatories: administrators only (a reviewer gets 403); the world's
    # administrator has a file awaiting confirmation (another administrator's upload is not
    # found: tests/region/test_signatory_import.py)
    Rule("region.import_signatories", "GET", "/region/import", only({"admin"})),
    Rule("region.import_signatories", "POST", "/region/import", only({"admin"}, ALLOW)),
    Rule("region.import_template", "GET", "/region/import/modele.csv", only({"admin"})),
    Rule(
        "region.import_preview",
        "GET",
        lambda w: f"/region/import/{w.ids['import_token']}",
        only({"admin"}),
    ),
    Rule(
        "region.import_confirm",
        "POST",
        lambda w: f"/region/import/{w.ids['import_token']}",
        only({"admin"}, ALLOW),
        isolate=True,
    ),
    Rule("region.audit_log", "GET", "/region/journal", only(REGION)),
    Rule("region.audit_verify", "GET", "/region/journal/verification", only(REGION)),
    # activating an invited Region account: a dead link answers 400 to anyone
    Rule("auth.activate_account", "GET", "/compte/activation/jeton", everyone(ALLOW)),
    Rule("auth.activate_account", "POST", "/compte/activation/jeton", everyone(ALLOW)),
    # claiming an imported company: a dead link answers 400 to anyone
    Rule("auth.claim_organization", "GET", "/inscription/reprise/jeton", everyone(ALLOW)),
    Rule("auth.claim_organization", "POST", "/inscription/reprise/jeton", everyone(ALLOW)),
    Rule("public.ping", "GET", "/ping", everyone(OK)),
    # Colleagues (issue 20): everyone of an organisation sees its people and may leave; only
    # owners invite, change roles, remove and hand over. SME A's member is the target.
    Rule("team.members_list", "GET", "/organisation/equipe", only(ORGANIZATIONS)),
    Rule("team.invite", "POST", "/organisation/equipe/invitations", only(OWNERS, ALLOW)),
    Rule(
        "team.invitation_resend",
        "POST",
        lambda w: f"/organisation/equipe/invitations/{w.ids['member_invitation_a']}/renvoi",
        owners_manage("sme_a", ALLOW, ORGANIZATIONS),
    ),
    Rule(
        "team.invitation_cancel",
        "GET",
        lambda w: f"/organisation/equipe/invitations/{w.ids['member_invitation_a']}/annulation",
        owners_manage("sme_a", OK, ORGANIZATIONS),
    ),
    Rule(
        "team.invitation_cancel",
        "POST",
        lambda w: f"/organisation/equipe/invitations/{w.ids['member_invitation_a']}/annulation",
        owners_manage("sme_a", ALLOW, ORGANIZATIONS),
        isolate=True,
    ),
    Rule(
        "team.change_role",
        "POST",
        lambda w: f"/organisation/equipe/{w.users['sme_a_member'].id}/role",
        owners_manage("sme_a", ALLOW, ORGANIZATIONS),
        data={"role": "owner"},
        isolate=True,
    ),
    Rule(
        "team.remove",
        "GET",
        lambda w: f"/organisation/equipe/{w.users['sme_a_member'].id}/retrait",
        owners_manage("sme_a", OK, ORGANIZATIONS),
    ),
    Rule(
        "team.remove",
        "POST",
        lambda w: f"/organisation/equipe/{w.users['sme_a_member'].id}/retrait",
        owners_manage("sme_a", ALLOW, ORGANIZATIONS),
        isolate=True,
    ),
    Rule(
        "team.transfer",
        "GET",
        lambda w: f"/organisation/equipe/{w.users['sme_a_member'].id}/transfert",
        owners_manage("sme_a", OK, ORGANIZATIONS),
    ),
    Rule(
        "team.transfer",
        "POST",
        lambda w: f"/organisation/equipe/{w.users['sme_a_member'].id}/transfert",
        owners_manage("sme_a", ALLOW, ORGANIZATIONS),
        isolate=True,
    ),
    Rule("team.leave", "GET", "/organisation/equipe/depart", only(ORGANIZATIONS)),
    Rule(
        "team.leave",
        "POST",
        "/organisation/equipe/depart",
        only(ORGANIZATIONS, ALLOW),
        isolate=True,
    ),
    # joining from a colleague's invitation: the link is the credential
    Rule(
        "team_join.join",
        "GET",
        lambda w: f"/rejoindre/{w.ids['member_invitation_token_a']}",
        everyone(OK),
    ),
    Rule(
        "team_join.join",
        "POST",
        lambda w: f"/rejoindre/{w.ids['member_invitation_token_a']}",
        everyone(ALLOW),
        isolate=True,
    ),
    Rule(
        "team_join.register",
        "GET",
        lambda w: f"/rejoindre/{w.ids['member_invitation_token_a']}/inscription",
        {**everyone(ALLOW), "anonymous": OK},
    ),
    Rule(
        "team_join.register",
        "POST",
        lambda w: f"/rejoindre/{w.ids['member_invitation_token_a']}/inscription",
        everyone(ALLOW),
    ),
]
