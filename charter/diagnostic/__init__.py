"""The quick diagnosis without an account (``/diagnostic``), public.

The SME questionnaire's journey (charter.assessments) on an anonymous draft found through a
random token in the visitor's session, never through an id in the address; then « Garder mon
diagnostic »: create an account or log in, and the diagnosis joins the organisation.
Access: anyone; every page works on the visitor's own draft only (another token, or none, is
a 404), see :class:`charter.diagnostic.journey.AnonymousJourney`.
"""

# The route modules attach their views to bp when imported.
from charter.diagnostic import keeping
from charter.diagnostic.blueprint import bp, journey

__all__ = ["bp", "journey", "keeping"]
