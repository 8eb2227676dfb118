"""Every absolute address the site hands out is built from ``BASE_URL``, never from the request.

A request's ``Host`` header is chosen by whoever sends it: a password-reset mail whose link
followed it would hand the token to that host. :class:`CharterFlask` builds every external
``url_for`` (mails, certificate QR codes, open data) on the configured public address, inside
a request or outside one (commands). ``TRUSTED_HOSTS`` refuses unknown hosts on top of that
(a 400 before any view runs); the reverse proxy drops them before they even reach us.

Who calls this: ``create_app`` (the application class, ``init_app``); code only calls
``url_for(..., _external=True)`` as usual.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, has_request_context, request
from flask.globals import request_ctx
from werkzeug.routing import MapAdapter
from werkzeug.wrappers import Request

#: Host names always accepted in development and tests (``make run``, the test client).
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
#: Marks the request contexts built on BASE_URL by :meth:`CharterFlask.site_request_context`.
SITE_CONTEXT = "charter.site_context"


class CharterFlask(Flask):
    """Flask, with external URLs anchored on ``BASE_URL``."""

    def url_for(  # type: ignore[override]
        self,
        endpoint: str,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values: Any,
    ) -> str:
        """Flask's ``url_for``; an external address (asked for, or outside any request) gets
        the scheme, host and path prefix of ``BASE_URL``, whatever the request said."""
        in_request = has_request_context()
        external = _external if _external is not None else (not in_request or bool(_scheme))
        if in_request and request_ctx.url_adapter is None:
            # The request named a host we refuse: its error page still needs links.
            with self.site_request_context():
                return self.url_for(
                    endpoint, _anchor=_anchor, _method=_method, _external=external, **values
                )
        if not external:
            return super().url_for(
                endpoint, _anchor=_anchor, _method=_method, _external=False, **values
            )
        base = self.config["BASE_URL"].rstrip("/")
        if not in_request:
            with self.site_request_context():
                return self.url_for(
                    endpoint, _anchor=_anchor, _method=_method, _external=True, **values
                )
        relative = super().url_for(
            endpoint, _anchor=_anchor, _method=_method, _external=False, **values
        )
        prefix = request.script_root
        if prefix and relative.startswith(prefix):
            relative = relative[len(prefix) :]
        return base + relative

    def site_request_context(self) -> Any:
        """A request context for ``BASE_URL`` itself (commands, refused hosts)."""
        return self.test_request_context(
            "/", base_url=self.config["BASE_URL"], environ_overrides={SITE_CONTEXT: True}
        )

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        """Flask's; the site's own context is bound to ``BASE_URL`` even when the trusted
        hosts were fixed before a test or command changed it."""
        if request is not None and request.environ.get(SITE_CONTEXT):
            return self.url_map.bind_to_environ(
                request.environ, subdomain=self.url_map.default_subdomain or ""
            )
        return super().create_url_adapter(request)


def trusted_hosts(config: dict[str, Any], relaxed: bool) -> list[str]:
    """The host names requests may name: ``BASE_URL``'s, ``ALLOWED_HOSTS``, and in development
    and tests the local ones."""
    hosts = [urlsplit(config["BASE_URL"]).hostname or ""]
    hosts += [str(host) for host in config.get("ALLOWED_HOSTS") or []]
    if relaxed:
        hosts += LOCAL_HOSTS
    return [host for host in dict.fromkeys(hosts) if host]
