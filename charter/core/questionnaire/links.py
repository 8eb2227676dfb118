"""Official addresses only: the allowlist every link of a measure must match.

A measure's links send a small company to the public services that can help it for free
(Cybermalveillance.gouv.fr, 17Cyber, ANSSI, CNIL...): never to a vendor, a blog or a shortener.
The loader refuses any other address, and a content gate checks the real files again.
"""

from __future__ import annotations

from urllib.parse import urlsplit

#: Domains of official French public services (a subdomain counts: messervices.cyber.gouv.fr).
OFFICIAL_DOMAINS: tuple[str, ...] = (
    "cybermalveillance.gouv.fr",  # national victim-assistance service, its sheets and kits
    "17cyber.gouv.fr",  # its online emergency service
    "cyber.gouv.fr",  # ANSSI (guides, MonAideCyber)
    "ssi.gouv.fr",  # ANSSI's former domain, CERT-FR
    "cnil.fr",  # data-protection authority
    "legifrance.gouv.fr",  # the law
    "service-public.fr",  # administrative procedures
)


def is_official(url: str) -> bool:
    """Tell whether ``url`` is an https address on an official domain (or a subdomain of one).

    Called by the loader's checks and by the content gates.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.scheme != "https" or not host or parts.username or parts.password or parts.port:
        return False
    return any(host == domain or host.endswith("." + domain) for domain in OFFICIAL_DOMAINS)
