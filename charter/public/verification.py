"""Public check of a certificate (``/verification/<number>``): what the QR code opens.

It says whether the certificate is valid, expired, suspended or revoked (or unknown), with the
company's name, SIRET and dates, and nothing private (no signer, no reason, no address). The
numbers are sequential, so the pages are rate limited and kept out of search engines.
"""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from charter.auth.limits import configured
from charter.core.signatures import normalise_certificate_number
from charter.extensions import db, limiter
from charter.public.blueprint import bp
from charter.services import certificates
from charter.services.dates import today


@bp.get("/verification")
@limiter.limit(configured("LIMIT_VERIFICATION"))
def verification_lookup() -> Any:
    """A form to type a certificate number; sends to its verification page."""
    typed = request.args.get("numero", "")[:100]
    error = None
    if typed:
        number = normalise_certificate_number(typed)
        if number is not None:
            return redirect(url_for("public.verification", number=number))
        error = _(
            "Ce numéro n'a pas la bonne forme. Un numéro d'attestation ressemble à "
            "CCN-2026-00042 : les lettres CCN, l'année, puis cinq chiffres."
        )
    status = 400 if error else 200
    return render_template("public/verification_lookup.html", typed=typed, error=error), status


@bp.get("/verification/<number>")
@limiter.limit(configured("LIMIT_VERIFICATION"))
def verification(number: str) -> Any:
    """The state of one certificate; 404 (with an explanation) when no certificate has it."""
    canonical = normalise_certificate_number(number)
    if canonical is not None and canonical != number:
        return redirect(url_for("public.verification", number=canonical), 301)
    found = certificates.verify(db.session, number) if canonical else None
    status = 200 if found else 404
    return render_template(
        "public/verification.html", found=found, number=number[:40], checked_on=today()
    ), status
