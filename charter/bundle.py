"""Where the templates and questionnaire files are, in a checkout and in an installed wheel.

The repository keeps ``templates/`` and ``questionnaires/`` at its top level, beside the
package. ``charter/_bundle/`` holds two symbolic links to them, which the wheel build follows,
so an installed package carries its own copies at the same place and never depends on the
directory it was installed from (tests/test_packaging.py builds and installs one). The paths are
resolved: in a checkout they name the top-level folders (``docs/`` is their sibling there).
"""

from __future__ import annotations

from pathlib import Path

BUNDLE_DIR = Path(__file__).resolve().parent / "_bundle"


def templates_dir() -> Path:
    """The folder of the Jinja templates (``templates/`` of the checkout, or of the wheel)."""
    return (BUNDLE_DIR / "templates").resolve()


def questionnaires_dir() -> Path:
    """The folder of the questionnaire files (``questionnaires/``), the default of
    ``QUESTIONNAIRES_DIR``."""
    return (BUNDLE_DIR / "questionnaires").resolve()
