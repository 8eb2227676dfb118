"""Configuration: defaults, then ``instance/config.py``, then ``CHARTER_*`` variables, then tests.

The order is fixed so that an operator always knows which value wins: a test mapping beats the
environment, which beats the instance file, which beats the defaults below.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from flask import Config, Flask

from charter.bundle import questionnaires_dir
from charter.site_url import trusted_hosts

#: Secret keys that ship in documentation or examples and must never protect a real service.
KNOWN_DEFAULT_SECRETS = frozenset(
    {"", "dev", "changeme", "change-me", "secret", "development", "please-change-me"}
)

#: Environments in which the application may generate its own secret key.
RELAXED_ENVIRONMENTS = frozenset({"development", "testing"})

#: Values that make plain-http development on 127.0.0.1 work.
RELAXED_OVERRIDES = {
    "SESSION_COOKIE_SECURE": False,
    "WTF_CSRF_SSL_STRICT": False,
    "PREFERRED_URL_SCHEME": "http",
}


class Defaults:
    """Values used when nothing else sets them; safe for production unless noted."""

    ENVIRONMENT = "production"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # derived from instance_path when unset
    #: pool_pre_ping: a connection cut while idle in the pool (database restarted) is replaced
    #: before use. hide_parameters: an error message (and so the log) never shows the values of
    #: a statement (e-mail addresses, token hashes...).
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {
        "pool_pre_ping": True,
        "hide_parameters": True,
    }
    SQLITE_BUSY_TIMEOUT_MS = 15_000
    #: Rendered fragments kept per worker, in characters (charter/fragments.py); 0: none.
    FRAGMENT_MEMO_BYTES = 16 * 1024 * 1024

    # Sessions and cookies (docs/design.md §8).
    SESSION_COOKIE_NAME = "ccn_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    #: Server-side limits of a login session: idle time, and total time since login.
    SESSION_IDLE_LIFETIME = timedelta(hours=2)
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=12)
    REMEMBER_COOKIE_DURATION = timedelta(days=0)
    #: Argon2id parameters of new password hashes (memory_cost in KiB): RFC 9106's second
    #: recommended profile, about half a second a hash on a small server. A stored hash keeps
    #: its own parameters; one made with others is redone at the next login. Only the test
    #: suite lowers them (tests/conftest.py), to keep logins cheap.
    PASSWORD_HASHING: ClassVar[dict[str, int]] = {
        "time_cost": 3,
        "memory_cost": 65536,
        "parallelism": 4,
    }
    #: Wrong passwords (or second-factor codes) in a row before a temporary lockout.
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCKOUT = timedelta(minutes=15)
    # The CSRF token lives as long as the session: a long questionnaire never outlives it.
    WTF_CSRF_TIME_LIMIT = None
    WTF_CSRF_SSL_STRICT = True
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 500_000

    # Behind a reverse proxy, how many proxies set X-Forwarded-* (0: not behind a proxy).
    PROXY_FIX_HOPS = 0
    PREFERRED_URL_SCHEME = "https"

    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"

    # Rate limits (Flask-Limiter). Counters live in Redis when REDIS_URL is set.
    RATELIMIT_STORAGE_URI = "memory://"
    #: When Redis does not answer, each process counts in memory until it is back, rather than
    #: turning every limited page (login, registration) into a 500.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    #: ...and "does not answer" is decided within seconds (ignored by the memory store).
    RATELIMIT_STORAGE_OPTIONS: ClassVar[dict[str, Any]] = {
        "socket_connect_timeout": 2,
        "socket_timeout": 2,
    }
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_STRATEGY = "moving-window"
    LIMIT_LOGIN = "10 per minute;60 per hour"
    LIMIT_REGISTER = "10 per hour"
    LIMIT_EMAIL = "5 per 15 minutes"
    LIMIT_DOCUMENTS = "30 per minute"
    #: Quick diagnoses started without an account, per address (charter.diagnostic).
    LIMIT_ANONYMOUS_DIAGNOSIS = "10 per hour;30 per day"
    #: The questionnaire of the quick diagnosis without an account (its newest loaded version).
    QUICK_DIAGNOSIS_QUESTIONNAIRE = "pme-essentiel"
    #: Days after its last change that a quick diagnosis nobody kept is deleted.
    RETENTION_ANONYMOUS_DIAGNOSIS_DAYS = 30
    #: Days an invitation link stays valid.
    INVITATION_VALIDITY_DAYS = 14
    #: Import of the Region's paper signatories (/region/import): a file of this many data rows
    #: or more is refused; an uploaded file waits this long for confirmation; the contacts'
    #: links to claim their company stay valid this many days.
    SIGNATORY_IMPORT_MAX_ROWS = 10_000
    SIGNATORY_IMPORT_PENDING_HOURS = 24
    CLAIM_INVITATION_VALIDITY_DAYS = 60
    #: Days after which a file of signatories never confirmed is deleted (charter purge).
    RETENTION_PENDING_IMPORT_DAYS = 2
    #: Days after which an invitation never accepted (expired or cancelled) is deleted.
    RETENTION_ENDED_INVITATION_DAYS = 30
    #: Compliance verdict thresholds (docs/design.md §6).
    COMPLIANCE_SELF_ASSESSMENT_MAX_AGE_DAYS = 365
    COMPLIANCE_MIN_INDEX = 60.0
    COMPLIANCE_MIN_ACCOMPANIED = 1
    COMPLIANCE_ACCOMPANIED_WINDOW_DAYS = 365

    # E-mail: "outbox" writes .eml files to instance/outbox; "smtp" sends them.
    MAIL_BACKEND = "outbox"
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "Charte Cyber Normandie <ne-pas-repondre@charte-cyber.normandie.example>"
    #: With MAIL_USE_TLS, the server's certificate is checked against the system's authorities,
    #: or against this file (PEM) for a relay with a certificate of a private authority.
    MAIL_TLS_CA_FILE: str | None = None
    #: The outbox (charter send-mail): a refused message is tried again after 1, 2, 4... minutes
    #: (at most MAIL_RETRY_MAX_SECONDS apart), MAIL_MAX_ATTEMPTS times in all; then it is shown
    #: to the Region's administrators. A message claimed by a sender that never said how it
    #: went (the process died) is marked failed after MAIL_CLAIM_MINUTES, never sent twice.
    MAIL_MAX_ATTEMPTS = 8
    MAIL_RETRY_SECONDS = 60
    MAIL_RETRY_MAX_SECONDS = 3600
    MAIL_CLAIM_MINUTES = 15

    # Operations (docs/deploy.md): health checks, backups and their off-site copy.
    #: Token that opens /healthz/ready from anywhere (header "Authorization: Bearer ...").
    HEALTH_TOKEN: str | None = None
    #: Addresses that may read /healthz/ready without the token (the load balancer's).
    HEALTH_ALLOWED_NETWORKS: ClassVar[list[str]] = ["127.0.0.1/32", "::1/128"]
    #: age public keys the off-site copies are encrypted to ("age1..."); none: no copy.
    BACKUP_RECIPIENTS: ClassVar[list[str]] = []
    #: Where ``charter offsite-copy`` sends them: a folder, or account@host:/folder/ (rsync).
    OFFSITE_DESTINATION: str | None = None

    # The audit log's chain (charter/services/audit.py): the key it is sealed with lives here,
    # never in the database. Without AUDIT_KEY it is derived from SECRET_KEY. After a change,
    # keep the old value in AUDIT_KEY_FALLBACKS (or SECRET_KEY_FALLBACKS), or the old events
    # can no longer be verified.
    AUDIT_KEY: str | None = None
    AUDIT_KEY_FALLBACKS: ClassVar[list[str]] = []
    #: Where ``charter audit-anchor`` appends the chain's head (a file outside the database,
    #: ideally on another machine), and to whom it mails it.
    AUDIT_ANCHOR_FILE: str | None = None
    AUDIT_ANCHOR_EMAIL: str | None = None

    # What the site calls itself and who runs it (legal notice, e-mails, footers).
    SITE_NAME = "Charte Cyber Normandie"
    #: The public address: every absolute link the site hands out (e-mails, QR codes, open
    #: data, security.txt) starts with it, never with the request's Host header. Production
    #: refuses to start without it, or with plain http unless ALLOW_HTTP_BASE_URL is set.
    BASE_URL = "http://127.0.0.1:5000"
    ALLOW_HTTP_BASE_URL = False
    #: Host names accepted besides BASE_URL's (another public name, the health checker's);
    #: any other Host header gets a 400 (Flask's TRUSTED_HOSTS, derived from both).
    ALLOWED_HOSTS: ClassVar[list[str]] = []
    REGION_NAME = "Région Normandie"
    #: The programme's partners, shown in this order in the header, the footer and the home
    #: page: each a "name", and optionally a "logo" (an image file, .png, .jpg, .webp or .svg,
    #: put in PARTNER_LOGO_DIR) and a "url" (https). No logo ships with the code: without one,
    #: the name is shown as text (charter/partners.py, README « Partenaires »).
    PARTNERS: ClassVar[list[dict[str, str]]] = [
        {"name": "Région Normandie"},
        {"name": "CCI Normandie"},
    ]
    #: Folder of the partners' logo files, relative to the instance folder.
    PARTNER_LOGO_DIR = "partenaires"
    #: The Region's own contacts, printed in « Qui peut vous aider » (results page and PDF)
    #: before the national services. Each: name, description, and optionally url (https),
    #: email, phone. The Region sets them from its own sources (CHARTER_HELP_CONTACTS, JSON):
    #: no phone number is shipped in the code, as none could be checked here.
    HELP_CONTACTS: ClassVar[list[dict[str, str]]] = [
        {
            "name": "Normandie Cyber",
            "description": (
                "Le centre régional de réponse aux incidents : le premier contact en Normandie "
                "si votre entreprise est victime d'une attaque informatique."
            ),
            "url": "https://adnormandie.fr/besoin/normandie-cyber/",
        }
    ]

    # The charter and its signatures (docs/signatures.md).
    #: How long a validated signature stays valid.
    SIGNATURE_VALIDITY_MONTHS = 24
    #: Days a signature of the previous charter version stays valid once a new one is published.
    NEW_VERSION_GRACE_DAYS = 180
    #: Reminders sent by ``charter send-reminders``, in days before a signature's last valid day.
    SIGNATURE_REMINDER_DAYS = (60, 30, 7)
    #: Follow-up mails after an SME's diagnosis (``charter send-reminders``), in months; each is
    #: sent while fewer than FOLLOW_UP_WINDOW_DAYS have passed since it fell due.
    FOLLOW_UP_MONTHS = (6, 12)
    FOLLOW_UP_WINDOW_DAYS = 60
    #: A valid signature may be renewed from this many days before its last valid day.
    SIGNATURE_RENEWAL_WINDOW_DAYS = 90
    #: Providers per page of the public directory.
    DIRECTORY_PAGE_SIZE = 12
    #: Certificate checks per address (sequential numbers must not be walked quickly).
    LIMIT_VERIFICATION = "60 per minute;600 per hour"
    QUESTIONNAIRES_DIR: str | None = None  # default: <project>/questionnaires

    # The Region's compliance verdict (docs/design.md §6, docs/region.md).
    #: A provider's self-assessment counts for this many days after its submission.
    COMPLIANCE_SELF_ASSESSMENT_MAX_AGE_DAYS = 365
    #: Lowest self-assessment index (0 to 100) that meets the rule.
    COMPLIANCE_MIN_INDEX = 60.0
    #: Client diagnoses a provider must have accompanied within the window below.
    COMPLIANCE_MIN_ACCOMPANIED = 1
    COMPLIANCE_ACCOMPANIED_WINDOW_DAYS = 365
    #: Rows per page of the Region's compliance list (the visitor may ask for 25, 50 or 100).
    COMPLIANCE_PAGE_SIZE = 50
    #: Days the Region gives by default to answer a request for changes (it may choose another
    #: deadline), and the reminders sent this many days before the deadline.
    CHANGE_REQUEST_DEFAULT_DAYS = 30
    CHANGE_REQUEST_REMINDER_DAYS = (7, 1)
    #: Days a Region user invitation link stays valid.
    REGION_INVITATION_DAYS = 7

    # Who runs the service, shown by the legal pages (/mentions-legales, /confidentialite,
    # /accessibilite, /securite, /.well-known/security.txt). Every default is an EXAMPLE that
    # the deploying Region replaces: a page shows a value still equal to its default with an
    # "Exemple — à remplacer" tag (charter/legal/settings.py), and production logs a warning.
    LEGAL_PUBLISHER = "Région Normandie"
    LEGAL_PUBLISHER_ADDRESS = "1 rue de l'Exemple, 14000 Caen"
    LEGAL_PUBLISHER_PHONE = "02 00 00 00 00"
    LEGAL_PUBLISHER_EMAIL = "contact@charte-cyber.normandie.example"
    LEGAL_DIRECTOR = "Prénom Nom, président(e) de la Région Normandie"
    LEGAL_HOST = "Hébergeur Exemple SAS"
    LEGAL_HOST_ADDRESS = "2 avenue de l'Exemple, 76000 Rouen"
    LEGAL_HOST_PHONE = "02 00 00 00 01"
    PRIVACY_CONTROLLER = "Région Normandie"
    DPO_CONTACT = "dpo@charte-cyber.normandie.example"
    SECURITY_CONTACT = "securite@charte-cyber.normandie.example"
    ACCESSIBILITY_CONTACT = "accessibilite@charte-cyber.normandie.example"
    #: When the accessibility statement was last established (ISO date).
    ACCESSIBILITY_STATEMENT_DATE = "2026-11-26"
    #: security.txt's "Expires" is this many days after the day it is served (RFC 9116: < 1 y).
    SECURITY_TXT_EXPIRES_DAYS = 180

    # Retention periods in days, applied by "charter purge" and stated by /confidentialite from
    # these same values, so that the notice and the purge always agree. Reasons: in the notice.
    RETENTION_UNVERIFIED_ACCOUNT_DAYS = 30
    RETENTION_DELETED_ACCOUNT_DAYS = 30
    RETENTION_ENDED_SESSION_DAYS = 30
    #: Sent messages keep their date, recipient and kind (their body is erased once sent).
    RETENTION_SENT_MAIL_DAYS = 30
    RETENTION_AUDIT_DETAILS_DAYS = 365
    #: Not applied by the purge: the servers' log rotation (nginx, journald) is set to it
    #: (docs/deploy.md, section 11); the notice states it.
    RETENTION_SERVER_LOGS_DAYS = 365


def load_configuration(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill ``app.config`` in the documented order; called once by ``create_app``."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(prefix="CHARTER")
    # Twelve-factor names used by hosting platforms, without our prefix.
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(os.environ["DATABASE_URL"])
    if os.environ.get("REDIS_URL"):
        app.config["RATELIMIT_STORAGE_URI"] = os.environ["REDIS_URL"]
    if test_config is not None:
        app.config.update(test_config)
    app.config["EXPLICIT_SETTINGS"] = _explicit_settings(app, test_config)

    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        database = Path(app.instance_path) / "charter.sqlite3"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{database}"
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if not app.config.get("QUESTIONNAIRES_DIR"):
        app.config["QUESTIONNAIRES_DIR"] = str(questionnaires_dir())
    _check_secret_key(app)
    _check_base_url(app)
    if "TRUSTED_HOSTS" not in (test_config or {}):
        app.config["TRUSTED_HOSTS"] = trusted_hosts(
            app.config, app.config["ENVIRONMENT"] in RELAXED_ENVIRONMENTS
        )
    if app.config["ENVIRONMENT"] in RELAXED_ENVIRONMENTS:
        # Plain http on 127.0.0.1: a Secure cookie would never come back. A test may still ask
        # for production values by naming them in its mapping.
        for name, value in RELAXED_OVERRIDES.items():
            if name not in (test_config or {}):
                app.config[name] = value


def _explicit_settings(app: Flask, test_config: dict[str, Any] | None) -> frozenset[str]:
    """Names set by the instance file, a CHARTER_* variable or the tests, whatever their
    value: a Region whose real name equals a shipped example still set it (legal pages)."""
    instance = Config(app.instance_path)
    instance.from_pyfile("config.py", silent=True)
    from_environment = {
        name.removeprefix("CHARTER_") for name in os.environ if name.startswith("CHARTER_")
    }
    return frozenset({*instance, *from_environment, *(test_config or {})})


def normalise_database_url(url: str) -> str:
    """Make ``postgres://`` and ``postgresql://`` URLs use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


class InsecureConfiguration(RuntimeError):
    """Raised at start-up when a production instance lacks a real secret key or address."""


def _check_secret_key(app: Flask) -> None:
    """Refuse to start in production with a missing or well-known secret key.

    In development and testing a random key is generated once and kept in the instance folder,
    so that sessions survive a restart of ``make run``.
    """
    key = app.config.get("SECRET_KEY")
    if key and key not in KNOWN_DEFAULT_SECRETS and len(key) >= 16:
        return
    if app.config["ENVIRONMENT"] not in RELAXED_ENVIRONMENTS:
        raise InsecureConfiguration(
            "SECRET_KEY is missing, too short or a known default: set CHARTER_SECRET_KEY to a "
            "long random value (python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
    app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))


def _check_base_url(app: Flask) -> None:
    """Refuse to start in production without an explicit ``https://`` public address: links in
    e-mails would otherwise point at the development default (or at plain http)."""
    if app.config["ENVIRONMENT"] in RELAXED_ENVIRONMENTS:
        return
    url = app.config.get("BASE_URL") or ""
    if "BASE_URL" not in app.config["EXPLICIT_SETTINGS"] or not urlsplit(url).hostname:
        raise InsecureConfiguration(
            "BASE_URL is not set: set CHARTER_BASE_URL to the public address of the site "
            "(https://charte-cyber.normandie.fr), the only one its e-mailed links may use."
        )
    if urlsplit(url).scheme != "https" and not app.config.get("ALLOW_HTTP_BASE_URL"):
        raise InsecureConfiguration(
            f"BASE_URL {url!r} is not https: links with tokens would travel in clear. Use "
            "https://, or set CHARTER_ALLOW_HTTP_BASE_URL=true for a test instance."
        )


def _instance_secret(instance: Path) -> str:
    """Return the development secret stored in the instance folder, creating it if needed."""
    path = instance / "secret-key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    # Write a private temporary file, then link it into place: linking fails if another worker
    # got there first, and nobody ever reads a half-written key.
    fd, temporary = tempfile.mkstemp(dir=instance)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    try:
        os.link(temporary, path)
    except FileExistsError:
        value = path.read_text().strip()
    finally:
        os.unlink(temporary)
    return value
