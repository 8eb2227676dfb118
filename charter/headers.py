"""Security headers on every response (docs/design.md §8).

The Content-Security-Policy allows no inline script or style at all: scripts and stylesheets
are files served by the application, so there is nothing to whitelist.
"""

from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)

STATIC_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Not no-referrer: Flask-WTF checks the Referer of HTTPS form posts.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def init_app(app: Flask) -> None:
    """Register the after-request hook that sets the headers."""
    app.after_request(set_security_headers)


def set_security_headers(response: Response) -> Response:
    """Add the fixed headers, HSTS over HTTPS, and ``no-store`` unless a view chose caching.

    ``no-store`` is the default so that a private page or document can never be cached by
    mistake; static files and the few public data routes set their own ``Cache-Control``.
    """
    for name, value in STATIC_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=63072000")
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response
