"""Translation marker for user-facing strings defined in the pure core.

The core must not import Flask-Babel, yet its French labels (compliance reasons...) have to reach
the gettext catalogue. ``N_`` marks a string for extraction (``pybabel extract -k N_``) and returns
it unchanged; the web layer translates it at display time with ``gettext(label)``.
"""


def N_(message: str) -> str:
    """Return ``message`` unchanged; marks it for Babel extraction.

    Called at import time by core modules (e.g. ``charter.core.compliance``) that define labels.
    """
    return message
