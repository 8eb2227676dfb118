"""How many random examples a property test draws (hypothesis).

``make test`` and CI draw every example the tests ask for. ``make check``, the inner loop,
sets ``CHARTER_TEST_EXAMPLES=quick`` and draws a quarter of them (at least three): the same
properties, checked on fewer random inputs per run (each run draws new ones, hypothesis keeps
no example database here). The pytest header says which budget a run used.
"""

from __future__ import annotations

import os

#: The inner loop's budget (``make check``).
QUICK = os.environ.get("CHARTER_TEST_EXAMPLES", "full") == "quick"


def examples(full: int) -> int:
    """The number of examples to draw for a test that asks for ``full`` of them."""
    return max(3, full // 4) if QUICK else full
