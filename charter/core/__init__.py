"""Pure domain core of Charte Cyber Normandie: questionnaires, scoring, action plan, compliance.

Nothing under this package imports Flask, SQLAlchemy or the database: the web layer calls these
functions with plain values and stores what they return.
"""
