"""The two audiences of the programme: IT service providers and their SME clients.

An organisation is one or the other, and each audience fills its own questionnaires (the
SMEs' diagnosis, the providers' self-assessment), so one enum names both: compare with
``Audience.SME``, never with the string ``"sme"``. Members are ``str``: they compare equal to,
and are stored as, their value.

Pure: no Flask, no database.
"""

from __future__ import annotations

import enum


class Audience(enum.StrEnum):
    """Who an organisation is in the programme, and who a questionnaire is for."""

    PROVIDER = "provider"
    SME = "sme"
