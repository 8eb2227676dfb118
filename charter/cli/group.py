"""The ``charter`` command group, on which each module of this package registers its commands."""

from __future__ import annotations

from flask.cli import AppGroup

charter_cli = AppGroup("charter", help="Commandes d'exploitation de Charte Cyber Normandie.")
