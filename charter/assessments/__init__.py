"""The questionnaire journey on the web, shared by the SME diagnosis and the provider's
self-assessment: choose, context, themes with autosave, review, submit, results.

``Journey`` attaches the same views to a blueprint (``/pme/...`` or ``/prestataire/...``); the
blueprint's own access rule applies, and every view loads the assessment through
:func:`charter.assessments.access.own_assessment_or_404`.
"""
