"""Legal and trust pages: terms of use and their acceptance, privacy notice, accessibility
statement, legal notice, how to report a security problem (``/.well-known/security.txt``).

All public, except the acceptance page, which needs a login. Their values (publisher, host,
contacts, retention periods) come from configuration: see :mod:`charter.legal.settings`.
"""

# The route modules attach their views to bp when imported.
from charter.legal import routes
from charter.legal.blueprint import bp

__all__ = ["bp", "routes"]
